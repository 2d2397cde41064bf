#!/usr/bin/env bash
# A screenshot of a run's HTML report, taken with headless Chromium (Debian's chromium), for the README:
#   tests/e2e/report-screenshot.sh RESULTS_DIR OUT.png [WIDTH,HEIGHT]
# RESULTS_DIR is a folder ./run-chaos.sh wrote (results/<UTC time>); its report.html is written first if it is missing.
# The default size (1280,1150) holds the first experiment's verdict and its three charts.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: tests/e2e/report-screenshot.sh RESULTS_DIR OUT.png [WIDTH,HEIGHT]"
results=${1:?$usage}
out=${2:?$usage}
size=${3:-1280,1150}
[ -d "$results" ] || { echo "report-screenshot: $results is not a folder" >&2; exit 2; }
results=$(cd "$results" && pwd)
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

if [ ! -f "$results/report.html" ]; then
  engine="$root/fixtures/Chaos.Engine/bin/Debug/net10.0/Chaos.Engine.dll"
  [ -f "$engine" ] || dotnet build "$root/fixtures/Chaos.Engine" -nologo -v quiet >&2
  dotnet "$engine" report "$results" > /dev/null
fi

chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "report-screenshot: no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
# A fresh profile and no network services; the virtual-time budget lets the page's charts draw before the picture.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$size" --virtual-time-budget=10000 --screenshot="$out" "file://$results/report.html" > /dev/null 2>&1 || true
[ -s "$out" ] || { echo "report-screenshot: Chromium wrote no picture to $out" >&2; exit 1; }
echo "$out"
