#!/usr/bin/env bash
# A poison article (the worker's test-only switch --test-crash-on makes it
# abort() on a marker) crashes every worker that takes it; the broker counts
# each death as an attempt and after --max-attempts dead-letters it (PUB
# "deadletter" + the Redis stream) while the other articles flow.  Then
# `deadletters list` shows it and `deadletters replay` resubmits it.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "poison article dead-lettered"

redis_flags=()
if start_redis; then
    redis_flags=(--redis "127.0.0.1:$(port 12)")
else
    echo "# redis-server not available: stream checks skipped"
fi
start_broker broker --max-attempts 3 "${redis_flags[@]}" || { notok "broker starts"; exit 1; }
bg dltail "$NW_BIN" tail --sub ">tcp://127.0.0.1:$(port 3)" --topic deadletter --timeout-ms 50000
start_tail --topic extraction
wait_for "$T/dltail.log" '"event":"connected"' 30

# a supervisor restarts the crashing worker
supervise 30 --test-crash-on POISON-PILL-MARKER 2>/dev/null & BG_PIDS="$BG_PIDS $!"

jsonl_articles "$T/a.jsonl" 6 good
printf '{"id":"poison-1","text":"Officials said the POISON-PILL-MARKER would crash any worker that reads it."}\n' \
    >>"$T/a.jsonl"
jsonl_articles "$T/b.jsonl" 6 later
feed "$T/a.jsonl" 2>"$T/feed.log" >/dev/null
feed "$T/b.jsonl" 2>>"$T/feed.log" >/dev/null
check "13 articles accepted" \
    test "$(grep -Eo '"accepted":[0-9]+' "$T/feed.log" | awk -F: '{s += $2} END {print s + 0}')" = 13
check "poison article dead-lettered after 3 attempts" \
    wait_for "$T/broker.log" '"dead_letter".*"poison-1".*TOO_MANY_ATTEMPTS.*"attempts":3' 90
# counted from the workers' own "published" events: one published just
# before its worker aborted on the poison can die in the PUB send buffer
# (PUB delivery is not guaranteed: README, "What is not guaranteed")
published() {
    sed -n 's/.*"event":"published","article_id":"\([a-z]*-[0-9]*\)".*/\1/p' \
        "$T/workers.log" | grep -v '^poison' | sort -u | wc -l
}
n=600
while [ $n -gt 0 ] && [ "$(published)" -lt 12 ]; do sleep 0.1; n=$((n - 1)); done
ids=$(published)
check "the 12 good articles were all published ($ids)" test "$ids" = 12
check "no result for the poison article" bash -c "! grep -q '\"id\":\"poison-1\"' '$T/tail.out'"
check "dead letter published on the broker's PUB" wait_for "$T/dltail.out" 'poison-1' 15
if [ ${#redis_flags[@]} -gt 0 ]; then
    "$NW_BIN" deadletters list --redis "127.0.0.1:$(port 12)" >"$T/list.out" 2>"$T/list.log"
    check "deadletters list shows it with its reason" \
        grep -q '"id":"poison-1".*"code":"ERROR_CODE_TOO_MANY_ATTEMPTS".*"replayable":true' "$T/list.out"
    "$NW_BIN" deadletters replay --redis "127.0.0.1:$(port 12)" \
        --submit ">tcp://127.0.0.1:$(port 0)" >"$T/replay.out" 2>"$T/replay.log"
    check "deadletters replay resubmits it (ACCEPTED) and removes the entry" \
        grep -q '"id":"poison-1","replayed":true,"reply":"ACCEPTED"' "$T/replay.out"
    check "replayed poison article dead-lettered again" \
        wait_count "$T/broker.log" '"dead_letter".*"poison-1"' 2 90
else
    ok "deadletters list/replay # SKIP no redis-server"
fi
rm -f "$T/run"
kill9 "$(cat "$T/worker.pid")"
[ "$FAILS" -eq 0 ]
