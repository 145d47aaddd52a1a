#!/usr/bin/env bash
# The window's launch with 10,000 transfers in the state: from starting
# `ferry` (no command: it execs ferry-window, which connects to the
# running service and gets its table) to the first frame that draws the
# table, under Xvfb; medians of 7 launches (target <= 300 ms). The service
# runs already, as it does once a session started it.
#   bench/window_launch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --window --screenshot >/dev/null
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release --locked --quiet
FERRY="$PWD/target/release/ferry"
WORK="$(mktemp -d /tmp/ferry-launch.XXXXXX)"
STATE="$WORK/state"
trap '"$FERRY" --state-dir "$STATE" quit >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
export XDG_RUNTIME_DIR="$WORK/run"
mkdir -m 700 -p "$XDG_RUNTIME_DIR" "$WORK/downloads"
# 10,000 downloads that wait (the network is said to be metered and they
# wait for an unmetered one), so nothing moves while the window starts.
"$FERRY" --state-dir "$STATE" service --keep-running on >/dev/null
"$FERRY" --state-dir "$STATE" policy --metered on >/dev/null
seq 1 10000 | sed 's|^|http://127.0.0.1:9/file-|' > "$WORK/urls"
"$FERRY" --state-dir "$STATE" add -i "$WORK/urls" -d "$WORK/downloads" \
    --cost-policy unrestricted-only >/dev/null
unset WAYLAND_DISPLAY
Xvfb :73 -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true; "$FERRY" --state-dir "$STATE" quit >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
sleep 1
times=()
for _ in $(seq 1 7); do
    start="$(date +%s%3N)"
    line="$(DISPLAY=:73 FERRY_FIRST_FRAME=1 "$FERRY" --state-dir "$STATE" 2>&1 | grep 'first frame at')"
    frame="$(echo "$line" | sed -E 's/.*first frame at ([0-9]+) ms.*/\1/')"
    times+=("$((frame - start))")
done
echo "$line"
sorted="$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)"
echo "window launch to first frame, 10000 transfers: median ${median} ms (runs: ${sorted}; target <= 300 ms)"
