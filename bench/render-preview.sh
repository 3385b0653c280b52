#!/usr/bin/env bash
# Screenshots of the Markdown records as a reader sees them: Markdown (e.g. a golden file) -> HTML with GitHub-like CSS
# (bench/RenderPreview, Markdig) -> PNG by headless Chromium at 780 px. Not run in CI.
# Usage: bench/render-preview.sh INPUT.md OUTPUT.png [HEIGHT]
set -euo pipefail
input=$1 output=$2 height=${3:-1400}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet run --project "$root/bench/RenderPreview" -c Release -- "$input" "$work/page.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
  --screenshot="$output" --window-size="780,$height" "file://$work/page.html" 2>/dev/null
echo "$output"
