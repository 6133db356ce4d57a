#!/usr/bin/env bash
# Differential fuzzing of the XML readers (Sources/CXMLElementTree): every XML fixture under contract-tests/ is damaged
# ITERATIONS times with XML-significant snippets; whenever our own reader keeps a damaged document, libxml2 must keep
# it too, into the same tree. Built with AddressSanitizer and UndefinedBehaviorSanitizer. Exits non-zero on a mismatch.
# Usage: bash bench/xml-reader-fuzz.sh [ITERATIONS_PER_FILE] [SEED]   (defaults 5000, 1)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-5000}"
seed="${2:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -I Sources/CXMLElementTree/include -I Sources/CXMLElementTree \
  -I /usr/include/libxml2 bench/xml-reader/differential_fuzz.c Sources/CXMLElementTree/*.c -lxml2 -o "$work/fuzz"
kept=0; left=0; files=0
while IFS= read -r file; do
  read -r _ k _ l _ m < <(TMPDIR="$work" "$work/fuzz" "$file" "$iterations" "$seed")
  [ "$m" = 0 ] || { echo "$file: $m mismatches (examples kept in $work before it is removed; re-run to inspect)" >&2; exit 1; }
  kept=$((kept + k)); left=$((left + l)); files=$((files + 1))
done < <(find contract-tests -name '*.xml' | sort)
echo "$files files, $((kept + left)) damaged documents: our reader kept $kept (each the same tree as libxml2's), left $left to libxml2, 0 mismatches"
