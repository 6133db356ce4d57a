import Access
import Adapters
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Pushes outbox entries (shipments and cancellations raised inside ChannelGate) to their channels over libcurl,
/// each with its event id as `Idempotency-Key`, retrying with backoff and jitter; an entry that keeps failing is
/// marked failed, visible and retryable. With several processes on one store, each channel is pushed by the one
/// holding its lease.
public struct OutboundSync: Service {
    let store: any StorageBackend
    let definitions: [String: OutboundDefinition]
    let credentials: [String: ChannelCredentials]
    let client: CurlHTTPClient
    let personalData: PersonalDataView
    let logger: Logger
    /// Seconds of the first retry wait; doubling up to five minutes.
    let backoffBaseSeconds: Double
    /// Which channels this process pushes for: one process per channel, spread over the processes on the store.
    let leases: LeaseSpread

    /// Outbound sync of `store`'s outbox to the channels in `definitions`.
    public init(
        store: any StorageBackend, definitions: [OutboundDefinition], client: CurlHTTPClient, personalData: PersonalDataView, logger: Logger,
        backoffBaseSeconds: Double, leases: LeaseSpread
    ) {
        self.store = store
        self.definitions = Dictionary(definitions.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        credentials = Dictionary(definitions.map { ($0.channel, ChannelCredentials(authentication: $0.authentication, client: client)) }, uniquingKeysWith: { first, _ in first })
        self.client = client
        self.personalData = personalData
        self.logger = logger
        self.backoffBaseSeconds = backoffBaseSeconds
        self.leases = leases
    }

    /// Runs until the service group stops it.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var channels: Set<String> = []
            var refreshed = ContinuousClock.now - .seconds(60)
            while !Task.isCancelled {
                let candidates = (try? store.dueOutboxEntries(limit: 500)) ?? []
                if ContinuousClock.now - refreshed >= .seconds(3) {
                    channels = await leases.refresh(Array(Set(definitions.keys).union(candidates.map(\.channel))))
                    refreshed = ContinuousClock.now
                }
                let due = candidates.filter { channels.contains($0.channel) }.prefix(50)
                await withTaskGroup(of: Void.self) { group in
                    for entry in due { group.addTask { await push(entry) } }
                }
                if due.isEmpty {
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        await leases.releaseAll()
    }

    /// One attempt at one entry, recording its outcome.
    func push(_ entry: OutboxEntry) async {
        guard let definition = definitions[entry.channel], let signer = credentials[entry.channel] else {
            try? await store.markOutboxAttempt(id: entry.id, error: "channel \(entry.channel) has no outbound endpoint configured", retryAt: nil)
            return
        }
        let failure: (message: String, retryable: Bool)
        do {
            guard let event = try store.event(tenant: entry.tenant, position: entry.position) else {
                try? await store.markOutboxAttempt(id: entry.id, error: "event \(entry.eventId) is gone", retryAt: nil)
                return
            }
            let body = Array(try personalData.apply(event.envelope, for: nil).utf8)
            var headers = try await signer.headers()
            headers["Content-Type"] = "application/cloudevents+json; charset=utf-8"
            headers["Idempotency-Key"] = entry.eventId
            let response = try await client.send(definition.method, try url(for: entry, definition, signer, body: body), headers: headers, body: body)
            switch response.status {
            case 200..<300:
                // Fenced: a process that lost the channel's lease meanwhile cannot mark it (the new holder pushes it).
                try await store.markOutboxSent(id: entry.id, under: leases.lease(for: entry.channel))
                return
            case 401 where signer.refreshable:
                signer.invalidate()
                failure = ("HTTP 401", true)
            case 408, 429, 500..<600:
                failure = ("HTTP \(response.status)", true)
            default:
                failure = ("HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))", false)
            }
        } catch {
            failure = ("\(error)", true)
        }
        let attempts = entry.attempts + 1
        let retryAt: Date? = failure.retryable && attempts < definition.maxAttempts
            ? Date().addingTimeInterval(min(300, backoffBaseSeconds * Double(1 << min(attempts - 1, 20))) * Double.random(in: 0.5...1))
            : nil
        logger.info("outbound push failed", metadata: ["channel": "\(entry.channel)", "event": "\(entry.eventId)", "error": "\(failure.message)", "attempt": "\(attempts)"])
        try? await store.markOutboxAttempt(id: entry.id, error: failure.message, retryAt: retryAt, under: leases.lease(for: entry.channel))
    }

    /// The endpoint with the order's ids filled in (and TOP signing, where the channel uses it).
    func url(for entry: OutboxEntry, _ definition: OutboundDefinition, _ signer: ChannelCredentials, body: [UInt8]) throws -> String {
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? text }
        let filled = definition.url.replacingOccurrences(of: "{channelOrderId}", with: encode(entry.channelOrderId))
            .replacingOccurrences(of: "{orderId}", with: encode(entry.orderId))
        guard var components = URLComponents(string: filled) else { throw PollerError("outbound url \(filled) is not a URL") }
        if case .taobaoTOP = signer.authentication {
            components.queryItems = signer.signedQuery(components.queryItems ?? [], body: body)
        }
        guard let url = components.string else { throw PollerError("outbound url \(filled) is not a URL") }
        return url
    }
}
