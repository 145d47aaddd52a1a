#!/usr/bin/env bash
# Installs what building and testing ferry needs on Debian/Ubuntu.
# Usage: scripts/install-deps.sh [--window] [--bench] [--screenshot] [--package]
#   --window: the window's runtime libraries and fonts; --bench: nginx, aria2,
#   wget2; --screenshot: Xvfb and nginx for scripts/screenshot.sh;
#   --package: what scripts/package.sh and lintian need
set -euo pipefail

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# dbus-daemon: the tests run stand-in system services on a private bus;
# procps: kill, with which tests send SIGTERM to the real binary;
# haskell-status-notifier-item-utils: status-notifier-watcher, the tray
# tests' watcher; util-linux: setpriv, to run a client as another user;
# dunst, xvfb, xauth: a real notification daemon (it needs a display);
# nginx-light: a real server for PUT uploads (dav_methods PUT);
# gnome-keyring: a real Secret Service, where secrets are kept;
# tinyproxy and microsocks: real HTTP and SOCKS5 proxies with a login;
# chromium, firefox-esr: real browsers running ferry's extension;
# python3-pyftpdlib, python3-openssl: a real FTP server, with TLS (run with
# Debian's /usr/bin/python3); vsftpd: implicit FTPS (ftps://);
# fonts-noto-cjk: Hangul for the window's Korean (the tests draw it);
# desktop-file-utils, appstream: the desktop's checkers of packaging/.
packages=(build-essential ca-certificates curl dbus-daemon procps haskell-status-notifier-item-utils util-linux dunst xvfb xauth nginx-light gnome-keyring tinyproxy microsocks chromium firefox-esr python3-pyftpdlib python3-openssl vsftpd fonts-noto-cjk desktop-file-utils appstream)
for flag in "$@"; do
    case "$flag" in
        --window) packages+=(libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1 libfontconfig1 fonts-noto-cjk xdg-utils desktop-file-utils) ;;
        --bench) packages+=(nginx-light aria2 wget2 time bc openssl) ;;
        --package) packages+=(librsvg2-bin dpkg-dev lintian man-db binutils appstream desktop-file-utils) ;;
        --screenshot) packages+=(xvfb xauth libegl-mesa0 libglx-mesa0 nginx-light python3) ;;
        *) echo "install-deps: unknown option $flag" >&2; exit 2 ;;
    esac
done

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
