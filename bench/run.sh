#!/usr/bin/env bash
# Benchmarks ferry against curl, aria2c and wget2 on a loopback nginx, in one
# run, and prints medians and ratios (wall time, CPU time, peak RSS).
#   bench/run.sh                   # every case, RUNS=3 (MANY_RUNS=15 for many)
#   CASES="big many" bench/run.sh  # some cases
# Cases:
#   big        1 GiB (SIZE_MIB) over one connection, unthrottled, HTTP
#   big-tls    the same over HTTPS (HTTP/2 where the client offers it)
#   slow       64 MiB at 8 MiB/s per connection (limit_rate models a far server)
#   many       1000 files of 4 KiB, 16 at a time, HTTP
#   many-tls   the same over HTTPS
#   service    `ferry add` of one URL to a running service (round trip), and
#              of 1000 URLs with one `ferry add -i` (not in the default run)
#   upload     1 GiB sent: `ferry put` and `curl -T` to nginx (dav_methods
#              PUT), and `ferry put --resumable` (tus, 8 MiB chunks) to
#              bench/tus_server.rs (not in the default run)
# HTTPS uses a CA made by this script, given to every client. A run of every
# case rewrites docs/benchmarks.md with its table (WRITE_DOCS=0 to keep it).
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
ALL_CASES="big big-tls slow many many-tls"
CASES="${CASES:-$ALL_CASES}"
PORT="${PORT:-18089}"
TLS_PORT="${TLS_PORT:-18443}"
WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
trap 'nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

chmod 755 "$WORK"  # nginx workers (www-data) must read the files
mkdir -p "$WORK/www/slow" "$WORK/www/many" "$WORK/www/up" "$WORK/out" "$WORK/logs" "$WORK/tls"
chmod 777 "$WORK/www/up" "$WORK/logs"  # nginx workers write PUT bodies
# A CA and a certificate for 127.0.0.1 signed by it (rustls refuses a
# self-signed certificate that is its own CA as the server's).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=ferry bench CA" -keyout "$WORK/tls/ca.key" -out "$WORK/tls/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$WORK/tls/server.key" -out "$WORK/tls/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$WORK/tls/ext.cnf"
openssl x509 -req -in "$WORK/tls/server.csr" -CA "$WORK/tls/ca.pem" -CAkey "$WORK/tls/ca.key" \
    -CAcreateserial -days 2 -extfile "$WORK/tls/ext.cnf" -out "$WORK/tls/server.pem" 2>/dev/null
CA="$WORK/tls/ca.pem"
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
    location /up/ { dav_methods PUT; create_full_put_path on; client_max_body_size 0; }
  }
  server {
    listen 127.0.0.1:$TLS_PORT ssl http2;
    ssl_certificate $WORK/tls/server.pem;
    ssl_certificate_key $WORK/tls/server.key;
    root $WORK/www;
  }
}
CONF
nginx -c "$WORK/nginx.conf"
BASE="http://127.0.0.1:$PORT"
TLS_BASE="https://127.0.0.1:$TLS_PORT"
# Rows of docs/benchmarks.md: case, ferry, peer, ratio, target.
SUMMARY="$WORK/summary.txt"
: > "$SUMMARY"
# summarize CASE FERRY_NAME PEER_NAME PEER_LABEL TARGET
summarize() {
    printf '| %s | %s s | %s s (%s) | %s | %s | %s | %.1f MiB |\n' "$1" \
        "$(column_median "$2" 1)" "$(column_median "$3" 1)" "$4" "$(ratio "$2" "$3" 1)" "$5" \
        "$(ratio "$2" "$3" 2)" "$(echo "$(column_median "$2" 3) / 1024" | bc -l)" >> "$SUMMARY"
}

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
ratio() { printf '%.2f' "$(echo "$(column_median "$1" "$3") / $(column_median "$2" "$3")" | bc -l)"; }

