# broker_lib.sh -- helpers for tests/integration/test_broker_*.sh (sourced).
# It sources lib.sh (scratch dir $T, EXIT cleanup, TAP ok/notok/check/skip_all,
# bg, wait_for, wait_lines, wait_count, wait_exit, kill9) and keeps only what
# the broker topology needs: a block of TCP ports, need_broker, start_broker,
# wait_ready, wait_stats, stat_of, jsonl_articles, result_ids, and broker
# versions of start_tail, start_worker, feed and start_redis (these replace
# lib.sh's ipc:// ones).
. tests/integration/lib.sh
set +u   # the broker tests were written without nounset; keep it that way

# a block of 20 ports that are free now, below the kernel's ephemeral range
# (so outgoing connections of other processes cannot take them meanwhile),
# picked at random and checked by binding each one
PORT0=$(python3 - <<'PY'
import random, socket
try:
    eph = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except Exception:
    eph = 32768
lo, hi = 10000, max(12000, min(eph, 65000)) - 21
for _ in range(200):
    base = random.randint(lo, hi)
    socks = []
    try:
        for i in range(20):
            s = socket.socket()
            socks.append(s)
            s.bind(("127.0.0.1", base + i))
    except OSError:
        continue
    finally:
        for s in socks:
            s.close()
    print(base)
    break
else:
    print(20000)
PY
)
port() { echo $((PORT0 + $1)); }

need_broker() {
    "$NW_BIN" broker --help >/dev/null 2>&1 ||
        skip_all "$1" "this newsworker has no broker command (add it to worker/main.c)"
}

# last value of a numeric field in the broker's stats lines
stat_of() { local v; v=$(grep -Eo "\"$2\":[0-9]+" "$1" | tail -n1 | cut -d: -f2); echo "${v:-0}"; }

# start_broker NAME [extra flags]: broker on ports 0..3 with a fast heartbeat
start_broker() {
    local name=$1; shift
    bg "$name" "$NW_BIN" broker --submit "tcp://127.0.0.1:$(port 0)" \
        --workers "tcp://127.0.0.1:$(port 1)" --pull "tcp://127.0.0.1:$(port 2)" \
        --pub "tcp://127.0.0.1:$(port 3)" --journal "$T/broker.journal" \
        --heartbeat-ms 200 --heartbeat-liveness 3 --stats-ms 200 "$@"
    wait_for "$T/$name.log" '"broker_started"' 30
}

# start_tail: the consumer binds SUB on port 10 and stays up throughout;
# workers connect their PUB to it (a PUB drops what it sends before a
# subscriber is there, so the consumer must not be the one that joins late)
start_tail() {
    bg tail "$NW_BIN" tail --sub "@tcp://127.0.0.1:$(port 10)" --timeout-ms 50000 "$@"
    wait_for "$T/tail.log" '"subscribed"' 15
}

# wait_ready NAME [BROKER]: the worker logged "ready" -- which it does only
# after its PUB reached the consumer (--pub-connect-wait-ms) and its broker
# source is up -- and the broker (log $T/BROKER.log, default broker) saw its
# READY
wait_ready() {
    wait_for "$T/$1.log" '"event":"ready"' 30 &&
        wait_for "$T/${2:-broker}.log" "\"worker_ready\".*\"$1\"" 30
}

# wait_stats N [SECONDS]: N more broker stats lines (every --stats-ms 200)
wait_stats() {
    local have
    have=$(grep -c '"event":"stats"' "$T/broker.log" 2>/dev/null)
    wait_count "$T/broker.log" '"event":"stats"' $(( ${have:-0} + $1 )) "${2:-15}"
}

# start_worker NAME [extra flags]; the consumer must be up (start_tail):
# the worker waits for its PUB connection to it before taking work
start_worker() {
    local name=$1; shift
    bg "$name" "$NW_BIN" run --source broker --broker ">tcp://127.0.0.1:$(port 1)" \
        --pub ">tcp://127.0.0.1:$(port 10)" --worker-id "$name" --heartbeat-ms 200 \
        --heartbeat-liveness 3 --pub-connect-wait-ms 20000 "$@"
}

feed() {
    "$NW_BIN" feed --to broker --submit ">tcp://127.0.0.1:$(port 0)" "$@"
}

# jsonl_articles FILE N PREFIX [MARKER_ID]: N small articles written by this
# project (ids PREFIX-1..N)
jsonl_articles() {
    local f=$1 n=$2 p=$3 i
    : >"$f"
    for i in $(seq 1 "$n"); do
        printf '{"id":"%s-%d","text":"The council of Eastwick voted on Tuesday to fund a new library, said Mayor Ana Ruiz. \\"We will open it next spring,\\" she told reporters. Item %d."}\n' "$p" "$i" "$i" >>"$f"
    done
}

# supervise MAX [extra run flags]: a supervisor, as systemd or k8s would
# be, that restarts a worker (ids w0, w1, ...) each time it exits, up to
# MAX times, while $T/run exists; the running worker's pid is in
# $T/worker.pid and its stderr goes to $T/workers.log.  Run it in the
# background: supervise 10 ... 2>/dev/null & BG_PIDS="$BG_PIDS $!"
supervise() {
    local max=$1 i=0
    shift
    touch "$T/run"
    while [ -f "$T/run" ] && [ $i -lt "$max" ]; do
        "$NW_BIN" run --source broker --broker ">tcp://127.0.0.1:$(port 1)" \
            --pub ">tcp://127.0.0.1:$(port 10)" --worker-id "w$i" --heartbeat-ms 200 \
            --heartbeat-liveness 3 "$@" 2>>"$T/workers.log" &
        echo $! >"$T/worker.pid"
        wait $!
        i=$((i + 1))
    done
}

# ids seen in a tail output file (topic extraction), one per line, sorted
result_ids() { sed -n 's/^{"topic":"extraction","id":"\([^"]*\)".*/\1/p' "$1" | sort; }

# wait_ids FILE N SECONDS: 0 when FILE holds results for at least N distinct
# ids in time.  Where workers die, an article can be published twice
# (at-least-once), so N lines is not N articles.
has_ids() { [ "$(result_ids "$1" 2>/dev/null | uniq | wc -l)" -ge "$2" ]; }
wait_ids() { poll "$3" has_ids "$1" "$2"; }

# start_redis: a private redis-server on port 12 in $T (0 on success)
start_redis() {
    command -v redis-server >/dev/null || return 1
    bg redis redis-server --port "$(port 12)" --bind 127.0.0.1 --dir "$T" --save '' \
        --appendonly no
    local n=50
    while [ $n -gt 0 ]; do
        redis-cli -p "$(port 12)" ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.1; n=$((n - 1))
    done
    return 1
}
