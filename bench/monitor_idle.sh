#!/usr/bin/env bash
# The compact monitor at rest: the CPU it uses over 20 s with nothing
# running, under Xvfb, connected to a running service (target: <= 1 % of a
# core), and the service's own CPU meanwhile.
#   bench/monitor_idle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --window --screenshot >/dev/null
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release --locked --quiet
FERRY="$PWD/target/release/ferry"
WINDOW="$PWD/target/release/ferry-window"
WORK="$(mktemp -d /tmp/ferry-monitor.XXXXXX)"
STATE="$WORK/state"
trap '"$FERRY" --state-dir "$STATE" quit >/dev/null 2>&1 || true; pkill -f "$WINDOW --state-dir $STATE" || true; rm -rf "$WORK"' EXIT
"$FERRY" --state-dir "$STATE" service --keep-running on >/dev/null
unset WAYLAND_DISPLAY
WINIT_X11_SCALE_FACTOR=1 xvfb-run -a -s "-screen 0 640x400x24" "$WINDOW" --state-dir "$STATE" --monitor &
sleep 5
MONITOR_PID="$(pgrep -f "$WINDOW --state-dir $STATE --monitor" | head -1)"
SERVICE_PID="$(pgrep -f "$FERRY --state-dir $STATE daemon" | head -1)"
# utime + stime, in clock ticks (fields 14 and 15 of /proc/PID/stat).
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
SECONDS_MEASURED=20
monitor_before="$(ticks "$MONITOR_PID")"; service_before="$(ticks "$SERVICE_PID")"
sleep "$SECONDS_MEASURED"
monitor_after="$(ticks "$MONITOR_PID")"; service_after="$(ticks "$SERVICE_PID")"
HZ="$(getconf CLK_TCK)"
percent() { echo "scale=2; ($2 - $1) * 100 / $HZ / $SECONDS_MEASURED" | bc -l; }
echo "monitor idle over ${SECONDS_MEASURED} s: $(percent "$monitor_before" "$monitor_after") % of a core (target <= 1 %)"
echo "service idle meanwhile: $(percent "$service_before" "$service_after") % of a core"
