#!/usr/bin/env bash
# SIGTERM with leases in hand: the worker finishes and publishes the article
# it is processing, RELEASEs the JOBs it holds but has not started, says
# DISCONNECT and exits 0 within its grace period; the broker requeues them
# without counting an attempt, and another worker publishes them: nothing
# lost, nothing dead-lettered, no worker counted dead.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "SIGTERM hands leases back"

# liveness 3 x 200 ms = 600 ms, shorter than the 1.5 s each article takes:
# the worker's agent thread heartbeats while it works, so it is not "dead"
start_broker broker || { notok "broker starts"; exit 1; }
start_tail --topic extraction
start_worker w1 --credit 3 --test-delay-ms 1500
wait_ready w1
jsonl_articles "$T/a.jsonl" 6 drain
feed "$T/a.jsonl" >/dev/null 2>"$T/feed.log"
check "6 accepted" grep -q '"accepted":6' "$T/feed.log"
check "worker holds 3 leases" wait_for "$T/broker.log" '"leased":3' 30
t0=$(date +%s%N)
kill -TERM "$w1_PID"
wait "$w1_PID"; rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "worker exits 0 after SIGTERM (rc $rc)" test "$rc" = 0
check "within the grace period (${ms} ms < 5000)" test "$ms" -lt 5000
check "broker requeued the unstarted leases without counting them" \
    wait_for "$T/broker.log" '"worker_left".*"w1".*"why":"disconnect"' 20
start_worker w2
wait_lines "$T/tail.out" 6 60
ids=$(result_ids "$T/tail.out" | uniq | wc -l)
check "all 6 articles published ($ids distinct ids)" test "$ids" = 6
check "no worker counted dead" test "$(stat_of "$T/broker.log" worker_deaths)" = 0
check "no redelivery counted as an attempt" test "$(stat_of "$T/broker.log" redelivered)" = 0
check "released > 0 or requeued at disconnect" \
    grep -Eq '"released":[1-9]|"worker_left".*"requeued":[1-9]' "$T/broker.log"
check "nothing dead-lettered" test "$(stat_of "$T/broker.log" dead_lettered)" = 0
[ "$FAILS" -eq 0 ]
