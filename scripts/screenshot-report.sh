#!/usr/bin/env bash
# Opens a report.html in headless Chromium (Debian's `chromium`) and saves a screenshot, failing if
# the page cannot be rendered or refers to images that do not exist.
#   scripts/screenshot-report.sh runs/sweep/report.html /tmp/report.png
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/env.sh"
html=$(realpath "$1")
png=$(realpath -m "${2:-${html%.html}.png}")
[ -f "$html" ] || { mpnas_log "no such report: $html"; exit 2; }
command -v chromium >/dev/null 2>&1 || mpnas_apt_install chromium || { mpnas_log "chromium is needed"; exit 1; }

# Every image the page shows must exist beside it.
dir=$(dirname "$html")
grep -o '<img src="[^"]*"' "$html" | sed 's/<img src="//; s/"$//' | while read -r src; do
    [ -s "$dir/$src" ] || { mpnas_log "$html shows a missing image: $src"; exit 1; }
done

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1000,2400 --hide-scrollbars \
    --screenshot="$png" "file://$html" >"$profile/chromium.log" 2>&1 ||
    { cat "$profile/chromium.log" >&2; mpnas_log "chromium could not render $html"; exit 1; }
[ -s "$png" ] || { mpnas_log "no screenshot written"; exit 1; }
mpnas_log "screenshot: $png"
