#!/usr/bin/env bash
# Builds ferry's .deb into target/debian/: the release binaries, then what
# the package carries besides them (man pages, completions, the browser's
# system-wide manifests and extension: `ferry package-files`; the icon's PNG
# sizes; the user unit with the installed path), then cargo-deb (Depends
# from the binaries' libraries, plus what the window loads at run time).
#   scripts/package.sh                      release build (a few minutes)
#   scripts/package.sh --binaries DIR       package DIR/ferry and DIR/ferry-window
#                                           as they are (the tests' own build)
#   scripts/package.sh ... --output DIR     put the .deb in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
BINARIES=""
OUTPUT=target/debian
FAST=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binaries) BINARIES="$2"; FAST=--fast; shift 2 ;;
        --output) OUTPUT="$2"; shift 2 ;;
        *) echo "package.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
command -v rsvg-convert >/dev/null && command -v dpkg-shlibdeps >/dev/null \
    && command -v cargo >/dev/null || scripts/install-deps.sh --package
# shellcheck disable=SC1091
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
if [ -z "$BINARIES" ]; then
    cargo build --locked --release --bin ferry --bin ferry-window
    BINARIES=target/release
fi
STAGE=target/package-files
rm -rf "$STAGE"
"$BINARIES/ferry" package-files "$STAGE"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" assets/ferry.svg \
        -o "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/ferry.png"
done
sed "s|^ExecStart=ferry |ExecStart=/usr/bin/ferry |" packaging/ferry.service > "$STAGE/ferry.service"
mkdir -p "$STAGE/usr/bin"
cp "$BINARIES/ferry" "$BINARIES/ferry-window" "$STAGE/usr/bin/"
# (A release build is stripped already; the tests' build is not.)
strip --strip-unneeded "$STAGE/usr/bin/ferry" "$STAGE/usr/bin/ferry-window"
mkdir -p "$OUTPUT"
cargo deb --no-build --locked $FAST --output "$OUTPUT"
