#!/usr/bin/env bash
# `newsworker feed` reads JSON Lines one line at a time: a file larger than
# the 64 MiB that one article may take (here 66 lines padded to 1 MiB each)
# is fed whole -- it was refused with "File too large" when feed read every
# file into memory at once -- and a bad line in the middle is reported with
# its line number while the lines around it still go through.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "feed streams large JSON Lines files"

start_broker broker --capacity 200 || { notok "broker starts"; exit 1; }
awk 'BEGIN {
    pad = "x"; while (length(pad) < 1048576) pad = pad pad
    for (i = 1; i <= 66; i++) {
        printf "{\"id\":\"big-%d\",\"text\":\"The ferry to Eastwick left at noon, the harbour board said. Item %d.\",\"pad\":\"%s\"}\n", i, i, pad
        if (i == 33) print "{\"id\": \"broken-line\", \"text\": "
    }
}' >"$T/big.jsonl"
size=$(wc -c <"$T/big.jsonl")
check "the input is over 64 MiB ($size bytes)" test "$size" -gt $((64 * 1024 * 1024))
feed --timeout-ms 20000 "$T/big.jsonl" >/dev/null 2>"$T/feed.log"
rc=$?
check "a bad line makes feed exit 1 (exit $rc)" test "$rc" -eq 1
check "no read failure" bash -c "! grep -q read_failed '$T/feed.log'"
check "the bad line is reported with its number" grep -q '"bad_line".*"line":34' "$T/feed.log"
check "all 66 good articles accepted" grep -q '"accepted":66,' "$T/feed.log"
check "the broker accepted 66" wait_for "$T/broker.log" '"accepted":66,' 15
rm -f "$T/big.jsonl"
[ "$FAILS" -eq 0 ]
