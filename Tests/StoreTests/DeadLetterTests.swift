import CanonicalModel
import Foundation
import Ingest
import SQLiteStore
import Storage
import Testing

@Suite struct DeadLetterTests {
    static let missingCurrency = #"{"channelOrderId":"D-1","order":{"placedAt":"2026-11-27T10:00:00Z","amounts":{"total":"5.00"},"lines":[{"sku":"S","quantity":1,"unitPrice":"5.00"}]}}"#

    @Test func invalidMessagesOnADeadLetterChannelAreKeptWhole() async throws {
        let fixture = try StoreFixture()
        let outcome = try await fixture.post(Self.missingCurrency, channel: "shop")
        #expect(outcome.response.status == 202)
        let id = try #require(outcome.deadLetterId)
        let letter = try #require(try fixture.store.deadLetter(tenant: "t1", id: id))
        #expect(letter.errorCode == "missing_field")
        #expect(letter.errorField == "order.currency")
        #expect(letter.body == Array(Self.missingCurrency.utf8))
        #expect(try fixture.store.counts(tenant: "t1").events == 0)
        // Resending the same bad message does not make a second dead letter.
        let again = try await fixture.post(Self.missingCurrency, channel: "shop")
        #expect(again.replayed)
        #expect(try fixture.store.deadLetters(tenant: "t1", status: nil, after: 0, limit: 10).count == 1)
    }

    @Test func replayWithAFixSucceedsOnceAndFailureKeepsItOpen() async throws {
        let fixture = try StoreFixture()
        let id = try #require(try await fixture.post(Self.missingCurrency, channel: "shop").deadLetterId)
        await #expect(throws: IngestError.self) {
            try await fixture.ingest.replay(tenant: "t1", deadLetterId: id, replacementBody: nil)
        }
        let stillOpen = try #require(try fixture.store.deadLetter(tenant: "t1", id: id))
        #expect(stillOpen.status == .open)
        #expect(stillOpen.replayCount == 1)
        let fixed = Self.missingCurrency.replacingOccurrences(of: "\"amounts\"", with: "\"currency\":\"CNY\",\"amounts\"")
        let replayed = try await fixture.ingest.replay(tenant: "t1", deadLetterId: id, replacementBody: Array(fixed.utf8))
        #expect(replayed.events.count == 1)
        #expect(try fixture.store.deadLetter(tenant: "t1", id: id)?.status == .replayed)
        await #expect(throws: IngestError.self) {
            try await fixture.ingest.replay(tenant: "t1", deadLetterId: id, replacementBody: Array(fixed.utf8))
        }
        #expect(try fixture.store.counts(tenant: "t1").events == 1)
        // Another tenant cannot see or replay it.
        #expect(try fixture.store.deadLetter(tenant: "t2", id: id) == nil)
    }

    @Test func aCorrectedMessageReplayedThenResentIsStoredOnce() async throws {
        let fixture = try StoreFixture()
        let broken = Self.missingCurrency.replacingOccurrences(of: "{\"channelOrderId\"", with: "{\"messageId\":\"M-1\",\"channelOrderId\"")
        let id = try #require(try await fixture.post(broken, channel: "shop").deadLetterId)
        let fixed = broken.replacingOccurrences(of: "\"amounts\"", with: "\"currency\":\"CNY\",\"amounts\"")
        _ = try await fixture.ingest.replay(tenant: "t1", deadLetterId: id, replacementBody: Array(fixed.utf8))
        let resent = try await fixture.post(fixed, channel: "shop")
        #expect(resent.replayed)
        #expect(try fixture.store.counts(tenant: "t1").events == 1)
    }

    @Test func rejectingChannelsStoreNothing() async throws {
        let fixture = try StoreFixture()
        await #expect(throws: IngestError.self) { try await fixture.post(Self.missingCurrency, channel: "canonical") }
        let counts = try fixture.store.counts(tenant: "t1")
        #expect(counts.messages == 0 && counts.events == 0 && counts.openDeadLetters == 0)
    }
}
