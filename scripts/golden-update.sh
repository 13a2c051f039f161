#!/usr/bin/env bash
# scripts/golden-update.sh [BIN] -- regenerate tests/golden/<name>.json from
# `BIN extract` over tests/fixtures/articles/<name>.txt (BIN defaults to
# build/release/newsworker).  Review `git diff tests/golden` before
# committing: every change there is a change in what the extractor says.
#
# scripts/golden-update.sh --pretty -- the formatter alone (JSON Lines on
# stdin, indented JSON on stdout, floats rounded to 4 places so a last-bit
# change in a score does not fail the test); tests/integration/test_golden.sh
# uses it, so both format alike.
set -euo pipefail
pretty() {
    python3 -c '
import json, sys
def r(v):
    if isinstance(v, float):
        return round(v, 4)
    if isinstance(v, list):
        return [r(x) for x in v]
    if isinstance(v, dict):
        return {k: r(x) for k, x in v.items()}
    return v
for line in sys.stdin:
    if line.strip():
        print(json.dumps(r(json.loads(line)), indent=1, ensure_ascii=False))
'
}
if [ "${1:-}" = "--pretty" ]; then
    pretty
    exit
fi
cd "$(dirname "$0")/.."
bin=${1:-build/release/newsworker}
data=${NW_DATADIR:-$PWD/worker/data}
[ -x "$bin" ] || { echo "golden-update: build $bin first (make)" >&2; exit 1; }
mkdir -p tests/golden
n=0
for a in tests/fixtures/articles/*.txt; do
    [ -f "$a" ] || continue
    name=$(basename "$a" .txt)
    "$bin" extract --data-dir "$data" "$a" | pretty >"tests/golden/$name.json"
    n=$((n + 1))
done
echo "golden-update: wrote $n files in tests/golden; review them with git diff"
