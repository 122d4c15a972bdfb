#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# End to end: stratum opens a real CT series under Xvfb and shows an image.
# Usage: test_e2e.sh STRATUM SERIES_DIR (TAP on stdout).
set -u

stratum=$1
series=$2

echo "1..1"
for tool in xvfb-run import convert; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ok 1 # SKIP $tool is not installed (tools/install-deps.sh installs it)"
    exit 0
  fi
done
if [ ! -d "$series" ]; then
  echo "ok 1 # SKIP $series is missing"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs inside the X server: start the app, wait for its first image,
# photograph the screen, stop the app.
cat > "$work/session.sh" <<'INNER'
#!/bin/sh
work=$1; shift
G_MESSAGES_DEBUG=Stratum "$@" > "$work/app.log" 2>&1 &
pid=$!
i=0
while [ $i -lt 120 ] && ! grep -q "First image shown" "$work/app.log"; do
  kill -0 $pid 2>/dev/null || break
  sleep 0.5
  i=$((i + 1))
done
sleep 1
import -window root "$work/screen.png"
kill $pid 2>/dev/null
wait $pid 2>/dev/null
exit 0
INNER

# A private session bus, so GApplication registers without warnings.
bus=""
command -v dbus-run-session >/dev/null 2>&1 && bus="dbus-run-session --"
XDG_CACHE_HOME="$work/cache" xvfb-run -a -s '-screen 0 1280x800x24' \
  $bus sh "$work/session.sh" "$work" "$stratum" "$series" 2>"$work/xvfb.log"

if ! grep -q "First image shown" "$work/app.log"; then
  echo "not ok 1 - no image was shown"
  sed 's/^/# /' "$work/app.log"
  exit 1
fi
colours=$(convert "$work/screen.png" -format %k info:)
if [ "${colours:-0}" -lt 64 ]; then
  echo "not ok 1 - the screenshot looks blank ($colours colours)"
  exit 1
fi
echo "ok 1 - first image shown, screenshot has $colours colours"
