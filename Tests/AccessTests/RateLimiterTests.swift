import Access
import Synchronization
import Testing

@Suite struct RateLimiterTests {
    @Test func admitsTheBurstThenTheRate() {
        let limiter = GCRARateLimiter()
        let limit = RateLimit(rate: 10, burst: 5)
        let admitted = (0..<20).filter { _ in limiter.admit(key: "c", limit: limit, now: 100).allowed }.count
        #expect(admitted == 5)
        let refused = limiter.admit(key: "c", limit: limit, now: 100)
        #expect(!refused.allowed)
        #expect(refused.retryAfterSeconds == 1)
        #expect(refused.remaining == 0)
        // One emission interval later exactly one more passes.
        #expect(limiter.admit(key: "c", limit: limit, now: 100.1).allowed)
        #expect(!limiter.admit(key: "c", limit: limit, now: 100.1).allowed)
        // Other keys are independent.
        #expect(limiter.admit(key: "d", limit: limit, now: 100).remaining == 4)
    }

    @Test func neverAdmitsMoreThanBurstPlusRateUnderContention() async {
        let limiter = GCRARateLimiter()
        let limit = RateLimit(rate: 100, burst: 20)
        let admitted = Counter()
        // 8 tasks × 2,000 attempts over a simulated second (10× the limit) at the same instants.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for step in 0..<2_000 {
                        let now = 50 + Double(step) / 2_000
                        if limiter.admit(key: "flood", limit: limit, now: now).allowed {
                            admitted.increment()
                        }
                    }
                }
            }
        }
        let count = admitted.value
        #expect(count <= 20 + 100)
        #expect(count >= 20 + 99)
    }

    @Test func inFlightLimiterShedsBeyondItsBound() {
        let limiter = InFlightLimiter(maximum: 2)
        #expect(limiter.tryEnter())
        #expect(limiter.tryEnter())
        #expect(!limiter.tryEnter())
        limiter.leave()
        #expect(limiter.tryEnter())
        #expect(limiter.current == 2)
    }
}
