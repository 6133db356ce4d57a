import Foundation
import Gateway
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SlowClientTests {
    /// A TCP connection that sends raw bytes and reports whether the server closed it.
    struct RawConnection {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw CancellationError() }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func send(_ text: String) {
            _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
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

        func close() { _ = Glibc.close(descriptor) }
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
            #expect(connection.closedByServer())
            #expect(Date().timeIntervalSince(started) < 4.5)
            // The gateway still serves everyone else, and nothing was stored.
            #expect(try await gateway.get("/healthz").status == 200)
            #expect(try gateway.server.store.counts(tenant: "default").events == 0)
        }
    }
}
