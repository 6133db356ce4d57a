import NIOCore
import PostgresNIO

/// Rows of values for one multi-row statement (`VALUES (…), (…)`), each value bound as a parameter with its type.
struct ValueRows {
    /// One value to bind: nil binds NULL of the column's type.
    enum Value {
        case text(String?)
        case integer(Int64?)
        case real(Double?)
        case bytes([UInt8])

        var type: String {
            switch self {
            case .text: "text"
            case .integer: "bigint"
            case .real: "double precision"
            case .bytes: "bytea"
            }
        }
    }

    private(set) var bindings = PostgresBindings()
    private(set) var tuples: [String] = []
    private var parameters = 0

    var isEmpty: Bool { tuples.isEmpty }

    /// Adds one row.
    mutating func append(_ row: [Value]) {
        var placeholders: [String] = []
        placeholders.reserveCapacity(row.count)
        for value in row {
            parameters += 1
            placeholders.append("$\(parameters)::\(value.type)")
            switch value {
            case .text(let text?): bindings.append(text)
            case .integer(let integer?): bindings.append(integer)
            case .real(let real?): bindings.append(real)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .text(nil), .integer(nil), .real(nil): bindings.appendNull()
            }
        }
        tuples.append("(" + placeholders.joined(separator: ", ") + ")")
    }

    /// `prefix` followed by the rows and `suffix`, as one query.
    func query(_ prefix: String, _ suffix: String = "") -> PostgresQuery {
        PostgresQuery(unsafeSQL: prefix + " VALUES " + tuples.joined(separator: ", ") + suffix, binds: bindings)
    }
}
