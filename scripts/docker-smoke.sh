#!/usr/bin/env bash
# scripts/docker-smoke.sh -- the container deployment, for real: builds the
# image (docker/Dockerfile), starts deploy/docker-compose.yml with Redis, the
# broker and 3 workers, submits the example articles 2,000 times (10,000
# articles) through the broker from a container of the image, kills two
# workers with SIGKILL while they work, and checks that
#   - every article's result reaches the Redis stream newsworker:v1:results
#     (at least once: a redelivered article may appear twice),
#   - nothing is dead-lettered,
#   - `stop` (SIGTERM) ends every container with exit status 0.
# Needs a Docker engine with compose (`docker compose` or `docker-compose`)
# and the base images of the Dockerfile and the compose file (debian:12,
# debian:12-slim, redis:7), pulled or loaded.  Not part of `make test`: CI
# has no Docker engine.  Leaves nothing behind (compose down -v).
set -euo pipefail
cd "$(dirname "$0")/.."

if docker compose version >/dev/null 2>&1; then
    dc=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    dc=(docker-compose)
else
    echo "docker-smoke: needs docker compose or docker-compose" >&2
    exit 2
fi
project=nwsmoke$$
export REDIS_PASSWORD=smoke-$$
dc+=(-p "$project" -f deploy/docker-compose.yml)
fail() { echo "docker-smoke: FAIL: $*" >&2; "${dc[@]}" logs --tail 20 >&2 || true; exit 1; }
cleanup() { "${dc[@]}" down -v --remove-orphans >/dev/null 2>&1 || true; }
trap cleanup EXIT

ids() {   # containers of the project (all states), optionally of one service
    docker ps -a -q --filter "label=com.docker.compose.project=$project" \
        ${1:+--filter "label=com.docker.compose.service=$1"}
}
rcli() {
    "${dc[@]}" exec -T redis redis-cli --user newsworker --pass "$REDIS_PASSWORD" \
        --no-auth-warning "$@"
}

echo "== build"
DOCKER_BUILDKIT=1 docker build -q -f docker/Dockerfile -t newsworker:latest . >/dev/null
docker run --rm newsworker:latest --version

echo "== up: redis, broker, 3 workers"
"${dc[@]}" up -d --scale worker=3 >/dev/null 2>&1 || fail "compose up"
for _ in $(seq 60); do
    n=$("${dc[@]}" logs broker 2>/dev/null | grep -c '"worker_ready"' || true)
    [ "$n" -ge 3 ] && break
    sleep 1
done
[ "${n:-0}" -ge 3 ] || fail "3 workers did not report to the broker"

articles=(tests/fixtures/articles/*.txt)
repeat=2000
want=$(( ${#articles[@]} * repeat ))
network=$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' \
          "$(ids broker)")
echo "== submit $want articles through the broker; SIGKILL two workers meanwhile"
docker run --rm --network "$network" -v "$PWD/tests/fixtures/articles:/in:ro" \
    newsworker:latest feed --to broker --submit '>tcp://broker:5559' \
    --id-prefix smoke- --repeat "$repeat" "${articles[@]/#tests\/fixtures\/articles//in}" \
    > "${TMPDIR:-/tmp}/$project.feed.log" 2>&1 &
feed=$!
for _ in $(seq 100); do    # kill once results flow
    [ "$(rcli XLEN newsworker:v1:results 2>/dev/null || echo 0)" -ge 1000 ] && break
    sleep 0.2
done
workers=($(ids worker))
killed="${workers[0]} ${workers[1]}"
docker kill -s KILL $killed >/dev/null
wait "$feed" || fail "feed: $(tail -1 "${TMPDIR:-/tmp}/$project.feed.log")"
grep -q "\"accepted\":$want," "${TMPDIR:-/tmp}/$project.feed.log" ||
    fail "feed: $(tail -1 "${TMPDIR:-/tmp}/$project.feed.log")"
rm -f "${TMPDIR:-/tmp}/$project.feed.log"

got=0
for _ in $(seq 120); do
    got=$(rcli XRANGE newsworker:v1:results - + |
          awk 'p == "article_id" && /^smoke-/ { print } { p = $0 }' | sort -u | wc -l)
    [ "$got" -ge "$want" ] && break
    sleep 1
done
entries=$(rcli XLEN newsworker:v1:results)
dead=$(rcli XLEN newsworker:v1:deadletters)
echo "results: $got distinct articles of $want ($entries stream entries), dead letters: $dead"
"${dc[@]}" logs broker 2>/dev/null | grep '"stats"' | tail -1 |
    grep -o '"accepted":[0-9]*\|"redelivered":[0-9]*\|"acked":[0-9]*\|"worker_deaths":[0-9]*' |
    tr '\n' ' '; echo
[ "$got" -eq "$want" ] || fail "$((want - got)) articles have no result"
[ "$dead" -eq 0 ] || fail "$dead dead letters"

echo "== stop (SIGTERM)"
"${dc[@]}" stop >/dev/null 2>&1
stopped=0
for c in $(ids); do
    case " $killed " in *" ${c:0:12} "*|*" $c "*) continue ;; esac
    code=$(docker inspect -f '{{.State.ExitCode}}' "$c")
    [ "$code" = 0 ] || fail "$(docker inspect -f '{{.Name}}' "$c") exited $code after SIGTERM"
    stopped=$((stopped + 1))
done
echo "exit status 0 after SIGTERM: $stopped containers"
echo "docker-smoke: OK"
