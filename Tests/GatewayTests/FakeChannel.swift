import UseCases
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Logging
import ServiceLifecycle
import Synchronization

/// A marketplace-like order API on 127.0.0.1: `GET /orders?page=N&page_size=S&updated_after=T` over a fixed set of
/// canonical orders, oldest update first, with faults injected by request number.
final class FakeChannel: Sendable {
    /// What the channel does with one request.
    enum Fault: Sendable { case none, tooManyRequests(retryAfter: Int), serverError, malformed, slow(Duration), dropConnection, resetConnection }

    let url: String
    let count: Int
    private let served = Mutex<(requests: Int, pages: Int, faults: [String])>((0, 0, []))
    private let plan: @Sendable (Int) -> Fault
    private let pageDelay: Duration
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Unix seconds of order `index`'s last update.
    static func updatedAt(_ index: Int) -> Int { 1_795_000_000 + index * 10 }

    static func order(_ index: Int) -> String {
        let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(updatedAt(index))))
        return #"{"channelOrderId":"PULL-\#(index)","order":{"status":"paid","placedAt":"\#(time)","updatedAt":"\#(time)","currency":"CNY","amounts":{"total":"\#(index % 90 + 10).00"},"lines":[{"sku":"SKU-\#(index % 50)","quantity":1,"unitPrice":"\#(index % 90 + 10).00"}]}}"#
    }

    private init(url: String, count: Int, plan: @escaping @Sendable (Int) -> Fault, pageDelay: Duration, group: ServiceGroup, task: Task<Void, any Error>) {
        self.url = url
        self.count = count
        self.plan = plan
        self.pageDelay = pageDelay
        self.group = group
        self.task = task
    }

    /// Runs `body` against a started channel with `count` orders, then stops it.
    static func with<T: Sendable>(
        count: Int, pageDelay: Duration = .zero, plan: @escaping @Sendable (_ request: Int) -> Fault = { _ in .none },
        _ body: (FakeChannel) async throws -> T
    ) async throws -> T {
        let box = ChannelBox()
        let router = Router()
        router.get("/orders") { request, _ -> Response in
            guard let channel = box.channel.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return try await channel.answer(request)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionResetter()])),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: Logger(label: "fake-channel")))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let channel = FakeChannel(url: "http://127.0.0.1:\(port)/orders", count: count, plan: plan, pageDelay: pageDelay, group: group, task: task)
        box.channel.withLock { $0 = channel }
        do {
            let result = try await body(channel)
            await channel.stop()
            return result
        } catch {
            await channel.stop()
            throw error
        }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    func answer(_ request: Request) async throws -> Response {
        let number = served.withLock { state -> Int in
            state.requests += 1
            return state.requests
        }
        let fault = plan(number)
        if pageDelay > .zero { try await Task.sleep(for: pageDelay) }
        switch fault {
        case .none: break
        case .tooManyRequests(let seconds):
            record("429")
            return Response(status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
        case .serverError:
            record("500")
            return Response(status: .internalServerError)
        case .malformed:
            record("malformed")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"orders\":[{\"trunc")))
        case .slow(let duration):
            record("slow")
            try await Task.sleep(for: duration)
        case .dropConnection:
            // Promise a long body, send a little, then fail the stream: the server drops the connection mid-answer.
            record("dropped")
            return Response(
                status: .ok, headers: [.contentType: "application/json", .contentLength: "100000"],
                body: .init { writer in
                    try await writer.write(ByteBuffer(string: "{\"orders\":[{\"channelOrderId\""))
                    throw CancellationError()
                }
            )
        case .resetConnection:
            // The head leaves, promising a body; then the connection is aborted with a TCP RST.
            record("reset")
            return Response(
                status: .ok, headers: [ConnectionResetter.marker: "1", .contentType: "application/json", .contentLength: "100000"],
                body: .init { writer in
                    try await Task.sleep(for: .milliseconds(200))
                    try await writer.write(ByteBuffer(string: "{\"orders\":["))
                }
            )
        }
        let query = request.uri.queryParameters
        let page = Int(query["page"] ?? "1") ?? 1
        let size = Int(query["page_size"] ?? "100") ?? 100
        let since = query["updated_after"].flatMap { ISO8601DateFormatter().date(from: String($0)) }.map { Int($0.timeIntervalSince1970) } ?? 0
        let first = (0..<count).first { Self.updatedAt($0) >= since } ?? count
        let start = first + (page - 1) * size
        let items = start < count ? (start..<min(count, start + size)).map(Self.order) : []
        served.withLock { $0.pages += 1 }
        let body = "{\"orders\":[" + items.joined(separator: ",") + "],\"page\":\(page)}"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func record(_ fault: String) { served.withLock { $0.faults.append(fault) } }

    var pagesServed: Int { served.withLock { $0.pages } }
    var faults: [String] { served.withLock { $0.faults } }
}

/// Aborts a connection with a TCP RST (SO_LINGER 0, then close) right after the head of an answer marked for it,
/// so the client has started reading (libcurl silently retries a reused connection that dies before any byte).
final class ConnectionResetter: ChannelOutboundHandler, RemovableChannelHandler, Sendable {
    typealias OutboundIn = HTTPResponsePart
    static let marker = HTTPField.Name("X-Fake-Reset")!

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(let head) = unwrapOutboundIn(data), head.headerFields[Self.marker] != nil else {
            context.write(data, promise: promise)
            return
        }
        context.writeAndFlush(data, promise: promise)
        let channel = context.channel
        let lingerOff = (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0)) ?? channel.eventLoop.makeSucceededVoidFuture()
        lingerOff.whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Lets the channel's route reach the channel created after it.
final class ChannelBox: Sendable {
    let channel = Mutex<FakeChannel?>(nil)
}
