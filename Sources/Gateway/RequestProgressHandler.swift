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

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: context.triggerUserOutboundEvent(RequestProgress.headComplete, promise: nil)
        case .end: context.triggerUserOutboundEvent(RequestProgress.bodyComplete, promise: nil)
        case .body: break
        }
        context.fireChannelRead(data)
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
