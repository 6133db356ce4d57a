import UseCases
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Follows each request and answer after the HTTP decoder, telling ``ConnectionGuard`` where the request stands, and
/// closes the connection after an answer that says `Connection: close` (a 413 always does: its body was not read).
final class RequestProgressHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterAnswer = false
    /// The connection is past its address's cap: requests other than probes are answered here with 503.
    private var probesOnly = false
    /// The parts of a refused request are dropped until its end.
    private var discarding = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .probesOnly? = event as? ConnectionRestriction {
            probesOnly = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            context.triggerUserOutboundEvent(RequestProgress.headComplete, promise: nil)
            if probesOnly, !Self.isProbe(head) {
                discarding = true
                refuse(context: context)
                return
            }
        case .end:
            context.triggerUserOutboundEvent(RequestProgress.bodyComplete, promise: nil)
            if discarding {
                discarding = false
                return
            }
        case .body:
            break
        }
        if discarding { return }
        context.fireChannelRead(data)
    }

    /// A health, readiness or metrics request (``HealthRoutes/probePaths``).
    static func isProbe(_ head: HTTPRequest) -> Bool {
        guard head.method == .get, let path = head.path?.split(separator: "?", maxSplits: 1).first else { return false }
        return HealthRoutes.probePaths.contains(path)
    }

    /// Answers 503 `too_many_connections` without passing the request on, then closes the connection.
    private func refuse(context: ChannelHandlerContext) {
        let body = #"{"error":{"code":"too_many_connections","message":"this address holds too many open connections; only health checks are served on this one"}}"#
        var head = HTTPResponse(status: .serviceUnavailable)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.utf8.count)
        head.headerFields[.retryAfter] = "1"
        head.headerFields[.connection] = "close"
        write(context: context, data: wrapOutboundOut(.head(head)), promise: nil)
        write(context: context, data: wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        write(context: context, data: wrapOutboundOut(.end(nil)), promise: nil)
        context.flush()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code != 100:
            if head.status == .contentTooLarge { head.headerFields[.connection] = "close" }
            closeAfterAnswer = head.headerFields[.connection]?.lowercased() == "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            let closing = closeAfterAnswer
            closeAfterAnswer = false
            let written = promise ?? context.eventLoop.makePromise()
            context.write(data, promise: written)
            written.futureResult.assumeIsolated().whenSuccess {
                guard closing else {
                    context.triggerUserOutboundEvent(RequestProgress.responseComplete, promise: nil)
                    return
                }
                context.triggerUserOutboundEvent(RequestProgress.closing, promise: nil)
                context.close(mode: .output, promise: nil)
            }
        default:
            context.write(data, promise: promise)
        }
    }
}
