"""The client side of bench/chaos.sh: load driver, route watcher, slow clients and the checks after each fault.

Subcommands (every one talks to one gateway at --base; the bearer token is read from --token-file):
  load      threads posting canonical orders, each with its own Idempotency-Key (= channelOrderId), retrying a key on
            connection errors, 429 and 5xx until it gets a 2xx; every attempt and every outcome is a JSON line in --out
  watch     probes /healthz, /readyz, GET /v1/orders and GET /v1/events every 0.25 s; one JSON line per probe
  slow      opens sockets that send headers and trickle a body (or the headers) 1 byte every --interval seconds to
            /oauth/token and to the ingest route, and meanwhile probes /healthz, /readyz and a well-behaved ingest
  verify    every acknowledged key: in the event feed exactly once, and a resend answers `Idempotent-Replayed: true`
  recovery  from a load log: the statuses seen in a time window, and seconds from each mark to the next 2xx
  watchsum  from a watch log: did the given routes answer 200 on every probe in a time window
  converge  waits until the feed holds every order a (fake) channel served, exactly once
Machine-readable results go to stdout as one line of key=value words; explanations go to stderr.
Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import random
import re
import resource
import selectors
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlparse

# ---------------------------------------------------------------------------------------------------- HTTP helpers


def connect(base, timeout):
    url = urlparse(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)


def request(conn, method, path, body=None, headers=None):
    """One request on `conn`; returns (status, headers dict (lower-case), body bytes). Raises on transport errors."""
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def call(base, method, path, token=None, body=None, headers=None, timeout=5.0):
    """A one-off request; status 0 on a connection error, -1 on a timeout."""
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = "Bearer " + token
    conn = connect(base, timeout)
    try:
        return request(conn, method, path, body, all_headers)
    except socket.timeout:
        return -1, {}, b""
    except (OSError, http.client.HTTPException):
        return 0, {}, b""
    finally:
        conn.close()


def error_code(body):
    try:
        return json.loads(body)["error"]["code"]
    except Exception:
        return ""


def order_body(key, lines):
    """A valid canonical order whose channelOrderId is `key`, with `lines` lines of 10.00 each."""
    items = [{"sku": f"SKU-{i % 50}", "title": f"Chaos tea sampler {i}", "quantity": 1, "unitPrice": "10.00"} for i in range(lines)]
    order = {
        "channelOrderId": key,
        "order": {
            "placedAt": "2026-11-27T10:00:00+08:00", "currency": "CNY", "amounts": {"total": f"{10 * lines}.00"},
            "buyer": {"name": "Chaos Tester", "phone": "13800138000"},
            "shippingAddress": {"country": "CN", "city": "Hangzhou", "street": ["1 Wensan Road"]},
            "lines": items,
        },
    }
    return json.dumps(order, separators=(",", ":")).encode()


def ingest_headers(token, key):
    return {"Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key}


class JSONLines:
    """A JSON-lines file shared by threads."""

    def __init__(self, path):
        self.file = open(path, "a", buffering=1)
        self.lock = threading.Lock()

    def write(self, record):
        line = json.dumps(record, separators=(",", ":"))
        with self.lock:
            self.file.write(line + "\n")


def read_lines(path):
    records = []
    if not path or not os.path.exists(path):
        return records
    with open(path) as file:
        for line in file:
            line = line.strip()
            if line:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    pass  # a line cut by a kill
    return records


def token_of(path):
    with open(path) as file:
        return file.read().strip()


def say(text):
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------- load


def post_until_acknowledged(args, conn_box, token, key, log):
    """Posts one order until a 2xx, a final refusal, the give-up time or the stop file; logs every attempt."""
    body = order_body(key, args.lines)
    first = time.time()
    while True:
        sent = time.time()
        status, replayed, code, retry_after = 0, False, "", 0.0
        reused = conn_box[0] is not None
        try:
            if conn_box[0] is None:
                conn_box[0] = connect(args.base, args.timeout)
            status, headers, data = request(conn_box[0], "POST", "/v1/channels/canonical/orders", body, ingest_headers(token, key))
            replayed = headers.get("idempotent-replayed") == "true"
            if status >= 300:
                code = error_code(data)
                retry_after = float(headers.get("retry-after", "0") or 0)
            if headers.get("connection", "").lower() == "close":
                conn_box[0].close()
                conn_box[0] = None
        except socket.timeout:
            status = -1
        except ConnectionRefusedError:
            status = -2  # nobody listening: the request never reached a server
        except (OSError, http.client.HTTPException, ValueError):
            # On a kept-alive connection the server may have closed while idle (a stale connection, -3); on a fresh
            # one the failure is a reset of a request the server took (0).
            status = -3 if reused else 0
        if status <= 0 and conn_box[0] is not None:
            conn_box[0].close()
            conn_box[0] = None
        log.write({"kind": "attempt", "key": key, "sent": sent, "t": time.time(), "status": status, "replayed": replayed, "code": code})
        if 200 <= status < 300:
            log.write({"kind": "ack", "key": key, "t": time.time(), "status": status, "replayed": replayed, "lines": args.lines})
            return
        retryable = status <= 0 or status == 429 or status >= 500
        if not retryable:
            log.write({"kind": "refused", "key": key, "t": time.time(), "status": status, "code": code})
            return
        if time.time() - first > args.give_up or os.path.exists(args.stop_file):
            log.write({"kind": "abandoned", "key": key, "t": time.time(), "status": status, "code": code})
            return
        time.sleep(min(max(retry_after, 0.05), args.max_retry_wait) * random.uniform(0.8, 1.2))


def load_thread(args, index, log):
    token = token_of(args.token_file)
    conn_box = [None]
    number = 0
    while not os.path.exists(args.stop_file):
        post_until_acknowledged(args, conn_box, token, f"{args.prefix}-{index}-{number}", log)
        number += 1
        if args.pause:
            time.sleep(args.pause)


def command_load(args):
    log = JSONLines(args.out)
    threads = [threading.Thread(target=load_thread, args=(args, index, log), daemon=True) for index in range(args.threads)]
    for thread in threads:
        thread.start()
    deadline = time.time() + args.max_seconds
    while any(thread.is_alive() for thread in threads) and time.time() < deadline:
        time.sleep(0.1)
    if time.time() >= deadline:
        open(args.stop_file, "a").close()
        for thread in threads:
            thread.join(args.timeout + 1)


# ---------------------------------------------------------------------------------------------------- watch


def command_watch(args):
    token = token_of(args.token_file)
    log = JSONLines(args.out)
    routes = [
        ("healthz", "/healthz", False), ("readyz", "/readyz", False),
        ("orders", "/v1/orders?limit=1", True), ("events", "/v1/events?after=0&limit=1", True),
    ]
    deadline = time.time() + args.max_seconds
    while not os.path.exists(args.stop_file) and time.time() < deadline:
        for name, path, authenticated in routes:
            status, _, _ = call(args.base, "GET", path, token if authenticated else None, timeout=3.0)
            log.write({"route": name, "t": time.time(), "status": status})
        time.sleep(0.25)


def command_watchsum(args):
    """ready=yes|no and a per-route summary; connection errors are ignored with --alive-only (a killed process)."""
    probes = [p for p in read_lines(args.watch) if args.start <= p["t"] <= args.end]
    verdict = "yes"
    details = []
    for route in args.routes.split(","):
        seen = [p["status"] for p in probes if p["route"] == route]
        if args.alive_only:
            seen = [s for s in seen if s != 0]
        good = sum(1 for s in seen if s == 200)
        bad = Counter(s for s in seen if s != 200)
        if not seen or bad:
            verdict = "no"
        details.append(f"{route}:{good}/{len(seen)}" + ("(" + ",".join(f"{s}x{n}" for s, n in sorted(bad.items())) + ")" if bad else ""))
    ready = [p["status"] for p in probes if p["route"] == "readyz"]
    not_ready = sum(1 for s in ready if s == 503)
    print(f"ready={verdict} readyz_503={not_ready} detail={';'.join(details)}")


# ---------------------------------------------------------------------------------------------------- recovery


def command_recovery(args):
    """Statuses of attempts sent and answered within [start, end], and seconds from each mark to the first 2xx of a
    request sent after it (a request already in flight at the mark says nothing about recovery)."""
    attempts = [a for a in read_lines(args.log) if a.get("kind") == "attempt"]
    window = [a for a in attempts if a["sent"] >= args.start and a["t"] <= args.end]
    statuses = Counter(f"{a['status']}{('/' + a['code']) if a.get('code') else ''}" for a in window)
    waits = []
    for mark in args.mark:
        after = [a["t"] for a in attempts if a["sent"] >= mark and 200 <= a["status"] < 300]
        waits.append(min(after) - mark if after else None)
    recovered = bool(waits) and all(w is not None for w in waits)
    seconds = f"{max(waits):.2f}" if recovered else "none"
    text = ",".join(f"{k}x{v}" for k, v in sorted(statuses.items())) or "none"
    replayed = sum(1 for a in read_lines(args.log) if a.get("kind") == "ack" and a.get("replayed"))
    # The longest any request that overlapped the window waited for its answer.
    longest = max((a["t"] - a["sent"] for a in attempts if a["t"] >= args.start and a["sent"] <= args.end), default=0.0)
    print(f"recovered={'yes' if recovered else 'no'} seconds={seconds} statuses={text} replayed_acks={replayed} longest={longest:.2f}")


# ---------------------------------------------------------------------------------------------------- verify


def read_feed(base, token):
    """Every event of the tenant's feed: {channelOrderId: [event types]}."""
    events = {}
    after = 0
    while True:
        status, _, data = call(base, "GET", f"/v1/events?after={after}&limit=1000", token, timeout=30.0)
        if status != 200:
            raise RuntimeError(f"GET /v1/events?after={after} answered {status}")
        page = json.loads(data)
        for event in page["events"]:
            events.setdefault(event.get("channelorderid"), []).append(event["type"])
        if not page["events"]:
            return events
        after = int(page["next"])


