#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Stratum with AddressSanitizer and UndefinedBehaviorSanitizer in a
# build folder of its own and runs the malformed-input tests under them.
# Exits non-zero on a failed test and on any sanitizer report, even one a
# test harness would have swallowed.
#
# Usage: tools/sanitize-malformed.sh [BUILD_DIR]   (default: _build-sanitize)
# The compiler is the default one (gcc is fine); set CC/CXX to change it.

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$srcdir/_build-sanitize"}

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" "$srcdir" \
    -Db_sanitize=address,undefined -Db_lundef=false
else
  meson setup "$builddir" "$srcdir" \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
meson compile -C "$builddir"

# Leaks are reported at exit; only DCMTK/GLib one-time globals are suppressed.
# A huge allocation is an error, not a NULL to recover from: the library must
# refuse oversized images before it allocates.
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:allocator_may_return_null=0"
ASAN_OPTIONS="$ASAN_OPTIONS:max_allocation_size_mb=1024:detect_stack_use_after_return=1"
# DCMTK has no frame pointers: unwind allocations the slow way, for whole stacks.
ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
LSAN_OPTIONS="suppressions=$srcdir/tools/lsan.supp:print_suppressions=0"
# GLib's slice allocator hides leaks from LeakSanitizer.
G_SLICE=always-malloc
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS G_SLICE

status=0
meson test -C "$builddir" --suite malformed --print-errorlogs --num-processes 1 || status=$?

# A report that did not fail its test (a child process, a recovered check) still fails the run.
log="$builddir/meson-logs/testlog.txt"
if [ -f "$log" ] && grep -E -n \
    'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer' \
    "$log"; then
  echo "sanitize-malformed: sanitizer report in $log" >&2
  [ "$status" -ne 0 ] || status=1
fi

if [ "$status" -eq 0 ]; then
  echo "sanitize-malformed: no failures and no sanitizer reports."
fi
exit "$status"
