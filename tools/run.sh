#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the dependencies, builds Stratum and opens a study: the files or
# folders given, or the built-in synthetic demo study when none are.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
[ -d _build ] || meson setup _build --buildtype=release >/dev/null
meson compile -C _build >/dev/null
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # The GSettings schema is not installed system-wide by a plain build.
  glib-compile-schemas --targetdir=_build/resources resources
  # Translations compiled by the build (po/), found without installing.
  GSETTINGS_SCHEMA_DIR="$PWD/_build/resources" STM_LOCALEDIR="$PWD/_build/po" \
    exec ./_build/app/stratum "$@"
fi
# No display (a server, a terminal session): show what the study holds.
if [ "$#" -eq 0 ]; then
  demo="${XDG_CACHE_HOME:-$HOME/.cache}/stratum/demo-cli"
  [ -d "$demo/ct" ] || ./_build/app/stratum-cli demo -o "$demo"
  set -- "$demo"
fi
echo "No display: printing the study's contents instead of opening the viewer." >&2
STM_LOCALEDIR="$PWD/_build/po" exec ./_build/app/stratum-cli info "$@"
