"""The same transformations as ChannelGate's shipped mappings, written for its peers, timed the same way.

JSON: jsonata-python evaluates a JSONata expression equivalent to mappings/shopify.yaml's OrderCreated rule
(and mappings/amazon-sp.yaml's when present); jq runs bench/peers/shopify.jq, the same transformation, in one
process over 5,000 compact copies of the order. XML: lxml runs the XSLT 1.0 stylesheet bench/peers/ubl.xsl,
equivalent to mappings/ubl-order.yaml; xsltproc (libxslt, C) runs the same stylesheet in one process over 2,000
copies of the document. Each iteration parses the payload bytes and transforms them, as ChannelGate does.
Prints one JSON line per case: {"case", "orders_per_second", "iterations"}.
"""
import json
import shutil
import subprocess
import sys
import tempfile
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

UBL_XSLT = (ROOT / "bench/peers/ubl.xsl").read_bytes()


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


def timed_process(name, command, documents):
    """Runs `command` (one process over `documents` inputs) until DURATION has passed; reports documents per second."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the page cache, check it runs
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < DURATION:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        done += documents
    elapsed = time.perf_counter() - start
    print(json.dumps({"case": name, "orders_per_second": round(done / elapsed, 1), "iterations": done}))


def c_peers(work, shopify_bytes, ubl_bytes):
    """jq over NDJSON and xsltproc over many files, when Debian's jq and xsltproc are installed."""
    if shutil.which("jq"):
        copies = work / "shopify.ndjson"
        line = json.dumps(json.loads(shopify_bytes), separators=(",", ":"))
        copies.write_text((line + "\n") * 5000)
        check = subprocess.run(["jq", "-c", "-f", str(ROOT / "bench/peers/shopify.jq"), str(ROOT / "contract-tests/shopify/rest-order.input.json")],
                               check=True, capture_output=True, text=True).stdout
        assert json.loads(check)["events"][0]["order"]["lines"][2]["sku"] == "IPOD2008BLACK", check
        timed_process("Shopify order (JSON) jq", ["jq", "-c", "-f", str(ROOT / "bench/peers/shopify.jq"), str(copies)], 5000)
    if shutil.which("xsltproc"):
        files = []
        for index in range(2000):
            path = work / f"ubl-{index}.xml"
            path.write_bytes(ubl_bytes)
            files.append(str(path))
        check = subprocess.run(["xsltproc", "--nonet", str(ROOT / "bench/peers/ubl.xsl"), files[0]], check=True, capture_output=True).stdout
        assert b'sku="SItemNo011"' in check, check
        timed_process("UBL 2.1 Order (XML) xsltproc", ["xsltproc", "--nonet", str(ROOT / "bench/peers/ubl.xsl"), *files], 2000)


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
    with tempfile.TemporaryDirectory() as work:
        c_peers(Path(work), shopify_bytes, ubl_bytes)


if __name__ == "__main__":
    main()
