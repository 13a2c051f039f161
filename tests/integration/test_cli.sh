#!/usr/bin/env bash
# test_cli.sh -- configuration and help: --help generated from the table,
# flags win over NEWSWORKER_* variables, bad values rejected at start with a
# message naming the setting, unknown commands and options refused.
. "$(dirname "$0")/lib.sh"

"$NW_BIN" --help > "$T/help" 2>&1
check "top-level help lists run, feed, tail, extract" grep -q run "$T/help" && grep -q feed "$T/help" && grep -q tail "$T/help" && grep -q extract "$T/help"
"$NW_BIN" run --help > "$T/runhelp" 2>&1
check "run --help exits 0 and shows flags with env names" \
    grep -q -- '--redis-command-timeout-ms integer 1..60000' "$T/runhelp" && grep -q NEWSWORKER_CACHE_TTL "$T/runhelp"
"$NW_BIN" run --cache-ttl -1 2>"$T/e1"; rc=$?
check "bad flag value: exit 2" [ $rc = 2 ]
check "message names the flag and the bounds" grep -q -- "--cache-ttl: '-1' is out of range" "$T/e1"
NEWSWORKER_SOURCE=kafka "$NW_BIN" run 2>"$T/e2"; rc=$?
check "bad env value: exit 2 and names the variable" [ $rc = 2 ] && grep -q "NEWSWORKER_SOURCE: 'kafka' is not one of pull|broker" "$T/e2"
"$NW_BIN" run --max-body 5000000 2>"$T/e3"; rc=$?
check "max-msg must exceed max-body" [ $rc = 2 ] && grep -q "must be larger" "$T/e3"
"$NW_BIN" run --frobnicate 2>"$T/e4"; rc=$?
check "unknown option refused" [ $rc = 2 ] && grep -q "unknown option '--frobnicate'" "$T/e4"
"$NW_BIN" run --redis "host:99999" --pull "@ipc://$T/x.in" --pub "@ipc://$T/x.pub" 2>"$T/e5"; rc=$?
check "bad Redis address refused at start" [ $rc = 2 ] && grep -q "bad Redis address" "$T/e5"
"$NW_BIN" nosuch 2>/dev/null; rc=$?
check "unknown command: exit 2" [ $rc = 2 ]
# flags win over the environment: env says one PUB endpoint, flag another
NEWSWORKER_PUB_ENDPOINT="@ipc://$T/env.pub" NEWSWORKER_CACHE_TTL=77 start_worker w1 --cache-ttl 88
check "flag wins over env (cache-ttl 88)" grep -q '"cache-ttl":88' "$T/w1.log"
# (not `timeout 2`: GNU timeout follows SIGTERM with a SIGCONT to the process
# group, which can cancel the SIGSTOP of LeakSanitizer's exit-time tracer and
# hang an ASan build; signal it ourselves once it is up)
NEWSWORKER_CACHE_TTL=77 NEWSWORKER_REDIS_PASSWORD=hunter2 bg envrun "$NW_BIN" run \
    --pull "@ipc://$T/y.in" --pub "@ipc://$T/y.pub"
wait_for "$T/envrun.log" '"event":"(ready|source_failed)"' 30
kill -TERM "$envrun_PID"; wait_exit "$envrun_PID" 30
check "env used where there is no flag (cache-ttl 77)" grep -q '"cache-ttl":77' "$T/envrun.log"
check "secrets are masked in the config log" grep -q '"redis-password":"\*\*\*"' "$T/envrun.log"
check "the secret itself is never logged" [ "$(count "$T/envrun.log" hunter2)" = 0 ]
kill -TERM "$w1_PID"; wait_exit "$w1_PID" 10
# the "starting" line (with its config object) is built only when info is
# logged: above info nothing is built, so nothing leaks (LeakSanitizer makes
# the exit status non-zero under SANITIZE=1)
bg wquiet "$NW_BIN" run --source pull --pull "@ipc://$T/q.in" --pub "@ipc://$T/q.pub" \
    --log-level warn
for _ in $(seq 100); do [ -S "$T/q.pub" ] && break; sleep 0.1; done
kill -TERM "$wquiet_PID"; wait_exit "$wquiet_PID" 20
check "run --log-level warn: exits 0 on SIGTERM, nothing leaked" [ "${WAIT_RC:-1}" = 0 ]
check "run --log-level warn: no info line logged" [ "$(count "$T/wquiet.log" '"level":"info"')" = 0 ]
check "tail --timeout-ms exits 3 when --count is not reached" bash -c "'$NW_BIN' tail --sub ipc://$T/nobody.pub --count 1 --timeout-ms 300 2>/dev/null; [ \$? = 3 ]"
check "feed without files prints usage and exits 2" bash -c "'$NW_BIN' feed 2>/dev/null; [ \$? = 2 ]"
# extract reads JSON Lines a line at a time: a line over 64 MiB + 4 KiB is
# reported (and not held), a broken line is reported with its number, and the
# articles around them -- the last one without a final newline -- come out
awk 'BEGIN {
    print "{\"id\":\"a1\",\"text\":\"Mayor Ana Ruiz opened the library in Eastwick.\"}"
    pad = "x"; while (length(pad) < 67108864) pad = pad pad
    pad = pad substr(pad, 1, 8192)   # 64 MiB + 8 KiB
    print "{\"id\":\"huge\",\"text\":\"" pad "\"}"
    print "{\"id\": \"broken\""
    printf "{\"id\":\"a4\",\"text\":\"The council met on Tuesday.\"}"
}' >"$T/ex.jsonl"
"$NW_BIN" extract "$T/ex.jsonl" >"$T/ex.out" 2>"$T/ex.err"
rc=$?
rm -f "$T/ex.jsonl"
check "extract: a bad line makes the exit status 1 (exit $rc)" [ "$rc" = 1 ]
check "extract: the over-long line 2 is reported" grep -q 'ex.jsonl:2: line too long' "$T/ex.err"
check "extract: the broken line 3 is reported" grep -q 'ex.jsonl:3: not a JSON object' "$T/ex.err"
check "extract: the articles around them come out" bash -c "grep -q '\"id\":\"a1\"' '$T/ex.out' && grep -q '\"id\":\"a4\"' '$T/ex.out'"
exit 0
