import UseCases
import NIOCore

/// The first handler of every connection: caps connections per client address, and cuts a client whose request
/// headers take too long or whose body arrives slower than the minimum rate (slowloris and slow-body attacks).
///
/// It sees raw bytes; ``RequestProgressHandler``, after the HTTP decoder, tells it where each request stands.
final class ConnectionGuard: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Why a connection was refused or cut, for metrics.
    enum Cut: String, Sendable {
        case tooManyConnections = "connections_per_address"
        case slowHeaders = "header_timeout"
        case slowBody = "body_rate"
        case linger = "linger"
    }

    private enum Phase {
        /// Between requests: no deadline but the idle timeout.
        case waiting
        /// The first bytes of a request arrived; its headers must be complete by the header deadline.
        case headers(since: NIODeadline)
        /// Headers complete; the body must keep the minimum rate.
        case body(since: NIODeadline, bytes: Int)
        /// The application is working on the request or writing its answer.
        case handling
        /// The answer closed the connection; input is drained until the linger deadline.
        case lingering(until: NIODeadline)
    }

    private let limits: ConnectionLimits
    private let counter: ConnectionCounter
    private let onCut: @Sendable (Cut) -> Void
    private var phase = Phase.waiting
    private var answerStarted = false
    /// The answer went out before the body ended (e.g. 401 before reading it); the body is still drained.
    private var answeredEarly = false
    private var countedAddress: String?
    private var activated = false
    private var timer: Scheduled<Void>?

    init(limits: ConnectionLimits, counter: ConnectionCounter, onCut: @escaping @Sendable (Cut) -> Void) {
        self.limits = limits
        self.counter = counter
        self.onCut = onCut
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { activate(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if let address = countedAddress {
            counter.release(address)
            countedAddress = nil
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let count = unwrapInboundIn(data).readableBytes
        switch phase {
        case .waiting:
            let now = NIODeadline.now()
            phase = .headers(since: now)
            answerStarted = false
            schedule(at: now + .fractionalSeconds(limits.headerTimeoutSeconds), context: context)
        case .body(let since, let bytes):
            phase = .body(since: since, bytes: bytes + count)
        case .headers, .handling, .lingering:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        answerStarted = true
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? RequestProgress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        promise?.succeed()
        switch progress {
        case .headComplete:
            let now = NIODeadline.now()
            phase = .body(since: now, bytes: 0)
            schedule(at: now + .fractionalSeconds(limits.bodyAllowance(bytes: 0)), context: context)
        case .bodyComplete:
            phase = answeredEarly ? .waiting : .handling
            answeredEarly = false
            cancelTimer()
        case .responseComplete:
            if case .body = phase {
                // The rest of the body is drained and still has to keep the rate.
                answeredEarly = true
                return
            }
            if case .handling = phase { phase = .waiting }
            cancelTimer()
        case .closing:
            let until = NIODeadline.now() + .fractionalSeconds(limits.lingerSeconds)
            phase = .lingering(until: until)
            schedule(at: until, context: context)
        }
    }

    private func activate(context: ChannelHandlerContext) {
        guard !activated else { return }
        activated = true
        guard let address = context.remoteAddress?.ipAddress else { return }
        switch counter.admit(address) {
        case .admitted:
            countedAddress = address
        case .probesOnly:
            // Health checks from an address that slow clients share still get through.
            countedAddress = address
            onCut(.tooManyConnections)
            context.fireUserInboundEventTriggered(ConnectionRestriction.probesOnly)
        case .refused:
            onCut(.tooManyConnections)
            refuse(context: context, status: "503 Service Unavailable", code: "too_many_connections",
                   message: "this address holds too many open connections; reuse one or close some")
        }
    }

    private func schedule(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.deadlinePassed(context: context)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private func deadlinePassed(context: ChannelHandlerContext) {
        timer = nil
        let now = NIODeadline.now()
        switch phase {
        case .waiting, .handling:
            return
        case .headers:
            onCut(.slowHeaders)
            refuse(context: context, status: "408 Request Timeout", code: "request_timeout",
                   message: "the request headers did not arrive within \(limits.headerTimeoutSeconds) s")
        case .body(let since, let bytes):
            let deadline = since + .fractionalSeconds(limits.bodyAllowance(bytes: bytes))
            if deadline > now {
                schedule(at: deadline, context: context)
                return
            }
            onCut(.slowBody)
            if answerStarted {
                context.close(promise: nil)
            } else {
                refuse(context: context, status: "408 Request Timeout", code: "request_timeout",
                       message: "the request body arrived slower than \(limits.minBodyBytesPerSecond) bytes per second or took longer than \(limits.bodyTimeoutSeconds) s")
            }
        case .lingering(let until):
            if until > now {
                schedule(at: until, context: context)
                return
            }
            onCut(.linger)
            context.close(promise: nil)
        }
    }

    /// Writes a short JSON error answer straight to the socket and closes the connection.
    private func refuse(context: ChannelHandlerContext, status: String, code: String, message: String) {
        let body = "{\"error\":{\"code\":\"\(code)\",\"message\":\"\(message)\"}}"
        let head = "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        phase = .handling
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: head + body))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

extension TimeAmount {
    /// A time amount from fractional seconds.
    static func fractionalSeconds(_ value: Double) -> TimeAmount { .nanoseconds(Int64(value * 1_000_000_000)) }
}
