import CanonicalModel
import Foundation
import Storage
import Testing

/// The inbound archive read back: dead letters by filter, a channel's recent messages, each channel's recent activity.
@Suite struct InboundArchiveConformanceTests {
    static let missingCurrency = PayloadError(.invalid, code: "missing_field", message: "currency is missing", field: "order.currency")
    static let missingSku = PayloadError(.invalid, code: "missing_field", message: "sku is missing", field: "lines[0].sku")
    static let unknownCurrency = PayloadError(.invalid, code: "unknown_currency", message: "XXX is no currency", field: "order.currency")
    static let notJSON = PayloadError(.malformed, code: "invalid_json", message: "not JSON")

    @Test(arguments: Backend.all) func deadLettersMatchEveryConditionOfTheFilter(backend: Backend) async throws {
        try await backend.withStore { store in
            let now = Date()
            func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }
            // In the order they arrive.
            let d1 = try await Self.deadLetter("d1", channel: "shop", at: ago(10 * 86_400), error: Self.missingCurrency, to: store)
            let d2 = try await Self.deadLetter("d2", channel: "market", at: ago(7_260), error: Self.missingSku, to: store)
            let d3 = try await Self.deadLetter("d3", channel: "shop", at: ago(7_200), error: Self.unknownCurrency, to: store)
            let d4 = try await Self.deadLetter("d4", channel: "market", at: ago(300), error: Self.unknownCurrency, to: store)
            let d5 = try await Self.deadLetter("d5", channel: "shop", at: ago(240), error: Self.missingSku, to: store)
            let d6 = try await Self.deadLetter("d6", channel: "market", at: ago(180), error: Self.notJSON, to: store)
            let elsewhere = try await Self.deadLetter("d1", channel: "shop", tenant: "other", at: ago(120), error: Self.missingCurrency, to: store)
            try await Self.accept("m1", channel: "shop", at: ago(60), to: store)
            try await Self.replay(d3, to: store)
            #expect([d1, d2, d3, d4, d5, d6] == [d1, d2, d3, d4, d5, d6].sorted(), "ids grow with arrival")

            func ids(_ filter: DeadLetterFilter, tenant: String = Samples.tenant, after: Int64 = 0, limit: Int = 100) throws -> [Int64] {
                try store.deadLetters(tenant: tenant, matching: filter, after: after, limit: limit).map(\.id)
            }
            // Status: open by default, nil for both.
            #expect(try ids(DeadLetterFilter(status: nil)) == [d1, d2, d3, d4, d5, d6])
            #expect(try ids(DeadLetterFilter()) == [d1, d2, d4, d5, d6], "open is the default")
            #expect(try ids(DeadLetterFilter(status: .open)) == [d1, d2, d4, d5, d6])
            #expect(try ids(DeadLetterFilter(status: .replayed)) == [d3])
            // One condition each.
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop")) == [d1, d3, d5])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "market")) == [d2, d4, d6])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "nowhere")).isEmpty)
            #expect(try ids(DeadLetterFilter(status: nil, errorCode: "missing_field")) == [d1, d2, d5])
            #expect(try ids(DeadLetterFilter(status: nil, errorCode: "unknown_currency")) == [d3, d4])
            #expect(try ids(DeadLetterFilter(status: nil, errorCode: "no_such_code")).isEmpty)
            #expect(try ids(DeadLetterFilter(status: nil, errorField: "order.currency")) == [d1, d3, d4], "a letter without a field never matches one")
            #expect(try ids(DeadLetterFilter(status: nil, errorField: "lines[0].sku")) == [d2, d5])
            #expect(try ids(DeadLetterFilter(status: nil, receivedFrom: ago(3_600))) == [d4, d5, d6], "the last hour")
            #expect(try ids(DeadLetterFilter(status: nil, receivedBefore: ago(7 * 86_400))) == [d1], "older than a week")
            #expect(try ids(DeadLetterFilter(status: nil, receivedFrom: ago(3 * 3_600), receivedBefore: ago(3_600))) == [d2, d3])
            // Every condition must hold.
            #expect(try ids(DeadLetterFilter(channel: "shop", errorField: "order.currency")) == [d1], "d3 matches too but is replayed")
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop", errorField: "order.currency")) == [d1, d3])
            #expect(try ids(DeadLetterFilter(status: .replayed, channel: "market")).isEmpty)
            #expect(try ids(DeadLetterFilter(channel: "market", errorCode: "unknown_currency", receivedFrom: ago(3_600))) == [d4])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop", errorCode: "missing_field", receivedFrom: ago(3_600))) == [d5])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop", errorCode: "missing_field", receivedBefore: ago(3_600))) == [d1])
            #expect(try ids(DeadLetterFilter(channel: "market", errorCode: "missing_field", errorField: "order.currency")).isEmpty)
            let matched = try store.deadLetters(
                tenant: Samples.tenant, matching: DeadLetterFilter(channel: "market", errorCode: "missing_field"), after: 0, limit: 10
            )
            let letter = try #require(matched.first)
            #expect(matched.count == 1)
            #expect(letter.id == d2 && letter.messageKey == "d2" && letter.channel == "market" && letter.status == .open)
            #expect(letter.errorCode == "missing_field" && letter.errorField == "lines[0].sku" && letter.errorMessage == "sku is missing")
            #expect(letter.body == Array("{\"key\":\"d2\"}".utf8))
            // Tenants see only their own.
            #expect(try ids(DeadLetterFilter(status: nil), tenant: "other") == [elsewhere])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "market"), tenant: "other").isEmpty)
            #expect(try ids(DeadLetterFilter(status: nil), tenant: "nobody").isEmpty)
            // Pages in id order: `after` is exclusive, `limit` caps the page.
            #expect(try ids(DeadLetterFilter(status: nil), limit: 2) == [d1, d2])
            #expect(try ids(DeadLetterFilter(status: nil), after: d2, limit: 2) == [d3, d4])
            #expect(try ids(DeadLetterFilter(status: nil), after: d4, limit: 2) == [d5, d6])
            #expect(try ids(DeadLetterFilter(status: nil), after: d6, limit: 2).isEmpty)
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop"), limit: 1) == [d1])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop"), after: d1, limit: 1) == [d3])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop"), after: d3, limit: 1) == [d5])
            #expect(try ids(DeadLetterFilter(status: nil, channel: "shop"), after: d5, limit: 1).isEmpty)
            #expect(try ids(DeadLetterFilter(channel: "shop"), after: d2, limit: 10) == [d5], "d3 is past d2 but replayed")
            // The status-only listing still works.
            #expect(try store.deadLetters(tenant: Samples.tenant, status: .open, after: 0, limit: 10).map(\.id) == [d1, d2, d4, d5, d6])
            #expect(try store.deadLetters(tenant: Samples.tenant, status: .replayed, after: 0, limit: 10).map(\.id) == [d3])
            #expect(try store.deadLetters(tenant: Samples.tenant, status: nil, after: 0, limit: 10).map(\.id) == [d1, d2, d3, d4, d5, d6])
            #expect(try store.deadLetters(tenant: Samples.tenant, status: nil, after: d3, limit: 2).map(\.id) == [d4, d5])
            #expect(try store.deadLetters(tenant: "other", status: .open, after: 0, limit: 10).map(\.id) == [elsewhere])
        }
    }

    @Test(arguments: Backend.all) func recentMessagesAreTheChannelsNewestAcceptedOnesNewestFirst(backend: Backend) async throws {
        try await backend.withStore { store in
            let now = Date()
            func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }
            // In the order they arrive.
            let replayedId = try await Self.deadLetter("r1", channel: "shop", at: ago(700), error: Self.missingCurrency, to: store)
            try await Self.accept("a1", channel: "shop", at: ago(600), body: "{\"n\":1}", to: store)
            try await Self.accept("a2", channel: "shop", at: ago(500), body: "{\"n\":2}", to: store)
            try await Self.accept("b1", channel: "market", at: ago(400), body: "{\"b\":1}", to: store)
            try await Self.accept("a3", channel: "shop", at: ago(300), body: "{\"n\":3}", to: store)
            let openId = try await Self.deadLetter("dead", channel: "shop", at: ago(200), error: Self.missingCurrency, to: store)
            try await Self.accept("o1", channel: "shop", tenant: "other", at: ago(100), body: "{\"other\":1}", to: store)
            try await Self.accept("b2", channel: "market", at: ago(50), body: "{\"b\":2}", to: store)
            try await Self.replay(replayedId, to: store)
            #expect(try store.deadLetter(tenant: Samples.tenant, id: openId)?.status == .open)

            let newest = try store.recentMessages(tenant: Samples.tenant, channel: "shop", limit: 2)
            #expect(newest.map(\.messageKey) == ["a3", "a2"], "the open dead letter, market's and the other tenant's are newer but not shop's accepted ones")
            #expect(newest.map(\.body) == [Array("{\"n\":3}".utf8), Array("{\"n\":2}".utf8)])
            #expect(newest.allSatisfy { $0.channel == "shop" && $0.contentType == "application/json" })
            #expect(newest.map(\.id) == newest.map(\.id).sorted(by: >) && Set(newest.map(\.id)).count == 2, "newest first")
            let first = try #require(newest.first)
            #expect(Self.sameInstant(first.receivedAt, ago(300)), "received at \(first.receivedAt)")

            let all = try store.recentMessages(tenant: Samples.tenant, channel: "shop", limit: 10)
            #expect(all.map(\.messageKey) == ["a3", "a2", "a1", "r1"], "a replayed dead letter became events; the open one did not")
            #expect(all.last?.body == Array("{\"key\":\"r1\"}".utf8))
            #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
            #expect(!all.contains { $0.messageKey == "dead" })
            #expect(try store.recentMessages(tenant: Samples.tenant, channel: "shop", limit: 1).map(\.messageKey) == ["a3"])
            #expect(try store.recentMessages(tenant: Samples.tenant, channel: "market", limit: 10).map(\.messageKey) == ["b2", "b1"])
            #expect(try store.recentMessages(tenant: Samples.tenant, channel: "nowhere", limit: 10).isEmpty)
            let other = try store.recentMessages(tenant: "other", channel: "shop", limit: 10)
            #expect(other.map(\.messageKey) == ["o1"])
            #expect(other.first?.body == Array("{\"other\":1}".utf8))
            #expect(try store.recentMessages(tenant: "nobody", channel: "shop", limit: 10).isEmpty)
        }
    }

    /// The channels the activity test asks about, one of them never used.
    static let activityChannels = ["archive", "legacy", "market", "shop", "silent"]

    @Test(arguments: Backend.all) func channelActivityCountsTheWindowAndTheOpenDeadLetters(backend: Backend) async throws {
        try await backend.withStore { store in
            let now = Date()
            func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }
            let legacyError = PayloadError(.invalid, code: "legacy_code", message: "legacy failure", field: "x")
            let staleError = PayloadError(.invalid, code: "stale_code", message: "old failure")
            // In the order they arrive: the window's start is found by id.
            _ = try await Self.deadLetter("s-stale", channel: "shop", at: ago(10 * 86_400), error: staleError, to: store)
            _ = try await Self.deadLetter("l-stale", channel: "legacy", at: ago(10 * 86_400 - 1), error: legacyError, to: store)
            try await Self.accept("s-old", channel: "shop", at: ago(7_200), to: store)
            try await Self.accept("m-old", channel: "market", at: ago(7_199), to: store)
            try await Self.accept("x-old", channel: "archive", at: ago(7_198), to: store)
            let marketDead = try await Self.deadLetter("m-dead", channel: "market", at: ago(7_197), error: Self.notJSON, to: store)
            try await Self.accept("s1", channel: "shop", at: ago(300), to: store)
            try await Self.accept("s2", channel: "shop", at: ago(290), to: store)
            try await Self.accept("m1", channel: "market", at: ago(280), to: store)
            _ = try await Self.deadLetter("s-dead", channel: "shop", at: ago(270), error: Self.missingCurrency, to: store)
            let shopFixed = try await Self.deadLetter("s-fixed", channel: "shop", at: ago(260), error: Self.unknownCurrency, to: store)
            try await Self.accept("o1", channel: "shop", tenant: "other", at: ago(60), to: store)
            _ = try await Self.deadLetter("o-dead", channel: "shop", tenant: "other", at: ago(50), error: Self.notJSON, to: store)
            try await Self.replay(marketDead, to: store)
            try await Self.replay(shopFixed, to: store)

            let activity = try store.channelActivity(tenant: Samples.tenant, channels: Self.activityChannels, since: ago(900))
            #expect(activity.map(\.channel).sorted() == ["legacy", "market", "shop"], "archive had nothing lately and nothing open")
            let byChannel = Dictionary(activity.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
            let shop = try #require(byChannel["shop"])
            #expect(shop.received == 4, "s1, s2 and both recent dead letters, not the ones of two hours and ten days ago")
            #expect(shop.deadLettered == 2, "a replayed dead letter was still kept as one")
            #expect(shop.openDeadLetters == 2, "the recent open one and the ten days old one, not the replayed one")
            #expect(shop.lastErrorCode == "missing_field" && shop.lastErrorMessage == "currency is missing", "the newest open one, not the newer replayed one")
            #expect(Self.sameInstant(shop.lastErrorAt, ago(270)), "last error at \(shop.lastErrorAt ?? "nil")")
            let market = try #require(byChannel["market"])
            #expect(market.received == 1 && market.deadLettered == 0 && market.openDeadLetters == 0)
            #expect(market.lastErrorCode == nil && market.lastErrorMessage == nil && market.lastErrorAt == nil, "its dead letter was replayed")
            let legacy = try #require(byChannel["legacy"])
            #expect(legacy.received == 0 && legacy.deadLettered == 0 && legacy.openDeadLetters == 1)
            #expect(legacy.lastErrorCode == "legacy_code" && legacy.lastErrorMessage == "legacy failure")
            #expect(Self.sameInstant(legacy.lastErrorAt, ago(10 * 86_400 - 1)))

            // Other tenants count only their own.
            let other = try store.channelActivity(tenant: "other", channels: Self.activityChannels, since: ago(900))
            #expect(other.map(\.channel) == ["shop"])
            #expect(other.first?.received == 2 && other.first?.deadLettered == 1 && other.first?.openDeadLetters == 1)
            #expect(other.first?.lastErrorCode == "invalid_json")
            #expect(try store.channelActivity(tenant: "nobody", channels: Self.activityChannels, since: ago(900)).isEmpty)

            // A window from before the first message counts everything; one after the last counts nothing received.
            let sinceLongAgo = try store.channelActivity(tenant: Samples.tenant, channels: Self.activityChannels, since: ago(30 * 86_400))
            let everything = Dictionary(sinceLongAgo.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(everything.keys.sorted() == ["archive", "legacy", "market", "shop"])
            #expect(everything["shop"]?.received == 6 && everything["shop"]?.deadLettered == 3 && everything["shop"]?.openDeadLetters == 2)
            #expect(everything["market"]?.received == 3 && everything["market"]?.deadLettered == 1)
            #expect(everything["archive"]?.received == 1 && everything["archive"]?.deadLettered == 0)
            #expect(everything["legacy"]?.received == 1 && everything["legacy"]?.deadLettered == 1)
            let nothing = try store.channelActivity(tenant: Samples.tenant, channels: Self.activityChannels, since: now.addingTimeInterval(60))
            #expect(nothing.map(\.channel).sorted() == ["legacy", "shop"], "only channels with open dead letters")
            #expect(nothing.allSatisfy { $0.received == 0 && $0.deadLettered == 0 })
            #expect(nothing.first { $0.channel == "shop" }?.openDeadLetters == 2)
        }
    }

    /// Message `key` on `channel` of `tenant`, received at `time`.
    static func message(_ key: String, channel: String, tenant: String = Samples.tenant, at time: Date, body: String) -> InboundMessage {
        var message = Samples.message(key, tenant: tenant, body: body)
        message.channel = channel
        message.receivedAt = time
        return message
    }

    /// Stores message `key`, received at `time`, with one payment event.
    static func accept(
        _ key: String, channel: String, tenant: String = Samples.tenant, at time: Date, body: String = "{}", to store: any StorageBackend
    ) async throws {
        let message = Self.message(key, channel: channel, tenant: tenant, at: time, body: body)
        let stored = try await store.append([Samples.payment("order-" + key)], from: .message(message), receivedAt: time) { committed in
            StoredResponse(status: 202, body: "{\"events\":\(committed.count)}")
        }
        #expect(stored.events.count == 1)
    }

    /// Keeps message `key`, received at `time`, as a dead letter with `error`; returns the dead letter's id.
    static func deadLetter(
        _ key: String, channel: String, tenant: String = Samples.tenant, at time: Date, error: PayloadError, to store: any StorageBackend
    ) async throws -> Int64 {
        let message = Self.message(key, channel: channel, tenant: tenant, at: time, body: "{\"key\":\"\(key)\"}")
        let stored = try await store.deadLetter(message, error: error) { id in StoredResponse(status: 202, body: "\(id)") }
        return try #require(Int64(stored.response.body))
    }

    /// Replays dead letter `id` of the sample tenant as stored, into one payment event.
    static func replay(_ id: Int64, to store: any StorageBackend) async throws {
        let replayed = try await store.append(
            [Samples.payment("replayed-\(id)")], from: .deadLetter(tenant: Samples.tenant, id: id, replacement: nil), receivedAt: Date()
        ) { _ in StoredResponse(status: 200, body: "") }
        #expect(replayed.events.count == 1)
    }

    /// Whether stored time `text` is `date` to the millisecond.
    static func sameInstant(_ text: String?, _ date: Date) -> Bool {
        guard let text, let stored = Timestamp.parse(text) else { return false }
        return abs(stored.timeIntervalSince(date)) < 0.001
    }
}

