#!/usr/bin/env bash
# scripts/scale.sh BIN [N1 N2 ...] -- `make scale`: throughput against the
# number of workers.
#
# For each worker count N (default 1 2 4; counts above 2 x nproc are dropped)
# a fresh set is started on 127.0.0.1: one `newsworker broker` on a temporary
# journal, one consumer (`newsworker broker tally`, SUB bound, the workers
# connect their PUB to it), and N workers (`run --source broker`, no Redis, so
# every article is really extracted, --log-level warn).  Once the broker has
# logged worker_ready for all N (each worker waits for its PUB connection to
# the consumer before it asks for work), SCALE_N (4000) articles -- the texts
# of ../shared/corpus/*.jsonl under fresh ids -- are submitted with
# `newsworker feed --to broker`, and the time from the first submit to the
# last result the consumer wrote (the mtime of its output) is the run's time.
# Prints, per count: workers, articles, seconds, articles/s, words/s and the
# speed-up against 1 worker (against the smallest count when 1 is not run).
# Words are the extractor's own count (`newsworker extract --stats` on the same
# input, which also gives the one-process rate without any transport).
#
# SCALE_CREDIT (4, the worker's default) is each worker's --credit: with 1, a
# worker idles for a round trip to the broker between two articles.
# Every wait is bounded (SCALE_LIMIT_S, 60 s, per count); everything started
# is killed on exit.  Skips (exit 0) without ../shared/corpus.  Exits 1 when a
# count did not get all its results.  SCALE_KEEP=1 keeps the logs.
# shellcheck disable=SC2317  # cleanup and the wait_for predicates are called indirectly
set -u
. "$(dirname "$0")/corpus-lib.sh"
BIN=${1:-build/release/newsworker}
[ $# -gt 0 ] && shift
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
CORPUS=${SCALE_CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/shared/corpus}
K=${SCALE_N:-4000}
LIMIT=${SCALE_LIMIT_S:-60}
CREDIT=${SCALE_CREDIT:-4}
NPROC=$(nproc 2>/dev/null || echo 1)
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)
CPU=${CPU:-unknown}

if ! ls "$CORPUS"/*.jsonl >/dev/null 2>&1; then
    echo "scale: SKIP: no corpus at $CORPUS (../shared is not here)"
    exit 0
fi
case $K in '' | *[!0-9]* | 0) echo "scale: SCALE_N must be a positive integer"; exit 2 ;; esac
case $CREDIT in '' | *[!0-9]* | 0) echo "scale: SCALE_CREDIT must be a positive integer"; exit 2 ;; esac
"$BIN" broker --help >/dev/null 2>&1 || { echo "scale: $BIN has no broker command"; exit 1; }

# worker counts: arguments or 1 2 4, each 1..2*nproc, run smallest first
COUNTS=""
[ $# -gt 0 ] || set -- 1 2 4
for n in "$@"; do
    case $n in '' | *[!0-9]* | 0) echo "scale: bad worker count '$n'"; exit 2 ;; esac
    if [ "$n" -gt $((NPROC * 2)) ]; then
        echo "scale: skipping $n workers (more than 2 x nproc = $((NPROC * 2)))"
        continue
    fi
    COUNTS="$COUNTS $n"
done
# shellcheck disable=SC2086  # a list of numbers, split on purpose
COUNTS=$(printf '%s\n' $COUNTS | sort -n -u)
[ -n "$COUNTS" ] || { echo "scale: no worker count left to run"; exit 2; }

T=$(mktemp -d /tmp/nwscale.XXXXXX)
# ports under Linux's ephemeral range (32768-60999), where the connections of
# an earlier count's workers could hold the port the next count binds
P=$(( 20000 + ($$ * 17) % 12000 ))
PIDS=""
cleanup() {
    exec 2>/dev/null
    for p in $PIDS; do kill -9 "$p"; done
    wait
    if [ "${SCALE_KEEP:-0}" = 1 ]; then echo "scale: logs in $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# stop_all PID...: TERM, wait up to 5 s, then KILL; never blocks longer
stop_all() {
    local p i alive
    for p in "$@"; do kill -TERM "$p" 2>/dev/null; done
    for i in $(seq 1 50); do
        alive=0
        for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for p in "$@"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
}
# wait_for SECONDS COMMAND...: poll COMMAND every 0.05 s until it succeeds
wait_for() {
    local limit=$1 t0
    shift
    t0=$(date +%s)
    while ! "$@"; do
        [ $(( $(date +%s) - t0 )) -ge "$limit" ] && return 1
        sleep 0.05
    done
}

# --- input: K articles, corpus texts under fresh ids -------------------------
corpus_input "$CORPUS" "$K" scale "$T/input.jsonl" || { echo "scale: cannot build the input"; exit 1; }
if ! "$BIN" extract --stats "$T/input.jsonl" >/dev/null 2>"$T/extract.log"; then
    echo "scale: the worker cannot extract, so nothing would come out: $(tail -n1 "$T/extract.log")"
    exit 1
fi
# "newsworker extract: 4000 articles, 1517587 words in 1.129 s = 1343641 words/s"
WORDS=$(sed -n 's/.* articles, \([0-9]*\) words in .*/\1/p' "$T/extract.log" | tail -n1)
ALONE=$(sed -n 's/.* words in \(.*\)$/\1/p' "$T/extract.log" | tail -n1)
[ -n "$WORDS" ] || { echo "scale: no word count from extract --stats"; exit 1; }
CAP=$(( K > 10000 ? K : 10000 ))