def command_verify(args):
    token = token_of(args.token_file)
    acks, troubled = {}, set()
    for path in args.acks:
        for record in read_lines(path):
            if record.get("kind") == "ack":
                acks[record["key"]] = record
                if record.get("replayed"):
                    troubled.add(record["key"])
            elif record.get("kind") == "attempt" and not 200 <= record["status"] < 300:
                troubled.add(record["key"])
    feed = read_feed(args.base, token)
    lost = sorted(key for key in acks if key not in feed)
    duplicated = sorted(key for key in acks if len(feed.get(key, [])) > 1)
    not_replayed, unverifiable = [], []
    resent = resend_sample(acks, troubled, args.max_resends) if args.replay else []
    if resent:
        conn_box = [None]
        for key in resent:
            status, headers = resend(args.base, conn_box, token, key, acks[key].get("lines", 1))
            if 200 <= status < 300 and headers.get("idempotent-replayed") != "true":
                not_replayed.append(key)
            elif not 200 <= status < 300:
                unverifiable.append(f"{key}:{status}")
    lost_all = sorted(set(lost) | set(not_replayed))
    if lost:
        say(f"    LOST (acknowledged, not in the event feed): {len(lost)} e.g. {lost[:5]}")
    if not_replayed:
        say(f"    LOST (acknowledged, but a resend was stored as new): {len(not_replayed)} e.g. {not_replayed[:5]}")
    if duplicated:
        say(f"    DUPLICATED (more than one event): {len(duplicated)} e.g. {[(k, feed[k]) for k in duplicated[:5]]}")
    if unverifiable:
        say(f"    resend not answered 2xx for {len(unverifiable)} keys, e.g. {unverifiable[:5]}")
    say(f"    {len(acks)} acknowledged keys checked in the feed ({len(feed)} orders in it); {len(resent)} resent "
        f"(every key that was retried or answered as a replay, {len(troubled & set(acks))}, plus a random sample)")
    print(f"acked={len(acks)} lost={len(lost_all)} dup={len(duplicated)} unverifiable={len(unverifiable)} resent={len(resent)}")


