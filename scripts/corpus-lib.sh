# scripts/corpus-lib.sh -- sourced (not run) by chaos.sh and scale.sh.
#
# corpus_input CORPUS_DIR N PREFIX OUT: write N JSON Lines articles to OUT,
# the texts of CORPUS_DIR/*.jsonl in turn (repeated as needed) under fresh
# ids PREFIX-<run>-<i>, so a run never collides with an earlier one's ids.
# Fails (status 1) when the corpus has no lines.
corpus_input() {
    local dir=$1 n=$2 prefix=$3 out=$4 run
    run=$(date +%s)
    cat "$dir"/*.jsonl | awk -v n="$n" -v run="$run" -v p="$prefix" '
        { line[NR] = $0 }
        END {
            if (NR == 0) exit 1
            for (i = 0; i < n; i++) {
                l = line[(i % NR) + 1]
                sub(/^\{"id": *"[^"]*"/, "{\"id\": \"" p "-" run "-" i "\"", l)
                print l
            }
        }' >"$out"
}
