"""How long the console's pages take on a small store and on a large one (default a million orders).

For each size: a fresh `channelgate serve` (release build, SQLite, access checks on, routing off so a million
orders are not held in the routing core), seeded over the API with canonical orders in NDJSON batches of 5,000,
each followed by 50 orders to the `webshop` channel of which half are invalid (kept as dead letters: 0.5 %), and
2,000 h5-shop webhooks, 1 % of those with a status code the mapping does not know. Both sizes hold more dead
letters than a page shows, so a page renders as many rows on both. Then each page is fetched 20 times in a signed-in session, one at a time;
the median and p95 are reported with the ratio large / small, which stays near 1 when no page reads a table
whole. Prints a Markdown table; progress goes to stderr.
Usage: python3 bench/console_pages.py --binary PATH --sizes 1000,1000000
"""

import argparse
import concurrent.futures
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000
FETCHES = 20


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def config(directory, port):
    path = Path(directory) / "bench.yaml"
    path.write_text(
        f"host: 127.0.0.1\nport: {port}\ndataDir: {directory}/data\ndemoData: false\nlogLevel: warning\n"
        "channels:\n  - name: webshop\n    format: canonical\n    onInvalid: dead_letter\n"
        "access:\n  required: true\n  rateLimits:\n    client: {rate: 100000, burst: 100000}\n"
    )
    return path


def request(base, method, path, token=None, data=None, headers=None, opener=None):
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = "Bearer " + token
    call = urllib.request.Request(base + path, data=data, headers=all_headers, method=method)
    try:
        with (opener or urllib.request.build_opener()).open(call, timeout=600) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def order(number, channel_invalid=False):
    placed = datetime(2026, 11, 1, tzinfo=timezone.utc) + timedelta(seconds=number * 2)
    currency = "XBT" if channel_invalid else "CNY"
    return json.dumps({
        "channelOrderId": f"B-{number}",
        "order": {
            "placedAt": placed.strftime("%Y-%m-%dT%H:%M:%SZ"), "currency": currency, "amounts": {"total": "39.00"},
            "buyer": {"name": "Li Wei", "phone": "13800138000"},
            "shippingAddress": {"country": "CN", "city": "Shanghai", "street": ["1 Nanjing Road"]},
            "lines": [{"sku": f"SKU-{number % 120}", "quantity": 1, "unitPrice": "39.00"}],
        },
    })


def seed(base, token, size):
    h5 = (ROOT / "contract-tests/h5-shop/paid-store-pickup.input.json").read_text()

    def post(channel, lines, batch_id):
        status, body = request(base, "POST", f"/v1/channels/{channel}/batches", token, "\n".join(lines).encode(),
                               {"Content-Type": "application/x-ndjson", "X-Batch-Id": batch_id})
        if status != 200:
            raise SystemExit(f"batch {batch_id} answered {status}: {body[:200]!r}")

    def batch(start):
        post("canonical", [order(number) for number in range(start, min(start + BATCH, size))], f"bench-{start}")
        shop = range(size + start // BATCH * 50, size + start // BATCH * 50 + 50)
        post("webshop", [order(number, channel_invalid=(number % 2 == 0)) for number in shop], f"bench-shop-{start}")
        return min(BATCH, size - start)

    def webhook(number):
        text = h5.replace("WX20251120101533000731", f"WX-BENCH-{number}").replace("evt_20251120102215_5f3a9c", f"evt_bench_{number}")
        if number % 100 == 0:
            text = text.replace('"status": 21', '"status": 60')
        status, body = request(base, "POST", "/v1/channels/h5-shop/orders", token, text.encode(), {"Content-Type": "application/json"})
        if status != 202:
            raise SystemExit(f"h5-shop webhook {number} answered {status}: {body[:200]!r}")

    started = time.monotonic()
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for count in pool.map(batch, range(0, size, BATCH)):
            done += count
            rate = done / max(time.monotonic() - started, 0.001)
            print(f"\r  seeded {done:,}/{size:,} orders ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
        list(pool.map(webhook, range(2000)))
    print(f"\r  seeded {size:,} orders and 2,000 webhooks in {time.monotonic() - started:.0f} s" + " " * 20, file=sys.stderr)


def sign_in(base, secret):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, page = request(base, "GET", "/console/sign-in", opener=opener)
    token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"csrf": token, "client_id": "demo", "client_secret": secret}).encode()
    request(base, "POST", "/console/sign-in", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}, opener=opener)
    status, page = request(base, "GET", "/console", opener=opener)
    csrf = re.search(rb'data-csrf="([^"]+)"', page).group(1).decode()
    return opener, csrf


