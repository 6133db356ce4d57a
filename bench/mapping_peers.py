"""The same transformations as ChannelGate's shipped mappings, written for Python peers, timed the same way.

JSON: jsonata-python evaluates a JSONata expression equivalent to mappings/shopify.yaml's OrderCreated rule
(and mappings/amazon-sp.yaml's when present). XML: lxml runs an XSLT 1.0 stylesheet equivalent to
mappings/ubl-order.yaml. Each iteration parses the payload bytes and transforms them, as ChannelGate does.
Prints one JSON line per case: {"case", "orders_per_second", "iterations"}.
"""
import json
import sys
import time
from pathlib import Path

import jsonata
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DURATION = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0

SHOPIFY = """(
  $o := order ? order : $;
  $statuses := {"pending":"created","authorized":"created","partially_paid":"created","paid":"paid",
              "partially_refunded":"paid","refunded":"paid","voided":"cancelled"};
  {
    "messageId": $string($o.id) & "@" & $o.updated_at,
    "events": [{
      "type": "OrderCreated",
      "channelOrderId": $string($o.id),
      "occurredAt": $o.updated_at,
      "order": {
        "status": $lookup($statuses, $o.financial_status) ? $lookup($statuses, $o.financial_status) : "created",
        "placedAt": $o.created_at,
        "updatedAt": $o.updated_at,
        "currency": $o.currency,
        "amounts": {
          "subtotal": $o.subtotal_price,
          "discount": $o.total_discounts ? $o.total_discounts : "0",
          "tax": $o.total_tax ? $o.total_tax : "0",
          "shipping": $o.shipping_lines[0].price ? $o.shipping_lines[0].price : "0",
          "total": $o.total_price
        },
        "buyer": {"id": $string($o.customer.id), "name": $o.shipping_address.name,
                  "phone": $o.shipping_address.phone, "email": $o.email},
        "shippingAddress": {"country": $o.shipping_address.country_code, "province": $o.shipping_address.province,
                            "city": $o.shipping_address.city,
                            "street": [$o.shipping_address.address1, $o.shipping_address.address2][$ != ""],
                            "postalCode": $o.shipping_address.zip,
                            "lat": $number($o.shipping_address.latitude), "lon": $number($o.shipping_address.longitude)},
        "lines": [$o.line_items.{"lineId": $string(id), "sku": sku, "channelSku": $string(variant_id), "title": name,
                                 "quantity": quantity, "unitPrice": price}],
        "extras": {"name": $o.name, "gateway": $o.gateway, "fulfillmentStatus": $o.fulfillment_status}
      }
    }]
  }
)"""

AMAZON = """(
  $p := payload ? payload : $;
  $kinds := {"Pending":"none","PendingAvailability":"none","Unshipped":"PaymentConfirmed","PartiallyShipped":"PaymentConfirmed",
             "Shipped":"ShipmentUpdated","InvoiceUnconfirmed":"ShipmentUpdated","Canceled":"OrderCancelled","Unfulfillable":"none"};
  $event := function($o) {{
    "type": $lookup($kinds, $o.OrderStatus),
    "channelOrderId": $o.AmazonOrderId,
    "occurredAt": $o.LastUpdateDate,
    "payment": {"currency": $o.OrderTotal.CurrencyCode, "amount": $o.OrderTotal.Amount, "method": $o.PaymentMethod,
                "paidAt": $o.LastUpdateDate},
    "shipment": {"status": "shipped"}
  }};
  {
    "messageId": $p.AmazonOrderId & "@" & $p.LastUpdateDate,
    "events": [($p.Orders ? $p.Orders : $p).$event($)[type != "none"]]
  }
)"""

