#!/usr/bin/env bash
# scripts/demo.sh [BIN] -- the whole pipeline on the project's own example
# articles (tests/fixtures/articles), non-interactively:
#
#   redis-server (private port and dir) <-> newsworker run <- newsworker feed
#                                                 |
#                                                 v PUB
#                                          newsworker tail -> this screen
#
# It prints each Extraction as it comes out of the pipeline, feeds the same
# articles again under new ids to show cache hits, stops everything it
# started (trap) and exits 0.  `make demo` installs packages and builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/newsworker}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
[ -x "$BIN" ] || { echo "demo: $BIN not built (make all)" >&2; exit 1; }
ARTICLES=(tests/fixtures/articles/*.txt)
N=${#ARTICLES[@]}
T=$(mktemp -d /tmp/nwdemo.XXXXXX)
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

wait_for() { # FILE REGEX SECONDS
    local n=$(( $3 * 10 ))
    while [ $n -gt 0 ]; do grep -Eq "$2" "$1" 2>/dev/null && return 0; sleep 0.1; n=$((n-1)); done
    echo "demo: timed out waiting for $2 in $1" >&2; cat "$1" >&2 || true; return 1
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$T/redis"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$T/redis" \
    >"$T/redis.log" 2>&1 &
PIDS+=($!)
wait_for "$T/redis.log" 'Ready to accept connections' 10
echo "== redis-server on 127.0.0.1:$port (dir $T/redis)"

"$BIN" run --source pull --pull "@ipc://$T/articles" --pub "@ipc://$T/results" \
    --redis "127.0.0.1:$port" --results-stream newsworker:v1:results --worker-id demo-worker \
    2>"$T/worker.log" &
WORKER=$!
PIDS+=("$WORKER")
wait_for "$T/worker.log" '"event":"ready"' 10
echo "== worker ready: PULL ipc://$T/articles -> PUB ipc://$T/results (log: JSON lines)"

# Pretty printer: one JSON object per article, one line per entity/quote/stance.
PRETTY='
import json, sys
brief = len(sys.argv) > 1
for line in sys.stdin:
    o = json.loads(line)
    if o.get("topic") == "deadletter":
        print("DEAD LETTER", json.dumps(o)); continue
    if brief:
        print("  %-32s cache_hit=%-5s result_id=%s..." % (o["id"], str(o["cache_hit"]).lower(), o["result_id"][:16]))
        sys.stdout.flush(); continue
    head = {k: o[k] for k in ("id", "cache_hit", "worker_id", "processing_us", "result_id")}
    print("{" + json.dumps(head)[1:-1] + ",")
    for key in ("entities", "quotes", "stances"):
        items = o[key]
        print("  \"%s\": [%s" % (key, "" if items else "],"))
        for i, it in enumerate(items):
            if key == "entities":
                it = {k: it[k] for k in ("name", "type", "aliases", "mentions")}
            elif key == "quotes":
                it = {k: it[k] for k in ("speaker", "cue", "text", "start", "end")}
            else:
                it = {k: it[k] for k in ("holder", "polarity", "target")}
            print("    " + json.dumps(it, ensure_ascii=False) + ("," if i + 1 < len(items) else ""))
        if items:
            print("  ]" + ("," if key != "stances" else ""))
    print("}")
    sys.stdout.flush()
'

"$BIN" tail --sub "ipc://$T/results" --count "$N" --timeout-ms 30000 2>"$T/tail1.log" \
    | python3 -c "$PRETTY" &
TAIL=$!
PIDS+=("$TAIL")
wait_for "$T/tail1.log" '"event":"subscribed"' 5
sleep 0.5
echo "== feeding $N articles: ${ARTICLES[*]##*/}"
echo
"$BIN" feed --push "ipc://$T/articles" "${ARTICLES[@]}" 2>>"$T/feed.log"
wait $TAIL

echo
echo "== feeding the same $N articles again under new ids: served from the Redis cache"
"$BIN" tail --sub "ipc://$T/results" --count "$N" --timeout-ms 30000 2>"$T/tail2.log" \
    | python3 -c "$PRETTY" brief &
TAIL=$!
PIDS+=("$TAIL")
wait_for "$T/tail2.log" '"event":"subscribed"' 5
sleep 0.5
"$BIN" feed --push "ipc://$T/articles" --id-prefix again- "${ARTICLES[@]}" 2>>"$T/feed.log"
wait $TAIL

echo
echo "== Redis: $(redis-cli -p "$port" --scan --pattern 'newsworker:v1:*' | grep -vc ':results$') cached extractions," \
     "$(redis-cli -p "$port" XLEN newsworker:v1:results) entries in the stream newsworker:v1:results"
kill -TERM "$WORKER"
wait "$WORKER" || true
echo "== worker stopped: $(grep '"event":"stopped"' "$T/worker.log")"
