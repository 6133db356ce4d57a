extension PostgresMigrations {
    /// Orders found by their channel order id: an ingested event's order keeps the id it was first given.
    static let ordersByChannelOrder = Migration(version: 6, name: "orders by channel order id", sql: """
        CREATE UNIQUE INDEX orders_by_channel_order ON orders (tenant, channel, channel_order_id)
        """)
}
