#!/usr/bin/env bash
# A worker with credit 4 takes a poison article and the three articles
# queued behind it in one go, then crashes on the poison (--test-crash-on).
# Only the article it was on counts an attempt: the three it never started
# go back uncounted, to the head of the queue, so with --max-attempts 2 the
# poison article is dead-lettered and its neighbours are published -- they
# must not be dead-lettered for sitting beside it.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "innocent neighbours of a poison article"

start_broker broker --max-attempts 2 || { notok "broker starts"; exit 1; }
start_tail --topic extraction

# queue first, worker second: the first JOBs carry the poison and the three
# innocents together
printf '{"id":"poison-1","text":"Officials said the POISON-PILL-MARKER would crash any worker that reads it."}\n' \
    >"$T/a.jsonl"
jsonl_articles "$T/b.jsonl" 3 innocent
cat "$T/b.jsonl" >>"$T/a.jsonl"
feed "$T/a.jsonl" 2>"$T/feed.log" >/dev/null
check "4 articles accepted" \
    test "$(grep -Eo '"accepted":[0-9]+' "$T/feed.log" | awk -F: '{s += $2} END {print s + 0}')" = 4

# a supervisor restarts the crashing worker
supervise 10 --credit 4 --pub-connect-wait-ms 20000 --test-crash-on POISON-PILL-MARKER \
    2>/dev/null & BG_PIDS="$BG_PIDS $!"

check "the first worker held all four at once" \
    wait_for "$T/broker.log" '"worker_dead".*"requeued":4' 30
check "poison article dead-lettered after 2 attempts" \
    wait_for "$T/broker.log" '"dead_letter".*"poison-1".*TOO_MANY_ATTEMPTS.*"attempts":2' 60
# The workers' own "published" events, not the tail: an article published
# just before its worker aborted on the poison can die in the PUB socket's
# send buffer (PUB delivery is not guaranteed: README, "What is not
# guaranteed"); what this test is about is that the neighbours are
# processed and acknowledged, not dead-lettered.
published() {
    sed -n 's/.*"event":"published","article_id":"\(innocent-[0-9]*\)".*/\1/p' \
        "$T/workers.log" | sort -u | tr '\n' ' '
}
n=300
while [ $n -gt 0 ] && [ "$(published)" != "innocent-1 innocent-2 innocent-3 " ]; do
    sleep 0.1; n=$((n - 1))
done
ids=$(published)
check "the three innocent articles were published ($ids)" \
    test "$ids" = "innocent-1 innocent-2 innocent-3 "
check "only the poison article was dead-lettered" \
    test "$(count "$T/broker.log" '"dead_letter"')" = 1
rm -f "$T/run"
kill9 "$(cat "$T/worker.pid")"
[ "$FAILS" -eq 0 ]
