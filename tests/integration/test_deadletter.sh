#!/usr/bin/env bash
# test_deadletter.sh -- each kind of bad input gives one DeadLetter with its
# own code (published and appended to the capped Redis stream), while good
# articles fed in between keep flowing and the worker stays up.
. "$(dirname "$0")/lib.sh"

start_redis redis || { notok "redis-server starts"; exit 1; }
start_worker w1 --redis "127.0.0.1:$redis_PORT" --max-body 100000 --max-msg 300000 ||
    { notok "worker starts"; exit 1; }
start_tail tail w1 --count 12 --timeout-ms 30000
B=$T/bad; mkdir -p "$B"
printf 'The minister said \xff\xfe it was fine.' > "$B/badutf8.txt"
: > "$B/empty.txt"
printf ' \n\t  \n' > "$B/blank.txt"
head -c 150000 /dev/zero | tr '\0' 'x' > "$B/huge.txt"
echo '{"id":"","text":"A councillor said the wall would be built."}' > "$B/noid.jsonl"
printf '\x0a\x05abc' > "$B/truncated.bin"           # length says 5, 3 bytes follow
printf 'GET / HTTP/1.1\r\n\r\n' > "$B/http.bin"
head -c 400000 /dev/zero > "$B/over-maxmsg.bin"     # > ZMQ_MAXMSGSIZE: dropped by libzmq
good() { feed w1 --id-prefix "$1-" "$FIX/river-clinic-strike.txt"; }
good g1
feed w1 "$B/badutf8.txt"; good g2
feed w1 "$B/empty.txt" "$B/blank.txt"; good g3
feed w1 "$B/huge.txt"; good g4
feed w1 "$B/noid.jsonl"
feed w1 --raw "$B/truncated.bin" "$B/http.bin"; good g5
wait_exit "$tail_PID" 30
out=$T/tail.out
code_count() { grep -c "\"code\":\"$1\"" "$out"; }
check "INVALID_UTF8 dead letter" [ "$(code_count INVALID_UTF8)" = 1 ]
check "EMPTY_BODY dead letters (empty and blank)" [ "$(code_count EMPTY_BODY)" = 2 ]
check "TOO_LARGE dead letter" [ "$(code_count TOO_LARGE)" = 1 ]
check "MISSING_ID dead letter" [ "$(code_count MISSING_ID)" = 1 ]
check "UNDECODABLE dead letters (truncated, not protobuf)" [ "$(code_count UNDECODABLE)" = 2 ]
check "all 5 good articles published between them" [ "$(count "$out" '"topic":"extraction"')" = 5 ]
check "dead letters carry input hash and size" python3 -c '
import json,sys
for l in open(sys.argv[1]):
    o=json.loads(l)
    if o["topic"]=="deadletter":
        assert len(o["input_sha256"])==64 and o["input_size"]>0 and o["message"], o
' "$out"
check "dead letters appended to newsworker:v1:deadletters" \
    [ "$(redis-cli -p "$redis_PORT" XLEN newsworker:v1:deadletters)" = 7 ]
# an oversized message never reaches the worker (libzmq drops it); the
# worker must still be alive and serving afterwards
start_tail tail2 w1 --count 1 --timeout-ms 30000
feed w1 --raw "$B/over-maxmsg.bin"
feed w1 --id-prefix after- "$FIX/lakeside-tech-merger.txt"
wait_exit "$tail2_PID" 36
check "worker survives a message over --max-msg and goes on" grep -q '"id":"after-lakeside-tech-merger"' "$T/tail2.out"
check "worker is still running" kill -0 "$w1_PID"
check "dead_letter warnings logged with code" [ "$(count "$T/w1.log" '"event":"dead_letter"')" = 7 ]
kill -TERM "$w1_PID"; wait_exit "$w1_PID" 30
check "worker exits 0" [ "${WAIT_RC:-1}" = 0 ]
exit 0
