#!/usr/bin/env bash
# How much ferry writes to disk for one download while a long list is kept:
# a SIZE_MIB file fetched at RATE with LISTED completed transfers in
# state.ron. Prints the bytes the run wrote (the file itself included), from
# the kernel's count of the process's block output (GNU time's %O, 512-byte
# units), and state.ron's size.
#   bench/state_writes.sh                 # 20 MiB at 4 MiB/s, 10,000 listed
#   LISTED=100000 bench/state_writes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB="${SIZE_MIB:-20}"
LISTED="${LISTED:-10000}"
RATE="${RATE:-4M}"
PORT="${PORT:-18093}"
if [ -z "${FERRY:-}" ]; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
    cargo build --release --locked --quiet
    FERRY="$PWD/target/release/ferry"
fi
WORK="$(mktemp -d "${TMPDIR:-/var/tmp}/ferry-writes.XXXXXX")"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/www" "$WORK/state" "$WORK/out"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/www/file.bin"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/www" >/dev/null 2>&1 &
SERVER=$!
python3 - "$WORK" "$LISTED" <<'PY'
import sys
work, listed = sys.argv[1], int(sys.argv[2])
with open(f"{work}/state/state.ron", "w") as state:
    state.write("(\n    version: 2,\n    transfers: [\n")
    for index in range(1, listed + 1):
        state.write(
            f'        (spec:(transfer_id:{index},url:"http://127.0.0.1:9/done/{index}.bin",'
            f'destination:Folder("{work}/done")),status:Completed,'
            f'progress:(bytes_received:1000,total_bytes_to_receive:Some(1000)),'
            f'file_path:Some("{work}/done/{index}.bin"),created_unix_secs:1765000000),\n'
        )
    state.write("    ],\n)\n")
PY
sync
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
state_before=$(stat -c %s "$WORK/state/state.ron")
/usr/bin/time -o "$WORK/blocks" -f "%O" "$FERRY" --state-dir "$WORK/state" get \
    "http://127.0.0.1:$PORT/file.bin" -d "$WORK/out" --limit-rate "$RATE" --quiet
blocks=$(tail -1 "$WORK/blocks")
cmp -s "$WORK/www/file.bin" "$WORK/out/file.bin" || { echo "the download differs" >&2; exit 1; }
written_mib=$(echo "scale=1; $blocks * 512 / 1048576" | bc)
echo "${SIZE_MIB} MiB at ${RATE}/s with ${LISTED} transfers listed: wrote ${written_mib} MiB (state.ron $((state_before / 1024)) KiB)"
