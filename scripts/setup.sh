#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: install what is needed,
# build ferry, and put it on PATH (~/.cargo/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --window
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo install --locked --path .
echo "installed: $(command -v ferry || echo "$HOME/.cargo/bin/ferry")"
