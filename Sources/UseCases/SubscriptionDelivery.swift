import Access
import Adapters
import Crypto
import Foundation
import Storage

/// How failed deliveries are retried: exponential backoff with jitter, then set aside.
public struct DeliveryRetryPolicy: Sendable {
    /// Attempts per event before it is set aside as a failure.
    public var maxAttempts: Int = 8
    /// Wait after the first failure; it doubles after each further one.
    public var baseDelay: Duration = .milliseconds(500)
    /// Longest wait between attempts.
    public var maxDelay: Duration = .seconds(60)

    /// Creates DeliveryRetryPolicy with its defaults.
    public init() {}

    /// The wait after failed attempt `attempt` (1-based): `baseDelay·2^(attempt-1)` capped, times a random 0.5–1.
    func delay(after attempt: Int) -> Duration {
        let exponential = baseDelay * Int(1 << min(attempt - 1, 20))
        return min(exponential, maxDelay) * Double.random(in: 0.5...1)
    }
}

/// Sends one event to one subscriber: a CloudEvents structured-mode POST signed with HMAC-SHA256.
///
/// `ChannelGate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; `ChannelGate-Delivery` is
/// the event id, so a receiver can drop a repeat.
public struct SubscriptionDelivery: Sendable {
    let client: CurlHTTPClient
    let personalData: PersonalDataView

    /// The body a subscriber gets for `event`: personal data opened or masked as the subscription allows.
    func body(of event: FeedEvent, for subscription: SubscriptionRecord) throws(PersonalDataView.Unreadable) -> String {
        let principal = Principal(
            clientId: "subscription:" + subscription.id, tenant: subscription.tenant,
            scopes: subscription.includePersonalData ? [AccessScope.piiRead] : []
        )
        return try personalData.apply(event.envelope, for: principal)
    }

    /// Posts `event`; nil on a 2xx answer, else what went wrong.
    public func deliver(_ event: FeedEvent, to subscription: SubscriptionRecord) async -> String? {
        let body: [UInt8]
        do throws(PersonalDataView.Unreadable) {
            body = Array(try self.body(of: event, for: subscription).utf8)
        } catch {
            return error.description
        }
        let time = String(Int64(Date().timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Array((time + ".").utf8) + body, using: SymmetricKey(data: subscription.secret))
        let headers = [
            "Content-Type": "application/cloudevents+json; charset=utf-8",
            "ChannelGate-Signature": "t=\(time),v1=" + mac.map { String(format: "%02x", $0) }.joined(),
            "ChannelGate-Delivery": event.id,
            "ChannelGate-Subscription": subscription.id,
        ]
        do {
            let response = try await client.send("POST", subscription.url, headers: headers, body: body)
            return (200..<300).contains(response.status) ? nil : "HTTP \(response.status)"
        } catch {
            return error.description
        }
    }
}
