import CanonicalModel
import Foundation
import Storage
import Testing

/// Dead letters: kept whole, answered once, replayed once.
@Suite struct DeadLetterConformanceTests {
    static let error = PayloadError(.invalid, code: "missing_field", message: "currency is missing", field: "order.currency")

    @Test(arguments: Backend.all) func aDeadLetterKeepsTheMessageAndAReplayResolvesItOnce(backend: Backend) async throws {
        try await backend.withStore { store in
            let message = Samples.message("bad", body: "{\"broken\":true}")
            let stored = try await store.deadLetter(message, error: Self.error) { id in StoredResponse(status: 202, body: "dead \(id)") }
            let resent = try await store.deadLetter(message, error: Self.error) { id in StoredResponse(status: 202, body: "dead \(id)") }
            #expect(resent.replayed)
            #expect(resent.response == stored.response)
            let letters = try store.deadLetters(tenant: Samples.tenant, status: .open, after: 0, limit: 10)
            let letter = try #require(letters.first)
            #expect(letters.count == 1)
            #expect(letter.body == Array("{\"broken\":true}".utf8))
            #expect(letter.errorCode == Self.error.code && letter.errorField == "order.currency")
            #expect(try store.deadLetters(tenant: "other", status: nil, after: 0, limit: 10).isEmpty)

            try await store.recordFailedReplay(tenant: Samples.tenant, id: letter.id, error: Self.error, at: Date())
            #expect(try store.deadLetter(tenant: Samples.tenant, id: letter.id)?.replayCount == 1)

            let replayed = try await store.append(
                [Samples.payment("o1")], from: .deadLetter(tenant: Samples.tenant, id: letter.id, replacement: nil), receivedAt: Date()
            ) { _ in StoredResponse(status: 200, body: "") }
            #expect(replayed.events.count == 1)
            #expect(try store.deadLetter(tenant: Samples.tenant, id: letter.id)?.status == .replayed)
            #expect(try store.counts(tenant: Samples.tenant).openDeadLetters == 0)
            await #expect(throws: StoreError.self) {
                try await store.append(
                    [Samples.payment("o1")], from: .deadLetter(tenant: Samples.tenant, id: letter.id, replacement: nil), receivedAt: Date()
                ) { _ in StoredResponse(status: 200, body: "") }
            }
            #expect(try store.events(tenant: Samples.tenant, after: 0, limit: 10).count == 1)
        }
    }
}
