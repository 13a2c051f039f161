#!/usr/bin/env bash
# test_curve.sh -- CURVE on the worker's own sockets (issue 6: "CURVE on
# every socket when keys are configured").  With --curve-secret-key and
# --curve-allow the worker's PUB and PULL are CURVE servers behind a ZAP
# allow-list: a tail / feed whose public key is on the list works; one with
# another key pair, or in plain text, gets nothing / is refused.  Half a
# CURVE configuration is refused at start (exit 2), and keys may be given
# as @FILE (the files `newsworker keygen` writes).
. "$(dirname "$0")/lib.sh"

K=$T/keys # not $T/NAME.pub: start_worker binds its PUB there
mkdir -p "$K"
"$NW_BIN" keygen "$K/w" >/dev/null && "$NW_BIN" keygen "$K/good" >/dev/null &&
    "$NW_BIN" keygen "$K/bad" >/dev/null || { notok "keygen"; exit 1; }
key() { grep -v '^#' "$1"; }

# ---- configuration checks (no sockets)
"$NW_BIN" run --source pull --curve-secret-key "@$K/w.key" 2>"$T/e1"
check "secret key without --curve-allow: exit 2" [ $? = 2 ]
check "... and the message says why" grep -q -- "needs --curve-allow" "$T/e1"
"$NW_BIN" run --source pull --curve-allow "$(key "$K/good.pub")" 2>"$T/e2"
check "--curve-allow without a secret key: exit 2" [ $? = 2 ]
"$NW_BIN" run --source broker --curve-secret-key "@$K/w.key" --curve-allow "@$K/good.pub" 2>"$T/e3"
check "broker source with a secret key but no broker key: exit 2" [ $? = 2 ]
"$NW_BIN" run --source pull --curve-secret-key "@$K/w.key" --curve-public-key "@$K/good.pub" \
    --curve-allow "@$K/good.pub" 2>"$T/e4"
check "public key of another pair refused: exit 2" [ $? = 2 ] && grep -q "does not belong" "$T/e4"
"$NW_BIN" tail --curve-server-key "@$K/w.pub" 2>"$T/e5"
check "tail with a server key but no key pair: exit 2" [ $? = 2 ]
"$NW_BIN" feed --curve-secret-key "@$K/good.key" "$FIX"/*.txt 2>"$T/e6"
check "feed with a key pair but no server key: exit 2" [ $? = 2 ]

# ---- a CURVE worker (keys from @FILE and from the environment)
NEWSWORKER_CURVE_ALLOW="$(key "$K/good.pub")" start_worker w --curve-secret-key "@$K/w.key" ||
    { notok "CURVE worker starts"; exit 1; }
ok "CURVE worker starts"
# line_has FILE EVENT TEXT: a line with that event contains TEXT (fixed string;
# Z85 keys are full of regex characters)
line_has() { grep -F "\"event\":\"$2\"" "$1" 2>/dev/null | grep -qF -- "$3"; }
wait_line_has() { poll "$4" line_has "$1" "$2" "$3"; }
check "ready line says curve and the public key" \
    line_has "$T/w.log" ready "\"curve\":true,\"public_key\":\"$(key "$K/w.pub")\""

n=$(ls "$FIX"/*.txt | wc -l)
# tails: allowed key (flags), allowed key (environment), another key, plain
start_tail tgood w --curve-server-key "@$K/w.pub" --curve-secret-key "@$K/good.key" \
    --count "$n" --timeout-ms 30000
NEWSWORKER_CURVE_SERVER_KEY="$(key "$K/w.pub")" NEWSWORKER_CURVE_SECRET_KEY="$(key "$K/good.key")" \
    start_tail tenv w --count "$n" --timeout-ms 30000
bg tbad "$NW_BIN" tail --sub "ipc://$T/w.pub" --curve-server-key "@$K/w.pub" \
    --curve-secret-key "@$K/bad.key" --count 1 --timeout-ms 30000
bg tplain "$NW_BIN" tail --sub "ipc://$T/w.pub" --count 1 --timeout-ms 30000
check "ZAP refuses the tail with another key" \
    wait_line_has "$T/w.log" zap_denied "\"$(key "$K/bad.pub")\"" 10

"$NW_BIN" feed --push "ipc://$T/w.in" --curve-server-key "@$K/w.pub" \
    --curve-secret-key "@$K/good.key" --timeout-ms 10000 "$FIX"/*.txt 2>>"$T/feed.log"
check "feed with an allowed key: exit 0" [ $? = 0 ]
check "allowed tail gets every result" wait_lines "$T/tgood.out" "$n" 30
check "allowed tail (keys from NEWSWORKER_CURVE_*) gets every result" wait_lines "$T/tenv.out" "$n" 30
check "results are decoded Extractions" [ "$(count "$T/tgood.out" '"topic":"extraction"')" = "$n" ]

"$NW_BIN" feed --push "ipc://$T/w.in" --curve-server-key "@$K/w.pub" \
    --curve-secret-key "@$K/bad.key" --id-prefix bad- --timeout-ms 1500 "$FIX"/*.txt \
    2>>"$T/feed.log"
check "feed with a key not on the list is refused (exit 1)" [ $? = 1 ]
"$NW_BIN" feed --push "ipc://$T/w.in" --id-prefix plain- --timeout-ms 1500 "$FIX"/*.txt \
    2>>"$T/feed.log"
check "plain-text feed to a CURVE worker is refused (exit 1)" [ $? = 1 ]
check "the worker took only the allowed feed's articles" \
    [ "$(count "$T/w.log" '"event":"job_received"')" = "$n" ]

# the refused tails got nothing and give up at their timeout: stop them now
kill -TERM "$tbad_PID" "$tplain_PID" 2>/dev/null
wait_exit "$tbad_PID" 10
wait_exit "$tplain_PID" 10
check "tail with another key got nothing" [ ! -s "$T/tbad.out" ]
check "plain-text tail got nothing" [ ! -s "$T/tplain.out" ]

kill -TERM "$w_PID"; wait_exit "$w_PID" 15
check "CURVE worker exits 0 on SIGTERM (ZAP thread joined)" [ "${WAIT_RC:-1}" = 0 ]
exit 0
