/// Webhook delivery ids remembered by the store, for backends shared by several gateway processes: a delivery
/// received by one process is a replay at every other.
public protocol WebhookDeliveryStore: AnyObject, Sendable {
    /// Records delivery `id` of `channel`; false when it was recorded less than `windowSeconds` ago (by the store's clock).
    func claimDelivery(channel: String, id: String, windowSeconds: Int64) throws(StoreError) -> Bool

    /// Forgets delivery `id` of `channel`, so a delivery that was not acknowledged may come again.
    func releaseDelivery(channel: String, id: String) throws(StoreError)
}