def pages(base, token):
    status, body = request(base, "GET", "/v1/dead-letters?limit=1", token)
    dead_letter = json.loads(body)["deadLetters"][0]["id"]
    status, body = request(base, "GET", "/v1/orders?limit=1", token)
    order_id = json.loads(body)["orders"][0]["orderId"]
    source = (ROOT / "mappings/h5-shop.yaml").read_text().replace('    "40": delivered', '    "60": shipped\n    "40": delivered')
    return [
        ("channels", "GET", "/console", None),
        ("dead letters", "GET", "/console/dead-letters", None),
        ("dead letters of a channel and code", "GET", "/console/dead-letters?channel=webshop&code=unknown_currency&age=", None),
        ("one dead letter", "GET", f"/console/dead-letters/{dead_letter}", None),
        ("orders", "GET", "/console/orders", None),
        ("one order", "GET", f"/console/orders/{order_id}", None),
        ("workbench", "GET", "/console/mappings/h5-shop", None),
        ("draft over stored traffic", "POST", "/console/mappings/h5-shop/check", {"source": source}),
        ("forecasts", "GET", "/console/forecasts", None),
        ("operations", "GET", "/console/operations", None),
    ]


def measure(base, opener, csrf, page):
    name, method, path, form = page
    times = []
    for _ in range(FETCHES):
        data = urllib.parse.urlencode({**form, "csrf": csrf}).encode() if form else None
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Console-Fragment": "1"} if form else {}
        started = time.perf_counter()
        status, body = request(base, method, path, data=data, headers=headers, opener=opener)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{name} answered {status}: {body[:300]!r}")
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def run(binary, size):
    with tempfile.TemporaryDirectory(prefix="channelgate-console-bench-") as directory:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([binary, "serve", "--config", str(config(directory, port))], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=open(Path(directory) / "serve.log", "w"))
        try:
            for _ in range(600):
                try:
                    if request(base, "GET", "/readyz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            secret = (Path(directory) / "data/demo-client.secret").read_text().strip()
            status, body = request(base, "POST", "/oauth/token", data=urllib.parse.urlencode(
                {"grant_type": "client_credentials", "client_id": "demo", "client_secret": secret}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
            token = json.loads(body)["access_token"]
            print(f"size {size:,}:", file=sys.stderr)
            seed(base, token, size)
            opener, csrf = sign_in(base, secret)
            results = {}
            for page in pages(base, token):
                results[page[0]] = measure(base, opener, csrf, page)
                print(f"  {page[0]}: median {results[page[0]][0]:.1f} ms", file=sys.stderr)
            store = Path(directory) / "data/channelgate.sqlite"
            return results, store.stat().st_size
        finally:
            server.terminate()
            server.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sizes", default="1000,1000000")
    arguments = parser.parse_args()
    small, large = (int(text) for text in arguments.sizes.split(","))
    small_results, small_bytes = run(arguments.binary, small)
    large_results, large_bytes = run(arguments.binary, large)
    print(f"| page | {small:,} orders: median / p95 | {large:,} orders: median / p95 | ratio of medians |")
    print("|---|---:|---:|---:|")
    for name, (median, p95) in small_results.items():
        big_median, big_p95 = large_results[name]
        print(f"| {name} | {median:.1f} / {p95:.1f} ms | {big_median:.1f} / {big_p95:.1f} ms | {big_median / median:.2f} |")
    print(f"\nStore size: {small_bytes / 2**20:.0f} MiB and {large_bytes / 2**30:.2f} GiB.")


if __name__ == "__main__":
    main()
