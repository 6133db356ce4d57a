import UseCases
import Foundation
import Gateway
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SlowClientTests {
    /// A TCP connection that sends raw bytes and reports whether the server closed it.
    ///
    /// Sends and the close share a lock, so a background trickle never writes to a descriptor number that another
    /// test's socket got after this one was closed.
    final class RawConnection: Sendable {
        let descriptor: Int32
        private let open = Mutex<Bool>(true)

        init(port: Int, receiveTimeoutSeconds: Int = 5) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw CancellationError() }
            var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func send(_ text: String) {
            open.withLock { open in
                guard open else { return }
                _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }

        /// Reads until the server closes the connection (true) or nothing arrives for the receive timeout (false).
        func closedByServer() -> Bool {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count == 0 { return true }
                if count < 0 { return errno == ECONNRESET }
            }
        }

        /// Reads until the server closes the connection, the answer's length is reached or 60 s pass.
        func readAnswer() -> String {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { continue }
                guard count > 0 else { break }
                received += buffer[0..<count]
                let text = String(decoding: received, as: UTF8.self)
                if let split = text.range(of: "\r\n\r\n"),
                   let length = text[..<split.lowerBound].split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") })
                       .flatMap({ Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }),
                   text.utf8.count - text[..<split.upperBound].utf8.count >= length {
                    break
                }
            }
            return String(decoding: received, as: UTF8.self)
        }

        func close() {
            open.withLock { open in
                guard open else { return }
                open = false
                _ = Glibc.close(descriptor)
            }
        }

        /// Runs a blocking read on a thread of its own: the gateway under test serves from the same cooperative pool.
        static func offPool<T: Sendable>(_ read: @escaping @Sendable () -> T) async -> T {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: read()) }.start()
            }
        }

        /// ``readAnswer()`` off the cooperative pool.
        func answer() async -> String { await Self.offPool { self.readAnswer() } }

        /// ``closedByServer()`` off the cooperative pool.
        func closed() async -> Bool { await Self.offPool { self.closedByServer() } }

        /// Sends `text` one byte every `interval` in the background, until done or cancelled.
        func trickle(_ text: String, every interval: Duration) -> Task<Void, Never> {
            Task {
                for byte in text.utf8 {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { return }
                    send(String(UnicodeScalar(byte)))
                }
            }
        }
    }

    static func port(_ gateway: LiveGateway) throws -> Int {
        try #require(Int(gateway.baseURL.split(separator: ":").last ?? ""))
    }

    @Test func aClientThatStopsSendingItsBodyIsDisconnected() async throws {
        try await LiveGateway.with(configure: { $0.idleTimeoutSeconds = 1 }) { gateway in
            let port = try #require(Int(gateway.baseURL.split(separator: ":").last ?? ""))
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            connection.send(
                "POST /v1/channels/canonical/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(gateway.token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"channelOrderId\":"
            )
            let started = Date()
            #expect(await connection.closed())
            #expect(Date().timeIntervalSince(started) < 4.5)
            // The gateway still serves everyone else, and nothing was stored.
            #expect(try await gateway.get("/healthz").status == 200)
            #expect(try gateway.server.store.counts(tenant: "default").events == 0)
        }
    }

    @Test func aBodyThatTricklesInIsCutAtTheMinimumRate() async throws {
        try await LiveGateway.with(configure: {
            $0.connectionLimits.bodyGraceSeconds = 1
            $0.connectionLimits.minBodyBytesPerSecond = 100
        }) { gateway in
            let connection = try RawConnection(port: try Self.port(gateway))
            defer { connection.close() }
            connection.send(
                "POST /v1/channels/canonical/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(gateway.token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
            )
            // One byte every 0.4 s never lets the idle timeout (30 s) fire; only the rate rule can end it.
            let trickle = connection.trickle(String(repeating: " ", count: 200), every: .milliseconds(400))
            defer { trickle.cancel() }
            let started = Date()
            let answer = await connection.answer()
            #expect(answer.hasPrefix("HTTP/1.1 408"))
            #expect(answer.contains("request_timeout"))
            #expect(await connection.closed())
            #expect(Date().timeIntervalSince(started) < 5)
            #expect(try await gateway.get("/healthz").status == 200)
            #expect(try gateway.server.store.counts(tenant: "default").events == 0)
        }
    }

    @Test func headersThatTrickleInAreCutAtTheHeaderDeadline() async throws {
        try await LiveGateway.with(configure: { $0.connectionLimits.headerTimeoutSeconds = 1 }) { gateway in
            let connection = try RawConnection(port: try Self.port(gateway))
            defer { connection.close() }
            connection.send("GET /healthz HTTP/1.1\r\n")
            let trickle = connection.trickle("X-Slow: " + String(repeating: "a", count: 100), every: .milliseconds(300))
            defer { trickle.cancel() }
            let started = Date()
            let answer = await connection.answer()
            #expect(answer.hasPrefix("HTTP/1.1 408"))
            #expect(await connection.closed())
            // Well before the 30 s the trickle would take, with room for a suite that keeps both cores busy.
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test func slowUnauthenticatedBodiesCannotTakeEverySlot() async throws {
        try await LiveGateway.with(configure: {
            $0.access.maxInFlight = 8
            $0.access.maxUnauthenticatedInFlight = 2
            $0.connectionLimits.bodyGraceSeconds = 60
        }) { gateway in
            let port = try Self.port(gateway)
            var connections: [RawConnection] = []
            var trickles: [Task<Void, Never>] = []
            defer {
                trickles.forEach { $0.cancel() }
                connections.forEach { $0.close() }
            }
            // Twelve token requests whose bodies arrive a byte every 2 s: more than every slot of the gateway.
            for _ in 0..<12 {
                let connection = try RawConnection(port: port)
                connection.send(
                    "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ng"
                )
                connections.append(connection)
                trickles.append(connection.trickle(String(repeating: "a", count: 99), every: .seconds(2)))
            }
            try await Task.sleep(for: .milliseconds(500))
            for path in ["/healthz", "/readyz", "/metrics"] {
                #expect(try await gateway.get(path).status == 200, "\(path) must never be shed")
            }
            let ingest = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("SLOW-1"), headers: ["Idempotency-Key": "slow-1"])
            #expect(ingest.status == 202)
            let token = try await gateway.post("/oauth/token", "grant_type=client_credentials", contentType: "application/x-www-form-urlencoded")
            #expect(token.status == 503)
            #expect(JSON.errorCode(token) == "overloaded")
        }
    }

    @Test func oneAddressCannotHoldMoreThanItsConnectionsYetItsHealthChecksGetThrough() async throws {
        // Four: the test's own client keeps the connection of its token request open, and three are held here.
        try await LiveGateway.with(configure: { $0.connectionLimits.maxConnectionsPerAddress = 4 }) { gateway in
            let port = try Self.port(gateway)
            let held = try (0..<3).map { _ in try RawConnection(port: port) }
            defer { held.forEach { $0.close() } }
            try await Task.sleep(for: .milliseconds(200))
            // Past the cap, within its reserve (8 here): only probes are served.
            let overCap = try RawConnection(port: port)
            defer { overCap.close() }
            overCap.send("GET /v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(gateway.token)\r\n\r\n")
            let refusedRequest = await overCap.answer()
            #expect(refusedRequest.hasPrefix("HTTP/1.1 503"))
            #expect(refusedRequest.contains("too_many_connections"))
            #expect(await overCap.closed())
            let probe = try RawConnection(port: port)
            defer { probe.close() }
            probe.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await probe.answer().hasPrefix("HTTP/1.1 200"))
            // Past the reserve (4 + 8 in all): refused at once.
            let reserve = try (0..<6).map { _ in try RawConnection(port: port) }
            defer { reserve.forEach { $0.close() } }
            try await Task.sleep(for: .milliseconds(200))
            let refused = try RawConnection(port: port)
            defer { refused.close() }
            let answer = await refused.answer()
            #expect(answer.hasPrefix("HTTP/1.1 503"))
            #expect(answer.contains("too_many_connections"))
            #expect(await refused.closed())
            // A freed slot serves in full again.
            held[0].close()
            overCap.close()
            probe.close()
            reserve.forEach { $0.close() }
            try await Task.sleep(for: .milliseconds(300))
            let admitted = try RawConnection(port: port)
            defer { admitted.close() }
            admitted.send("GET /v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(gateway.token)\r\n\r\n")
            let full = await admitted.answer()
            #expect(full.hasPrefix("HTTP/1.1 200"), "\(full.prefix(300))")
        }
    }

    @Test func anEarlyPayloadTooLargeClosesTheConnection() async throws {
        try await LiveGateway.with(configure: { $0.maxBodyBytes = 1000 }) { gateway in
            let connection = try RawConnection(port: try Self.port(gateway))
            defer { connection.close() }
            connection.send(
                "POST /v1/channels/canonical/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(gateway.token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n" + String(repeating: " ", count: 5000)
            )
            let started = Date()
            let answer = await connection.answer()
            #expect(answer.hasPrefix("HTTP/1.1 413"))
            #expect(answer.lowercased().contains("connection: close"))
            #expect(await connection.closed())
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }
}