def resend_sample(acks, troubled, limit):
    """The keys whose acknowledgement is most likely to be wrong (retried across a fault, or a replay), then a random sample."""
    first = sorted(key for key in acks if key in troubled)
    rest = sorted(key for key in acks if key not in troubled)
    random.shuffle(rest)
    return first + rest[:max(0, limit - len(first))]


def resend(base, conn_box, token, key, lines):
    for _ in range(3):
        try:
            if conn_box[0] is None:
                conn_box[0] = connect(base, 10.0)
            status, headers, _ = request(conn_box[0], "POST", "/v1/channels/canonical/orders", order_body(key, lines), ingest_headers(token, key))
            return status, headers
        except (OSError, http.client.HTTPException):
            if conn_box[0] is not None:
                conn_box[0].close()
            conn_box[0] = None
            time.sleep(0.2)
    return 0, {}


# ---------------------------------------------------------------------------------------------------- converge


def command_converge(args):
    """Waits until the feed holds every channel order `PREFIX0 … PREFIX(expected-1)`; then counts lost and duplicated."""
    token = token_of(args.token_file)
    wanted = {f"{args.prefix}{i}" for i in range(args.expected)}
    start = time.time()
    counts = Counter()
    after = 0
    while True:
        status, _, data = call(args.base, "GET", f"/v1/events?after={after}&limit=1000", token, timeout=10.0)
        if status == 200:
            page = json.loads(data)
            for event in page["events"]:
                counts[event.get("channelorderid")] += 1
            after = int(page["next"]) if page["events"] else after
            if page["events"]:
                continue
        if wanted <= set(counts) or time.time() - start > args.timeout:
            break
        time.sleep(0.25)
    elapsed = time.time() - start
    lost = sorted(wanted - set(counts))
    duplicated = sorted(k for k in wanted if counts[k] > 1)
    if lost:
        say(f"    channel orders never stored: {len(lost)} e.g. {lost[:5]}")
    if duplicated:
        say(f"    channel orders stored more than once: {len(duplicated)} e.g. {[(k, counts[k]) for k in duplicated[:5]]}")
    seconds = f"{elapsed:.2f}" if not lost else "none"
    print(f"acked={len(wanted)} lost={len(lost)} dup={len(duplicated)} seconds={seconds}")


