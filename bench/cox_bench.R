# SPDX-License-Identifier: GPL-3.0-or-later
# Counterpart of bench-cox: time survival::coxph(ties = "efron") on a CSV.
#
#   Rscript bench/cox_bench.R CSV TIME EVENT COVARIATES [RUNS] [COEF_OUT]
#
# COVARIATES is comma-separated, or "all" for every column but TIME and
# EVENT. Default coxph.control (eps 1e-9, iter.max 20), as bench-cox uses
# Stratum's defaults. Each run is system.time(coxph(...)) on the data frame
# already in memory (reading the CSV is not timed). Prints one "run" line per
# fit and a "result" line of key=value pairs; COEF_OUT gets the coefficients,
# one per line.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 4) stop("usage: cox_bench.R CSV TIME EVENT COVARIATES [RUNS] [COEF_OUT]")
csv <- args[1]; time_col <- args[2]; event_col <- args[3]
runs <- if (length(args) >= 5) as.integer(args[5]) else 5L
coef_out <- if (length(args) >= 6) args[6] else NA

header <- names(read.csv(csv, nrows = 1, check.names = FALSE))
d <- read.csv(csv, colClasses = rep("numeric", length(header)), check.names = FALSE)
covariates <- if (args[4] == "all") setdiff(names(d), c(time_col, event_col)) else strsplit(args[4], ",")[[1]]

f <- as.formula(paste0("Surv(`", time_col, "`, `", event_col, "`) ~ ",
                       paste0("`", covariates, "`", collapse = " + ")))

wall <- numeric(runs); cpu <- numeric(runs)
for (r in seq_len(runs)) {
  gc(FALSE)
  st <- system.time(fit <- coxph(f, data = d, ties = "efron"), gcFirst = FALSE)
  wall[r] <- st[["elapsed"]]
  cpu[r] <- st[["user.self"]] + st[["sys.self"]]
  cat(sprintf("run %d wall_s=%.6f cpu_s=%.6f iterations=%d\n", r, wall[r], cpu[r], fit$iter))
}
if (!is.na(coef_out)) writeLines(sprintf("%.17g", unname(coef(fit))), coef_out)
cat(sprintf("result n=%d p=%d events=%d runs=%d median_s=%.6f median_cpu_s=%.6f iterations=%d loglik=%.12g\n",
            fit$n, length(coef(fit)), fit$nevent, runs, median(wall), median(cpu),
            fit$iter, fit$loglik[2]))
