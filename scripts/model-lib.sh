# scripts/model-lib.sh -- sourced (not run) by model.sh and stance-model.sh:
# where the repository and ../shared are, and writing a model file without
# ever leaving a half-written one behind.
# Sets: root (the repository), shared (NW_SHARED or ../shared).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${NW_SHARED:-$(cd "$root/.." && pwd)/shared}

# model_write NAME OUT CMD [ARG...]: run CMD ARG... TMP, where TMP is a
# temporary file beside OUT that the trainer writes, then move TMP to OUT and
# print its size and hash.  TMP is removed when CMD fails.
model_write() {
    local name=$1 out=$2
    shift 2
    model_tmp="$out.tmp.$$"
    trap 'rm -f "$model_tmp"' EXIT
    "$@" "$model_tmp"
    mv "$model_tmp" "$out"
    trap - EXIT
    echo "$name: wrote $out ($(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16))"
}
