#!/usr/bin/env bash
# test_metrics.sh -- `newsworker run --metrics-addr`: Prometheus text on
# GET /metrics counting articles by result (extracted, cache_hit,
# dead_letter), cache hits, dead letters and the extraction histogram, as
# the worker handles a real feed with a real Redis cache.
. "$(dirname "$0")/lib.sh"

start_redis redis || { notok "redis starts"; exit 1; }
mport=$(free_port)
start_worker w1 --redis "127.0.0.1:$redis_PORT" --metrics-addr "127.0.0.1:$mport" ||
    { notok "worker with --metrics-addr starts"; exit 1; }
ok "worker with --metrics-addr starts"
check "metrics_listening logged" grep -q '"event":"metrics_listening"' "$T/w1.log"

scrape() {
    python3 -c 'import sys, urllib.request
print(urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=5).read().decode())' \
        "$mport" >"$T/metrics.txt" 2>"$T/scrape.err"
}
metric() { awk -v k="$1" '$1 == k {print $2}' "$T/metrics.txt"; }

check "scrape before any work: all zero" bash -c "$(declare -f scrape); mport=$mport T=$T; scrape && grep -q '^newsworker_articles_total{result=\"extracted\"} 0$' $T/metrics.txt"

n=$(ls "$FIX"/*.txt | wc -l)
start_tail tail w1 --count $((2 * n + 1)) --timeout-ms 40000
feed w1 --id-prefix first- "$FIX"/*.txt
feed w1 --id-prefix again- "$FIX"/*.txt
printf '{"id":"empty-1","text":"  "}\n' >"$T/empty.jsonl"
feed w1 "$T/empty.jsonl"
wait_exit "$tail_PID" 45
check "tail saw every result and the dead letter" [ "${WAIT_RC:-1}" = 0 ]
scrape
check "GET /metrics answers" [ -s "$T/metrics.txt" ]
check "articles_total{extracted} = $n" [ "$(metric 'newsworker_articles_total{result="extracted"}')" = "$n" ]
check "articles_total{cache_hit} = $n" [ "$(metric 'newsworker_articles_total{result="cache_hit"}')" = "$n" ]
check "articles_total{dead_letter} = 1" [ "$(metric 'newsworker_articles_total{result="dead_letter"}')" = 1 ]
check "cache_hits_total = $n" [ "$(metric newsworker_cache_hits_total)" = "$n" ]
check "deadletters_total = 1" [ "$(metric newsworker_deadletters_total)" = 1 ]
check "extract_seconds histogram counts the $n extractions" \
    [ "$(metric newsworker_extract_seconds_count)" = "$n" ] &&
    [ "$(metric 'newsworker_extract_seconds_bucket{le="+Inf"}')" = "$n" ]
check "histogram declared with # TYPE" grep -q '^# TYPE newsworker_extract_seconds histogram$' "$T/metrics.txt"

"$NW_BIN" run --source pull --pull "@ipc://$T/m2.in" --pub "@ipc://$T/m2.pub" \
    --metrics-addr "127.0.0.1:$mport" 2>"$T/m2.log"
check "a second worker on the same metrics port fails at start (exit 1)" [ $? = 1 ] &&
    grep -q '"event":"metrics_failed"' "$T/m2.log"
kill -TERM "$w1_PID"; wait_exit "$w1_PID" 30
check "worker with metrics exits 0 on SIGTERM" [ "${WAIT_RC:-1}" = 0 ]
exit 0
