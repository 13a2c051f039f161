#!/usr/bin/env bash
# scripts/bench.sh BIN -- words/second of `BIN extract --stats` over
# ../shared/corpus/bbc.jsonl (median of 3 runs, peak RSS through
# /usr/bin/time -v when present), against the npm library compromise
# (../shared/peers/compromise-extract.mjs, median of 3 runs) measured in the
# same run; prints both, the ratio and the machine.
#
# compromise@14.17.0 is installed once with npm into build/peers (cached).
# Skips cleanly without ../shared, and skips the peer without npm, node or
# network.  Environment: NW_SHARED (the shared folder), NW_BENCH_RUNS (3),
# NW_BENCH_PEER_RUNS (3), NW_PEERS_DIR (build/peers).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bin=${1:-build/release/newsworker}
shared=${NW_SHARED:-$(cd .. && pwd)/shared}
corpus=$shared/corpus/bbc.jsonl
runs=${NW_BENCH_RUNS:-3}
peer_runs=${NW_BENCH_PEER_RUNS:-3}
peers=${NW_PEERS_DIR:-build/peers}
target_wps=250000
target_ratio=20

if [ ! -x "$bin" ]; then
    echo "bench: $bin not built (run make first)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END{if (NR) print a[int((NR+1)/2)]; else print 0}'; }

# ------------------------------------------------- one long article --
# A synthetic article (fixed seed) full of unknown names, organisations
# and quotes, at 256 kB and at four times that: the time should grow about
# four times.  A rule that looks over the whole article for every name
# shows here first (it went 0.34 s -> 6.1 s at 1 MB once).
long_article() { # BYTES
    awk -v n="$1" 'BEGIN {
        srand(1); v = "aeiouklmnrstvz"; t = 0;
        printf "{\"id\":\"long-%d\",\"text\":\"", n;
        while (t < n) {
            for (j = 0; j < 3; j++) {
                w = substr("ABCDEFGHIJKLMNOPRSTVWZ", int(rand() * 22) + 1, 1);
                for (k = 0; k < 6; k++) w = w substr(v, int(rand() * 14) + 1, 1);
                nm[j] = w;
            }
            r = int(rand() * 4);
            if (r == 0) s = "The " nm[0] " Committee for the Prevention of " nm[1] " met. ";
            else if (r == 1) s = "\\\"It was " nm[0] ",\\\" " nm[1] " said. ";
            else if (r == 2) s = nm[0] " " nm[1] " flew to " nm[2] " on Monday. ";
            else s = "Officials in " nm[0] " said " nm[1] " software was new. ";
            printf "%s", s; t += length(s);
        }
        printf "\"}\n";
    }'
}
for size in 262144 1048576; do
    long_article "$size" >"$tmp/long-$size.jsonl"
    : >"$tmp/lt"
    for i in 1 2 3; do
        s0=$(date +%s.%N)
        "$bin" extract "$tmp/long-$size.jsonl" >/dev/null 2>&1 || { echo "bench: long article failed" >&2; exit 1; }
        s1=$(date +%s.%N)
        awk -v a="$s0" -v b="$s1" 'BEGIN{printf "%.3f\n", b - a}' >>"$tmp/lt"
    done
    eval "long_$size=$(median <"$tmp/lt")"
done
growth=$(awk -v a="$long_262144" -v b="$long_1048576" 'BEGIN{printf "%.1f", (a > 0) ? b / a : 0}')
echo "long article: 256 kB $long_262144 s, 1 MB $long_1048576 s (median of 3): ${growth}x for 4x the text ($(awk -v g="$growth" 'BEGIN{print (g <= 8) ? "linear enough" : "SUPERLINEAR"}'))"

if [ ! -f "$corpus" ]; then
    echo "bench: $corpus not found; skipping the corpus and compromise (they exist only beside the project's own checkout)"
    exit 0
fi

pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -v)

cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null)
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
echo "corpus:  $corpus ($(wc -l <"$corpus") articles, $(wc -c <"$corpus") bytes)"