# table TITLE NAME... -> prints the medians of each measured NAME.
table() {
    echo; echo "$1 ($RUNS runs, medians; $(date -u +%F), $(nproc) cores)"; shift
    printf "%-28s %8s %8s %13s\n" tool "wall s" "cpu s" "peak RSS MiB"
    local name
    for name in "$@"; do
        printf "%-28s %8s %8s %13.1f\n" "$name" "$(column_median "$name" 1)" "$(column_median "$name" 2)" \
            "$(echo "$(column_median "$name" 3) / 1024" | bc -l)"
    done
}

ARIA2="aria2c -q --allow-overwrite=true --file-allocation=none --console-log-level=error"

# big_case NAME BASE TLS_FLAGS...: 1 file over one connection.
big_case() {
    local name="$1" base="$2"; shift 2
    local ferry_tls=() curl_tls=() aria2_tls=()
    if [ "$#" -gt 0 ]; then ferry_tls=(--ca-cert "$CA"); curl_tls=(--cacert "$CA"); aria2_tls=(--ca-certificate="$CA"); fi
    for run in $(seq "$RUNS"); do
        measure "ferry-c1$name" "$FERRY" --state-dir "$WORK/state" get -c 1 "${ferry_tls[@]}" "$base/big.bin" --quiet; check_files 1
        measure "curl$name" curl -sS "${curl_tls[@]}" -o big.bin "$base/big.bin"; check_files 1
        measure "aria2c-x1$name" $ARIA2 -x1 -s1 "${aria2_tls[@]}" "$base/big.bin"; check_files 1
    done
    table "1 file of $SIZE_MIB MiB over one connection, loopback nginx${name:+, HTTPS}" "ferry-c1$name" "curl$name" "aria2c-x1$name"
    echo "ferry/curl: wall $(ratio "ferry-c1$name" "curl$name" 1), cpu $(ratio "ferry-c1$name" "curl$name" 2)" \
         "(targets: wall <= 1.0, RSS <= 40 MiB)"
    local protocol=HTTP
    [ -n "$name" ] && protocol=HTTPS
    summarize "$SIZE_MIB MiB, one connection, $protocol" "ferry-c1$name" "curl$name" curl "<= 1.0"
}

if [[ " $CASES " == *" big "* || " $CASES " == *" big-tls "* ]]; then
    head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/www/big.bin"
    [[ " $CASES " == *" big "* ]] && big_case "" "$BASE"
    [[ " $CASES " == *" big-tls "* ]] && big_case "-tls" "$TLS_BASE" tls
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
         "aria2c / ferry without flags: $(ratio aria2c-no-flags ferry-no-flags 1)x faster"
    summarize "64 MiB at 8 MiB/s per connection, 8 connections" ferry-c8 aria2c-x8-s8-k1M "aria2c -x8 -s8" "<= 1.05"
fi

# many_case NAME BASE TLS_FLAGS...: 1000 files of 4 KiB, 16 at a time.
many_case() {
    local name="$1" base="$2"; shift 2
    local ferry_tls=() curl_tls=() wget2_tls=()
    if [ "$#" -gt 0 ]; then ferry_tls=(--ca-cert "$CA"); curl_tls=(--cacert "$CA"); wget2_tls=(--ca-certificate="$CA"); fi
    for index in $(seq 1000); do echo "$base/many/file$index.bin"; done > "$WORK/list$name.txt"
    mapfile -t MANY_URLS < "$WORK/list$name.txt"
    for run in $(seq "$MANY_RUNS"); do
        # Each round starts with another tool: a run of 0.05 s feels what
        # ran just before it (sockets in TIME_WAIT, the flusher's work), and
        # no tool should always follow the same one.
        for turn in 0 1 2; do
            case $(( (run + turn) % 3 )) in
                0) measure "ferry-j16$name" "$FERRY" --state-dir "$WORK/state" get -j 16 "${ferry_tls[@]}" -i "$WORK/list$name.txt" --quiet ;;
                1) measure "wget2-16$name" wget2 -q --max-threads=16 "${wget2_tls[@]}" -i "$WORK/list$name.txt" ;;
                2) measure "curl-parallel-16$name" curl -sS "${curl_tls[@]}" --parallel --parallel-max 16 --remote-name-all "${MANY_URLS[@]}" ;;
            esac
            check_files 1000
        done
    done
    RUNS="$MANY_RUNS" table "1000 files of 4 KiB, 16 at a time${name:+, HTTPS}" "ferry-j16$name" "wget2-16$name" "curl-parallel-16$name"
    echo "ferry/wget2: wall $(ratio "ferry-j16$name" "wget2-16$name" 1);" \
         "ferry/curl: wall $(ratio "ferry-j16$name" "curl-parallel-16$name" 1)"
    # The same rounds one by one: how far a single round strays.
    paste -d' ' <(cut -d' ' -f1 "$WORK/ferry-j16$name.txt") <(cut -d' ' -f1 "$WORK/wget2-16$name.txt") |
        awk '{ print $1 / $2 }' | sort -n |
        awk '{ v[NR] = $1 } END { printf "ferry/wget2 round by round: lowest %.2f, median %.2f, highest %.2f\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
    if [ -n "$name" ]; then
        summarize "1000 x 4 KiB, 16 at a time, HTTPS" "ferry-j16$name" "wget2-16$name" "wget2" "<= 1.0"
    else
        summarize "1000 x 4 KiB, 16 at a time, HTTP" "ferry-j16$name" "wget2-16$name" "wget2" "<= 1.2"
    fi
}

