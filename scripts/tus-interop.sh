#!/usr/bin/env bash
# Runs ferry against a real tus server: tus-node-server (@tus/server and
# @tus/file-store from npm) on loopback. Sends a file with
# `ferry put --resumable`, kills ferry partway, runs it again, and prints
# whether the server's copy equals the file. Not part of CI.
#   scripts/tus-interop.sh [SIZE_MB]   (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${1:-64}"
if ! command -v npm >/dev/null 2>&1; then
    sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
cargo build --locked --quiet
FERRY="$PWD/target/debug/ferry"
WORK="$(mktemp -d /tmp/ferry-tus.XXXXXX)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund @tus/server @tus/file-store >/dev/null
cat > server.mjs <<'JS'
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
const port = Number(process.argv[2]);
const server = new Server({ path: '/files', datastore: new FileStore({ directory: './store' }) });
server.listen({ host: '127.0.0.1', port }, () => console.log(`listening on ${port}`));
JS
PORT=18771
node server.mjs "$PORT" > server.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do grep -q listening server.log 2>/dev/null && break; sleep 0.1; done
echo "tus server: @tus/server $(node -p "require('@tus/server/package.json').version") on 127.0.0.1:$PORT"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom > source.bin
URL="http://127.0.0.1:$PORT/files"
echo "first run, killed after 1 s (at 20 MiB/s)"
timeout -s KILL 1 "$FERRY" --state-dir state put --resumable --quiet source.bin "$URL" --limit-rate 20M || true
"$FERRY" --state-dir state list
echo "second run"
start=$(date +%s.%N)
"$FERRY" --state-dir state put --resumable source.bin "$URL"
end=$(date +%s.%N)
STORED="$(find store -type f ! -name '*.json' | head -n 1)"
if [ "$(sha256sum < source.bin)" = "$(sha256sum < "$STORED")" ]; then
    echo "RESULT: the server's copy equals the file ($SIZE_MB MiB; second run $(echo "$end - $start" | bc) s)"
else
    echo "RESULT: the server's copy DIFFERS from the file"
    exit 1
fi
