#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: install what is needed,
# build ferry, put it on PATH (~/.cargo/bin), and install its desktop entry
# and icon (so links can be opened with ferry).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --window
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo install --locked --path .
scripts/install-desktop-entry.sh "$HOME/.cargo/bin"
# The browser hand-off: the host for every browser found, the extension's folder.
"$HOME/.cargo/bin/ferry" browser install
echo "installed: $(command -v ferry || echo "$HOME/.cargo/bin/ferry")"
