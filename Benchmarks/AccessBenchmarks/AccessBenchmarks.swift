// Token verification (cached and uncached) and rate-limit decisions under contention, in process.
import Access
import Benchmark
import Foundation

/// A signed token and a verifier that trusts its key.
func tokenFixture() -> (TokenVerifier, TokenIssuer, SigningKey) {
    let key = SigningKey.generate(at: 0)
    let issuer = TokenIssuer(issuer: "urn:channelgate", audience: "channelgate", lifetime: 3600)
    let verifier = TokenVerifier(issuer: "urn:channelgate", audience: "channelgate") { _ in [] }
    verifier.setOwnKeys([key])
    return (verifier, issuer, key)
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .wallClock, .mallocCountTotal], scalingFactor: .kilo, maxDuration: .seconds(4))
    let now = Int64(Date().timeIntervalSince1970)

    Benchmark("Token verification, cached", configuration: configuration) { benchmark in
        let (verifier, issuer, key) = tokenFixture()
        let token = (try? issuer.sign(issuer.claims(clientId: "c", tenant: "t", scopes: ["orders:read"], now: now), with: key)) ?? ""
        _ = try? await verifier.verify(token, now: now)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try? await verifier.verify(token, now: now))
        }
    }

    Benchmark("Token verification, uncached (ES256)", configuration: .init(metrics: [.throughput, .wallClock], maxDuration: .seconds(4))) { benchmark in
        let (verifier, issuer, key) = tokenFixture()
        // Distinct tokens so every verification checks the signature and claims.
        let tokens = (0..<benchmark.scaledIterations.count).map { index in
            var claims = issuer.claims(clientId: "c", tenant: "t", scopes: ["orders:read"], now: now)
            claims.tokenId = "jti-\(index)"
            return (try? issuer.sign(claims, with: key)) ?? ""
        }
        benchmark.startMeasurement()
        for token in tokens {
            blackHole(try? await verifier.verify(token, now: now))
        }
    }

    Benchmark("Rate-limit decision, one key, all cores contending", configuration: configuration) { benchmark in
        let limiter = GCRARateLimiter()
        let limit = RateLimit(rate: 1e9, burst: 1_000_000)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let perWorker = benchmark.scaledIterations.count / workers + 1
        benchmark.startMeasurement()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    for _ in 0..<perWorker { blackHole(limiter.admit(key: "client:c", limit: limit, now: 1_000)) }
                }
            }
        }
    }
}