echo "scale: machine: $NPROC CPUs (nproc), $CPU"
echo "scale: $K articles, credit $CREDIT per worker, $WORDS words ($(wc -c <"$T/input.jsonl") bytes), corpus $CORPUS"
echo "scale: extract alone (one process, no broker/ZeroMQ): $ALONE"

# run_count N: one measured run; sets R_SECS (empty when incomplete) and R_GOT
run_count() {
    local n=$1 d=$T/w$1 base=$(( P + 10 * $1 )) bpid tpid fpid i t0 t1 wp=""
    local submit=$base workers=$((base + 1)) results=$((base + 2))
    mkdir -p "$d"
    R_SECS="" R_GOT=0 R_WHY=""
    "$BIN" broker --submit "tcp://127.0.0.1:$submit" --workers "tcp://127.0.0.1:$workers" \
        --pull "" --pub "" --journal "$d/broker.journal" --capacity "$CAP" \
        --heartbeat-ms 500 --heartbeat-liveness 4 >/dev/null 2>"$d/broker.log" &
    bpid=$!
    "$BIN" broker tally --sub "@tcp://127.0.0.1:$results" >"$d/ids.txt" 2>"$d/tally.log" &
    tpid=$!
    PIDS="$PIDS $bpid $tpid"
    if ! wait_for 10 grep -q tally_subscribed "$d/tally.log"; then
        R_WHY="consumer did not start"
    else
        for i in $(seq 1 "$n"); do
            "$BIN" run --source broker --broker ">tcp://127.0.0.1:$workers" \
                --pub ">tcp://127.0.0.1:$results" --redis "" --worker-id "s$n-$i" \
                --credit "$CREDIT" --heartbeat-ms 500 --heartbeat-liveness 4 --log-level warn \
                >/dev/null 2>"$d/worker.$i.log" &
            wp="$wp $!"
        done
        PIDS="$PIDS $wp"
        ready() { [ "$(grep -c worker_ready "$d/broker.log")" -ge "$n" ]; }
        # a broker that could not start ends the wait at once
        ready_or_gone() { ready || ! kill -0 "$bpid" 2>/dev/null; }
        if ! wait_for 15 ready_or_gone || ! ready; then
            R_WHY="only $(grep -c worker_ready "$d/broker.log") of $n workers ready"
            kill -0 "$bpid" 2>/dev/null || R_WHY="broker exited: $(tail -n1 "$d/broker.log")"
        else
            t0=$(now)
            "$BIN" feed --to broker --submit ">tcp://127.0.0.1:$submit" --window 256 \
                --timeout-ms 30000 "$T/input.jsonl" >/dev/null 2>"$d/feed.log" &
            fpid=$!
            PIDS="$PIDS $fpid"
            got_all() { [ "$(wc -l <"$d/ids.txt")" -ge "$K" ]; }
            # a feed that gave up (exit != 0) ends the wait at once
            feed_failed() { ! kill -0 "$fpid" 2>/dev/null && ! wait "$fpid"; }
            done_all() { got_all || feed_failed; }
            if ! wait_for "$LIMIT" done_all; then
                R_WHY="time limit ${LIMIT}s reached"
            elif ! got_all; then
                R_WHY="feed failed: $(tail -n1 "$d/feed.log")"
            else
                t1=$(stat -c %.9Y "$d/ids.txt")
                R_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
            fi
            stop_all "$fpid"
        fi
    fi
    # shellcheck disable=SC2086  # a list of pids, split on purpose
    stop_all $wp
    stop_all "$bpid" "$tpid"
    R_GOT=$(sort -u "$d/ids.txt" | wc -l)
}

printf '%7s %8s %8s %10s %10s %8s\n' workers articles seconds articles/s words/s speed-up
BASE="" BASE_N="" fail=0
for n in $COUNTS; do
    run_count "$n"
    if [ -z "$R_SECS" ]; then
        printf '%7s %8s  incomplete: %s results of %s (%s)\n' "$n" "$K" "$R_GOT" "$K" "$R_WHY"
        fail=1
        continue
    fi
    [ -z "$BASE" ] && BASE=$R_SECS BASE_N=$n
    awk -v n="$n" -v k="$K" -v w="$WORDS" -v s="$R_SECS" -v b="$BASE" 'BEGIN {
        printf "%7d %8d %8.3f %10.1f %10.0f %8.2f\n", n, k, s, k / s, w / s, b / s }'
done
if [ "$BASE_N" != "" ] && [ "$BASE_N" != 1 ]; then
    echo "scale: (no 1-worker run: speed-up is against $BASE_N workers)"
fi
exit $fail
