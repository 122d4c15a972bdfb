#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The layers hold: DCMTK and C++ only in analysis/dicom/, GTK never in analysis/.
# Prints TAP. Usage: check-layering.sh SOURCE_ROOT
set -u
root="$1"
cd "$root" || exit 1
sources=$(find analysis app widgets tests bench -type f \
            \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' -o -name '*.hh' \) 2>/dev/null | sort)

echo "1..3"
n=1
report() {
  if [ -z "$2" ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; echo "$2" | sed 's/^/# /'; fi
  n=$((n + 1))
}

outside=$(echo "$sources" | grep -v '^analysis/dicom/')
dcmtk=$(echo "$outside" | xargs -r grep -l -E '#include *[<"]dcmtk/|\bOFString\b|\bOFCondition\b' 2>/dev/null)
report "no DCMTK outside analysis/dicom/" "$dcmtk"

cxx=$(echo "$outside" | grep -E '\.(cc|cpp|cxx|hh)$')
report "no C++ source outside analysis/dicom/" "$cxx"

gtk=$(echo "$sources" | grep '^analysis/' | xargs -r grep -l -E '#include *[<"](gtk|gdk|adwaita)' 2>/dev/null)
report "no GTK in analysis/" "$gtk"
