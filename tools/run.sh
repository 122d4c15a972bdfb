#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the dependencies, builds Stratum and shows a study: the files or
# folders given, or the built-in synthetic demo study when none are.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
[ -d _build ] || meson setup _build --buildtype=release >/dev/null
meson compile -C _build >/dev/null
if [ "$#" -eq 0 ]; then
  demo="${XDG_CACHE_HOME:-$HOME/.cache}/stratum/demo"
  [ -d "$demo/ct" ] || ./_build/app/stratum-cli demo -o "$demo"
  set -- "$demo"
fi
# The viewer is not written yet: until it is, show what the study holds.
exec ./_build/app/stratum-cli info "$@"
