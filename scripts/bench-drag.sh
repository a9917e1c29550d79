#!/usr/bin/env bash
# The editing-at-scale measurement: runs `mlsd-board bench-drag` on the
# 5,000/8,000 benchmark scene (and the 500/800 one), selecting everything
# or 100 components and dragging them with a real pointer for some seconds,
# with the whole board in view and at 100 %, in a real window on a virtual
# display (Xvfb, Mesa's software renderer) at the app's default size
# (1280x800); one JSON report per run.
#
#   scripts/bench-drag.sh [OUT_DIR] [SECONDS]   (defaults: bench-results 10)
#
# Build first: cargo build --release. Installs Xvfb and Mesa as root.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench-results}; secs=${2:-10}
. scripts/bench-window.sh
mkdir -p "$out"
size=1280x800
# 100 components are dragged at 100 % only: with the whole big scene in
# view a box is a few pixels, under the arrows that leave it.
for scene in scene-5000-8000 scene-500-800; do
  for run in "all fit" "all 1" "100 1"; do
    read -r select zoom <<<"$run"
    {
      f=tests/bench/$scene.excalidraw.gz
      r=$out/drag-$scene-select-$select-zoom-$zoom-$size.json
      rm -f "$r"
      "$bin" bench-drag "$f" --select "$select" --zoom "$zoom" --seconds "$secs" --size "$size" --out "$r" || true
      [ -f "$r" ] || continue
      python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{sys.argv[2]:16} select {sys.argv[3]:3} zoom {sys.argv[4]:3}: {r['moving']} moving, frame median {r['frame_ms_median']:.1f} ms, p95 {r['frame_ms_p95']:.1f} ms, {r['fps']:.0f} fps, drop {r['drop_ms']:.0f} ms, moved {r['moved']}, fills {r['fills']}, peak {r['peak_rss_mb']:.0f} MB\")" "$r" "$scene" "$select" "$zoom"
    }
  done
done
