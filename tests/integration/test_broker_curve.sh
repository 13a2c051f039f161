#!/usr/bin/env bash
# CURVE on every broker socket with a ZAP allow-list: a worker whose public
# key is on the list is served; a worker with another key pair and a plain
# (non-CURVE) producer are refused (ZAP 400 / no handshake); the broker
# refuses to start with a secret key but no allow-list.  End to end with
# CURVE on every hop: an allowed producer's articles are ACCEPTED and their
# results reach an allowed tail over the worker's CURVE PUB.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/broker_lib.sh
need_broker "CURVE allow-list"

"$NW_BIN" keygen "$T/server" >/dev/null && "$NW_BIN" keygen "$T/good" >/dev/null &&
    "$NW_BIN" keygen "$T/bad" >/dev/null && "$NW_BIN" keygen "$T/reader" >/dev/null ||
    { notok "keygen"; exit 1; }
ok "keygen writes key pairs"
check "secret key file is private (0600)" test "$(stat -c %a "$T/server.key")" = 600
key() { grep -v '^#' "$1"; }

"$NW_BIN" broker --curve-secret-key "@$T/server.key" --journal "$T/x.journal" \
    --submit "tcp://127.0.0.1:$(port 5)" --workers "tcp://127.0.0.1:$(port 6)" --pull "" \
    --pub "" >/dev/null 2>"$T/noallow.log"
check "broker refuses CURVE without an allow-list (exit 2)" test $? = 2

start_broker broker --curve-secret-key "@$T/server.key" --curve-allow "$(key "$T/good.pub")" ||
    { notok "broker starts with CURVE"; exit 1; }
curve_worker() {
    local name=$1 who=$2
    bg "$name" "$NW_BIN" run --source broker --broker ">tcp://127.0.0.1:$(port 1)" \
        --pub ">tcp://127.0.0.1:$(port 10)" --worker-id "$name" --heartbeat-ms 200 \
        --heartbeat-liveness 3 --curve-server-key "$(key "$T/server.pub")" \
        --curve-public-key "$(key "$T/$who.pub")" --curve-secret-key "$(key "$T/$who.key")" \
        --curve-allow "@$T/reader.pub"
}
# the results reader: CURVE client of the workers' PUB (wgood's key pair)
start_tail --curve-server-key "@$T/good.pub" --curve-secret-key "@$T/reader.key" ||
    { notok "CURVE tail starts"; exit 1; }
curve_worker wgood good
curve_worker wbad bad
check "allowed worker gets in (READY seen)" wait_for "$T/broker.log" '"worker_ready".*"wgood"' 30
check "other key refused by ZAP" wait_for "$T/broker.log" "\"zap_denied\".*\"$(key "$T/bad.pub" | sed 's/[][\\.*^$+?(){}|]/\\&/g')\"" 30
jsonl_articles "$T/a.jsonl" 2 plain
feed --timeout-ms 1500 "$T/a.jsonl" >/dev/null 2>"$T/feed.log"
check "plain-text producer gets no ACCEPTED from a CURVE broker" test $? -ne 0
check "broker accepted nothing from it" test "$(stat_of "$T/broker.log" accepted)" = 0
jsonl_articles "$T/b.jsonl" 3 sealed
feed --curve-server-key "@$T/server.pub" --curve-secret-key "@$T/good.key" --timeout-ms 20000 \
    "$T/b.jsonl" >/dev/null 2>"$T/feed2.log"
check "allowed CURVE producer: all 3 ACCEPTED (exit 0)" test $? = 0
check "results reach the CURVE tail through the CURVE worker PUB" wait_count "$T/tail.out" \
    '"topic":"extraction","id":"sealed-' 3 30
# checked last: the whole exchange above gave the refused worker time to try
check "refused worker never announced itself" bash -c "! grep -q '\"worker_ready\".*\"wbad\"' '$T/broker.log'"
[ "$FAILS" -eq 0 ]
