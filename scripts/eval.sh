#!/usr/bin/env bash
# scripts/eval.sh BIN -- score `BIN extract` with ../shared/eval/score.py on
# every gold set: ../shared/eval/*.gold.jsonl, a noisy variant of dev made by
# noisify.py, and the development splits under ../shared/data.  Skips
# cleanly where ../shared is absent (a user's clone).
set -euo pipefail
bin=${1:-build/release/newsworker}
shared=${NW_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
if [ ! -f "$shared/eval/score.py" ]; then
    echo "eval: $shared/eval not found; skipping (it exists only beside the project's own checkout)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
score() { # name gold
    local name=$1 gold=$2
    "$bin" extract "$gold" >"$tmp/$name.pred" 2>"$tmp/$name.err" || true
    echo "== $name ($(basename "$gold"))"
    python3 "$shared/eval/score.py" "$gold" "$tmp/$name.pred" ${NW_EVAL_VERBOSE:+--verbose}
    echo
}
for g in "$shared"/eval/*.gold.jsonl; do
    score "$(basename "$g" .gold.jsonl)" "$g"
done
if [ -f "$shared/eval/dev.gold.jsonl" ]; then
    python3 "$shared/eval/noisify.py" "$shared/eval/dev.gold.jsonl" "$tmp/dev-noisy.gold.jsonl" --seed 1
    score dev-noisy "$tmp/dev-noisy.gold.jsonl"
fi
for g in "$shared"/data/uner-ewt/uner-ewt-dev.gold.jsonl \
         "$shared"/data/polnear/polnear-dev.gold.jsonl \
         "$shared"/data/dirsent/dirsent-valid.gold.jsonl; do
    [ -f "$g" ] && score "$(basename "$g" .gold.jsonl)" "$g"
done
exit 0
