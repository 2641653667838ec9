#!/bin/sh
# Takes a 1280 px wide screenshot of a reports folder's dashboard.html in headless Chromium
# (Debian package `chromium`), to look at it as a CFO would. Not part of `swift test`.
#
#   scripts/screenshot-dashboard.sh REPORTS/AS_OF [OUT.png] [HEIGHT]
#
# Writes OUT.png (default REPORTS/AS_OF/dashboard.png), 1280 x HEIGHT (default 2400) pixels.
# Set PRINT_PDF=1 to also print the page to dashboard.pdf (checks the print stylesheet).
set -eu

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 REPORTS_FOLDER [OUT.png] [HEIGHT]" >&2
    exit 2
fi
folder=$(cd "$1" && pwd)
page="$folder/dashboard.html"
out=${2:-"$folder/dashboard.png"}
height=${3:-2400}
[ -f "$page" ] || { echo "$0: no dashboard.html in $folder" >&2; exit 1; }

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
    echo "$0: Chromium not found; install it with: apt-get update && apt-get install -y chromium" >&2
    exit 1
fi

case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac
profile=$(mktemp -d "${TMPDIR:-/tmp}/dashboard-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM

# --no-sandbox: containers usually run as root, where Chromium refuses its sandbox.
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1280,"$height" --screenshot="$out" "file://$page" >/dev/null 2>&1
[ -s "$out" ] || { echo "$0: Chromium wrote no screenshot" >&2; exit 1; }
echo "$out"

if [ "${PRINT_PDF:-0}" = 1 ]; then
    pdf="${out%.png}.pdf"
    "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$pdf" "file://$page" >/dev/null 2>&1
    echo "$pdf"
fi
