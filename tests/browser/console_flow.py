#!/usr/bin/env python3
"""Real-browser end-to-end test of the ChannelGate operator console (/console).

Starts the gateway on a throwaway data directory and a free port, seeds it through the
API with one dead letter (an h5-shop order whose status code the shipped mapping does not
know) and one order held for review (a canonical order over 5,000 CNY), then drives
headless Chromium through an operator's day:

    sign in -> channels -> dead letters (filtered) -> one dead letter (dry run)
    -> mapping workbench (edit the draft, preview, run traffic) -> publish and replay
    -> the replayed order -> approve the held order -> sign out

and checks the results through the API as well (dead letter replayed, hold released,
audit log entries by the signed-in client). Screenshots of each page go to --screenshots.

Runs with Debian's python3 and python3-selenium, chromium and chromium-driver; it never
downloads a browser or a driver. Usage (scripts/browser-test.sh does this):

    /usr/bin/python3 tests/browser/console_flow.py --binary .build/debug/channelgate
"""

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 15
READY_SECONDS = 60
HELD_SECONDS = 20

DEAD_LETTER_ORDER_NO = "H5-CONSOLE-1"
DEAD_LETTER_EVENT_ID = "evt_console_dead_letter_1"
UNKNOWN_STATUS = 60
HELD_IDEMPOTENCY_KEY = "console-held-1"
HELD_ORDER = {
    "channelOrderId": "W-HELD-1",
    "order": {
        "placedAt": "2026-12-01T10:00:00+08:00",
        "currency": "CNY",
        "amounts": {"total": "6000.00"},
        "buyer": {"name": "Li Wei", "phone": "13800138000"},
        "shippingAddress": {"country": "CN", "city": "Shanghai", "street": ["1 Nanjing Road"]},
        "lines": [{"sku": "SKU-POT-01", "quantity": 2, "unitPrice": "3000.00"}],
    },
}


class StepFailed(Exception):
    """A check of the flow did not hold."""


def check(condition, message):
    if not condition:
        raise StepFailed(message)


