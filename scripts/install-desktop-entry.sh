#!/usr/bin/env bash
# Installs ferry's desktop entry and icon for the current user, so the
# desktop lists ferry and offers it for http and https links (it does not
# make ferry the default browser), and the systemd user unit of its service
# (not enabled: `systemctl --user enable --now ferry` does that).
#   scripts/install-desktop-entry.sh [BIN_DIR]   (default: ~/.cargo/bin)
# Files go under ${XDG_DATA_HOME:-~/.local/share}; the entry runs
# BIN_DIR/ferry-window, since a desktop session may not have BIN_DIR on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN_DIR="$(realpath -m "${1:-$HOME/.cargo/bin}")"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$DATA_HOME/applications" "$DATA_HOME/icons/hicolor/scalable/apps"
sed "s|^Exec=ferry-window |Exec=$BIN_DIR/ferry-window |" packaging/ferry.desktop \
    > "$DATA_HOME/applications/ferry.desktop"
cp assets/ferry.svg "$DATA_HOME/icons/hicolor/scalable/apps/ferry.svg"
CONFIG_HOME="${XDG_CONFIG_HOME:-$HOME/.config}"
mkdir -p "$CONFIG_HOME/systemd/user"
sed "s|^ExecStart=ferry |ExecStart=$BIN_DIR/ferry |" packaging/ferry.service \
    > "$CONFIG_HOME/systemd/user/ferry.service"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA_HOME/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" 2>/dev/null || true
fi
echo "desktop entry: $DATA_HOME/applications/ferry.desktop"
