#!/usr/bin/env bash
# A worker SIGKILLed with an article leased: the broker declares it dead after
# the missed heartbeats, the article is redelivered to another worker and is
# published; after dedup by id every article is there exactly once.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "worker killed -> redelivered"

jsonl_articles "$T/a.jsonl" 4 redeliver
start_broker broker || { notok "broker starts"; exit 1; }
start_tail --topic extraction
# worker A is slow (holds its article 4 s) and is killed while holding it
start_worker wa --test-delay-ms 4000
wait_ready wa
feed "$T/a.jsonl" 2>"$T/feed.log" >/dev/null
check "4 articles accepted" grep -q '"accepted":4' "$T/feed.log"
wait_for "$T/broker.log" '"leased":1' 30
kill9 "$wa_PID"
check "broker declares the killed worker dead" wait_for "$T/broker.log" '"worker_dead".*"wa"' 30
start_worker wb
wait_ids "$T/tail.out" 4 60
ids=$(result_ids "$T/tail.out" | uniq | tr '\n' ' ')
check "every article published (after dedup by id): $ids" \
    test "$ids" = "redeliver-1 redeliver-2 redeliver-3 redeliver-4 "
check "the leased article was redelivered (attempt 2)" \
    wait_for "$T/broker.log" '"redelivered":[1-9]' 15
wait_for "$T/broker.log" '"acked":4' 20
check "all 4 acknowledged" grep -q '"acked":4' "$T/broker.log"
check "nothing dead-lettered" test "$(stat_of "$T/broker.log" dead_lettered)" = 0
[ "$FAILS" -eq 0 ]
