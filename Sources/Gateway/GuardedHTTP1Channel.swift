import UseCases
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with ``ConnectionGuard`` in front of the HTTP decoder.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let limits: ConnectionLimits
    let counter: ConnectionCounter
    let onCut: @Sendable (ConnectionGuard.Cut) -> Void

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits, counter: counter, onCut: onCut), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with slow-client deadlines and per-address connection caps in front.
    static func guardedHTTP1(
        idleTimeout: TimeAmount, limits: ConnectionLimits, counter: ConnectionCounter, onCut: @escaping @Sendable (ConnectionGuard.Cut) -> Void
    ) -> HTTPServerBuilder {
        .init { responder in
            GuardedHTTP1Channel(
                inner: HTTP1Channel(
                    responder: responder, configuration: .init(additionalChannelHandlers: [RequestProgressHandler()], idleTimeout: idleTimeout)
                ),
                limits: limits, counter: counter, onCut: onCut
            )
        }
    }
}
