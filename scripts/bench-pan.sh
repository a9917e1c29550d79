#!/usr/bin/env bash
# The side-by-side speed measurement: runs `mlsd-board bench-pan` on both
# benchmark scenes (the peer's, in Excalidraw's format), at zoom 1 and with
# the whole board in view, in a real window on a virtual display (Xvfb,
# Mesa's software renderer), at the app's default window size (1280x800)
# and at 1920x1080, and writes one JSON report per run.
#
#   scripts/bench-pan.sh [OUT_DIR] [SECONDS]   (defaults: bench-results 10)
#
# Build first: cargo build --release. Installs Xvfb and Mesa as root.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench-results}; secs=${2:-10}
. scripts/bench-window.sh
mkdir -p "$out"
for size in ${SIZES:-1280x800 1920x1080}; do
  for scene in scene-500-800 scene-5000-8000; do
    for zoom in 1 fit; do
      f=tests/bench/$scene.excalidraw.gz
      r=$out/$scene-zoom-$zoom-$size.json
      "$bin" bench-pan "$f" --zoom "$zoom" --seconds "$secs" --size "$size" --out "$r"
      python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{sys.argv[2]:9} {sys.argv[3]:16} zoom {sys.argv[4]:3}: first frame {r['first_frame_ms']:.0f} ms, frame median {r['frame_ms_median']:.1f} ms, p95 {r['frame_ms_p95']:.1f} ms, {r['fps']:.0f} fps, peak {r['peak_rss_mb']:.0f} MB\")" "$r" "$size" "$scene" "$zoom"
    done
  done
done
