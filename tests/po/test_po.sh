#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The French translation is complete: every string the sources mark for
# translation has a French msgstr, none fuzzy, and msgfmt --check accepts
# the file (format strings agree). TAP output.
set -eu
srcdir="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "1..3"

cd "$srcdir"
# The keywords of glib's preset (i18n.gettext preset: 'glib').
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in -o "$work/stratum.pot" 2>"$work/xgettext.log" ||
  { echo "not ok 1 - xgettext failed: $(cat "$work/xgettext.log")"; exit 0; }
n=$(grep -c '^msgid ' "$work/stratum.pot" || true)
echo "ok 1 - $((n - 1)) strings extracted from po/POTFILES.in"

if msgfmt --check --statistics -o /dev/null po/fr.po 2>"$work/stats"; then
  stats=$(cat "$work/stats")
  case "$stats" in
    *untranslated*|*fuzzy*) echo "not ok 2 - po/fr.po: $stats" ;;
    *) echo "ok 2 - po/fr.po: $stats" ;;
  esac
else
  echo "not ok 2 - msgfmt --check rejects po/fr.po: $(cat "$work/stats")"
fi

# Merge the fresh template: anything new is untranslated in the result.
msgmerge --quiet --no-fuzzy-matching -o "$work/merged.po" po/fr.po "$work/stratum.pot"
missing=$(msgattrib --untranslated --no-obsolete "$work/merged.po" | grep -c '^msgid ' || true)
if [ "$missing" -le 1 ]; then
  echo "ok 3 - every marked string has a French translation"
else
  echo "not ok 3 - $((missing - 1)) marked strings have no French translation:"
  msgattrib --untranslated --no-obsolete "$work/merged.po" | grep '^msgid ' | sed 's/^/# /' | head -40
fi
