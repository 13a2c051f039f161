# shellcheck shell=bash disable=SC2034,SC2154
# lib.sh -- shared helpers for tests/integration/test_*.sh (source it).
#
# Every test script prints TAP-style lines ("ok - what", "not ok - what",
# "ok - what # SKIP why"; see tests/run.sh) and stays under 60 s when it
# passes: every wait here is bounded but generous (it waits for an event --
# a log line, a socket, a count -- and its limit is only reached on failure,
# so a loaded machine or an ASan build slows it down without failing it).  Everything a test starts runs in the scratch dir $T and
# is killed by pid in the EXIT trap; $T is removed unless a check failed or
# NW_KEEP=1.
#
#   start_redis NAME          redis-server on a free port, dir $T/NAME;
#                             sets NAME_PORT and NAME_PID
#   stop_redis NAME           SIGTERM it and wait until it is gone
#   start_worker NAME ARGS... `newsworker run` on ipc:// sockets in $T
#                             (PULL $T/NAME.in, PUB $T/NAME.out), log level
#                             debug, stderr in $T/NAME.log; waits for "ready"
#   start_tail NAME WORKER ARGS...  `newsworker tail` on WORKER's PUB; JSON
#                             lines in $T/NAME.out
#   feed WORKER ARGS...       `newsworker feed` to WORKER's PULL socket
#   wait_for FILE REGEX SECS / wait_lines FILE N SECS / count FILE REGEX /
#   wait_count FILE REGEX N SECS / wait_exit PID SECS / kill9 PID
# tests/integration/broker_lib.sh sources this file and replaces start_worker,
# start_tail, feed and start_redis with their broker-topology versions.
set -u
NW_BIN=${NW_BIN:-build/release/newsworker}
case $NW_BIN in /*) ;; *) NW_BIN=$PWD/$NW_BIN ;; esac
NW_DATADIR=${NW_DATADIR:-$PWD/worker/data}
export NEWSWORKER_DATA_DIR=$NW_DATADIR
FIX=$PWD/tests/fixtures/articles
T=$(mktemp -d /tmp/nwtest.XXXXXX)
BG_PIDS=""
FAILS=0
ulimit -c 0

# cleanup (EXIT trap): kill what bg started and every pid written to a
# $T/*.pid file (processes a test starts by hand), quietly
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

need() {
    command -v "$1" >/dev/null 2>&1 || skip_all "$2" "$1 is not installed"
}
[ -x "$NW_BIN" ] || { notok "binary $NW_BIN exists"; exit 1; }

# free_port: a TCP port nothing listens on right now (the kernel picks it).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# poll SECONDS CMD...: 0 as soon as CMD succeeds (tried every 0.1 s), 1
# when SECONDS pass first.  The wait_* helpers are poll with a test.
poll() {
    local n=$(( $1 * 10 ))
    shift
    while [ $n -gt 0 ]; do
        "$@" && return 0
        sleep 0.1; n=$((n - 1))
    done
    return 1
}
has_match() { grep -Eq -- "$2" "$1" 2>/dev/null; }
has_lines() { [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ]; }
has_count() { [ "$(grep -Ec -- "$2" "$1" 2>/dev/null)" -ge "$3" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# wait_for FILE REGEX SECONDS: 0 when a line of FILE matches in time
wait_for() { poll "$3" has_match "$1" "$2"; }

# wait_lines FILE N SECONDS: 0 when FILE has at least N lines in time
wait_lines() { poll "$3" has_lines "$1" "$2"; }

# count FILE REGEX: number of matching lines (0 when none or no file)
count() { grep -Ec -- "$2" "$1" 2>/dev/null || true; }

# wait_count FILE REGEX N SECONDS: 0 when >= N lines match in time
wait_count() { poll "$4" has_count "$1" "$2" "$3"; }

# kill9 PID: SIGKILL and reap quietly
kill9() { kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# wait_exit PID SECONDS: 0 when PID is gone in time; its status in WAIT_RC
wait_exit() {
    poll "$2" gone "$1" || gone "$1" || return 1
    wait "$1"; WAIT_RC=$?
    return 0
}

# bg NAME CMD...: run in the background, stdout $T/NAME.out, stderr $T/NAME.log
bg() {
    local name=$1; shift
    "$@" >"$T/$name.out" 2>"$T/$name.log" &
    local pid=$!
    BG_PIDS="$BG_PIDS $pid"
    eval "${name}_PID=$pid"
}

start_redis() {
    local name=$1 port i
    need redis-server "redis"
    for i in 1 2 3; do
        port=$(free_port)
        mkdir -p "$T/$name"
        bg "$name" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --dir "$T/$name"
        eval "${name}_PORT=$port"
        if wait_for "$T/$name.out" 'Ready to accept connections' 5; then
            return 0
        fi
        kill -9 "$(eval echo \$${name}_PID)" 2>/dev/null
    done
    return 1
}

stop_redis() {
    local pid
    pid=$(eval echo \$${1}_PID)
    kill -TERM "$pid" 2>/dev/null
    wait_exit "$pid" 10
}

# restart_redis NAME: start it again on the same port
restart_redis() {
    local name=$1 port
    port=$(eval echo \$${name}_PORT)
    : >"$T/$name.out"
    bg "$name" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$T/$name"
    wait_for "$T/$name.out" 'Ready to accept connections' 5
}

start_worker() {
    local name=$1; shift
    bg "$name" "$NW_BIN" run --source pull --pull "@ipc://$T/$name.in" --pub "@ipc://$T/$name.pub" \
        --worker-id "$name" --log-level debug "$@"
    wait_for "$T/$name.log" '"event":"ready"' 30
}

start_tail() {
    local name=$1 worker=$2; shift 2
    bg "$name" "$NW_BIN" tail --sub "ipc://$T/$worker.pub" --connect-wait-ms 20000 "$@"
    # "connected": the handshake with the worker's PUB is done and the tail
    # is polling, so its subscription is on the way; a PUB drops what it
    # sends before the subscription arrives (slow joiner), hence the short
    # margin after the event
    wait_for "$T/$name.log" '"event":"(connected|not_connected)"' 25 || return 1
    grep -q '"event":"connected"' "$T/$name.log" || return 1
    sleep 0.2
}

feed() {
    local worker=$1; shift
    "$NW_BIN" feed --push "ipc://$T/$worker.in" --timeout-ms 5000 "$@" 2>>"$T/feed.log"
}
