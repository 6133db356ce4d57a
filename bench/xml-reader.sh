#!/usr/bin/env bash
# XML reading alone: µs per document for libxml2's SAX pass and for ChannelGate's own reader, building the same element
# tree (best of three rounds each, same process, one core), compiled with the same flags SwiftPM uses for C (-O2).
# Usage: bash bench/xml-reader.sh [FILE] [ITERATIONS]   (default: the UBL 2.1 order fixture, 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-contract-tests/ubl-order/oasis-example.input.xml}"
iterations="${2:-20000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O2 -I Sources/CXMLElementTree/include -I Sources/CXMLElementTree -I /usr/include/libxml2 \
  bench/xml-reader/reader_timing.c Sources/CXMLElementTree/*.c -lxml2 -o "$work/reader_timing"
# The root element's namespace and local name, as the plan names it.
root=$(python3 -c '
import sys, xml.etree.ElementTree as ET
tag = next(ET.iterparse(sys.argv[1], events=("start",)))[1].tag
uri, local = (tag[1:].split("}") if tag.startswith("{") else ("", tag))
print(uri, local)' "$file")
echo "## XML reading alone ($(date -u +%Y-%m-%dT%H:%MZ), $(basename "$file"), $(wc -c <"$file") bytes)"
echo
echo "| plan | reader | µs per document |"
echo "|---|---|---:|"
"$work/reader_timing" "$file" ${root% *} ${root#* } "$iterations"
