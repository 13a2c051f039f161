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
wait_exit "$tail_PID" 45
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
wait_exit "$w1_PID" 30
check "worker exits 0 on SIGTERM" [ "${WAIT_RC:-1}" = 0 ]

# The same through the broker: feed --to broker (ACCEPTED replies), two
# workers with --source broker, every article published exactly once here.
if ! "$NW_BIN" broker --help >/dev/null 2>&1; then
    ok "broker pipeline # SKIP no broker command in this build"
    exit 0
fi
ps=$(free_port); pw=$(free_port)
bg broker "$NW_BIN" broker --submit "tcp://127.0.0.1:$ps" --workers "tcp://127.0.0.1:$pw" \
    --pull "ipc://$T/broker.pull" --pub "ipc://$T/broker.pub" --journal "$T/broker.journal" \
    --heartbeat-ms 200
check "broker starts" wait_for "$T/broker.log" '"broker_started"' 30
for w in b1 b2; do
    bg $w "$NW_BIN" run --source broker --broker ">tcp://127.0.0.1:$pw" --pub "@ipc://$T/$w.pub" \
        --worker-id $w --heartbeat-ms 200 --redis "127.0.0.1:$redis_PORT" --log-level debug
    wait_for "$T/$w.log" '"event":"ready"' 30
done
bg btail "$NW_BIN" tail --sub "ipc://$T/b1.pub,ipc://$T/b2.pub" --count 10 --timeout-ms 20000
# "connected": handshakes with both PUBs done, subscriptions on their way
wait_for "$T/btail.log" '"event":"(connected|not_connected)"' 25; sleep 0.2
"$NW_BIN" feed --to broker --submit "tcp://127.0.0.1:$ps" --id-prefix viabroker- "$FIX"/*.txt \
    2>"$T/bfeed.log"
check "feed --to broker: all 5 ACCEPTED" grep -q '"sent":5,"accepted":5' "$T/bfeed.log"
"$NW_BIN" feed --to broker --submit "tcp://127.0.0.1:$ps" --id-prefix viabroker2- "$FIX"/*.txt 2>>"$T/bfeed.log"
wait_exit "$btail_PID" 45
check "5 + 5 results through the broker, each id once" \
    [ "$(grep '"topic":"extraction"' "$T/btail.out" | grep -o '"id":"[^"]*"' | sort -u | wc -l)" = 10 ]
check "both workers share the Redis cache (all hits: the texts were cached above)" \
    [ "$(grep -c '"cache_hit":true' "$T/btail.out")" = 10 ]
kill -TERM "$b1_PID" "$b2_PID"
wait_exit "$b1_PID" 10; r1=${WAIT_RC:-1}; wait_exit "$b2_PID" 10; r2=${WAIT_RC:-1}
check "broker-mode workers exit 0 on SIGTERM" [ "$r1" = 0 ] && [ "$r2" = 0 ]
exit 0
