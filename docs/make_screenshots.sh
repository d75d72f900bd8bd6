#!/usr/bin/env bash
# Regenerates every image docs/USER_GUIDE.md uses, from the bundled BTCUSDT sample, offscreen
# (no display needed). Run from anywhere after a build:
#
#   bash docs/make_screenshots.sh                      # binaries from build/release
#   LIQHEAT_BUILD=build/guide bash docs/make_screenshots.sh
#
# LIQHEAT_BUILD is the build directory (relative to the current directory, or absolute).
# Screenshot runs use throwaway settings, so your own layout and model do not change the pictures.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${LIQHEAT_BUILD:-} ]]; then
    build=$(cd "$LIQHEAT_BUILD" && pwd)
else
    build=$repo/build/release
fi
gui=$build/app/liqheat
cli=$build/app/liqheat-cli
for program in "$gui" "$cli"; do
    if [[ ! -x $program ]]; then
        echo "make_screenshots.sh: error: $program is missing; build first or set LIQHEAT_BUILD" >&2
        exit 1
    fi
done

out=$repo/docs/images
sample=$repo/resources/sample/btcusdt-5m-sample.json.gz
export QT_QPA_PLATFORM=offscreen
mkdir -p "$out"

# The main window in each state the guide shows (1600x1000, dark theme, bundled sample).
for view in overview planner signals skill clusters data-source model layers; do
    echo "guide-$view.png"
    "$gui" --screenshot "$out/guide-$view.png" --view "$view" --size 1600x1000 --theme dark
done
echo "guide-light.png"
"$gui" --screenshot "$out/guide-light.png" --view overview --size 1600x1000 --theme light

# The chart alone, as `liqheat-cli render` draws it for scripts.
echo "guide-cli-render.png"
"$cli" render "$sample" -o "$out/guide-cli-render.png" --width 1200 --height 640 --clusters

echo "make_screenshots.sh: wrote $(ls "$out"/guide-*.png | wc -l) images to $out"
