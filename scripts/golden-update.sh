#!/usr/bin/env bash
# scripts/golden-update.sh [BIN] -- regenerate tests/golden/<name>.json from
# `BIN extract` over tests/fixtures/articles/<name>.txt (BIN defaults to
# build/release/newsworker).  Review `git diff tests/golden` before
# committing: every change there is a change in what the extractor says.
#
# scripts/golden-update.sh --pretty -- the formatter alone (JSON Lines on
# stdin; on stdout one entity, quote or stance a line, so a change reads as
# a one-line diff; floats rounded to 4 places so a last-bit change in a
# score does not fail the test); tests/integration/test_golden.sh uses it,
# so both format alike.
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
def dump(v):
    return json.dumps(v, ensure_ascii=False)
for line in sys.stdin:
    if not line.strip():
        continue
    o = r(json.loads(line))
    keys = list(o)
    print("{")
    for i, k in enumerate(keys):
        end = "," if i + 1 < len(keys) else ""
        v = o[k]
        if isinstance(v, list) and v:
            print(" %s: [" % dump(k))
            for j, item in enumerate(v):
                print("  %s%s" % (dump(item), "," if j + 1 < len(v) else ""))
            print(" ]%s" % end)
        else:
            print(" %s: %s%s" % (dump(k), dump(v), end))
    print("}")
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
