#!/usr/bin/env bash
# End-to-end crash recovery, as a user would meet it: run the real app in an
# X window on a virtual display, make edits through the keyboard (xdotool),
# kill it with SIGKILL, start it again and find the recovery offer, restore.
#
#   scripts/xvfb-recovery.sh [PATH/TO/mlsd-board]   (default: target/debug/mlsd-board)
#
# Needs Xvfb, xdotool and Mesa (software OpenGL); as root on Debian/Ubuntu it
# installs them. Uses a throwaway HOME, so the user's settings and recovery
# folder are not touched. Exit status 0 when every check passes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/mlsd-board}")
[ -x "$bin" ] || { echo "no binary at $bin (cargo build first)" >&2; exit 2; }

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
for p in mesa-vulkan-drivers libgl1-mesa-dri libegl1 libgl1 libxkbcommon-x11-0 libx11-6 libxcursor1 libxrandr2 libxi6; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "missing: ${need[*]} (run as root to install)" >&2; exit 2; fi
  echo "installing: ${need[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
d=80; while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb :$d -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
app=
cleanup() {
  [ -n "$app" ] && kill -9 "$app" 2>/dev/null || true
  kill "$xpid" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -e /tmp/.X11-unix/X$d ] && break; sleep 0.1; done

export DISPLAY=:$d HOME=$work/home XDG_RUNTIME_DIR=$work/run
export XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
recovery=$XDG_DATA_HOME/mlsd-board/recovery

fail() { echo "FAIL: $*" >&2; echo "--- app output:" >&2; cat "$work"/run*.log >&2 || true; exit 1; }
start_app() { # log-name [args...]
  local log=$work/$1.log; shift
  "$bin" "$@" >"$log" 2>&1 &
  app=$!
  xdotool search --sync --name "MLSD Board" >/dev/null 2>&1 \
    || fail "no window appeared"
  sleep 2
  xdotool search --name "MLSD Board" windowfocus --sync 2>/dev/null || true
}
keys() { for k in "$@"; do xdotool key --delay 80 "$k"; sleep 0.3; done; }

# A board to edit, with a known number of components.
"$bin" new --template video-recommendation --study -o "$work/board.ron" >/dev/null
before=$("$bin" check "$work/board.ron" | sed -n 's/.*: \([0-9]*\) components.*/\1/p')

echo "== run 1: edit, then SIGKILL"
start_app run1 "$work/board.ron"
keys Escape slash k a f k a Return        # quick add: a Kafka component
keys slash r a n k e r Return             # and a ranker
sleep 2.5                                 # autosave writes within about a second
kill -9 "$app"; wait "$app" 2>/dev/null || true; app=
entries=$(find "$recovery" -name '*.ron' 2>/dev/null | wc -l)
[ "$entries" = 1 ] || fail "expected 1 recovery entry after the kill, found $entries"
entry=$(find "$recovery" -name '*.ron')
# The entry holds the board file (no session was started, so no log).
after=$(grep -o 'Component(' "$entry" | wc -l)
[ "$after" = $((before + 2)) ] || fail "the entry has $after components, expected $((before + 2))"
echo "recovery entry holds both edits: $before + 2 = $after components"

echo "== run 2: the offer, then Restore"
start_app run2
grep -q "offering to recover 1 unsaved board" "$work/run2.log" || fail "no recovery offer"
grep "offering" "$work/run2.log"
keys Tab space                            # focus the first button (Restore), press it
sleep 1
grep -q "restored an unsaved board ($after components)" "$work/run2.log" || fail "Restore did not restore"
grep "restored" "$work/run2.log"
# Killed again right after Restore, before any edit: the restored board
# must still be there to recover (it used to be deleted at Restore).
kill -9 "$app"; wait "$app" 2>/dev/null || true; app=

echo "== run 3: killed right after Restore, offered again"
start_app run3
grep -q "offering to recover 1 unsaved board.*($after components)" "$work/run3.log" \
  || fail "the board restored in run 2 was not offered again after a kill"
grep "offering" "$work/run3.log"
kill -9 "$app"; wait "$app" 2>/dev/null || true; app=
echo "PASS: killed with SIGKILL, restarted, recovery offered and restored; killed right after Restore, offered again"
