#!/usr/bin/env bash
# scripts/chaos.sh BIN -- `make chaos`: the at-least-once fault run.
#
# Feeds CHAOS_N (default 20000) articles -- the texts of ../shared/corpus
# repeated under fresh ids, so both extraction and cache hits happen --
# through `newsworker broker` and CHAOS_WORKERS (4) workers, while:
#   - every second a random worker is SIGKILLed and restarted;
#   - Redis (the workers' cache) is stopped for 10 s in the middle;
#   - the broker is SIGKILLed once (a quarter of the way) and restarted on
#     the same journal.
# A consumer bound to one SUB socket (the workers connect their PUB to it)
# is up throughout and counts results by article id.  The producer is
# `newsworker feed --to broker`, which resubmits with the same id whatever
# was not answered ACCEPTED/DUPLICATE.  Prints
#   fed N, results N, lost 0, duplicates D, redelivered R, dead-lettered 0
# and exits 0 when nothing was lost and nothing was dead-lettered.
# Skips (exit 0) without ../shared/corpus.  CHAOS_KEEP=1 keeps the logs.
set -u
. "$(dirname "$0")/corpus-lib.sh"
BIN=${1:-build/release/newsworker}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
CORPUS=${CHAOS_CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/shared/corpus}
N=${CHAOS_N:-20000}
W=${CHAOS_WORKERS:-4}
LIMIT=${CHAOS_LIMIT_S:-280}

