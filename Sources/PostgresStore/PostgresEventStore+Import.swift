import NIOCore
import PostgresNIO
import Storage

extension PostgresEventStore {
    /// Stores a page of rows copied from another backend as they are; rows already here are left as they are, so a
    /// copy can be run again (after an interruption) without duplicating anything. Returns the rows added.
    public func importRows(_ page: TableRows) throws(StoreError) -> Int {
        guard !page.rows.isEmpty else { return 0 }
        return try readers.with { session throws(StoreError) in
            let types = try Self.columnTypes(of: page.table, in: session)
            let kept = page.columns.indices.filter { types[page.columns[$0]] != nil }
            guard !kept.isEmpty else { throw StoreError(.internal, "table \(page.table) has none of the copied columns") }
            let names = kept.map { "\"\(page.columns[$0])\"" }.joined(separator: ", ")
            let identity = try Self.hasIdentity(page.table, in: session)
            var added = 0
            // A few hundred rows per statement: well under PostgreSQL's 65,535 parameters.
            let perStatement = max(1, 30_000 / kept.count)
            var start = 0
            while start < page.rows.count {
                let rows = page.rows[start..<min(start + perStatement, page.rows.count)]
                var bindings = PostgresBindings(capacity: rows.count * kept.count)
                var tuples: [String] = []
                var parameter = 0
                for row in rows {
                    var placeholders: [String] = []
                    for column in kept {
                        parameter += 1
                        placeholders.append("$\(parameter)::\(types[page.columns[column]] ?? "text")")
                        Self.bind(row[column], into: &bindings)
                    }
                    tuples.append("(" + placeholders.joined(separator: ", ") + ")")
                }
                let sql = "INSERT INTO \(page.table) (\(names)) \(identity ? "OVERRIDING SYSTEM VALUE " : "")VALUES "
                    + tuples.joined(separator: ", ") + " ON CONFLICT DO NOTHING"
                let result = try session.run(PostgresQuery(unsafeSQL: sql, binds: bindings))
                added += result.metadata.rows ?? 0
                start += perStatement
            }
            return added
        }
    }

    /// After a copy: identity counters continue after the copied ids, and the event log's head stands at its last
    /// position, so new rows never collide with copied ones.
    public func finishImport() throws(StoreError) {
        try readers.with { session throws(StoreError) in
            for table in TableRows.copiedTables where try Self.hasIdentity(table, in: session) {
                try session.run(
                    PostgresQuery(
                        unsafeSQL: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM \(table)), 1))"
                    )
                )
            }
            try session.run("UPDATE event_log_head SET position = (SELECT COALESCE(MAX(position), 0) FROM events) WHERE id = 1")
        }
    }

    /// How many rows `table` holds.
    public func rowCount(_ table: String) throws(StoreError) -> Int64 {
        try readers.with { session throws(StoreError) in
            let rows = try session.run(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"))
            return rows.first.flatMap { try? $0.decode(Int64.self) } ?? 0
        }
    }

    private static func columnTypes(of table: String, in session: PostgresSession) throws(StoreError) -> [String: String] {
        var types: [String: String] = [:]
        for row in try session.run("SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns WHERE table_name = \(table)") {
            let (name, type) = try decoding { try row.decode((String, String).self) }
            types[name] = type
        }
        return types
    }

    private static func hasIdentity(_ table: String, in session: PostgresSession) throws(StoreError) -> Bool {
        let rows = try session.run(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = \(table) AND column_name = 'id' AND is_identity = 'YES'"
        )
        return (rows.first.flatMap { try? $0.decode(Int64.self) } ?? 0) > 0
    }

    private static func bind(_ value: StoredValue, into bindings: inout PostgresBindings) {
        switch value {
        case .null: bindings.appendNull()
        case .integer(let integer): bindings.append(integer)
        case .real(let real): bindings.append(real)
        case .text(let text): bindings.append(text)
        case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
        }
    }
}
