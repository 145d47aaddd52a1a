#!/usr/bin/env bash
# How long a download the browser hands over takes to reach the server:
# from the moment the native host gets the extension's message to the
# first byte of ferry's request at a loopback server, with ferry's
# service already running and with none running (the host starts it).
# Downloads start without asking (`ferry browser ask off`). Medians of RUNS.
#   bench/browser_handoff.sh            # RUNS=15
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-15}"
if [ -z "${FERRY:-}" ]; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
    cargo build --release --locked --quiet
    FERRY="$PWD/target/release/ferry"
fi
WORK="$(mktemp -d /tmp/ferry-handoff.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$FERRY" "$WORK" "$RUNS" <<'PY'
import http.server, json, os, statistics, struct, subprocess, sys, threading, time

ferry, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
origin = "chrome-extension://ijpcffkecmjalnikncjicmmkmnmobdnl/"
seen = {}

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_GET(self):
        seen.setdefault(self.path, time.monotonic())
        body = b"x" * 1024
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
env = dict(os.environ)
env.pop("DBUS_SESSION_BUS_ADDRESS", None)

def ferry_cli(state, *args):
    subprocess.run([ferry, "--state-dir", state, *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def hand_over(state, name):
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads, exist_ok=True)
    message = json.dumps({"type": "download", "url": f"http://127.0.0.1:{port}/{name}",
                          "fileName": name}).encode()
    host = subprocess.Popen([ferry, "--state-dir", state, "native-host", origin],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    start = time.monotonic()
    host.stdin.write(struct.pack("=I", len(message)) + message)
    host.stdin.close()
    reply = host.stdout.read()
    host.wait()
    deadline = start + 10
    while f"/{name}" not in seen and time.monotonic() < deadline:
        time.sleep(0.001)
    if f"/{name}" not in seen:
        sys.exit(f"ferry never asked for {name}: {reply!r}")
    return seen[f"/{name}"] - start

def state_folder(case, run):
    state = os.path.join(work, f"state-{case}-{run}")
    ferry_cli(state, "browser", "ask", "off")
    return state

cold, warm = [], []
for run in range(runs):
    state = state_folder("cold", run)
    ferry_cli(state, "quit")
    cold.append(hand_over(state, f"cold-{run}.bin"))
    ferry_cli(state, "quit")
state = state_folder("warm", 0)
for run in range(runs):
    warm.append(hand_over(state, f"warm-{run}.bin"))
ferry_cli(state, "quit")
ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms"
print(f"service running: {ms(warm)} (median of {runs}; target <= 300 ms)")
print(f"service not running: {ms(cold)} (median of {runs}; target <= 1.5 s)")
PY
