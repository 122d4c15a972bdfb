#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""survfit_band.py GBSG_CSV: prints S(5 y), lower, upper for reference profile C
from R's coxph + survfit (Breslow baseline, conf.type "log")."""
import subprocess
import sys

PROGRAM = r'''
library(survival)
d <- read.csv(commandArgs(TRUE)[1])
fit <- coxph(Surv(rfstime, status) ~ age + size + nodes + grade + er + pgr + hormon, data = d,
             ties = "efron", control = coxph.control(eps = 1e-12, toler.chol = 1e-15, iter.max = 100))
nd <- data.frame(age = 60, size = 40, nodes = 10, grade = 3, er = 0, pgr = 0, hormon = 0)
s <- summary(survfit(fit, newdata = nd, ctype = 1, conf.type = "log"), times = 5 * 365.25)
cat(sprintf("%.15g %.15g %.15g\n", s$surv, s$lower, s$upper))
'''
out = subprocess.run(["Rscript", "-e", PROGRAM, sys.argv[1]], check=True, capture_output=True, text=True)
sys.stdout.write(out.stdout)
