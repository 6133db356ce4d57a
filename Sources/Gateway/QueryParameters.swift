import UseCases
import CanonicalModel
import Foundation
import Hummingbird

/// Typed access to query parameters, with 400 `invalid_parameter` naming the parameter on bad values.
struct QueryParameters {
    let request: Request

    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func integer(_ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = string(name) else { return value }
        guard let number = Int64(text), range.contains(number) else {
            throw APIError.badParameter(name, "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func timestamp(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw APIError.badParameter(name, "\(name) must be an RFC 3339 timestamp such as 2026-11-27T10:00:00Z")
        }
        return date
    }
}