/// The audit log read both ways: oldest first after an id, newest first before one.
@Suite struct AuditLogConformanceTests {
    @Test(arguments: Backend.all) func theAuditLogPagesOldestFirstAndNewestFirst(backend: Backend) async throws {
        try await backend.withStore { store in
            for index in 1...5 {
                try await store.audit(
                    AuditEntry(tenant: Samples.tenant, actor: "ops", action: "test.\(index)", target: "t", before: nil, after: nil, at: "2026-12-06T00:00:0\(index)Z")
                )
                try await store.audit(AuditEntry(tenant: "other", actor: "ops", action: "other.\(index)", target: "t", before: nil, after: nil, at: "2026-12-06T00:00:00Z"))
            }
            let oldest = try store.auditLog(tenant: Samples.tenant, after: 0, limit: 2)
            #expect(oldest.map(\.action) == ["test.1", "test.2"])
            let newest = try store.recentAuditEntries(tenant: Samples.tenant, before: nil, limit: 2)
            #expect(newest.map(\.action) == ["test.5", "test.4"])
            let older = try store.recentAuditEntries(tenant: Samples.tenant, before: newest.last?.id, limit: 10)
            #expect(older.map(\.action) == ["test.3", "test.2", "test.1"], "the next page starts below the last one shown, other tenants left out")
        }
    }
}
