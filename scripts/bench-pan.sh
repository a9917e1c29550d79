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
bin=target/release/mlsd-board
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
for p in mesa-vulkan-drivers libgl1-mesa-dri libegl1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
d=70; while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb :$d -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
trap 'kill $xpid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -e /tmp/.X11-unix/X$d ] && break; sleep 0.1; done
export DISPLAY=:$d
mkdir -p "$out"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
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
