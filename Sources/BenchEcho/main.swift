// Bench-only baselines: a bare Hummingbird server that reads the whole body and answers 202, or with
// `--durable DIR` the floor of durable ingest: the same, after appending the body to SQLite in a group commit.
import Foundation
import Hummingbird

let arguments = Array(CommandLine.arguments.dropFirst())
let port = Int(arguments.first ?? "") ?? 8090
let durableDirectory = arguments.firstIndex(of: "--durable").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
let log = try durableDirectory.map { try DurableLog(path: $0 + "/floor.sqlite") }
let router = Router()
router.post("/v1/channels/:channel/orders") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    if let log { try await log.append(Array(body.readableBytesView)) }
    return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"accepted\"}")))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "bench-echo"))
try await app.runService()
