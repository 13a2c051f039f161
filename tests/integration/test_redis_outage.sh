#!/usr/bin/env bash
# test_redis_outage.sh -- Redis stopped mid-run, then restarted on the same
# port: the worker keeps publishing throughout (uncached), logs redis_down
# once, reconnects with back-off, and caches again afterwards.  Also: no
# Redis configured at all, and one that never answers.
. "$(dirname "$0")/lib.sh"

start_redis redis || { notok "redis-server starts"; exit 1; }
start_worker w1 --redis "127.0.0.1:$redis_PORT" --redis-backoff-max-ms 500 ||
    { notok "worker starts"; exit 1; }
start_tail tail w1 --timeout-ms 40000
feed w1 --id-prefix before- "$FIX"/*.txt
check "results before the outage" wait_lines "$T/tail.out" 5 30
stop_redis redis
check "redis stopped" [ "${WAIT_RC:-1}" = 0 ]
for i in 1 2 3; do
    feed w1 --id-prefix "during$i-" "$FIX"/*.txt
    sleep 0.3
done
check "all 15 articles published while Redis is down" wait_lines "$T/tail.out" 20 45
check "redis_down logged exactly once" [ "$(count "$T/w1.log" '"event":"redis_down"')" = 1 ]
check "results during the outage are not cache hits" \
    [ "$(grep '"id":"during' "$T/tail.out" | grep -c '"cache_hit":true')" = 0 ]
restart_redis redis || notok "redis restarts"
check "worker logs redis_up again" wait_for "$T/w1.log" '"event":"redis_up".*"down_ms":[1-9]' 30
feed w1 --id-prefix after1- "$FIX/lakeside-tech-merger.txt"
wait_lines "$T/tail.out" 21 30
feed w1 --id-prefix after2- "$FIX/lakeside-tech-merger.txt"
check "result after restart" wait_lines "$T/tail.out" 22 30
check "caches again after restart (second copy is a hit)" \
    grep -q '"id":"after2-lakeside-tech-merger".*"cache_hit":true' "$T/tail.out"
check "worker never stopped" kill -0 "$w1_PID"
kill -TERM "$w1_PID"; wait_exit "$w1_PID" 30
check "worker exits 0" [ "${WAIT_RC:-1}" = 0 ]

# no Redis at all: uncached, says so once
start_worker w2 || notok "worker without redis starts"
check "cache_disabled logged" grep -q '"event":"cache_disabled"' "$T/w2.log"
start_tail tail2 w2 --count 2 --timeout-ms 30000
feed w2 "$FIX/river-clinic-strike.txt"; feed w2 --id-prefix x- "$FIX/river-clinic-strike.txt"
wait_exit "$tail2_PID" 36
check "without Redis both copies are extracted" [ "$(count "$T/tail2.out" '"cache_hit":false')" = 2 ]
kill -TERM "$w2_PID"; wait_exit "$w2_PID" 30

# a Redis port that accepts but never answers: command timeouts keep the
# worker moving (python listener that never replies)
p=$(free_port)
python3 -c '
import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(16); conns=[]
t=time.time()
while time.time()-t<30:
    c,_=s.accept(); conns.append(c)
' "$p" &
BG_PIDS="$BG_PIDS $!"
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
start_worker w3 --redis "127.0.0.1:$p" --redis-command-timeout-ms 100 || notok "worker w3 starts"
start_tail tail3 w3 --count 3 --timeout-ms 30000
feed w3 "$FIX/coastal-flood-defences.txt" "$FIX/football-stadium-vote.txt" "$FIX/harbour-bridge-funding.txt"
wait_exit "$tail3_PID" 45
check "a silent Redis (timeouts) does not stall the worker" [ "$(wc -l < "$T/tail3.out")" = 3 ]
kill -TERM "$w3_PID"; wait_exit "$w3_PID" 30
exit 0
