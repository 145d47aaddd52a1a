#!/usr/bin/env bash
# FTP downloads: ferry against curl (one connection, SIZE_MIB, unthrottled)
# and against aria2c -x8 -s8 (64 MiB from a server that sends each
# connection at most 2 MiB/s, 8 connections), from a loopback pyftpdlib
# (Debian python3-pyftpdlib, with sendfile when unthrottled), in one run.
# Medians of RUNS wall times, and the ratio ferry / peer.
#   bench/ftp.sh                 # SIZE_MIB=1024, RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
SIZE_MIB="${SIZE_MIB:-1024}"
if [ -z "${FERRY:-}" ]; then
    scripts/install-deps.sh --bench >/dev/null
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
    cargo build --release --locked --quiet
    FERRY="$PWD/target/release/ferry"
fi
WORK="$(mktemp -d /var/tmp/ferry-ftp.XXXXXX)"
SERVERS=()
trap 'for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/pub" "$WORK/out"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/pub/big.bin"
head -c "$((64 * 1024 * 1024))" /dev/urandom > "$WORK/pub/slow.bin"
serve() { # PORT RATE (bytes/s per connection, 0: none)
    /usr/bin/python3 - "$WORK/pub" "$1" "$2" 2>/dev/null <<'PY' &
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, ThrottledDTPHandler
from pyftpdlib.servers import ThreadedFTPServer
folder, port, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
authorizer = DummyAuthorizer()
authorizer.add_anonymous(folder)
class Handler(FTPHandler):
    authorizer = authorizer
if rate:
    class Slow(ThrottledDTPHandler):
        write_limit = rate
    Handler.dtp_handler = Slow
    Handler.use_sendfile = False
ThreadedFTPServer(("127.0.0.1", port), Handler).serve_forever()
PY
    SERVERS+=("$!")
}
serve 18721 0
serve 18722 $((2 * 1024 * 1024))
sleep 1
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wall() { # COMMAND...: seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
measure() { # NAME COMMAND...: median seconds over RUNS, a fresh output each run
    local name="$1"; shift
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/out" "$WORK/state"; mkdir -p "$WORK/out"
        wall "$@"
    done | median
}
big_ferry=$(measure ferry "$FERRY" --state-dir "$WORK/state" get -q -c 1 -d "$WORK/out" ftp://127.0.0.1:18721/big.bin)
cmp "$WORK/pub/big.bin" "$WORK/out/big.bin"
big_curl=$(measure curl curl -s -o "$WORK/out/big.bin" ftp://127.0.0.1:18721/big.bin)
slow_ferry=$(measure ferry "$FERRY" --state-dir "$WORK/state" get -q -c 8 -d "$WORK/out" ftp://127.0.0.1:18722/slow.bin)
cmp "$WORK/pub/slow.bin" "$WORK/out/slow.bin"
slow_aria=$(measure aria2c aria2c -q -x8 -s8 -k1M --file-allocation=none -d "$WORK/out" ftp://127.0.0.1:18722/slow.bin)
ratio() { echo "scale=2; $1 / $2" | bc -l; }
printf '%s MiB over FTP, one connection: ferry %.3f s, curl %.3f s, ratio %s (target <= 1.0)\n' \
    "$SIZE_MIB" "$big_ferry" "$big_curl" "$(ratio "$big_ferry" "$big_curl")"
printf '64 MiB over FTP at 2 MiB/s per connection, 8 connections: ferry %.3f s, aria2c %.3f s, ratio %s (target <= 1.05)\n' \
    "$slow_ferry" "$slow_aria" "$(ratio "$slow_ferry" "$slow_aria")"
