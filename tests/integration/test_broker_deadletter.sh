#!/usr/bin/env bash
# Bad input REJECTed by a worker is dead-lettered at once (no retries), and
# a dead letter made while Redis is down is kept (the article stays held and
# journalled) and appended to the stream once Redis is back.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "dead letters survive a Redis outage"
start_redis || skip_all "dead letters survive a Redis outage" "no redis-server"
redis-cli -p "$(port 12)" shutdown nosave >/dev/null 2>&1
kill9 "$redis_PID"

start_broker broker --redis "127.0.0.1:$(port 12)" || { notok "broker starts"; exit 1; }
start_tail --topic extraction
start_worker w1
wait_ready w1
jsonl_articles "$T/a.jsonl" 3 fine
printf '{"id":"empty-1","text":""}\n' >>"$T/a.jsonl"
feed "$T/a.jsonl" >/dev/null 2>"$T/feed.log"
check "4 accepted" grep -q '"accepted":4' "$T/feed.log"
check "worker rejects the empty body; broker dead-letters it on the first attempt" \
    wait_for "$T/broker.log" '"dead_letter".*"empty-1".*"attempts":1' 30
check "good articles still published" wait_lines "$T/tail.out" 3 30
check "dead letter held while Redis is down" wait_for "$T/broker.log" '"held":1' 15
start_redis || { notok "redis restarts"; exit 1; }
check "appended to the stream once Redis is back" \
    bash -c "for i in \$(seq 200); do [ \"\$(redis-cli -p $(port 12) XLEN newsworker:v1:deadletters)\" = 1 ] && exit 0; sleep 0.1; done; exit 1"
check "and then no longer held" wait_for "$T/broker.log" '"held":0' 20
"$NW_BIN" deadletters list --redis "127.0.0.1:$(port 12)" >"$T/list.out" 2>/dev/null
check "listed with the worker's code" grep -q '"id":"empty-1","code":"ERROR_CODE_EMPTY_BODY"' "$T/list.out"
[ "$FAILS" -eq 0 ]
