# SPDX-License-Identifier: GPL-3.0-or-later
# Reference numbers for test-metrics.c, from R's survival package.
#
#   Rscript metrics_reference.R COHORTS_DIR
#
# 1. survfit (Kaplan-Meier, conf.type = "log") on gbsg.
# 2. External validation as Royston & Altman (BMC Med Res Methodol
#    2013;13:33): a Cox model (Efron ties) on rotterdam (RFS as in
#    rotterdam_rfs.csv) with the covariates both cohorts have, applied to
#    gbsg: Harrell's C, the calibration slope, and at 5 years (1826.25 d)
#    the calibration in 5 risk groups, the IPCW time-dependent AUC and the
#    IPCW Brier score. No CRAN package for the last two is in Debian
#    (timeROC, survAUC, riskRegression/pec pull in ~150 packages), so they
#    are written out here from their definitions, with the censoring
#    distribution from survfit.
# Prints "key value" lines; exits with 77 (skip) without the survival package.
if (!suppressWarnings(requireNamespace("survival", quietly = TRUE)))
  quit(status = 77)
suppressMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
out <- function(key, value) cat(key, sprintf("%.17g", value), "\n")

## 1. Kaplan-Meier on gbsg
gbsg <- read.csv(file.path(dir, "gbsg.csv"))
km <- survfit(Surv(rfstime, status) ~ 1, data = gbsg)
out("km_n", length(km$time))
for (k in seq_along(km$time)) {
  out(paste("km_time", k - 1), km$time[k])
  out(paste("km_risk", k - 1), km$n.risk[k])
  out(paste("km_surv", k - 1), km$surv[k])
  out(paste("km_selog", k - 1), km$std.err[k])
  out(paste("km_lower", k - 1), km$lower[k])
  out(paste("km_upper", k - 1), km$upper[k])
}
out("km_summary_se_5y", summary(km, times = 1826.25)$std.err)

## 2. Rotterdam -> GBSG
rott <- read.csv(file.path(dir, "rotterdam.csv"))
rfs <- read.csv(file.path(dir, "rotterdam_rfs.csv"))
rott <- merge(rott, rfs, by = "pid", sort = FALSE)
covariates <- function(age, size20_50, size_gt50, nodes, grade, er, pgr, hormon, meno)
  cbind(age, size20_50, size_gt50, nodes, grade, er, pgr, hormon, meno)
xr <- with(rott, covariates(age, as.numeric(size == "20-50"), as.numeric(size == ">50"),
                            nodes, grade, er, pgr, hormon, meno))
fit <- coxph(Surv(rott$rfstime, rott$rfs) ~ xr, ties = "efron",
             control = coxph.control(eps = 1e-12, toler.chol = 1e-15, iter.max = 100))
beta <- coef(fit)
for (j in seq_along(beta)) out(paste("beta", j - 1), beta[j])

# Breslow H0 at x = 0, as stm_cox_fit_cumhaz
t5 <- 5 * 365.25
risk <- exp(drop(xr %*% beta))
ev <- sort(unique(rott$rfstime[rott$rfs == 1 & rott$rfstime <= t5]))
H0 <- sum(sapply(ev, function(s)
  sum(rott$rfs == 1 & rott$rfstime == s) / sum(risk[rott$rfstime >= s])))
out("H0_t5", H0)

xg <- with(gbsg, covariates(age, as.numeric(size > 20 & size <= 50), as.numeric(size > 50),
                            nodes, grade, er, pgr, hormon, meno))
lp <- drop(xg %*% beta)
time <- gbsg$rfstime
status <- gbsg$status
pred <- 1 - exp(-H0 * exp(lp))

out("c_index", concordance(Surv(time, status) ~ lp, reverse = TRUE)$concordance)
slope <- coxph(Surv(time, status) ~ lp, ties = "efron",
               control = coxph.control(eps = 1e-12, toler.chol = 1e-15, iter.max = 100))
out("slope", coef(slope))
out("slope_se", sqrt(vcov(slope)[1, 1]))

groups <- cut(pred, quantile(pred, 0:5 / 5), include.lowest = TRUE)
for (g in seq_along(levels(groups))) {
  inside <- groups == levels(groups)[g]
  s <- summary(survfit(Surv(time[inside], status[inside]) ~ 1), times = t5)
  out(paste("cal_n", g - 1), sum(inside))
  out(paste("cal_pred", g - 1), mean(pred[inside]))
  out(paste("cal_obs", g - 1), 1 - s$surv)
  out(paste("cal_lower", g - 1), 1 - s$upper)
  out(paste("cal_upper", g - 1), 1 - s$lower)
}

# IPCW weights from the Kaplan-Meier of the censoring times
gfit <- survfit(Surv(time, 1 - status) ~ 1)
G_at <- function(t) { k <- findInterval(t, gfit$time); ifelse(k == 0, 1, gfit$surv[pmax(k, 1)]) }
G_before <- function(t) { k <- findInterval(t, gfit$time, left.open = TRUE)
                          ifelse(k == 0, 1, gfit$surv[pmax(k, 1)]) }
case <- status == 1 & time <= t5
control <- time > t5
w_case <- 1 / G_before(time[case])
pairs <- outer(lp[case], lp[control], function(a, b) (a > b) + 0.5 * (a == b))
out("auc_t5", sum(w_case * rowSums(pairs)) / (sum(w_case) * sum(control)))
brier <- (sum((1 - pred[case])^2 * w_case) + sum(pred[control]^2) / G_at(t5)) / length(time)
out("brier_t5", brier)
km_t5 <- summary(survfit(Surv(time, status) ~ 1), times = t5)$surv
out("brier_null_t5",
    (sum((1 - (1 - km_t5))^2 * w_case) + sum((1 - km_t5)^2 * control) / G_at(t5)) / length(time))
