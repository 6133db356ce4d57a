"""A marketplace-like order list for the pull-sync benchmark: GET /orders?page=N&page_size=S&updated_after=ISO.

Serves COUNT canonical orders, oldest update first, from pages built in memory, so the channel side costs little.
Usage: python3 bench/fake_channel.py PORT COUNT
"""
import json
import sys
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT, COUNT = int(sys.argv[1]), int(sys.argv[2])
BASE = 1_795_000_000


def order(index):
    time = datetime.fromtimestamp(BASE + index * 10, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    price = f"{index % 90 + 10}.00"
    return {
        "channelOrderId": f"PULL-{index}",
        "order": {
            "status": "paid", "placedAt": time, "updatedAt": time, "currency": "CNY", "amounts": {"total": price},
            "buyer": {"id": f"b-{index % 997}", "name": "Zhang Min", "phone": "+86 139 1234 5678"},
            "shippingAddress": {"country": "CN", "province": "Guangdong", "city": "Shenzhen", "street": ["1001 Keyuan Road"]},
            "lines": [{"lineId": "1", "sku": f"SKU-{index % 50}", "quantity": 1, "unitPrice": price}],
        },
    }


ORDERS = [order(i) for i in range(COUNT)]
PAGES = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        page = int(query.get("page", ["1"])[0])
        size = int(query.get("page_size", ["100"])[0])
        key = (page, size)
        if key not in PAGES:
            start = (page - 1) * size
            PAGES[key] = json.dumps({"orders": ORDERS[start:start + size], "page": page}, separators=(",", ":")).encode()
        body = PAGES[key]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
