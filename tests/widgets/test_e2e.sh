#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# End to end, under Xvfb: stratum opens a real CT series and shows an
# image; stratum alone opens the generated demo study. Neither logs a
# warning. Usage: test_e2e.sh STRATUM SERIES_DIR (TAP on stdout).
set -u

stratum=$1
series=$2

echo "1..2"
skip_all() {
  echo "ok 1 # SKIP $1"
  echo "ok 2 # SKIP $1"
  exit 0
}
for tool in xvfb-run import convert glib-compile-schemas; do
  command -v "$tool" >/dev/null 2>&1 ||
    skip_all "$tool is not installed (tools/install-deps.sh installs it)"
done
[ -d "$series" ] || skip_all "$series is missing"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The uninstalled app needs its GSettings schema compiled somewhere.
schemas="${STM_TESTS_SRCDIR:-$(dirname "$0")/..}/../resources"
if ! glib-compile-schemas --strict --targetdir="$work" "$schemas"; then
  echo "not ok 1 - the GSettings schema in $schemas does not compile"
  echo "not ok 2 - the GSettings schema in $schemas does not compile"
  exit 1
fi

# Runs inside the X server: start the app, wait for a line of its debug
# log, photograph the screen, stop the app.
cat > "$work/session.sh" <<'INNER'
#!/bin/sh
log=$1; shot=$2; pattern=$3; shift 3
G_MESSAGES_DEBUG=Stratum "$@" > "$log" 2>&1 &
pid=$!
i=0
while [ $i -lt 180 ] && ! grep -q "$pattern" "$log"; do
  kill -0 $pid 2>/dev/null || break
  sleep 0.5
  i=$((i + 1))
done
sleep 1
import -window root "$shot"
kill $pid 2>/dev/null
wait $pid 2>/dev/null
exit 0
INNER

# A private session bus, so GApplication registers without warnings.
bus=""
command -v dbus-run-session >/dev/null 2>&1 && bus="dbus-run-session --"

# run N NAME PATTERN ARGS...: one TAP line.
run() {
  n=$1; name=$2; pattern=$3; shift 3
  log="$work/$name.log"; shot="$work/$name.png"
  GSETTINGS_SCHEMA_DIR="$work" XDG_CACHE_HOME="$work/cache" xvfb-run -a -s '-screen 0 1280x800x24' \
    $bus sh "$work/session.sh" "$log" "$shot" "$pattern" "$stratum" "$@" 2>"$work/xvfb.log"
  if ! grep -q "$pattern" "$log"; then
    echo "not ok $n - $name: no \"$pattern\" in the log"
    sed 's/^/# /' "$log"
    return 1
  fi
  if grep -q -e "-WARNING" -e "-CRITICAL" "$log"; then
    echo "not ok $n - $name: warnings were logged"
    grep -e "-WARNING" -e "-CRITICAL" "$log" | sed 's/^/# /'
    return 1
  fi
  colours=$(convert "$shot" -format %k info:)
  if [ "${colours:-0}" -lt 64 ]; then
    echo "not ok $n - $name: the screenshot looks blank ($colours colours)"
    return 1
  fi
  echo "ok $n - $name: \"$pattern\", screenshot has $colours colours"
}

status=0
run 1 series "First image shown" "$series" || status=1
# The demo's CT (300 slices of 512 x 512) is the largest series: it is shown.
run 2 demo "Series loaded: .*512 x 512 x 300" || status=1
exit $status
