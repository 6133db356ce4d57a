import CanonicalModel
import Foundation
import Ingest
import Logging
import SQLiteStore
import Storage

/// A real SQLite store in a fresh temporary directory, with the ingest pipeline over it.
final class StoreFixture: Sendable {
    let directory: String
    let store: SQLiteEventStore
    let ingest: IngestService

    init(channels: [ChannelDefinition] = [ChannelDefinition(name: "shop", onInvalid: .deadLetter)], busyTimeoutMilliseconds: Int32 = 2000) throws {
        directory = NSTemporaryDirectory() + "channelgate-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = SQLiteEventStore.Configuration()
        configuration.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        configuration.probeInterval = 0.1
        store = try SQLiteEventStore(path: directory + "/store.sqlite", configuration: configuration, logger: Logger(label: "test"))
        ingest = IngestService(store: store, channels: channels, logger: Logger(label: "test"))
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func post(_ body: String, channel: String = "canonical", tenant: String = "t1", key: String? = nil) async throws(IngestError) -> IngestOutcome {
        try await ingest.ingest(IngestRequest(
            tenant: tenant, channel: channel, contentType: "application/json", messageIdHeader: key, body: Array(body.utf8)
        ))
    }

    static func order(_ id: String, total: String = "10.00", status: String = "created", updatedAt: String? = nil) -> String {
        let updated = updatedAt.map { ",\"updatedAt\":\"\($0)\"" } ?? ""
        return """
            {"channelOrderId":"\(id)","order":{"status":"\(status)","placedAt":"2026-11-27T10:00:00Z"\(updated),"currency":"CNY",
             "amounts":{"total":"\(total)"},"lines":[{"sku":"S","quantity":1,"unitPrice":"\(total)"}]}}
            """
    }

    static func event(_ type: String, _ id: String, _ member: String, sequence: Int? = nil, at time: String? = nil) -> String {
        let sequenceText = sequence.map { ",\"sequence\":\($0)" } ?? ""
        let timeText = time.map { ",\"occurredAt\":\"\($0)\"" } ?? ""
        return "{\"type\":\"\(type)\",\"channelOrderId\":\"\(id)\"\(sequenceText)\(timeText),\(member)}"
    }
}
