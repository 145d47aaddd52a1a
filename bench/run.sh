#!/usr/bin/env bash
# Benchmarks ferry against curl, aria2c and wget2 on a loopback nginx, in one
# run, and prints medians and ratios (wall time, CPU time, peak RSS).
#   bench/run.sh                   # every case, RUNS=3 (MANY_RUNS=15 for many)
#   CASES="big many" bench/run.sh  # some cases: big, slow, many
# Cases:
#   big   1 GiB (SIZE_MIB) over one connection, unthrottled
#   slow  64 MiB at 8 MiB/s per connection (nginx limit_rate models a far server)
#   many  1000 files of 4 KiB, 16 at a time
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench >/dev/null
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release --locked --quiet
FERRY="$PWD/target/release/ferry"
RUNS="${RUNS:-3}"
# A run of the many-files case takes 0.05 s and single runs vary by a
# quarter on this VM: it takes more rounds for a median worth comparing.
MANY_RUNS="${MANY_RUNS:-15}"
SIZE_MIB="${SIZE_MIB:-1024}"
CASES="${CASES:-big slow many}"
PORT="${PORT:-18089}"
WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
trap 'nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

chmod 755 "$WORK"  # nginx workers (www-data) must read the files
mkdir -p "$WORK/www/slow" "$WORK/www/many" "$WORK/out" "$WORK/logs"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/logs;
  server {
    listen 127.0.0.1:$PORT;
    root $WORK/www;
    location /slow/ { limit_rate 8m; }
  }
}
CONF
nginx -c "$WORK/nginx.conf"
BASE="http://127.0.0.1:$PORT"

