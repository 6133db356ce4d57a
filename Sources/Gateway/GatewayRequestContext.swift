import UseCases
import Hummingbird
import Logging
import NIOCore

/// Per-request state: Hummingbird's core storage, the request id and the tenant the request acts for.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id echoed in `X-Request-Id` and attached to every log line of the request.
    public var requestId: String = ""
    /// The tenant every read and write of this request is scoped to.
    public var tenant: String = ""
    /// Who the request acts as, once access checks passed (nil on public routes or with access checks off).
    var principal: Principal?
    private let channel: any Channel

    /// Creates a GatewayRequestContext from its parts.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The IP address the request came from (the connection's peer), when known.
    var clientAddress: String? { channel.remoteAddress?.ipAddress }
}
