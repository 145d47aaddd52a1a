#!/usr/bin/env bash
# Starts the real ferry window under Xvfb over a demo state (real downloads
# from a loopback nginx: running, paused, completed, failed, in groups, with
# Korean and French names) and saves a screenshot of it and of the monitor,
# and when asked of the add dialog and of Settings. The language is the
# environment's: LANGUAGE=fr LANG=fr_FR.UTF-8 scripts/screenshot.sh …
#   scripts/screenshot.sh [OUT.png] [MONITOR.png] [ADD.png SETTINGS.png]
#   (default: assets/screenshot.png, assets/monitor.png, no dialogs)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(realpath -m "${1:-assets/screenshot.png}")"
MONITOR_OUT="$(realpath -m "${2:-assets/monitor.png}")"
ADD_OUT="${3:+$(realpath -m "$3")}"
SETTINGS_OUT="${4:+$(realpath -m "$4")}"
scripts/install-deps.sh --window --screenshot
cargo build --locked --quiet
FERRY="$PWD/target/debug/ferry"
WORK="$(mktemp -d /tmp/ferry-shot.XXXXXX)"
chmod 755 "$WORK"
PORT=18090
trap '"$FERRY" --state-dir "$WORK/state" quit 2>/dev/null || true; nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/www/up" "$WORK/logs" "$WORK/Downloads"
chmod 777 "$WORK/www/up" "$WORK/logs"  # nginx's workers write uploads
head -c 300000000 /dev/urandom > "$WORK/www/debian-13-amd64-netinst.iso"
head -c 120000000 /dev/urandom > "$WORK/www/lecture-01.mkv"
head -c 80000000 /dev/urandom > "$WORK/www/dataset.tar.gz"
head -c 2000000 /dev/urandom > "$WORK/www/한글 문서.pdf"
head -c 1500000 /dev/urandom > "$WORK/www/café menu.pdf"
head -c 40000000 /dev/urandom > "$WORK/www/firmware-update.bin"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $WORK/logs;
  server { listen 127.0.0.1:$PORT; root $WORK/www; limit_rate 1500k;
           location /up/ { dav_methods PUT; create_full_put_path on; client_max_body_size 0; } }
}
CONF
nginx -c "$WORK/nginx.conf"
BASE="http://127.0.0.1:$PORT"
export FERRY_STATE_DIR="$WORK/state"
D="$WORK/Downloads"
"$FERRY" get -q -d "$D" "$BASE/%ED%95%9C%EA%B8%80%20%EB%AC%B8%EC%84%9C.pdf" --group Documents
"$FERRY" get -q -d "$D" "$BASE/caf%C3%A9%20menu.pdf" --group Documents
"$FERRY" get -q -d "$D" "$BASE/old-release.iso" --group ISOs || true
# Handed to the service (which the first command started); the commands
# are killed, the transfers go on.
timeout -s KILL 2 "$FERRY" get -q -d "$D" "$BASE/debian-13-amd64-netinst.iso" --group ISOs --priority high --when-done notify || true
timeout -s KILL 2 "$FERRY" get -q -d "$D" "$BASE/lecture-01.mkv" --group Videos || true
"$FERRY" group when-done Videos open-folder 2>/dev/null
timeout -s KILL 2 "$FERRY" get -q -d "$D" "$BASE/dataset.tar.gz" || true
# An upload on its way (ferry's own limit keeps it going).
head -c 200000000 /dev/urandom > "$WORK/holiday-video.mp4"
timeout -s KILL 2 "$FERRY" put -q "$WORK/holiday-video.mp4" "$BASE/up/holiday-video.mp4" --limit-rate 3M || true
# "This network is metered": a transfer that waits for an unmetered one.
"$FERRY" policy --metered on >/dev/null
timeout -s KILL 2 "$FERRY" get -q -d "$D" "$BASE/firmware-update.bin" --cost-policy unrestricted-only || true
PAUSE_ID="$("$FERRY" list --json | python3 -c 'import json,sys; print(next(t["id"] for t in json.load(sys.stdin) if t["url"].endswith("dataset.tar.gz")))')"
"$FERRY" pause "$PAUSE_ID"
unset WAYLAND_DISPLAY
FERRY_SCREENSHOT="$OUT" WINIT_X11_SCALE_FACTOR=1 xvfb-run -a -s "-screen 0 1280x800x24" "$FERRY"
echo "screenshot: $OUT"
FERRY_SCREENSHOT="$MONITOR_OUT" WINIT_X11_SCALE_FACTOR=1 xvfb-run -a -s "-screen 0 640x400x24" \
    "$PWD/target/debug/ferry-window" --monitor
echo "monitor: $MONITOR_OUT"
if [ -n "$ADD_OUT" ]; then
    FERRY_SCREENSHOT="$ADD_OUT" WINIT_X11_SCALE_FACTOR=1 xvfb-run -a -s "-screen 0 1280x800x24" \
        "$PWD/target/debug/ferry-window" "$BASE/holiday-photos.zip"
    echo "add dialog: $ADD_OUT"
fi
if [ -n "$SETTINGS_OUT" ]; then
    FERRY_SCREENSHOT="$SETTINGS_OUT" FERRY_SCREENSHOT_SETTINGS=1 WINIT_X11_SCALE_FACTOR=1 \
        xvfb-run -a -s "-screen 0 1280x800x24" "$FERRY"
    echo "settings: $SETTINGS_OUT"
fi