if ! ls "$CORPUS"/*.jsonl >/dev/null 2>&1; then
    echo "chaos: SKIP: no corpus at $CORPUS (../shared is not here)"
    exit 0
fi
for c in redis-server redis-cli awk sort; do
    command -v $c >/dev/null || { echo "chaos: SKIP: $c not installed"; exit 0; }
done
"$BIN" broker --help >/dev/null 2>&1 || { echo "chaos: $BIN has no broker command"; exit 1; }
if ! err=$(printf '{"id":"preflight","text":"The mayor said the bridge would reopen."}\n' |
           "$BIN" extract - 2>&1 >/dev/null); then
    echo "chaos: the worker cannot extract, so nothing would come out: $err"
    exit 1
fi

T=$(mktemp -d /tmp/nwchaos.XXXXXX)
# ports under Linux's ephemeral range (32768-60999), which outgoing
# connections draw from
P=$(( 20000 + ($$ * 13) % 12000 ))
SUBMIT=$P WORKERS=$((P + 1)) BPUB=$((P + 2)) RESULTS=$((P + 3)) RPORT=$((P + 4))
PIDS=""
declare -a WPID
cleanup() {
    exec 2>/dev/null
    for p in $PIDS "${WPID[@]}"; do kill -9 "$p"; done
    wait
    if [ "${CHAOS_KEEP:-0}" = 1 ]; then echo "chaos: logs in $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
t_start=$(date +%s)
elapsed() { echo $(( $(date +%s) - t_start )); }

# --- input: N articles, corpus texts under fresh ids ----------------------
corpus_input "$CORPUS" "$N" chaos "$T/input.jsonl" || { echo "chaos: cannot build the input"; exit 1; }
echo "chaos: $N articles ($(wc -c <"$T/input.jsonl") bytes), $W workers, corpus $CORPUS"

# --- the pieces -------------------------------------------------------------
start_redis() {
    redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$T" --save '' --appendonly no \
        >>"$T/redis.log" 2>&1 &
    RPID=$!
}
start_broker() {
    "$BIN" broker --submit "tcp://127.0.0.1:$SUBMIT" --workers "tcp://127.0.0.1:$WORKERS" \
        --pull "" --pub "tcp://127.0.0.1:$BPUB" --journal "$T/broker.journal" \
        --redis "127.0.0.1:$RPORT" --heartbeat-ms 500 --heartbeat-liveness 4 \
        --max-attempts 10 --lease-ms 30000 --capacity 5000 >/dev/null 2>>"$T/broker.$1.log" &
    BPID=$!
}
start_worker() {   # slot
    "$BIN" run --source broker --broker ">tcp://127.0.0.1:$WORKERS" \
        --pub ">tcp://127.0.0.1:$RESULTS" --redis "127.0.0.1:$RPORT" --worker-id "w$1-$RANDOM" \
        --heartbeat-ms 500 --heartbeat-liveness 4 --log-level warn \
        >/dev/null 2>>"$T/worker.$1.log" &
    WPID[$1]=$!
}

start_redis
sleep 0.3
start_broker 1
PIDS="$PIDS $RPID $BPID"
# the consumer: bound SUB, connected throughout; prints one article id a line
"$BIN" broker tally --sub "@tcp://127.0.0.1:$RESULTS" >"$T/ids.txt" 2>"$T/tally.log" &
TALLY=$!
PIDS="$PIDS $TALLY"
sleep 0.5
for i in $(seq 1 "$W"); do start_worker "$i"; done
# the producer: CHUNKS slices fed one after the other, PACE seconds apart, so
# the faults below land while articles are flowing; `feed --to broker`
# resubmits (same id) whatever gets no ACCEPTED, e.g. across the broker kill
CHUNKS=${CHAOS_CHUNKS:-40}
PACE=${CHAOS_PACE_S:-0.5}
split -n "l/$CHUNKS" -d -a 3 "$T/input.jsonl" "$T/chunk."
(
    for c in "$T"/chunk.*; do
        "$BIN" feed --to broker --submit ">tcp://127.0.0.1:$SUBMIT" --window 256 \
            --timeout-ms 60000 "$c" >/dev/null 2>>"$T/feed.log" || echo "feed $c failed" >>"$T/feed.err"
        sleep "$PACE"
    done
) &
FEED=$!
PIDS="$PIDS $FEED"
BROKER_KILL_AT=${CHAOS_BROKER_KILL_S:-6}
REDIS_STOP_AT=${CHAOS_REDIS_STOP_S:-9}

# --- chaos loop ---------------------------------------------------------------
kills=0 broker_killed=0 redis_stopped_at=0 redis_done=0 last_n=0 last_progress=$(date +%s)
feed_done=0 feed_rc=0
while :; do
    sleep 1
    # a random worker dies and comes back
    k=$(( RANDOM % W + 1 ))
    kill -9 "${WPID[$k]}" 2>/dev/null && wait "${WPID[$k]}" 2>/dev/null
    kills=$((kills + 1))
    start_worker "$k"
    got=$(sort -u "$T/ids.txt" | wc -l)
    if [ "$broker_killed" = 0 ] && [ "$(elapsed)" -ge "$BROKER_KILL_AT" ]; then
        kill -9 "$BPID"; wait "$BPID" 2>/dev/null
        echo "chaos: $(elapsed)s broker SIGKILLed at $got results; restarting"
        start_broker 2
        PIDS="$PIDS $BPID"
        broker_killed=1
    fi
    if [ "$redis_stopped_at" = 0 ] && [ "$(elapsed)" -ge "$REDIS_STOP_AT" ]; then
        kill -9 "$RPID"; wait "$RPID" 2>/dev/null
        redis_stopped_at=$(date +%s)
        echo "chaos: $(elapsed)s Redis stopped at $got results"
    fi
    if [ "$redis_stopped_at" != 0 ] && [ "$redis_done" = 0 ] &&
        [ $(( $(date +%s) - redis_stopped_at )) -ge 10 ]; then
        start_redis
        PIDS="$PIDS $RPID"
        redis_done=1
        echo "chaos: $(elapsed)s Redis restarted after $(( $(date +%s) - redis_stopped_at )) s"
    fi
    if [ "$feed_done" = 0 ] && ! kill -0 "$FEED" 2>/dev/null; then
        wait "$FEED"; feed_rc=$?
        feed_done=1
        [ -s "$T/feed.err" ] && feed_rc=1
        echo "chaos: $(elapsed)s feed finished (exit $feed_rc)"
    fi
    [ "$got" -gt "$last_n" ] && { last_n=$got; last_progress=$(date +%s); }
    if [ "$feed_done" = 1 ] && [ "$got" -ge "$N" ] && [ "$redis_done" = 1 ]; then break; fi
    if [ $(( $(date +%s) - last_progress )) -ge 60 ]; then
        echo "chaos: no progress for 60 s, stopping"; break
    fi
    if [ "$(elapsed)" -ge "$LIMIT" ]; then echo "chaos: time limit ${LIMIT}s reached"; break; fi
    if [ $(( kills % 10 )) = 0 ]; then echo "chaos: $(elapsed)s results $got/$N, $kills workers killed"; fi
done

# --- drain and count ------------------------------------------------------------
for i in $(seq 1 "$W"); do kill -TERM "${WPID[$i]}" 2>/dev/null; done
for i in $(seq 1 "$W"); do wait "${WPID[$i]}" 2>/dev/null; done
sleep 0.5
kill -TERM "$BPID" 2>/dev/null; wait "$BPID" 2>/dev/null
kill -TERM "$TALLY" 2>/dev/null; wait "$TALLY" 2>/dev/null
sleep 0.3

fed=$(grep -Eo '"accepted":[0-9]+,"duplicate":[0-9]+' "$T/feed.log" |
      awk -F'[:,]' '{s += $2 + $4} END {print s + 0}')
fed=${fed:-0}
results=$(sort -u "$T/ids.txt" | wc -l)
total=$(wc -l <"$T/ids.txt")
dups=$((total - results))
expected=$(awk -F'"' '{print $4}' "$T/input.jsonl" | sort)
lost=$(comm -23 <(echo "$expected") <(sort -u "$T/ids.txt") | wc -l)
sumstat() {   # last value of a stats field in each broker log, summed
    local f s=0 v
    for f in "$T"/broker.*.log; do
        v=$(grep -Eo "\"$1\":[0-9]+" "$f" | tail -n1 | cut -d: -f2)
        s=$((s + ${v:-0}))
    done
    echo $s
}
redelivered=$(sumstat redelivered)
dead=$(sumstat dead_lettered)
echo "chaos: $(elapsed)s; workers killed $kills, broker killed $broker_killed, Redis stopped 10 s: $redis_done; feed exit $feed_rc"
echo "fed $fed, results $results, lost $lost, duplicates $dups, redelivered $redelivered, dead-lettered $dead"
[ "$lost" = 0 ] && [ "$dead" = 0 ] && [ "$fed" = "$N" ]
