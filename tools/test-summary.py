#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints one closing line, 'tests: N passed, N failed, N skipped', counting
the TAP subtests of every meson test; exits non-zero when any failed."""
import json
import sys

passed = failed = skipped = 0
with open(sys.argv[1]) as log:
    for line in log:
        test = json.loads(line)
        ok = test["result"] in ("OK", "EXPECTEDFAIL")
        counted = False
        for out in test.get("stdout", "").splitlines():
            if out.startswith("ok "):
                counted = True
                if "# SKIP" in out or "# skip" in out:
                    skipped += 1
                else:
                    passed += 1
            elif out.startswith("not ok "):
                counted = True
                failed += 1
        if not counted:
            if test["result"] == "SKIP":
                skipped += 1
            elif ok:
                passed += 1
            else:
                failed += 1
        elif not ok and test["result"] != "SKIP":
            failed += 1
print("tests: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed else 0)
