# The transformation of mappings/shopify.yaml's OrderCreated rule (no validation), as bench/mapping_peers.py's
# JSONata expression does it, for jq: one compact canonical message per input order.
(if .order then .order else . end) as $o
| {"pending": "created", "authorized": "created", "partially_paid": "created", "paid": "paid",
   "partially_refunded": "paid", "refunded": "paid", "voided": "cancelled"} as $statuses
| {
    messageId: (($o.id | tostring) + "@" + $o.updated_at),
    events: [{
      type: "OrderCreated",
      channelOrderId: ($o.id | tostring),
      occurredAt: $o.updated_at,
      order: {
        status: ($statuses[$o.financial_status // ""] // "created"),
        placedAt: $o.created_at,
        updatedAt: $o.updated_at,
        currency: $o.currency,
        amounts: {
          subtotal: $o.subtotal_price,
          discount: ($o.total_discounts // "0"),
          tax: ($o.total_tax // "0"),
          shipping: ($o.shipping_lines[0].price // "0"),
          total: $o.total_price
        },
        buyer: {id: ($o.customer.id | tostring), name: $o.shipping_address.name, phone: $o.shipping_address.phone, email: $o.email},
        shippingAddress: {
          country: $o.shipping_address.country_code, province: $o.shipping_address.province, city: $o.shipping_address.city,
          street: [$o.shipping_address.address1, $o.shipping_address.address2 | select(. != null and . != "")],
          postalCode: $o.shipping_address.zip,
          lat: ($o.shipping_address.latitude | if . == null then null else tonumber end),
          lon: ($o.shipping_address.longitude | if . == null then null else tonumber end)
        },
        lines: [$o.line_items[] | {lineId: (.id | tostring), sku: .sku, channelSku: (.variant_id | tostring), title: .name,
                                   quantity: .quantity, unitPrice: .price}],
        extras: {name: $o.name, gateway: $o.gateway, fulfillmentStatus: $o.fulfillment_status}
      }
    }]
  }