# measure NAME COMMAND... -> appends "wall cpu rss_kib" to $WORK/NAME.txt,
# running COMMAND in a new empty folder, $OUT. Outputs are not deleted
# between runs: on ext4 without a journal (this machine's), creating files
# right after deleting thousands makes every new inode skip the recently
# deleted ones (ext4's recently_deleted), which took half of wget2's CPU in
# this case and varied from run to run. Large files are deleted at once
# (one inode each); everything goes when the script ends. Wall time is
# read with nanosecond resolution (the case of many files takes 0.05 s).
RUN=0
measure() {
    local name="$1"; shift
    RUN=$((RUN + 1)); OUT="$WORK/out/$RUN"
    rm -rf "$WORK/state" && mkdir -p "$OUT"
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    local start end
    start="$(date +%s%N)"
    if ! (cd "$OUT" && /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt"); then
        echo "bench: $name failed:" >&2; cat "$WORK/stderr.txt" >&2; exit 1
    fi
    end="$(date +%s%N)"
    awk -v wall_ms="$(( (end - start) / 1000000 ))" '{ printf "%.3f %.2f %s\n", wall_ms / 1000, $2 + $3, $4 }' \
        "$WORK/time.txt" >> "$WORK/$name.txt"
}

# check_files COUNT: the run left COUNT files and no .part file; then
# deletes the large ones (see measure).
check_files() {
    local found; found="$(find "$OUT" -type f ! -name '*.part' | wc -l)"
    if [ "$found" != "$1" ] || [ -n "$(find "$OUT" -name '*.part')" ]; then
        echo "bench: expected $1 files in the output, found $found" >&2; exit 1
    fi
    find "$OUT" -type f -size +64M -delete
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_median() { awk -v c="$2" '{ print $c }' "$WORK/$1.txt" | median; }
ratio() { echo "scale=2; $(column_median "$1" "$3") / $(column_median "$2" "$3")" | bc -l; }

# table TITLE NAME... -> prints the medians of each measured NAME.
table() {
    echo; echo "$1 ($RUNS runs, medians; $(date -u +%F), $(nproc) cores)"; shift
    printf "%-28s %8s %8s %13s\n" tool "wall s" "cpu s" "peak RSS MiB"
    for name in "$@"; do
        printf "%-28s %8s %8s %13.1f\n" "$name" "$(column_median "$name" 1)" "$(column_median "$name" 2)" \
            "$(echo "$(column_median "$name" 3) / 1024" | bc -l)"
    done
}

ARIA2="aria2c -q --allow-overwrite=true --file-allocation=none --console-log-level=error"

if [[ " $CASES " == *" big "* ]]; then
    head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/www/big.bin"
    for run in $(seq "$RUNS"); do
        measure ferry-c1 "$FERRY" --state-dir "$WORK/state" get -c 1 "$BASE/big.bin" --quiet; check_files 1
        measure curl curl -sS -o big.bin "$BASE/big.bin"; check_files 1
        measure aria2c-x1 $ARIA2 -x1 -s1 "$BASE/big.bin"; check_files 1
    done
    table "1 file of $SIZE_MIB MiB over one connection, loopback nginx" ferry-c1 curl aria2c-x1
    echo "ferry/curl: wall $(ratio ferry-c1 curl 1), cpu $(ratio ferry-c1 curl 2)" \
         "(targets: wall <= 1.0, cpu <= 1.2, RSS <= 40 MiB)"
    rm -f "$WORK/www/big.bin"
fi

if [[ " $CASES " == *" slow "* ]]; then
    head -c "$((64 * 1024 * 1024))" /dev/urandom > "$WORK/www/slow/slow.bin"
    for run in $(seq "$RUNS"); do
        measure ferry-c8 "$FERRY" --state-dir "$WORK/state" get -c 8 "$BASE/slow/slow.bin" --quiet; check_files 1
        measure aria2c-x8-s8-k1M $ARIA2 -x8 -s8 -k1M "$BASE/slow/slow.bin"; check_files 1
        measure ferry-no-flags "$FERRY" --state-dir "$WORK/state" get "$BASE/slow/slow.bin" --quiet; check_files 1
        measure aria2c-no-flags $ARIA2 "$BASE/slow/slow.bin"; check_files 1
    done
    table "64 MiB at 8 MiB/s per connection" ferry-c8 aria2c-x8-s8-k1M ferry-no-flags aria2c-no-flags
    echo "ferry -c 8 / aria2c -x8 -s8 -k1M: wall $(ratio ferry-c8 aria2c-x8-s8-k1M 1) (target <= 1.05);" \
         "aria2c / ferry without flags: $(ratio aria2c-no-flags ferry-no-flags 1)x faster (target >= 6)"
fi

if [[ " $CASES " == *" many "* ]]; then
    for index in $(seq 1000); do
        head -c 4096 /dev/urandom > "$WORK/www/many/file$index.bin"
        echo "$BASE/many/file$index.bin"
    done > "$WORK/list.txt"
    mapfile -t MANY_URLS < "$WORK/list.txt"
    for run in $(seq "$MANY_RUNS"); do
        # Each round starts with another tool: a run of 0.05 s feels what
        # ran just before it (sockets in TIME_WAIT, the flusher's work), and
        # no tool should always follow the same one.
        for turn in 0 1 2; do
            case $(( (run + turn) % 3 )) in
                0) measure ferry-j16 "$FERRY" --state-dir "$WORK/state" get -j 16 -i "$WORK/list.txt" --quiet ;;
                1) measure wget2-16 wget2 -q --max-threads=16 -i "$WORK/list.txt" ;;
                2) measure curl-parallel-16 curl -sS --parallel --parallel-max 16 --remote-name-all "${MANY_URLS[@]}" ;;
            esac
            check_files 1000
        done
    done
    if [ "${ARIA2_MANY:-0}" = 1 ]; then
        measure aria2c-j16 $ARIA2 -j16 -i "$WORK/list.txt"; check_files 1000
    fi
    RUNS="$MANY_RUNS" table "1000 files of 4 KiB, 16 at a time" ferry-j16 wget2-16 curl-parallel-16 \
        $([ "${ARIA2_MANY:-0}" = 1 ] && echo aria2c-j16)
    echo "ferry/wget2: wall $(ratio ferry-j16 wget2-16 1) (target <= 1.0);" \
         "ferry/curl: wall $(ratio ferry-j16 curl-parallel-16 1) (target <= 1.5)"
    # The same rounds one by one: how far a single round strays.
    paste -d' ' <(cut -d' ' -f1 "$WORK/ferry-j16.txt") <(cut -d' ' -f1 "$WORK/wget2-16.txt") |
        awk '{ print $1 / $2 }' | sort -n |
        awk '{ v[NR] = $1 } END { printf "ferry/wget2 round by round: lowest %.2f, median %.2f, highest %.2f\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
fi
