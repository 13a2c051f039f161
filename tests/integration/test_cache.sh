#!/usr/bin/env bash
# test_cache.sh -- the same article fed again is a cache hit (also under a
# new id and with other whitespace); the Redis key is newsworker:v1:<hash>
# with a TTL; --cache-ttl 0 never writes.
. "$(dirname "$0")/lib.sh"

start_redis redis || { notok "redis-server starts"; exit 1; }
start_worker w1 --redis "127.0.0.1:$redis_PORT" --cache-ttl 600 || { notok "worker starts"; exit 1; }
start_tail tail w1 --count 3 --timeout-ms 20000
a=$FIX/harbour-bridge-funding.txt
feed w1 "$a"
wait_lines "$T/tail.out" 1 30
feed w1 --id-prefix again- "$a"
wait_lines "$T/tail.out" 2 30
# same text, other whitespace, another id: same content hash
mkdir -p "$T/copy"; sed 's/  */   /g; s/$/ /' "$a" > "$T/copy/syndicated.txt"
feed w1 "$T/copy/syndicated.txt"
wait_exit "$tail_PID" 45
check "three results" [ "$(wc -l < "$T/tail.out")" = 3 ]
first=$(sed -n 1p "$T/tail.out"); second=$(sed -n 2p "$T/tail.out"); third=$(sed -n 3p "$T/tail.out")
check "first delivery is extracted (cache_hit false)" grep -q '"cache_hit":false' <<<"$first"
check "second delivery is a cache hit" grep -q '"cache_hit":true' <<<"$second"
check "the hit carries the new article id" grep -q '"id":"again-harbour-bridge-funding"' <<<"$second"
check "re-spaced copy is a cache hit too" grep -q '"cache_hit":true' <<<"$third"
h1=$(grep -o '"result_id":"[0-9a-f]*"' <<<"$first"); h2=$(grep -o '"result_id":"[0-9a-f]*"' <<<"$second")
check "result id is the same for both (idempotent)" [ "$h1" = "$h2" ]
check "hit has the same entities as the extraction" python3 -c '
import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2])
assert a["entities"]==b["entities"] and a["quotes"]==b["quotes"] and a["stances"]==b["stances"]
assert b["processing_us"]==0
' "$first" "$second"
hash=${h1#\"result_id\":\"}; hash=${hash%\"}
check "key newsworker:v1:<hash> exists in Redis" [ "$(redis-cli -p "$redis_PORT" EXISTS "newsworker:v1:$hash")" = 1 ]
ttl=$(redis-cli -p "$redis_PORT" TTL "newsworker:v1:$hash")
check "key has the configured TTL ($ttl <= 600)" [ "$ttl" -gt 500 ] && [ "$ttl" -le 600 ]
kill -TERM "$w1_PID"; wait_exit "$w1_PID" 30

# read-only cache: --cache-ttl 0 never writes
redis-cli -p "$redis_PORT" FLUSHALL >/dev/null
start_worker w2 --redis "127.0.0.1:$redis_PORT" --cache-ttl 0
start_tail tail2 w2 --count 1 --timeout-ms 30000
feed w2 "$a"
wait_exit "$tail2_PID" 36
check "--cache-ttl 0 publishes but stores nothing" [ "$(redis-cli -p "$redis_PORT" DBSIZE)" = 0 ] && \
    [ "$(wc -l < "$T/tail2.out")" = 1 ]
kill -TERM "$w2_PID"; wait_exit "$w2_PID" 30
exit 0
