/// Where the request on a connection stands, told by ``RequestProgressHandler`` to ``ConnectionGuard`` as an outbound user event.
enum RequestProgress: Sendable {
    /// The header block of a request was parsed; its body (if any) follows.
    case headComplete
    /// The request's body ended; the application is working on it.
    case bodyComplete
    /// The answer was written and the connection waits for the next request.
    case responseComplete
    /// The answer was written with `Connection: close`; the input is read a moment longer, then the connection is cut.
    case closing
}

/// Told by ``ConnectionGuard`` down the pipeline: the connection is past its address's cap and may only probe.
enum ConnectionRestriction: Sendable {
    case probesOnly
}