if [[ " $CASES " == *" many "* || " $CASES " == *" many-tls "* ]]; then
    for index in $(seq 1000); do head -c 4096 /dev/urandom > "$WORK/www/many/file$index.bin"; done
    [[ " $CASES " == *" many "* ]] && many_case "" "$BASE"
    [[ " $CASES " == *" many-tls "* ]] && many_case "-tls" "$TLS_BASE" tls
fi

if [[ " $CASES " == *" service "* ]]; then
    SERVICE_STATE="$WORK/service-state"
    mkdir -p "$WORK/www/many" "$WORK/out/service"
    for index in $(seq 1000); do [ -f "$WORK/www/many/file$index.bin" ] || head -c 4096 /dev/urandom > "$WORK/www/many/file$index.bin"; done
    for index in $(seq 1000); do echo "$BASE/many/file$index.bin"; done > "$WORK/service-list.txt"
    # The service runs (started by the first client) and stays.
    "$FERRY" --state-dir "$SERVICE_STATE" service >/dev/null
    : > "$WORK/add-one.txt"
    for index in $(seq 20); do
        start="$(date +%s%N)"
        "$FERRY" --state-dir "$SERVICE_STATE" add -d "$WORK/out/service" --quiet "$BASE/many/file$index.bin?one"
        end="$(date +%s%N)"
        echo "$(( (end - start) / 1000 ))" >> "$WORK/add-one.txt"
    done
    : > "$WORK/add-list.txt"
    for run in $(seq "$RUNS"); do
        "$FERRY" --state-dir "$SERVICE_STATE" clear --completed >/dev/null 2>&1 || true
        rm -rf "$WORK/out/service-list" && mkdir -p "$WORK/out/service-list"
        start="$(date +%s%N)"
        "$FERRY" --state-dir "$SERVICE_STATE" add -d "$WORK/out/service-list" --quiet -i "$WORK/service-list.txt"
        end="$(date +%s%N)"
        echo "$(( (end - start) / 1000 ))" >> "$WORK/add-list.txt"
        # Let the service finish them before the next round.
        while "$FERRY" --state-dir "$SERVICE_STATE" list | grep -qE 'running|queued'; do sleep 0.2; done
    done
    "$FERRY" --state-dir "$SERVICE_STATE" quit 2>/dev/null
    echo
    echo "ferry add to a running service ($(date -u +%F), $(nproc) cores)"
    echo "one URL, round trip (median of 20): $(median < "$WORK/add-one.txt") us (target < 10000)"
    echo "1000 URLs with add -i (median of $RUNS): $(median < "$WORK/add-list.txt") us (target < 200000)"
fi

