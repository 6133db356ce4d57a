import Access
import Storage

/// The webhook replay ledger kept in a store that several gateway processes share.
struct SharedDeliveryLedger: DeliveryLedger {
    let store: any WebhookDeliveryStore

    func firstSighting(channel: String, id: String, now: Int64, window: Int64) async throws -> Bool {
        try store.claimDelivery(channel: channel, id: id, windowSeconds: window)
    }

    func forget(channel: String, id: String) async {
        try? store.releaseDelivery(channel: channel, id: id)
    }
}