# --- the gateway process -----------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gateway:
    """`channelgate serve` on a temporary data directory, logging to serve.log there."""

    def __init__(self, binary, data_dir):
        self.binary = binary
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "serve.log"
        self.process = None

    def start(self):
        command = [
            self.binary, "serve", "--config", "config/channelgate.yaml",
            "--data-dir", str(self.data_dir), "--port", str(self.port),
        ]
        # Owner-only, like the gateway's own files in the data directory (it warns about readable ones).
        with os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            check(self.process.poll() is None, f"the gateway exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise StepFailed(f"/readyz did not answer 200 within {READY_SECONDS} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError as error:
            return f"(no serve.log: {error})"


# --- the API -------------------------------------------------------------------------------


class Api:
    """Small urllib client for the gateway's JSON API."""

    def __init__(self, base):
        self.base = base
        self.token = None

    def call(self, method, path, body=None, headers=None, form=None, data=None):
        """Returns (status, text); HTTP errors are answers too, not exceptions."""
        all_headers = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            all_headers["Content-Type"] = "application/json"
        if self.token:
            all_headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(self.base + path, data=data, headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def json(self, method, path, expect=200, **kwargs):
        status, text = self.call(method, path, **kwargs)
        check(status == expect, f"{method} {path} answered {status}, expected {expect}: {text}")
        return json.loads(text)

    def sign_in(self, client_id, secret):
        answer = self.json(
            "POST", "/oauth/token",
            form={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        )
        check(answer.get("access_token"), f"no access_token in {answer}")
        self.token = answer["access_token"]


# --- the browser ---------------------------------------------------------------------------


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(0)
    return driver


# --- the flow ------------------------------------------------------------------------------


class ConsoleFlow:
    """The steps, in order; each one a method, sharing what earlier steps learned."""

    def __init__(self, binary, screenshots):
        self.binary = binary
        self.screenshots = Path(screenshots)
        self.temp = tempfile.TemporaryDirectory(prefix="channelgate-console-")
        self.gateway = Gateway(binary, self.temp.name)
        self.api = Api(self.gateway.base)
        self.driver = None
        self.secret = None
        self.dead_letter_id = None
        self.held_order_id = None

    def steps(self):
        return [
            ("start the gateway", self.start_gateway),
            ("get an API token for the demo client", self.get_token),
            ("post an h5-shop order that dead-letters", self.post_dead_letter),
            ("post a canonical order held for review", self.post_held_order),
            ("post two weeks of order history as a batch", self.post_history),
            ("sign in", self.sign_in),
            ("channels page", self.channels),
            ("dead letters, filtered by channel", self.dead_letters),
            ("dead letter detail and dry run", self.dead_letter_detail),
            ("mapping workbench: edit the draft", self.workbench),
            ("workbench: run traffic", self.run_traffic),
            ("publish and replay", self.publish_and_replay),
            ("replayed order", self.replayed_order),
            ("forecast of the orders", self.forecasts),
            ("approve the held order", self.approve_held),
            ("API: hold released, dead letter replayed", self.api_state),
            ("routing network: preview a node going down", self.routing_network),
            ("operations: audit log", self.operations),
            ("API: audit log names the operator", self.audit_log),
            ("sign out", self.sign_out),
        ]

    def run(self):
        self.screenshots.mkdir(parents=True, exist_ok=True)
        current = None
        try:
            for number, (name, step) in enumerate(self.steps(), start=1):
                current = f"step {number}: {name}"
                step()
                print(f"✔ {current}", flush=True)
            print("✔ console flow passed", flush=True)
            return 0
        except Exception as error:  # noqa: BLE001 - every failure is reported the same way
            self.report_failure(current, error)
            return 1
        finally:
            self.close()

    def report_failure(self, current, error):
        print(f"✘ {current or 'setup'} failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        if not isinstance(error, StepFailed):
            traceback.print_exc()
        if self.driver is not None:
            try:
                print(f"  page: {self.driver.current_url}", file=sys.stderr)
                self.driver.save_screenshot(str(self.screenshots / "failure.png"))
                print(f"  screenshot: {self.screenshots / 'failure.png'}", file=sys.stderr)
            except Exception as screenshot_error:  # noqa: BLE001
                print(f"  (no screenshot: {screenshot_error})", file=sys.stderr)
        print("--- tail of serve.log ---", file=sys.stderr)
        print(self.gateway.log_tail(), file=sys.stderr, flush=True)

    def close(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
        self.gateway.stop()
        self.temp.cleanup()

    # --- helpers ---------------------------------------------------------------------

    def wait(self, condition, what):
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS).until(condition)
        except TimeoutException:
            raise StepFailed(f"timed out after {WAIT_SECONDS} s waiting for {what} (at {self.driver.current_url})") from None

    def wait_for(self, css, what=None):
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, css)), what or css)

    def wait_clickable(self, css):
        return self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, css)), f"{css} to be clickable")

    def wait_for_path(self, path):
        self.wait(lambda driver: self.path() == path, f"the page {path}")

    def exists(self, css):
        return len(self.driver.find_elements(By.CSS_SELECTOR, css)) > 0

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def open(self, path):
        self.driver.get(self.gateway.base + path)

    def screenshot(self, name, focus=None):
        """Saves the window as `name`, scrolled so the element matching `focus` (a CSS selector) is in view."""
        if focus:
            self.driver.execute_script(
                "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'start'});", focus)
        self.driver.save_screenshot(str(self.screenshots / name))

    def accept_confirm(self):
        alert = self.wait(EC.alert_is_present(), "the confirm dialog")
        alert.accept()

    # --- steps: setup through the API ------------------------------------------------

    def start_gateway(self):
        self.gateway.start()

    def get_token(self):
        secret_path = Path(self.temp.name) / "demo-client.secret"
        check(secret_path.exists(), f"{secret_path} was not written")
        self.secret = secret_path.read_text().strip()
        self.api.sign_in("demo", self.secret)

    def post_dead_letter(self):
        fixture = REPO / "contract-tests/h5-shop/paid-store-pickup.input.json"
        message = json.loads(fixture.read_text())
        status = message["order"]["status"]
        message["order"]["status"] = str(UNKNOWN_STATUS) if isinstance(status, str) else UNKNOWN_STATUS
        message["order"]["order_no"] = DEAD_LETTER_ORDER_NO
        message["event_id"] = DEAD_LETTER_EVENT_ID
        answer = self.api.json("POST", "/v1/channels/h5-shop/orders", expect=202, body=message)
        print(f"  dead-letter answer: {json.dumps(answer, ensure_ascii=False)}")
        check(answer.get("status") == "dead_lettered", f"the order was not dead-lettered: {answer}")
        check(answer.get("deadLetterId") is not None, f"no deadLetterId in {answer}")
        self.dead_letter_id = str(answer["deadLetterId"])

    def post_held_order(self):
        answer = self.api.json(
            "POST", "/v1/channels/canonical/orders", expect=202,
            body=HELD_ORDER, headers={"Idempotency-Key": HELD_IDEMPOTENCY_KEY},
        )
        print(f"  held-order answer: {json.dumps(answer, ensure_ascii=False)}")
        events = answer.get("events", [])
        order_ids = [event["orderId"] for event in events if event.get("channelOrderId") == HELD_ORDER["channelOrderId"]]
        check(order_ids, f"the answer names no order for {HELD_ORDER['channelOrderId']}")
        self.held_order_id = order_ids[0]
        deadline = time.monotonic() + HELD_SECONDS
        last = None
        while time.monotonic() < deadline:
            status, text = self.api.call("GET", "/v1/routing/held")
            last = f"{status} {text}"
            if status == 200:
                if any(decision.get("orderId") == self.held_order_id for decision in json.loads(text)):
                    print(f"  held order: {self.held_order_id}")
                    return
            elif status != 503:  # 503 routing_starting: the core is still restoring its decisions
                raise StepFailed(f"GET /v1/routing/held answered {last}")
            time.sleep(0.5)
        raise StepFailed(f"{self.held_order_id} was not held for review within {HELD_SECONDS} s (last answer: {last})")

    def post_history(self):
        """Two weeks of canonical orders (a daily curve, busier on weekends) so the forecast screen has history."""
        now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
        lines = []
        for hours_ago in range(14 * 24, 0, -1):
            hour = now - timedelta(hours=hours_ago)
            daily = 1.0 + math.sin((hour.hour - 8) / 24 * 2 * math.pi)
            weekend = 1.4 if hour.weekday() >= 5 else 1.0
            for index in range(round(2.5 * daily * weekend)):
                placed = hour + timedelta(minutes=7 * index)
                lines.append(json.dumps({
                    "channelOrderId": f"HIST-{hours_ago}-{index}",
                    "order": {
                        "placedAt": placed.strftime("%Y-%m-%dT%H:%M:%SZ"), "currency": "CNY", "amounts": {"total": "39.00"},
                        "shippingAddress": {"country": "CN", "city": "Shanghai", "street": ["1 Nanjing Road"]},
                        "lines": [{"sku": "SKU-TEA-01", "quantity": 1, "unitPrice": "39.00"}],
                    },
                }))
        status, text = self.api.call(
            "POST", "/v1/channels/canonical/batches", headers={"Content-Type": "application/x-ndjson", "X-Batch-Id": "console-history"},
            data="\n".join(lines).encode(),
        )
        check(status == 200, f"the history batch answered {status}: {text[:300]}")
        print(f"  history: {len(lines)} orders over 14 days")

    # --- steps: the console ----------------------------------------------------------

    def sign_in(self):
        self.driver = make_driver()
        self.open("/console")
        self.wait_for_path("/console/sign-in")
        self.wait_for("#client_id")
        self.screenshot("sign-in.png")
        self.driver.find_element(By.CSS_SELECTOR, "#client_id").send_keys("demo")
        self.driver.find_element(By.CSS_SELECTOR, "#client_secret").send_keys(self.secret)
        self.driver.find_element(By.CSS_SELECTOR, "#sign-in").click()
        self.wait_for_path("/console")

    def channels(self):
        self.wait_for("div.tile[data-channel]", "the channel tiles")
        check(self.exists('div.tile[data-channel="h5-shop"]'), "no tile for the h5-shop channel")
        self.screenshot("channels.png")

    def dead_letter_row(self):
        return f'table#dead-letters tbody tr.dead-letter[data-id="{self.dead_letter_id}"]'

    def check_dead_letter_row(self):
        row = self.wait_for(self.dead_letter_row(), f"the row of dead letter {self.dead_letter_id}")
        channel = row.find_element(By.CSS_SELECTOR, "td.channel").text.strip()
        code = row.find_element(By.CSS_SELECTOR, "td.code").text.strip()
        check(channel == "h5-shop", f"dead letter {self.dead_letter_id} shows channel {channel!r}, not h5-shop")
        check(code, f"dead letter {self.dead_letter_id} shows no error code")

    def dead_letters(self):
        self.wait_clickable("#nav-dead-letters").click()
        self.wait_for_path("/console/dead-letters")
        self.check_dead_letter_row()
        Select(self.driver.find_element(By.CSS_SELECTOR, "form#filters #channel")).select_by_value("h5-shop")
        apply_button = self.driver.find_element(By.CSS_SELECTOR, "#apply-filters")
        apply_button.click()
        self.wait(EC.staleness_of(apply_button), "the filtered page to load")
        self.check_dead_letter_row()
        self.screenshot("dead-letters.png")

    def dead_letter_detail(self):
        self.driver.find_element(By.CSS_SELECTOR, self.dead_letter_row() + " a.open").click()
        self.wait_for_path(f"/console/dead-letters/{self.dead_letter_id}")
        code = self.wait_for("#error-code").text.strip()
        check(code, "#error-code is empty")
        check(self.exists("pre#payload mark.fault"), "the failing path is not highlighted (pre#payload mark.fault)")
        self.wait_clickable("#dry-run").click()
        self.wait_for("#dry-run-result .payload-error", "the dry run to show the payload error")
        self.screenshot("dead-letter.png")

    def workbench(self):
        self.wait_clickable("a#fix-mapping").click()
        self.wait_for_path("/console/mappings/h5-shop")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.driver.current_url).query)
        check(query.get("deadLetter") == [self.dead_letter_id], f"the workbench is not for dead letter {self.dead_letter_id}")
        draft = self.wait_for("textarea#draft")
        sample = self.driver.find_element(By.CSS_SELECTOR, "textarea#sample").get_property("value")
        check(DEAD_LETTER_ORDER_NO in sample, "textarea#sample does not hold the dead letter's payload")
        self.wait_for("#preview .payload-error", "the preview to show the current mapping failing")
        self.set_value(draft, with_status_line(draft.get_property("value"), UNKNOWN_STATUS, "shipped"))
        self.wait_for("#preview .events pre.event", "the preview to show the mapped events")
        self.screenshot("workbench.png")

    def set_value(self, element, value):
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            element, value,
        )

    def run_traffic(self):
        self.wait_clickable("#run-traffic").click()
        self.wait_for(
            f'#traffic section#fixes li[data-dead-letter="{self.dead_letter_id}"]',
            f"the traffic run to list dead letter {self.dead_letter_id} as fixed",
        )
        self.wait_for("#contract .passed", "the contract tests to pass")
        check(not self.exists("#contract .failed"), "a contract test fails with the draft (#contract .failed)")
        self.screenshot("workbench-traffic.png", focus="#traffic")

    def publish_and_replay(self):
        self.wait_clickable("#publish-replay").click()
        self.accept_confirm()
        self.wait_for(".flash.ok", "the publish confirmation")
        self.wait_for("ul#replayed li a", "the list of replayed orders")
        self.screenshot("published.png")

    def replayed_order(self):
        link = self.driver.find_element(By.CSS_SELECTOR, "ul#replayed li a")
        href = link.get_attribute("href")
        check("/console/orders/" in href, f"the replayed link goes to {href}, not /console/orders/…")
        link.click()
        self.wait(lambda driver: self.path().startswith("/console/orders/"), "the order page")
        status = self.wait_for("#order-status").text.strip()
        check(status, "#order-status is empty")
        events = self.driver.find_elements(By.CSS_SELECTOR, "ol#timeline li.event")
        check(len(events) >= 1, "the order's timeline has no events")
        body = self.driver.find_element(By.TAG_NAME, "body").text
        check(DEAD_LETTER_ORDER_NO in body, f"the order page does not mention {DEAD_LETTER_ORDER_NO}")
        self.screenshot("order.png")

    def forecasts(self):
        self.driver.find_element(By.ID, "nav-forecasts").click()
        self.wait_for_path("/console/forecasts")
        self.wait_for("svg.chart polyline.actual", "the chart's actual orders")
        check(self.exists("svg.chart polygon.band95") and self.exists("svg.chart polyline.forecast"), "the chart lacks the forecast or its band")
        check(self.exists("#accuracy") and self.exists("#candidates"), "the accuracy or model table is missing")
        Select(self.driver.find_element(By.ID, "series")).select_by_value("sku:SKU-TEA-01")
        self.wait(lambda driver: "series=sku" in driver.current_url, "the SKU series page")
        self.wait_for("#stocking", "the stocking suggestion of a SKU series")
        self.driver.execute_script("window.history.back()")
        self.wait_for("svg.chart polyline.actual", "the total series again")
        self.screenshot("forecasts.png")

    def routing_network(self):
        self.driver.find_element(By.ID, "nav-routing").click()
        self.wait_for_path("/console/routing")
        row = self.wait_for('tr[data-node="WH-SH-01"]', "the WH-SH-01 node row")
        Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_value("down")
        row.find_element(By.CSS_SELECTOR, "button[data-target]").click()
        self.wait_for("#node-preview #node-change", "the preview of WH-SH-01 going down")
        check(self.exists("#node-preview #confirm-node-status"), "the preview offers no confirmation")
        self.screenshot("routing.png", focus="#node-preview")

    def operations(self):
        self.driver.find_element(By.ID, "nav-operations").click()
        self.wait_for_path("/console/operations")
        actions = [cell.text for cell in self.driver.find_elements(By.CSS_SELECTOR, "#audit tbody td.code")]
        check(any(text == "routing.approve" for text in actions), f"the audit log on the page lacks routing.approve: {actions[:20]}")
        self.screenshot("operations.png", focus="#audit")

    def held_card(self):
        return f'div.held[data-order="{self.held_order_id}"]'

    def approve_held(self):
        self.wait_clickable("#nav-held").click()
        self.wait_for_path("/console/held")
        card = self.wait_for(self.held_card(), f"the held order {self.held_order_id}")
        self.screenshot("held.png")
        card.find_element(By.CSS_SELECTOR, "form.approve-form button.approve").click()
        self.accept_confirm()
        self.wait(EC.staleness_of(card), "the page after approving")
        self.wait_for(".flash.ok", "the approval confirmation")
        check(not self.exists(self.held_card()), f"{self.held_order_id} is still listed as held after approval")

    # --- steps: the API agrees -------------------------------------------------------

    def api_state(self):
        held = self.api.json("GET", "/v1/routing/held")
        check(
            all(decision.get("orderId") != self.held_order_id for decision in held),
            f"GET /v1/routing/held still lists {self.held_order_id}",
        )
        letter = self.api.json("GET", f"/v1/dead-letters/{self.dead_letter_id}")
        check(letter.get("status") == "replayed", f"dead letter {self.dead_letter_id} is {letter.get('status')!r}, not replayed")

    def audit_log(self):
        entries = self.all_audit_entries()
        print("  audit log:")
        for entry in entries:
            print("    " + json.dumps(entry, ensure_ascii=False))
        by_demo = {(entry.get("action"), entry.get("target")) for entry in entries if entry.get("actor") == "demo"}
        check(("mapping.publish", "h5-shop") in by_demo, "no mapping.publish of h5-shop by demo in the audit log")
        check(("routing.approve", self.held_order_id) in by_demo, f"no routing.approve of {self.held_order_id} by demo in the audit log")

    def all_audit_entries(self):
        entries, after = [], 0
        while True:
            page = self.api.json("GET", f"/v1/admin/audit?after={after}&limit=1000")["entries"]
            if not page:
                return entries
            entries += page
            after = page[-1]["id"]

    def sign_out(self):
        button = self.wait_clickable("form#sign-out #sign-out-button")
        button.click()
        self.wait_for_path("/console/sign-in")
        self.wait_for(".flash.ok", "the signed-out message")
        self.open("/console/dead-letters")
        self.wait_for_path("/console/sign-in")


def with_status_line(yaml_text, code, status):
    """The mapping with `"CODE": STATUS` added to the status lookup, after its `"40": delivered` line."""
    lines = yaml_text.split("\n")
    for index, line in enumerate(lines):
        if '"40": delivered' in line:
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(index + 1, f'{indent}"{code}": {status}')
            return "\n".join(lines)
    raise StepFailed('the draft mapping has no `"40": delivered` line to add a status after')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the channelgate executable")
    parser.add_argument("--screenshots", default=".build/console-screens", help="directory for the screenshots")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    if not os.access(binary, os.X_OK):
        print(f"✘ {binary} is not an executable", file=sys.stderr)
        return 1
    screenshots = Path(arguments.screenshots)
    if not screenshots.is_absolute():
        screenshots = REPO / screenshots
    return ConsoleFlow(binary, screenshots).run()


if __name__ == "__main__":
    sys.exit(main())
