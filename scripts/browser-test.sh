#!/usr/bin/env bash
# Real-browser end-to-end test of the operator console (/console): headless Debian chromium driven by
# python3-selenium through tests/browser/console_flow.py. Does not build: run `swift build` first.
# Extra arguments go to the test, e.g. `bash scripts/browser-test.sh --screenshots docs/console`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium chromium-driver python3-selenium)

browser_stack_present() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c 'import selenium' >/dev/null 2>&1
}

if ! browser_stack_present; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing ${packages[*]} ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
  else
    echo "error: the browser test needs Debian's ${packages[*]}. Run:" >&2
    echo "  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages[*]}" >&2
    exit 1
  fi
  browser_stack_present || { echo "error: ${packages[*]} are still missing after apt-get install" >&2; exit 1; }
fi

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
binary="$(swift build --show-bin-path)/channelgate"
if [ ! -x "$binary" ]; then
  echo "error: $binary does not exist; run \`swift build\` first" >&2
  exit 1
fi

exec /usr/bin/python3 tests/browser/console_flow.py --binary "$binary" "$@"
