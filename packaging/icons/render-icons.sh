#!/usr/bin/env bash
# Renders the hicolor PNG sizes of the icon from liqheat.svg (needs rsvg-convert from librsvg2-bin).
# The PNGs are committed, so building the project does not need this.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" liqheat.svg -o "liqheat-${size}.png"
done
