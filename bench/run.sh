#!/usr/bin/env bash
# Benchmarks ferry against curl and aria2c on a loopback nginx, in one run,
# and prints medians and ratios (wall time, CPU time, peak RSS).
#   bench/run.sh            # RUNS=3 SIZE_MIB=1024 by default
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench >/dev/null
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release --locked --quiet
FERRY="$PWD/target/release/ferry"
RUNS="${RUNS:-3}"
SIZE_MIB="${SIZE_MIB:-1024}"
PORT="${PORT:-18089}"
WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
trap 'nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

chmod 755 "$WORK"  # nginx workers (www-data) must read the files
mkdir -p "$WORK/www" "$WORK/out" "$WORK/logs"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/www/big.bin"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $WORK/logs;
  server { listen 127.0.0.1:$PORT; root $WORK/www; }
}
CONF
nginx -c "$WORK/nginx.conf"
URL="http://127.0.0.1:$PORT/big.bin"

# measure NAME COMMAND... -> appends "wall cpu rss_kib" to $WORK/NAME.txt
measure() {
    local name="$1"; shift
    rm -rf "$WORK/out" && mkdir -p "$WORK/out"
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    if ! /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt"; then
        echo "bench: $name failed:" >&2; cat "$WORK/stderr.txt" >&2; exit 1
    fi
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$WORK/time.txt" >> "$WORK/$name.txt"
}

for run in $(seq "$RUNS"); do
    measure ferry "$FERRY" --state-dir "$WORK/state-$run" get "$URL" -d "$WORK/out" --quiet
    measure curl curl -sS -o "$WORK/out/big.bin" "$URL"
    measure aria2c aria2c -q -x1 -s1 --allow-overwrite=true --file-allocation=none -d "$WORK/out" "$URL"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_median() { awk -v c="$2" '{ print $c }' "$WORK/$1.txt" | median; }

echo "1 file of $SIZE_MIB MiB over one connection, loopback nginx, $RUNS runs, medians ($(date -u +%F), $(nproc) cores)"
printf "%-8s %10s %10s %12s\n" tool "wall s" "cpu s" "peak RSS MiB"
for tool in ferry curl aria2c; do
    printf "%-8s %10s %10s %12.1f\n" "$tool" "$(column_median "$tool" 1)" "$(column_median "$tool" 2)" \
        "$(echo "$(column_median "$tool" 3) / 1024" | bc -l)"
done
ratio() { echo "scale=2; $(column_median ferry "$1") / $(column_median "$2" "$1")" | bc -l; }
echo "ferry/curl: wall $(ratio 1 curl), cpu $(ratio 2 curl);  ferry/aria2c: wall $(ratio 1 aria2c), cpu $(ratio 2 aria2c)"
