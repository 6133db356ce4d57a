import PostgresNIO
import Storage

extension PostgresEventStore: WebhookDeliveryStore {
    /// Records delivery `id` of `channel` in one statement (concurrent claims of one id: exactly one wins); false when
    /// it was recorded less than `windowSeconds` ago by the database clock.
    public func claimDelivery(channel: String, id: String, windowSeconds: Int64) throws(StoreError) -> Bool {
        try readers.with { session throws(StoreError) in
            let claimed = try session.run(
                """
                INSERT INTO webhook_deliveries (channel, id, seen_at) VALUES (\(channel), \(id), EXTRACT(EPOCH FROM clock_timestamp()))
                ON CONFLICT (channel, id) DO UPDATE SET seen_at = EXCLUDED.seen_at
                WHERE webhook_deliveries.seen_at < EXTRACT(EPOCH FROM clock_timestamp()) - \(Double(windowSeconds))
                RETURNING 1
                """
            ).first != nil
            // Now and then, forget what is long past any window.
            if claimed, Int.random(in: 0..<1000) == 0 {
                try session.run("DELETE FROM webhook_deliveries WHERE seen_at < EXTRACT(EPOCH FROM clock_timestamp()) - 86400")
            }
            return claimed
        }
    }

    /// Forgets delivery `id` of `channel`.
    public func releaseDelivery(channel: String, id: String) throws(StoreError) {
        try readers.with { session throws(StoreError) in
            _ = try session.run("DELETE FROM webhook_deliveries WHERE channel = \(channel) AND id = \(id)")
        }
    }
}