if [[ " $CASES " == *" upload "* ]]; then
    # The file sent, outside nginx's root; and a tus server that writes
    # each PATCH body straight to its file, as nginx does a PUT body
    # (bench/tus_server.rs, std only; scripts/tus-interop.sh runs ferry
    # against tus-node-server).
    head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/upload.bin"
    rustc -O --edition 2024 bench/tus_server.rs -o "$WORK/tus_server"
    TUS_PORT=$((PORT + 2))
    "$WORK/tus_server" "$TUS_PORT" "$WORK/tus" &
    TUS_PID=$!
    for _ in $(seq 50); do curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:$TUS_PORT/files" && break; sleep 0.1; done
    # upload_check PATH: the server's copy is the file; then it goes.
    upload_check() {
        if ! cmp -s "$1" "$WORK/upload.bin"; then echo "bench: $1 differs from the file sent" >&2; exit 1; fi
        rm -f "$1"
    }
    for run in $(seq "$RUNS"); do
        measure ferry-put "$FERRY" --state-dir "$WORK/state" put --quiet "$WORK/upload.bin" "$BASE/up/ferry.bin"
        upload_check "$WORK/www/up/ferry.bin"
        measure curl-T curl -sS -T "$WORK/upload.bin" "$BASE/up/curl.bin"
        upload_check "$WORK/www/up/curl.bin"
        measure ferry-tus "$FERRY" --state-dir "$WORK/state" put --resumable --quiet "$WORK/upload.bin" "http://127.0.0.1:$TUS_PORT/files"
        upload_check "$(find "$WORK/tus" -type f | head -n 1)"
    done
    kill "$TUS_PID" 2>/dev/null || true
    wait "$TUS_PID" 2>/dev/null || true
    table "1 file of $SIZE_MIB MiB sent, loopback" ferry-put curl-T ferry-tus
    echo "ferry put / curl -T (nginx PUT): wall $(ratio ferry-put curl-T 1) (target <= 1.05)"
    echo "ferry put --resumable (tus, 8 MiB chunks) / curl -T (nginx PUT): wall $(ratio ferry-tus curl-T 1) (target <= 1.15)"
fi

if [ "$CASES" = "$ALL_CASES" ] && [ "${WRITE_DOCS:-1}" = 1 ]; then
    {
        echo "Measured $(date -u +%F) on $(nproc) cores, $(uname -r)."
        echo
        echo "| case | ferry | peer | ratio | target | CPU ratio | ferry peak RSS |"
        echo "|---|---|---|---|---|---|---|"
        cat "$SUMMARY"
    } > "$WORK/table.md"
    {
        cat <<'HEAD'
# Benchmarks

`bench/run.sh` measures ferry against curl, wget2 and aria2c downloading
from one nginx on loopback, in one run, and writes this page. Each tool
starts with the page cache dropped and a fresh state folder; a case's
figures are medians over its runs (3 for single files, 15 rounds of the
many-files case, the tools taking turns to go first). HTTPS goes to the
same nginx with TLS and HTTP/2, a CA made by the script given to every
client (`ferry --ca-cert`, `curl --cacert`, `wget2 --ca-certificate`).
A ratio is ferry's median wall time over the peer's; below 1 ferry is
faster. ferry makes what it writes durable (`fdatasync` while it downloads
and before a file gets its name), so a crash never leaves a wrong or
half-written file; curl, wget2 and aria2c leave their bytes in the page
cache, which the single-file cases show most on a slow disk. Re-run it with `sudo bench/run.sh` (root drops the page cache);
`CASES="big many" bench/run.sh` runs some cases only and leaves this page.

HEAD
        cat "$WORK/table.md"
        # Figures of the other benchmarks, written by hand, stay.
        if grep -q '<!-- other-benches' docs/benchmarks.md; then
            echo
            sed -n '/<!-- other-benches/,$p' docs/benchmarks.md
        fi
    } > "$WORK/benchmarks.md"
    cp "$WORK/benchmarks.md" docs/benchmarks.md
    # The same table in README.md, between its bench-table markers.
    awk -v table="$WORK/table.md" '
        /<!-- \/bench-table -->/ { while ((getline line < table) > 0) print line; skipping = 0 }
        !skipping { print }
        /<!-- bench-table -->/ { skipping = 1 }
    ' README.md > "$WORK/README.md"
    cp "$WORK/README.md" README.md
    echo; echo "wrote docs/benchmarks.md and the table in README.md"
fi
