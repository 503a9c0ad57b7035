#!/bin/sh
# Renders the committed PNGs (the sizes desktops and AppStream ask for) from cvc-dashboard.svg.
# Run it after changing the SVG; needs ImageMagick with its SVG delegate (Debian: imagemagick and
# librsvg2-bin). The build uses the committed files, so building needs neither.
set -eu
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
  mkdir -p "${size}x${size}"
  convert -background none -density 384 cvc-dashboard.svg -resize "${size}x${size}" \
    -define png:exclude-chunks=date,time "PNG32:${size}x${size}/cvc-dashboard.png"
done
