#!/usr/bin/env bash
# Installs what building and testing ferry needs on Debian/Ubuntu.
# Usage: scripts/install-deps.sh [--bench | --window]
#   --bench adds nginx, aria2, wget2; --window adds the window's runtime libraries and fonts
set -euo pipefail

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

packages=(build-essential ca-certificates curl)
if [ "${1:-}" = "--window" ]; then
    packages+=(libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1 libfontconfig1 fonts-noto-cjk xdg-utils)
fi
if [ "${1:-}" = "--bench" ]; then
    packages+=(nginx-light aria2 wget2 time bc)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
    # Debian's own cargo is too old for ferry (Rust >= 1.95 is needed).
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
