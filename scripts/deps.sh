#!/usr/bin/env bash
# scripts/deps.sh [--bench|--k8s] -- install, with apt-get, every Debian package
# newsworker needs to build, test, fuzz and demo; only what is missing, and
# without questions (DEBIAN_FRONTEND=noninteractive).  Needs root (or sudo).
# --bench (or NW_DEPS_BENCH=1) adds nodejs and npm for `make bench`, --k8s
# the same for `make k8s-check`.
# Tested on Debian 12 (bookworm).
set -euo pipefail

PKGS=(
    build-essential pkg-config make
    libzmq3-dev libhiredis-dev libprotobuf-c-dev protobuf-c-compiler libjansson-dev
    libmicrohttpd-dev
    libcmocka-dev redis-server redis-tools python3 valgrind clang time procps
)
if [ "${1:-}" = "--bench" ] || [ "${1:-}" = "--k8s" ] || [ "${NW_DEPS_BENCH:-0}" = 1 ]; then
    # a node and an npm on the PATH will do (NodeSource's nodejs brings
    # its own npm and conflicts with Debian's package of it)
    command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
    command -v npm >/dev/null 2>&1 || PKGS+=(npm)
fi

missing=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all ${#PKGS[@]} packages are installed"
    exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "deps: missing ${missing[*]}; run as root (or install sudo)" >&2
        exit 1
    fi
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" </dev/null
