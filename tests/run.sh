#!/usr/bin/env bash
# tests/run.sh [unit|integration|all] -- run the test suites and print one
# closing line "N passed, N failed[, N skipped]".
#
# Unit tests are cmocka programs in $NW_BUILD/tests; each test case counts.
# Integration tests are tests/integration/*.sh; each prints TAP-style lines
# "ok - what" / "not ok - what" / "ok - what # SKIP why", and each line counts.
# A program that dies without its summary counts as one failure.
set -u
cd "$(dirname "$0")/.."
what=${1:-all}
build=${NW_BUILD:-build/release}
export NW_BIN=${NW_BIN:-$build/newsworker}
export NW_DATADIR=${NW_DATADIR:-$PWD/worker/data}
pass=0 fail=0 skip=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

run_unit() {
    local t name out rc p f
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        out="$log/$name.out"
        if [ "${NW_VALGRIND:-0}" = 1 ]; then
            valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
                "$t" >"$out" 2>&1
        else
            "$t" >"$out" 2>&1
        fi
        rc=$?
        p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$out" | awk '{s+=$NF} END{print s+0}')
        f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$out" | awk '{s+=$NF} END{print s+0}')
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        pass=$((pass + p)); fail=$((fail + f))
        if [ "$f" -gt 0 ]; then
            echo "FAIL unit $name (exit $rc)"; sed 's/^/    /' "$out" | tail -n 40
        else
            echo "ok   unit $name ($p)"
        fi
    done
}

run_integration() {
    local s name out rc p f k
    for s in tests/integration/test_*.sh; do
        [ -f "$s" ] || continue
        name=$(basename "$s" .sh)
        out="$log/$name.out"
        timeout --kill-after=10 "${NW_IT_TIMEOUT:-240}" bash "$s" >"$out" 2>&1
        rc=$?
        k=$(grep -Ec '^ok .*# SKIP' "$out")
        p=$(( $(grep -Ec '^ok ' "$out") - k ))
        f=$(grep -Ec '^not ok ' "$out")
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
        if [ "$f" -gt 0 ]; then
            echo "FAIL integration $name (exit $rc)"; sed 's/^/    /' "$out" | tail -n 60
        else
            echo "ok   integration $name ($p passed, $k skipped)"
        fi
    done
}

case $what in
unit) run_unit ;;
integration) run_integration ;;
*) run_unit; run_integration ;;
esac
if [ "$skip" -gt 0 ]; then
    echo "$pass passed, $fail failed, $skip skipped"
else
    echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
