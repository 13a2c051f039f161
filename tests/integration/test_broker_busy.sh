#!/usr/bin/env bash
# Bounded queue: with --capacity 3 and no worker, the 4th and later
# submissions get BUSY (never a silent drop); the PULL endpoint stops reading
# (the broker never holds more than its capacity); once a worker drains the
# queue the same producer gets ACCEPTED again.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "queue full -> BUSY"

start_broker broker --capacity 3 || { notok "broker starts"; exit 1; }
jsonl_articles "$T/a.jsonl" 5 busy
feed --timeout-ms 3000 "$T/a.jsonl" >/dev/null 2>"$T/feed1.log"
rc=$?
check "feed into a full queue fails instead of dropping (exit $rc)" test "$rc" -ne 0
check "3 accepted" grep -q '"accepted":3' "$T/feed1.log"
check "the rest answered BUSY" grep -Eq '"busy":[1-9]' "$T/feed1.log"
check "broker counted BUSY replies" wait_for "$T/broker.log" '"busy":[1-9]' 15

# fire-and-forget producers: the PULL endpoint is not read while full
jsonl_articles "$T/p.jsonl" 4 pulled
"$NW_BIN" feed --to push --push ">tcp://127.0.0.1:$(port 2)" --timeout-ms 1000 "$T/p.jsonl" \
    >/dev/null 2>"$T/feed_push.log"
wait_stats 3   # three more stats lines after the PUSH producer gave up
check "held never above capacity while PUSH producers wait" \
    bash -c "! grep -Eq '\"held\":([4-9]|[1-9][0-9])' '$T/broker.log'"

start_tail --topic extraction
start_worker w1
check "queue drains once a worker is there" wait_lines "$T/tail.out" 3 45
feed --timeout-ms 20000 "$T/a.jsonl" >/dev/null 2>"$T/feed2.log"
check "resubmitting the same ids now succeeds" \
    grep -Eq '"accepted":2,"duplicate":0|"accepted":[0-9]+,"duplicate":[0-9]+,"busy":[0-9]+,"invalid":0,"resent":[0-9]+,"exit":0' "$T/feed2.log"
[ "$FAILS" -eq 0 ]
