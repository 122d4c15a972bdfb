#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the dependencies, builds Stratum with warnings as errors and runs
# the whole test suite, then the malformed-input tests under ASan and UBSan.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
rm -rf _build-test
meson setup _build-test -Dwerror=true >/dev/null
meson compile -C _build-test
status=0
meson test -C _build-test --print-errorlogs --num-processes 2 || status=$?
/usr/bin/python3 tools/test-summary.py _build-test/meson-logs/testlog.json || status=1
if [ -x tools/sanitize-malformed.sh ] || [ -f tools/sanitize-malformed.sh ]; then
  sh tools/sanitize-malformed.sh || status=1
fi
exit $status
