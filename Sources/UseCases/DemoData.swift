import Foundation
import Ingest

/// A handful of canonical messages that make a fresh install show something: orders, a payment, a shipment, a split.
public enum DemoData {
    /// Seeds the demo messages into `tenant` when it has no events yet; returns how many messages were stored.
    @discardableResult
    public static func seed(into ingest: IngestService, tenant: String) async throws -> Int {
        guard try ingest.store.counts(tenant: tenant).events == 0 else { return 0 }
        var stored = 0
        for (channel, message) in messages {
            let request = IngestRequest(tenant: tenant, channel: channel, contentType: "application/json", body: Array(message.utf8))
            do {
                _ = try await ingest.ingest(request)
                stored += 1
            } catch .unknownChannel {
                continue  // a configuration without the webshop channel skips its demo messages
            }
        }
        return stored
    }

    static let messages: [(channel: String, body: String)] = [
        ("webshop", """
        {"messageId":"demo-1001-created","type":"OrderCreated","channelOrderId":"H5-1001",
         "order":{"status":"created","placedAt":"2026-11-27T09:15:00+08:00","currency":"CNY",
          "amounts":{"subtotal":"258.00","discount":"20.00","shipping":"10.00","tax":"0","total":"248.00"},
          "buyer":{"id":"u-501","name":"Li Wei","phone":"+86 138 0013 8000","email":"li.wei@example.com"},
          "shippingAddress":{"country":"CN","province":"Zhejiang","city":"Hangzhou","district":"Xihu","street":["1 Wensan Road"],"postalCode":"310012","lat":30.2741,"lon":120.1551},
          "lines":[{"lineId":"1","sku":"SKU-TEA-01","title":"Longjing tea 250 g","quantity":2,"unitPrice":"129.00"}]}}
        """),
        ("webshop", """
        {"messageId":"demo-1001-paid","type":"PaymentConfirmed","channelOrderId":"H5-1001","occurredAt":"2026-11-27T09:16:10+08:00",
         "payment":{"amount":"248.00","currency":"CNY","method":"wechat_pay","transactionId":"wx-7781","paidAt":"2026-11-27T09:16:10+08:00"}}
        """),
        ("webshop", """
        {"messageId":"demo-1001-shipped","type":"ShipmentUpdated","channelOrderId":"H5-1001","occurredAt":"2026-11-27T14:02:00+08:00",
         "shipment":{"shipmentId":"S-1","status":"shipped","carrier":"SF","trackingNumber":"SF1234567890","shippedAt":"2026-11-27T14:02:00+08:00"}}
        """),
        ("canonical", """
        {"messageId":"demo-2001","type":"OrderCreated","channelOrderId":"JP-2001",
         "order":{"status":"paid","placedAt":"2026-11-27T01:00:00Z","currency":"JPY",
          "amounts":{"total":"5400"},"lines":[{"sku":"SKU-CUP-01","quantity":3,"unitPrice":"1800"}],
          "fulfilment":{"mode":"pickup_in_store","storeId":"ST-SH-01"}}}
        """),
        ("webshop", """
        {"messageId":"demo-3001","events":[
          {"type":"OrderCreated","channelOrderId":"H5-3001-A","order":{"parentChannelOrderId":"H5-3001","placedAt":"2026-11-27T10:00:00+08:00","currency":"CNY",
            "amounts":{"total":"99.00"},"lines":[{"sku":"SKU-TEA-02","quantity":1,"unitPrice":"99.00"}]}},
          {"type":"OrderCreated","channelOrderId":"H5-3001-B","order":{"parentChannelOrderId":"H5-3001","placedAt":"2026-11-27T10:00:00+08:00","currency":"CNY",
            "amounts":{"total":"59.90"},"lines":[{"sku":"SKU-GIFT-01","quantity":2,"unitPrice":"29.95"}]}}]}
        """),
    ]
}