# ---------------------------------------------------------------------------------------------------- slow clients


class SlowSocket:
    def __init__(self, kind, sock, rest):
        self.kind = kind
        self.sock = sock
        self.rest = rest  # bytes still to trickle
        self.opened = time.time()
        self.closed = None
        self.answer = ""


def open_slow(base, kind, token, key, source):
    """A socket from address `source` that has sent a request's head (or part of it) and will trickle the rest."""
    url = urlparse(base)
    sock = socket.create_connection((url.hostname, url.port), timeout=3, source_address=(source, 0))
    length = 300
    if kind == "token":
        head = f"POST /oauth/token HTTP/1.1\r\nHost: {url.hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n"
        rest = b"grant_type=client_credentials&client_id=demo&client_secret=" + b"x" * length
    elif kind == "ingest":
        head = (f"POST /v1/channels/canonical/orders HTTP/1.1\r\nHost: {url.hostname}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {length}\r\n\r\n")
        rest = order_body(key, 1) + b" " * length
    else:  # headers: the request line, then header bytes that never end
        head = f"POST /oauth/token HTTP/1.1\r\nHost: {url.hostname}\r\n"
        rest = b"X-Slow: " + b"a" * 10000
    sock.sendall(head.encode())
    sock.setblocking(False)
    return SlowSocket(kind, sock, rest)


def probe_well_behaved(args, token, stop, results, log):
    """Every second: /healthz, /readyz and one ingest with a new key; records (time, route, status)."""
    number = 0
    while not stop.is_set():
        for route, method, path in (("healthz", "GET", "/healthz"), ("readyz", "GET", "/readyz")):
            status, _, data = call(args.base, method, path, timeout=5.0)
            results.append((time.time(), route, f"{status}/{error_code(data)}" if status >= 300 else status))
        key = f"{args.prefix}-{number}"
        number += 1
        status, headers, data = call(args.base, "POST", "/v1/channels/canonical/orders", body=order_body(key, 1),
                                     headers=ingest_headers(token, key), timeout=5.0)
        results.append((time.time(), "ingest", f"{status}/{error_code(data)}" if status >= 300 else status))
        if 200 <= status < 300:
            log.write({"kind": "ack", "key": key, "t": time.time(), "status": status, "replayed": headers.get("idempotent-replayed") == "true", "lines": 1})
        stop.wait(1.0)


def trickle(sockets, selector, now):
    """Sends one more byte on every open socket; notes sockets the server closed or answered."""
    for slow in sockets:
        if slow.closed is not None:
            continue
        if not slow.rest:
            continue
        try:
            slow.sock.send(slow.rest[:1])
            slow.rest = slow.rest[1:]
        except OSError as error:
            close_slow(slow, selector, now, f"send failed: {error.strerror}")


def close_slow(slow, selector, now, answer):
    slow.closed = now
    slow.answer = answer
    try:
        selector.unregister(slow.sock)
    except (KeyError, ValueError):
        pass
    slow.sock.close()


def watch_closures(selector, timeout):
    for key, _ in selector.select(timeout):
        slow = key.data
        try:
            data = slow.sock.recv(4096)
        except OSError as error:
            data, slow.answer = b"", f"reset: {error.strerror}"
        if slow.closed is None:
            close_slow(slow, selector, time.time(), describe_answer(data) if data else (slow.answer or "closed"))


