#!/usr/bin/env bash
# test_signals.sh -- SIGTERM / SIGINT while an article is in hand: the worker
# finishes it, publishes it, takes nothing more and exits 0.  The test-only
# NEWSWORKER_TEST_DELAY_MS makes each extraction last long enough to signal
# in the middle of it.
. "$(dirname "$0")/lib.sh"

for sig in TERM INT; do
    w=w$sig
    NEWSWORKER_TEST_DELAY_MS=3000 start_worker $w || { notok "worker starts"; continue; }
    start_tail t$sig $w --timeout-ms 30000
    feed $w --id-prefix "$sig-" "$FIX/coastal-flood-defences.txt" "$FIX/football-stadium-vote.txt"
    wait_for "$T/$w.log" '"event":"job_received"' 15
    sleep 0.3
    kill -$sig "$(eval echo \$${w}_PID)"
    wait_exit "$(eval echo \$${w}_PID)" 30
    rc=${WAIT_RC:-1}
    check "SIG$sig: worker exits 0" [ "$rc" = 0 ]
    wait_lines "$T/t$sig.out" 1 15
    check "SIG$sig: the article in hand was published" grep -q "\"id\":\"$sig-coastal-flood-defences\"" "$T/t$sig.out"
    check "SIG$sig: no new article taken after the signal" [ "$(count "$T/$w.log" '"event":"job_received"')" = 1 ]
    check "SIG$sig: logged stopping and stopped" grep -q '"event":"stopped"' "$T/$w.log"
done
exit 0
