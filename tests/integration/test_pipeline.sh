#!/usr/bin/env bash
# test_pipeline.sh -- the real pipeline end to end: feed -> worker -> PUB ->
# tail, with Redis: one result per article fed, with the extraction contract's
# fields and the metadata; the results stream gets every result.
. "$(dirname "$0")/lib.sh"

start_redis redis || { notok "redis-server starts"; exit 1; }
check "worker starts" start_worker w1 --redis "127.0.0.1:$redis_PORT" \
    --results-stream newsworker:v1:results
check "tail subscribes" start_tail tail w1 --count 5 --timeout-ms 20000
n=$(ls "$FIX"/*.txt | wc -l)
check "feed sends the $n fixture articles" feed w1 "$FIX"/*.txt
wait_exit "$tail_PID" 25
check "tail got $n results and exited 0" [ "${WAIT_RC:-1}" = 0 ]
check "one extraction per article" [ "$(count "$T/tail.out" '"topic":"extraction"')" = "$n" ]
ids_ok=1
for f in "$FIX"/*.txt; do
    id=$(basename "$f" .txt)
    grep -q "\"id\":\"$id\"" "$T/tail.out" || ids_ok=0
done
check "every article id is in the results" [ $ids_ok = 1 ]
check "results carry entities, quotes, stances and metadata" \
    python3 -c '
import json,sys
for line in open(sys.argv[1]):
    o=json.loads(line)
    for k in ("id","entities","quotes","stances","content_hash","result_id","extractor_version","worker_id","produced_at_ms","processing_us","cache_hit"):
        assert k in o, k
    assert o["result_id"]==o["content_hash"] and len(o["result_id"])==64
    assert o["worker_id"]=="w1" and o["cache_hit"] is False
    for e in o["entities"]:
        assert {"name","type","aliases","mentions"} <= set(e)
' "$T/tail.out"
check "results stream has $n entries" \
    [ "$(redis-cli -p "$redis_PORT" XLEN newsworker:v1:results)" = "$n" ]
check "logs are JSON lines with time, level and event" \
    python3 -c '
import json,sys
n=0
for line in open(sys.argv[1]):
    o=json.loads(line); n+=1
    assert o["time"].endswith("Z") and o["level"] in ("debug","info","warn","error") and o["event"]
assert n>0
' "$T/w1.log"
check "published lines name the article" [ "$(count "$T/w1.log" '"event":"published","article_id"')" = "$n" ]
kill -TERM "$w1_PID"
wait_exit "$w1_PID" 10
check "worker exits 0 on SIGTERM" [ "${WAIT_RC:-1}" = 0 ]
exit 0
