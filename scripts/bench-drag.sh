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
