"""A misbehaving marketplace for bench/chaos.sh: GET /orders?page=N&page_size=S&updated_after=ISO like
bench/fake_channel.py, but its order list grows while it runs and a control route switches how it answers.

Usage: python3 bench/chaos_channel.py PORT [ORDERS_PER_SECOND] [SLOW_SECONDS]
Control (never affected by the mode):
  GET /_chaos?mode=ok|slow|reset|429|500   ok answers; slow answers after SLOW_SECONDS; reset closes the connection
                                           with a TCP RST before answering; 429 asks to wait (Retry-After: 1); 500 fails
  GET /_chaos?freeze=1                     stops adding orders (the list is then final)
  GET /_chaos                              the state: mode, orders, requests answered per mode (JSON)
Orders are CHAOS-0, CHAOS-1, … (canonical format), each with its own creation time as updatedAt; none ever changes.
Python 3 standard library only.
"""
import json
import socket
import struct
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT = int(sys.argv[1])
RATE = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
SLOW_SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 6.0
START = time.time()
INITIAL = 20  # orders present from the start

state = {"mode": "ok", "frozen_at": None}
answered = Counter()
lock = threading.Lock()


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def created_at(index):
    return START - 1 if index < INITIAL else START + (index - INITIAL) / RATE


def order_count():
    now = state["frozen_at"] or time.time()
    return INITIAL + max(0, int((now - START) * RATE))


def order(index):
    time_text = iso(created_at(index))
    price = f"{index % 90 + 10}.00"
    return {
        "channelOrderId": f"CHAOS-{index}",
        "order": {
            "status": "paid", "placedAt": time_text, "updatedAt": time_text, "currency": "CNY", "amounts": {"total": price},
            "buyer": {"id": f"b-{index % 97}", "name": "Zhang Min", "phone": "+86 139 1234 5678"},
            "shippingAddress": {"country": "CN", "province": "Guangdong", "city": "Shenzhen", "street": ["1001 Keyuan Road"]},
            "lines": [{"lineId": "1", "sku": f"SKU-{index % 50}", "quantity": 1, "unitPrice": price}],
        },
    }


def page_of(query):
    page = int(query.get("page", ["1"])[0])
    size = int(query.get("page_size", ["20"])[0])
    after = query.get("updated_after", [None])[0]
    since = datetime.fromisoformat(after.replace("Z", "+00:00")).timestamp() if after else 0
    # Whole seconds, as the channel publishes them: an order is listed when its published time is not before `since`.
    visible = [i for i in range(order_count()) if int(created_at(i)) >= since]
    start = (page - 1) * size
    return {"orders": [order(i) for i in visible[start:start + size]], "page": page}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/_chaos":
            return self.control(query)
        mode = state["mode"]
        with lock:
            answered[mode] += 1
        if mode == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if mode == "429":
            return self.send(429, {"error": "slow down"}, {"Retry-After": "1"})
        if mode == "500":
            return self.send(500, {"error": "internal"})
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
        self.send(200, page_of(query))

    def control(self, query):
        if "mode" in query:
            state["mode"] = query["mode"][0]
        if "freeze" in query and state["frozen_at"] is None:
            state["frozen_at"] = time.time()
        with lock:
            counts = dict(answered)
        self.send(200, {"mode": state["mode"], "orders": order_count(), "frozen": state["frozen_at"] is not None, "answered": counts})

    def send(self, status, payload, headers=None):
        body = json.dumps(payload, separators=(",", ":")).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True  # the poller gave up waiting (slow mode)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # resets and clients that timed out are the point


Server(("127.0.0.1", PORT), Handler).serve_forever()
