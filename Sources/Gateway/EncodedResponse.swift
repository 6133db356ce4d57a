import CanonicalModel
import Foundation
import Hummingbird

extension Response {
    /// A JSON answer encoding `value` as the canonical JSON encoder does (sorted keys, RFC 3339 dates).
    static func json<Value: Encodable>(encoding value: Value, status: HTTPResponse.Status = .ok) throws(APIError) -> Response {
        let data: Data
        do {
            data = try CanonicalJSON.makeEncoder().encode(value)
        } catch {
            throw APIError(.internalServerError, code: "internal_error", message: "the answer could not be encoded: \(error)")
        }
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