# ------------------------------------------------------------ newsworker --
: >"$tmp/wps"
: >"$tmp/rss"
for i in $(seq 1 "$runs"); do
    if ! "${pin[@]}" "${timer[@]}" "$bin" extract --stats "$corpus" >/dev/null 2>"$tmp/err"; then
        echo "bench: $bin extract failed:" >&2
        grep -v -e '^	' -e '^Command' "$tmp/err" | tail -n 5 >&2
        exit 1
    fi
    line=$(grep 'words/s' "$tmp/err" | tail -n 1)
    wps=$(sed -n 's/.*= \([0-9.]*\) words\/s.*/\1/p' <<<"$line")
    echo "  newsworker run $i: $line"
    echo "${wps:-0}" >>"$tmp/wps"
    rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tmp/err")
    [ -n "$rss" ] && echo "$rss" >>"$tmp/rss"
done
nw=$(median <"$tmp/wps")
echo "newsworker: median $nw words/s over $runs runs (one core)"
if [ -s "$tmp/rss" ]; then
    peak=$(sort -n "$tmp/rss" | tail -n 1)
    echo "newsworker: peak RSS $((peak / 1024)) MB ($peak kB)"
else
    echo "newsworker: peak RSS not measured (/usr/bin/time missing: install package 'time')"
fi

# ------------------------------------------------------------ compromise --
peer=""
if ! command -v node >/dev/null 2>&1; then
    echo "compromise: skipped (node not installed)"
elif [ ! -f "$shared/peers/compromise-extract.mjs" ]; then
    echo "compromise: skipped ($shared/peers/compromise-extract.mjs missing)"
else
    if ! grep -q '"version": *"14.17.0"' "$peers/node_modules/compromise/package.json" 2>/dev/null; then
        if ! command -v npm >/dev/null 2>&1; then
            echo "compromise: skipped (npm not installed)"
        else
            mkdir -p "$peers"
            echo "compromise: installing compromise@14.17.0 into $peers (once)"
            if ! timeout 300 npm install --prefix "$peers" --no-audit --no-fund \
                    --no-save compromise@14.17.0 >"$tmp/npm" 2>&1; then
                echo "compromise: skipped (npm install failed: no network?)"
                tail -n 3 "$tmp/npm" | sed 's/^/  /'
            fi
        fi
    fi
    if [ -f "$peers/node_modules/compromise/package.json" ]; then
        : >"$tmp/pwps"
        script=$(cd "$shared/peers" && pwd)/compromise-extract.mjs
        abscorpus=$(cd "$(dirname "$corpus")" && pwd)/$(basename "$corpus")
        for i in $(seq 1 "$peer_runs"); do
            if (cd "$peers" && "${pin[@]}" node "$script" "$abscorpus" >/dev/null 2>"$tmp/perr"); then
                line=$(grep 'words/s' "$tmp/perr" | tail -n 1)
                wps=$(sed -n 's/.*= \([0-9.]*\) words\/s.*/\1/p' <<<"$line")
                echo "  compromise run $i: $line"
                echo "${wps:-0}" >>"$tmp/pwps"
            else
                echo "  compromise run $i failed: $(tail -n 1 "$tmp/perr")"
            fi
        done
        [ -s "$tmp/pwps" ] && peer=$(median <"$tmp/pwps")
        [ -n "$peer" ] && echo "compromise: median $peer words/s over $peer_runs runs"
    fi
fi

# --------------------------------------------------------------- summary --
echo
printf 'newsworker %s words/s (target >= %s): %s\n' "$nw" "$target_wps" \
    "$(awk -v a="$nw" -v t="$target_wps" 'BEGIN{print (a >= t) ? "met" : "MISSED"}')"
if [ -n "$peer" ] && awk -v p="$peer" 'BEGIN{exit !(p > 0)}'; then
    ratio=$(awk -v a="$nw" -v p="$peer" 'BEGIN{printf "%.1f", a / p}')
    printf 'ratio newsworker/compromise: %sx (target >= %sx): %s\n' "$ratio" "$target_ratio" \
        "$(awk -v r="$ratio" -v t="$target_ratio" 'BEGIN{print (r >= t) ? "met" : "MISSED"}')"
else
    echo "ratio newsworker/compromise: not measured"
fi
exit 0
