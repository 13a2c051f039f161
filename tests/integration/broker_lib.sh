# broker_lib.sh -- helpers for tests/integration/test_broker_*.sh (sourced).
# TAP lines: ok - what / not ok - what / ok - what # SKIP why.
# Every process started with bg is killed (by pid) at exit; the scratch
# directory is removed unless NW_KEEP=1.
NW_BIN=${NW_BIN:-build/release/newsworker}
case $NW_BIN in /*) ;; *) NW_BIN=$PWD/$NW_BIN ;; esac
NW_DATADIR=${NW_DATADIR:-$PWD/worker/data}
export NEWSWORKER_DATA_DIR=$NW_DATADIR   # as lib.sh: the data dir make test names
FIX=$PWD/tests/fixtures/articles
T=$(mktemp -d /tmp/nwbroker.XXXXXX)
BG_PIDS=""
FAILS=0
ulimit -c 0

cleanup() {
    exec 2>/dev/null
    local p
    for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null; done
    for p in "$T"/*.pid; do [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null; done
    wait 2>/dev/null
    if [ "${NW_KEEP:-0}" = 1 ] || [ "$FAILS" -gt 0 ]; then
        echo "# logs kept in $T"
    else
        rm -rf "$T"
    fi
}
trap cleanup EXIT

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else notok "$what"; fi; }
skip_all() { echo "ok - $1 # SKIP $2"; exit 0; }

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

# bg NAME CMD... : start in the background, stderr to $T/NAME.log, pid in $NAME_PID
bg() {
    local name=$1; shift
    "$@" >"$T/$name.out" 2>"$T/$name.log" &
    local pid=$!
    BG_PIDS="$BG_PIDS $pid"
    eval "${name}_PID=$pid"
}

# wait_for FILE REGEX SECONDS: 0 when a line matches in time
wait_for() {
    local f=$1 re=$2 n=$(( $3 * 10 ))
    while [ $n -gt 0 ]; do
        grep -Eq -- "$re" "$f" 2>/dev/null && return 0
        sleep 0.1; n=$((n - 1))
    done
    return 1
}

# wait_lines FILE N SECONDS: 0 when FILE has >= N lines in time
wait_lines() {
    local f=$1 want=$2 n=$(( $3 * 10 ))
    while [ $n -gt 0 ]; do
        [ "$(wc -l <"$f" 2>/dev/null || echo 0)" -ge "$want" ] && return 0
        sleep 0.1; n=$((n - 1))
    done
    return 1
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

# ids seen in a tail output file (topic extraction), one per line, sorted
result_ids() { sed -n 's/^{"topic":"extraction","id":"\([^"]*\)".*/\1/p' "$1" | sort; }

# kill9 PID: SIGKILL and reap quietly
kill9() { kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

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

# wait_count FILE REGEX N SECONDS: 0 when >= N lines match in time
wait_count() {
    local f=$1 re=$2 want=$3 n=$(( $4 * 10 ))
    while [ $n -gt 0 ]; do
        [ "$(grep -Ec -- "$re" "$f" 2>/dev/null)" -ge "$want" ] && return 0
        sleep 0.1; n=$((n - 1))
    done
    return 1
}
