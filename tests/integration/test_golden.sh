#!/usr/bin/env bash
# tests/integration/test_golden.sh -- golden-file test of full extractions:
# runs `newsworker extract` on every tests/fixtures/articles/*.txt and
# compares the result with tests/golden/<name>.json (pretty-printed JSON, so
# a change shows as a readable diff).  After reviewing an intended change,
# regenerate with scripts/golden-update.sh.  Prints TAP-style lines.
set -u
cd "$(dirname "$0")/../.."
bin=${NW_BIN:-build/release/newsworker}
data=${NW_DATADIR:-$PWD/worker/data}
if [ ! -x "$bin" ]; then
    echo "not ok - golden: $bin not built"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "ok - golden # SKIP python3 not installed"
    exit 0
fi
shopt -s nullglob
arts=(tests/fixtures/articles/*.txt)
if [ ${#arts[@]} -eq 0 ]; then
    echo "ok - golden # SKIP no articles in tests/fixtures/articles"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for a in "${arts[@]}"; do
    name=$(basename "$a" .txt)
    want=tests/golden/$name.json
    if [ ! -f "$want" ]; then
        echo "ok - golden $name # SKIP no $want (run scripts/golden-update.sh)"
        continue
    fi
    if ! "$bin" extract --data-dir "$data" "$a" >"$tmp/$name.raw" 2>"$tmp/$name.err"; then
        echo "not ok - golden $name: extract failed: $(head -c 300 "$tmp/$name.err")"
        continue
    fi
    scripts/golden-update.sh --pretty <"$tmp/$name.raw" >"$tmp/$name.json" 2>>"$tmp/$name.err" ||
        { echo "not ok - golden $name: output is not JSON"; continue; }
    if diff -u "$want" "$tmp/$name.json" >"$tmp/$name.diff"; then
        echo "ok - golden $name"
    else
        echo "not ok - golden $name differs from $want:"
        head -n 40 "$tmp/$name.diff" | sed 's/^/#   /'
    fi
done
exit 0
