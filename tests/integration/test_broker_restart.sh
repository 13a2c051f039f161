#!/usr/bin/env bash
# The broker itself SIGKILLed: every article it answered ACCEPTED is in the
# journal and comes back after a restart; resubmitting held ids gives
# DUPLICATE (no second copy); a torn journal tail is cut, not fatal.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "broker restart keeps accepted articles"

start_broker b1 || { notok "broker starts"; exit 1; }
jsonl_articles "$T/a.jsonl" 30 journal
feed "$T/a.jsonl" >/dev/null 2>"$T/feed1.log"
check "30 accepted" grep -q '"accepted":30' "$T/feed1.log"
kill9 "$b1_PID"
printf 'A\0\0\0garbage-torn-record' >>"$T/broker.journal"   # a crash mid-write
start_broker b2 --journal-compact-bytes 4096 || { notok "broker restarts"; exit 1; }
# the replay line comes right after broker_started; wait for it, not a guess
wait_for "$T/b2.log" '"journal_replayed"' 15
check "journal replayed 30 articles" grep -q '"journal_replayed".*"articles":30' "$T/b2.log"
check "torn tail cut" grep -q '"journal_replayed".*cut [0-9]* bytes' "$T/b2.log"
feed "$T/a.jsonl" >/dev/null 2>"$T/feed2.log"
check "resubmitted ids answered DUPLICATE" grep -q '"accepted":0,"duplicate":30' "$T/feed2.log"
start_tail --topic extraction
start_worker w1
wait_lines "$T/tail.out" 30 60
ids=$(result_ids "$T/tail.out" | uniq | wc -l)
check "all 30 published after the restart ($ids)" test "$ids" = 30
check "each exactly once" test "$(result_ids "$T/tail.out" | wc -l)" = 30
check "journal compacted once the articles were acknowledged" \
    wait_for "$T/b2.log" '"journal_compacted".*"articles":0' 20
kill -TERM "$b2_PID"
rc=timeout
wait_exit "$b2_PID" 30 && rc=$WAIT_RC
check "broker exits 0 on SIGTERM" test "$rc" = 0
start_broker b3 || { notok "broker restarts again"; exit 1; }
check "nothing left after all were acknowledged" grep -q '"journal_replayed".*"articles":0' "$T/b3.log"
check "the compacted journal is small ($(stat -c %s "$T/broker.journal") bytes)" \
    test "$(stat -c %s "$T/broker.journal")" -lt 4096
[ "$FAILS" -eq 0 ]
