import UseCases
import Crypto
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A downstream system on 127.0.0.1 that receives subscription deliveries and answers as `decide` says.
final class FakeReceiver: Sendable {
    struct Delivery: Sendable {
        let eventId: String
        let body: String
        let signature: String
        let accepted: Bool
    }

    private let state = Mutex<(deliveries: [Delivery], decide: @Sendable (String, String) -> Bool)>(([], { _, _ in true }))
    let url: String
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    private init(url: String, task: Task<Void, any Error>, group: ServiceGroup) {
        self.url = url
        self.task = task
        self.group = group
    }

    /// Starts a receiver; `decide(eventId, body)` returns whether to accept (2xx) or fail (500).
    static func start() async throws -> FakeReceiver {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let box = ReceiverBox()
        let router = Router()
        router.post("/events") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            guard let receiver = box.receiver.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            let id = request.headers.first { $0.name.canonicalName == "channelgate-delivery" }?.value
                ?? request.headers.first { $0.name.canonicalName == "idempotency-key" }?.value ?? ""
            let signature = request.headers.first { $0.name.canonicalName == "channelgate-signature" }?.value ?? ""
            let accepted = receiver.record(id: id, body: text, signature: signature)
            return Response(status: accepted ? .noContent : .internalServerError)
        }
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: Logger(label: "fake-receiver")))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let receiver = FakeReceiver(url: "http://127.0.0.1:\(port)/events", task: task, group: group)
        box.receiver.withLock { $0 = receiver }
        return receiver
    }

    func record(id: String, body: String, signature: String) -> Bool {
        state.withLock { state in
            let accepted = state.decide(id, body)
            state.deliveries.append(Delivery(eventId: id, body: body, signature: signature, accepted: accepted))
            return accepted
        }
    }

    /// Changes how the receiver answers from now on.
    func answer(_ decide: @escaping @Sendable (_ eventId: String, _ body: String) -> Bool) {
        state.withLock { $0.decide = decide }
    }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Event ids accepted, in arrival order.
    var accepted: [String] { deliveries.filter(\.accepted).map(\.eventId) }

    /// Waits up to `seconds` until `condition` holds.
    func wait(seconds: Double = 15, until condition: @Sendable (FakeReceiver) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(self), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    }

    /// Runs `body` against a started receiver and stops it afterwards.
    static func with<T: Sendable>(_ body: (FakeReceiver) async throws -> T) async throws -> T {
        let receiver = try await start()
        do {
            let result = try await body(receiver)
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// True when `signature` (`t=…,v1=…`) is the HMAC of `body` under `secret`.
    static func verify(signature: String, body: String, secret: [UInt8]) -> Bool {
        var parts: [String: String] = [:]
        for item in signature.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
        }
        guard let time = parts["t"], let mac = parts["v1"] else { return false }
        let expected = HMAC<SHA256>.authenticationCode(for: Array((time + "." + body).utf8), using: SymmetricKey(data: secret))
        return expected.map { String(format: "%02x", $0) }.joined() == mac
    }
}

/// Lets the receiver's route reach the receiver created after it.
final class ReceiverBox: Sendable {
    let receiver = Mutex<FakeReceiver?>(nil)
}

/// A thread-safe counter for closures the code under test calls.
final class Counter: Sendable {
    private let count = Mutex<Int>(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
