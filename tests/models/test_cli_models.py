#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end: stratum-cli fit and predict as a user runs them. Prints TAP.
Usage: test_cli_models.py STRATUM_CLI"""
import json
import os
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SHARED = os.environ.get("STM_SHARED_DATA", "")
results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


def main():
    cohorts = os.path.join(SHARED, "cohorts")
    if not os.path.isdir(cohorts):
        if os.environ.get("CI") == "true":
            print("1..1\nnot ok 1 - ../shared/data/cohorts is missing under CI")
            return 1
        print("1..0 # SKIP ../shared/data is not here (a plain clone has no ../shared)")
        return 0
    tmp = tempfile.mkdtemp(prefix="stratum-cli-models-")
    model = os.path.join(tmp, "gbsg.json")
    r = run("fit", "--data", os.path.join(cohorts, "gbsg.csv"), "--time", "rfstime",
            "--event", "status", "--covariates", "age,size,nodes,grade,er,pgr,hormon",
            "--treatment", "hormon", "--name", "GBSG test", "-o", model)
    check("fit exits 0", r.returncode == 0, r.stderr)
    summary = json.loads(r.stdout) if r.returncode == 0 else {}
    coef = summary.get("coefficients", {})
    # ../shared/specs/cox-reference.md, gbsg Efron.
    check("fit summary: nodes coefficient as R",
          abs(coef.get("nodes", {}).get("estimate", 0) / 0.0500224141267 - 1) < 1e-6)
    check("fit summary: hormon SE as R",
          abs(coef.get("hormon", {}).get("se", 0) / 0.1286476464453 - 1) < 1e-6)
    check("fit summary: loglik as R",
          abs(summary.get("loglik", [0, 0])[1] / -1738.232853512966 - 1) < 1e-9)
    check("fit summary: concordance as R",
          abs(summary.get("concordance", 0) - 0.683945533245) < 1e-9)
    with open(model) as f:
        saved = json.load(f)
    check("model file has the contract keys",
          all(k in saved for k in ("coefficients", "loglik", "concordance", "baseline"))
          and len(saved["baseline"]["time"]) == len(saved["baseline"]["cumhaz"]) > 0)

    r = run("fit", "--data", os.path.join(cohorts, "gbsg.csv"), "--time", "rfstime",
            "--event", "status", "--covariates", "age,size,nodes,grade,er,pgr,hormon",
            "--horizon", "1826.25", "--bootstrap", "20", "-o", os.path.join(tmp, "m.json"))
    metrics = json.loads(r.stdout).get("metrics", {}) if r.returncode == 0 else {}
    check("fit --horizon --bootstrap: AUC, Brier, calibration, corrected C",
          0.5 < metrics.get("time_auc", 0) < 1 and 0 < metrics.get("brier", 1) < 0.25 and
          len(metrics.get("calibration", [])) == 5 and
          0.5 < metrics.get("concordance_corrected", 0) <= metrics.get("concordance", 0),
          r.stderr + json.dumps(metrics)[:500])

    patient = os.path.join(tmp, "a.json")
    with open(patient, "w") as f:
        json.dump({"age": 50, "size": 20, "nodes": 1, "grade": 2, "er": 50, "pgr": 50, "hormon": 0}, f)
    r = run("predict", "--model", model, "--input", patient)
    out = json.loads(r.stdout) if r.returncode == 0 else {}
    s5 = out.get("overall", {}).get("survival", [0] * 5)[4]
    check("predict profile A: 5-year RFS as R (52.03117385 %)", abs(s5 - 52.03117385) < 1e-6, r.stderr)
    check("predict: treatment comparison (62.25149614 % with hormon)",
          abs(out.get("with_treatment", {}).get("survival", [0] * 5)[4] - 62.25149614) < 1e-6)

    with open(patient, "w") as f:
        json.dump({"age": 150, "size": 20, "nodes": 1, "grade": 2, "er": 50, "pgr": 50, "hormon": 0}, f)
    r = run("predict", "--model", model, "--input", patient)
    check("predict refuses age 150: exit 1, one sentence",
          r.returncode == 1 and r.stdout == "" and r.stderr.count("\n") == 1 and "age" in r.stderr,
          r.stderr)

    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('{"format": "stratum-model", "format_version": 1, "type": "cox"')
    r = run("predict", "--model", bad, "--input", patient)
    check("a truncated model file is refused", r.returncode == 1 and "model file" in r.stderr, r.stderr)

    r = run("fit", "--data", os.path.join(cohorts, "gbsg.csv"), "--time", "rfstime",
            "--event", "status", "--covariates", "age,nosuchcolumn", "-o", os.path.join(tmp, "x.json"))
    check("fit names a missing column", r.returncode == 1 and "nosuchcolumn" in r.stderr, r.stderr)

    p1 = os.path.join(tmp, "p1.json")
    with open(p1, "w") as f:
        json.dump({"age": 50, "size_mm": 25, "nodes": 2, "grade": 2, "er": True, "pr": True,
                   "her2": False, "ki67": False, "screen_detected": False, "chemo_generation": 3,
                   "endocrine": True, "trastuzumab": False, "bisphosphonates": False,
                   "radiotherapy": False, "heart_dose_gy": 0, "smoker": False}, f)
    r = run("predict", "--model", "predict-v2.2", "--input", p1)
    out = json.loads(r.stdout) if r.returncode == 0 else {}
    names = [x["name"] for x in out.get("regimens", [])]
    check("predict-v2.2 lists the contract regimens",
          names == ["s", "h", "hc", "hct", "hctb", "h10ctb"] and
          all(len(x["overall_survival"]) == 15 for x in out["regimens"]), r.stderr)
    r = run("predict", "--model", "cts5", "--input", p1)
    out = json.loads(r.stdout) if r.returncode == 0 else {}
    check("cts5 gives score, category and derived risk",
          out.get("category") in ("low", "intermediate", "high") and "derived_risk" in out, r.stderr)

    print("1..%d" % len(results))
    for i, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and detail:
            print("\n".join("# " + line for line in detail.splitlines()))
    return 0 if all(ok for _, ok, _ in results) else 1


sys.exit(main())