def describe_answer(data):
    """`408 request_timeout` from the first bytes of an answer."""
    status = data.split(b"\r\n", 1)[0].decode(errors="replace").split(" ")
    code = re.search(rb'"code":"([^"]+)"', data)
    return (status[1] if len(status) > 1 else "?") + (" " + code.group(1).decode() if code else "")


def summarize_slow(sockets, start, seconds):
    lines = []
    for kind in ("token", "ingest", "headers"):
        group = [s for s in sockets if s.kind == kind]
        if not group:
            continue
        cut = sorted(s.closed - s.opened for s in group if s.closed is not None)
        answers = Counter(s.answer for s in group if s.closed is not None)
        if cut:
            lines.append(f"{kind}: {len(cut)}/{len(group)} cut by the server after {cut[0]:.1f}-{cut[-1]:.1f} s "
                         f"(median {statistics.median(cut):.1f}); answers {dict(answers.most_common(3))}")
        else:
            lines.append(f"{kind}: 0/{len(group)} cut by the server within {seconds:.0f} s")
    return lines


def command_slow(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    token = token_of(args.token_file)
    log = JSONLines(args.acks)
    selector = selectors.DefaultSelector()
    sockets, refused = [], Counter()
    kinds = ["token", "ingest"] * (args.body_sockets // 2) + ["token"] * (args.body_sockets % 2) + ["headers"] * args.header_sockets
    # Loopback takes any 127.x.y.z as a source: --sources N spreads the sockets over 127.0.0.2 … 127.0.0.(N+1), as
    # many clients would be (the gateway caps connections per address); 0 sends them from 127.0.0.1, like the probes.
    sources = [f"127.0.0.{2 + i}" for i in range(args.sources)] or ["127.0.0.1"]
    for index, kind in enumerate(kinds):
        try:
            slow = open_slow(args.base, kind, token, f"slowbody-{args.prefix}-{index}", sources[index % len(sources)])
        except OSError as error:
            refused[error.strerror or str(error)] += 1
            continue
        selector.register(slow.sock, selectors.EVENT_READ, slow)
        sockets.append(slow)
    start = time.time()
    say(f"    {len(sockets)} slow sockets open from {len(sources)} address(es) ({dict(Counter(s.kind for s in sockets))})"
        + (f", refused: {dict(refused)}" if refused else ""))
    results, stop = [], threading.Event()
    prober = threading.Thread(target=probe_well_behaved, args=(args, token, stop, results, log), daemon=True)
    prober.start()
    next_byte = start
    while time.time() - start < args.seconds:
        now = time.time()
        if now >= next_byte:
            trickle(sockets, selector, now)
            next_byte = now + args.interval
        watch_closures(selector, min(0.2, max(0.0, next_byte - time.time())))
    stop.set()
    prober.join(10)
    held = [s for s in sockets if s.closed is None]
    for slow in held:
        selector.unregister(slow.sock)
        slow.sock.close()
    released = time.time()
    recover = wait_all_answer(args, token, log)
    report_slow(args, sockets, start, results, released, recover, len(held))


def wait_all_answer(args, token, log):
    """Seconds after the slow sockets are closed until /healthz, /readyz and ingest all answer; None if not in 30 s."""
    start = time.time()
    number = 0
    while time.time() - start < 30:
        key = f"{args.prefix}-after-{number}"
        number += 1
        codes = [call(args.base, "GET", "/healthz")[0], call(args.base, "GET", "/readyz")[0]]
        status, headers, _ = call(args.base, "POST", "/v1/channels/canonical/orders", body=order_body(key, 1), headers=ingest_headers(token, key))
        codes.append(status)
        if 200 <= status < 300:
            log.write({"kind": "ack", "key": key, "t": time.time(), "status": status, "replayed": headers.get("idempotent-replayed") == "true", "lines": 1})
        if codes[0] == 200 and codes[1] == 200 and 200 <= codes[2] < 300:
            return time.time() - start
        time.sleep(0.2)
    return None


def report_slow(args, sockets, start, results, released, recover, held):
    for line in summarize_slow(sockets, start, args.seconds):
        say("    " + line)
    ok = {"healthz": 0, "readyz": 0, "ingest": 0}
    total = Counter()
    bad = Counter()
    for _, route, status in results:
        total[route] += 1
        good = status == 200 if route != "ingest" else isinstance(status, int) and 200 <= status < 300
        ok[route] += good
        if not good:
            bad[f"{route}:{status}"] += 1
    say("    well-behaved probes while they were open: " + ", ".join(f"{r} {ok[r]}/{total[r]}" for r in ok)
        + (f"; failures {dict(bad)}" if bad else "") + " (status 0 = connection failed, -1 = no answer in 5 s)")
    failing = [t - start for t, route, status in results if status != 200 and not (route == "ingest" and isinstance(status, int) and 200 <= status < 300)]
    if failing:
        say(f"    probes failed between {min(failing):.1f} s and {max(failing):.1f} s after the slow sockets were opened")
    ready = "yes" if all(total[r] and ok[r] == total[r] for r in ok) else "no"
    cut = [s.closed - s.opened for s in sockets if s.closed is not None]
    cut_text = f"{max(cut):.1f}" if cut and len(cut) == len(sockets) else "never" if not cut else f"partly({len(cut)}/{len(sockets)})"
    recover_text = f"{recover:.2f}" if recover is not None else "none"
    probes = "/".join(f"{ok[r]}of{total[r]}" for r in ok)
    print(f"ready={ready} recover={recover_text} cut_all_after={cut_text} held_to_end={held} sockets={len(sockets)} probes={probes}")


# ---------------------------------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    load = commands.add_parser("load")
    load.add_argument("--base", required=True)
    load.add_argument("--token-file", required=True)
    load.add_argument("--out", required=True)
    load.add_argument("--stop-file", required=True)
    load.add_argument("--prefix", required=True)
    load.add_argument("--threads", type=int, default=6)
    load.add_argument("--lines", type=int, default=1)
    load.add_argument("--pause", type=float, default=0.0)
    load.add_argument("--timeout", type=float, default=10.0)
    load.add_argument("--give-up", type=float, default=90.0)
    load.add_argument("--max-retry-wait", type=float, default=0.25)
    load.add_argument("--max-seconds", type=float, default=300.0)

    watch = commands.add_parser("watch")
    watch.add_argument("--base", required=True)
    watch.add_argument("--token-file", required=True)
    watch.add_argument("--out", required=True)
    watch.add_argument("--stop-file", required=True)
    watch.add_argument("--max-seconds", type=float, default=300.0)

    watchsum = commands.add_parser("watchsum")
    watchsum.add_argument("--watch", required=True)
    watchsum.add_argument("--start", type=float, default=0.0)
    watchsum.add_argument("--end", type=float, default=1e12)
    watchsum.add_argument("--routes", default="healthz,orders,events")
    watchsum.add_argument("--alive-only", action="store_true")

    recovery = commands.add_parser("recovery")
    recovery.add_argument("--log", required=True)
    recovery.add_argument("--start", type=float, default=0.0)
    recovery.add_argument("--end", type=float, default=1e12)
    recovery.add_argument("--mark", type=float, action="append", default=[])

    verify = commands.add_parser("verify")
    verify.add_argument("--base", required=True)
    verify.add_argument("--token-file", required=True)
    verify.add_argument("--acks", nargs="+", required=True)
    verify.add_argument("--replay", action="store_true")
    verify.add_argument("--max-resends", type=int, default=2000)

    converge = commands.add_parser("converge")
    converge.add_argument("--base", required=True)
    converge.add_argument("--token-file", required=True)
    converge.add_argument("--prefix", required=True)
    converge.add_argument("--expected", type=int, required=True)
    converge.add_argument("--timeout", type=float, default=60.0)

    slow = commands.add_parser("slow")
    slow.add_argument("--base", required=True)
    slow.add_argument("--token-file", required=True)
    slow.add_argument("--acks", required=True)
    slow.add_argument("--prefix", default="polite")
    slow.add_argument("--body-sockets", type=int, default=1100)
    slow.add_argument("--header-sockets", type=int, default=20)
    slow.add_argument("--seconds", type=float, default=20.0)
    slow.add_argument("--interval", type=float, default=4.0)
    slow.add_argument("--sources", type=int, default=11)

    args = parser.parse_args()
    handlers = {
        "load": command_load, "watch": command_watch, "watchsum": command_watchsum, "recovery": command_recovery,
        "verify": command_verify, "converge": command_converge, "slow": command_slow,
    }
    handlers[args.command](args)


if __name__ == "__main__":
    main()