UBL_XSLT = b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:o="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <xsl:output method="xml" encoding="UTF-8"/>
  <!-- The same work as mappings/ubl-order.yaml: currency fallback, allowance/charge sums, one delivery address of
       three places with its recipient, item-id fallbacks, price per base quantity, line charges and amounts. -->
  <xsl:template match="/o:Order">
    <xsl:variable name="total" select="cac:AnticipatedMonetaryTotal"/>
    <message id="{concat(cac:BuyerCustomerParty/cac:Party/cbc:EndpointID, ':', cbc:ID)}">
      <event type="OrderCreated" channelOrderId="{normalize-space(cbc:ID)}">
        <order status="created" placedAt="{concat(normalize-space(cbc:IssueDate), 'T', normalize-space(cbc:IssueTime))}" pricesIncludeTax="false"
               currency="{normalize-space((cbc:DocumentCurrencyCode | $total/cbc:PayableAmount/@currencyID)[1])}">
          <amounts subtotal="{$total/cbc:LineExtensionAmount}" tax="{cac:TaxTotal/cbc:TaxAmount}"
                   total="{($total/cbc:TaxInclusiveAmount | $total/cbc:PayableAmount)[1]}">
            <xsl:attribute name="discount"><xsl:choose>
              <xsl:when test="$total/cbc:AllowanceTotalAmount"><xsl:value-of select="$total/cbc:AllowanceTotalAmount"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:Amount)"/></xsl:otherwise>
            </xsl:choose></xsl:attribute>
            <xsl:attribute name="shipping"><xsl:choose>
              <xsl:when test="$total/cbc:ChargeTotalAmount"><xsl:value-of select="$total/cbc:ChargeTotalAmount"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:Amount)"/></xsl:otherwise>
            </xsl:choose></xsl:attribute>
          </amounts>
          <xsl:variable name="buyer" select="cac:BuyerCustomerParty"/>
          <xsl:variable name="contact" select="($buyer/cac:DeliveryContact | $buyer/cac:Party/cac:Contact | $buyer/cac:BuyerContact)[1]"/>
          <buyer id="{normalize-space($buyer/cac:Party/cbc:EndpointID)}"
                 name="{($buyer/cac:Party/cac:PartyName/cbc:Name | $buyer/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName)[1]}"
                 phone="{$contact/cbc:Telephone}" email="{$contact/cbc:ElectronicMail}"/>
          <xsl:variable name="party" select="cac:Delivery/cac:DeliveryParty"/>
          <xsl:for-each select="(cac:Delivery/cac:DeliveryLocation/cac:Address | cac:Delivery/cac:DeliveryAddress | $party/cac:PostalAddress)[1]">
            <shippingAddress country="{cac:Country/cbc:IdentificationCode}" province="{cbc:CountrySubentity}" city="{cbc:CityName}"
                             postalCode="{cbc:PostalZone}" company="{normalize-space($party/cac:PartyName/cbc:Name)}"
                             name="{normalize-space($party/cac:Contact/cbc:Name)}" phone="{normalize-space($party/cac:Contact/cbc:Telephone)}">
              <street><xsl:value-of select="concat(cbc:StreetName, ' ', cbc:BuildingNumber)"/></street>
              <street><xsl:value-of select="cbc:AdditionalStreetName"/></street>
              <street><xsl:value-of select="cac:AddressLine/cbc:Line"/></street>
            </shippingAddress>
          </xsl:for-each>
          <xsl:for-each select="cac:OrderLine/cac:LineItem">
            <xsl:variable name="item" select="cac:Item"/>
            <xsl:variable name="base"><xsl:choose>
              <xsl:when test="cac:Price/cbc:BaseQuantity"><xsl:value-of select="cac:Price/cbc:BaseQuantity"/></xsl:when>
              <xsl:otherwise>1</xsl:otherwise>
            </xsl:choose></xsl:variable>
            <line lineId="{normalize-space(cbc:ID)}" channelSku="{normalize-space($item/cac:StandardItemIdentification/cbc:ID)}"
                  title="{normalize-space($item/cbc:Name)}" quantity="{cbc:Quantity}" tax="{cbc:TotalTaxAmount}" amount="{cbc:LineExtensionAmount}"
                  unitPrice="{round(cac:Price/cbc:PriceAmount div $base * 100) div 100}"
                  discount="{sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:Amount)}"
                  charges="{sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:Amount)}">
              <xsl:attribute name="sku">
                <xsl:choose>
                  <xsl:when test="normalize-space($item/cac:SellersItemIdentification/cbc:ID) != '' and translate($item/cac:SellersItemIdentification/cbc:ID, 'NA', 'na') != 'n/a'">
                    <xsl:value-of select="normalize-space($item/cac:SellersItemIdentification/cbc:ID)"/></xsl:when>
                  <xsl:when test="$item/cac:StandardItemIdentification/cbc:ID"><xsl:value-of select="concat('gtin:', normalize-space($item/cac:StandardItemIdentification/cbc:ID))"/></xsl:when>
                  <xsl:when test="$item/cac:BuyersItemIdentification/cbc:ID"><xsl:value-of select="concat('buyer:', normalize-space($item/cac:BuyersItemIdentification/cbc:ID))"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="concat('name:', substring(normalize-space($item/cbc:Name), 1, 100))"/></xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
            </line>
          </xsl:for-each>
          <extras customizationId="{normalize-space(cbc:CustomizationID)}" orderTypeCode="{normalize-space(cbc:OrderTypeCode)}" note="{cbc:Note}"
                  accountingCost="{(cbc:AccountingCostCode | cbc:AccountingCost)[1]}" payableAmount="{$total/cbc:PayableAmount}"/>
        </order>
      </event>
    </message>
  </xsl:template>
</xsl:stylesheet>"""


def timed(name, work):
    work()  # warm up and check it runs
    iterations = 0
    start = time.perf_counter()
    while time.perf_counter() - start < DURATION:
        for _ in range(50):
            work()
        iterations += 50
    elapsed = time.perf_counter() - start
    print(json.dumps({"case": name, "orders_per_second": round(iterations / elapsed, 1), "iterations": iterations}))


def main():
    shopify_bytes = (ROOT / "contract-tests/shopify/rest-order.input.json").read_bytes()
    shopify = jsonata.Jsonata(SHOPIFY)
    result = shopify.evaluate(json.loads(shopify_bytes))
    assert result["events"][0]["order"]["lines"][2]["sku"] == "IPOD2008BLACK", result
    timed("Shopify order (JSON) jsonata-python", lambda: json.dumps(shopify.evaluate(json.loads(shopify_bytes))))

    amazon_bytes = (ROOT / "contract-tests/amazon-sp/unshipped.input.json").read_bytes()
    amazon = jsonata.Jsonata(AMAZON)
    result = amazon.evaluate(json.loads(amazon_bytes))
    assert result["events"][0]["type"] == "PaymentConfirmed", result
    timed("Amazon SP-API order (JSON) jsonata-python", lambda: json.dumps(amazon.evaluate(json.loads(amazon_bytes))))

    ubl_bytes = (ROOT / "contract-tests/ubl-order/oasis-example.input.xml").read_bytes()
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    transform = etree.XSLT(etree.XML(UBL_XSLT))
    out = transform(etree.fromstring(ubl_bytes, parser))
    assert b'sku="SItemNo011"' in etree.tostring(out) and b'company="Swedish trucking"' in etree.tostring(out), etree.tostring(out)
    timed("UBL 2.1 Order (XML) lxml XSLT", lambda: etree.tostring(transform(etree.fromstring(ubl_bytes, parser))))


if __name__ == "__main__":
    main()
