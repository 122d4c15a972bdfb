# SPDX-License-Identifier: GPL-3.0-or-later
# References for test-cox.c that cox-reference.md does not list: survfit
# bands, stratified and weighted fits, and the covariance of two predicted
# cumulative hazards. Usage: Rscript cox_survfit.R COHORTS_DIR
# Prints one "key value..." line per quantity.
suppressMessages(library(survival))
dir <- commandArgs(trailingOnly = TRUE)[1]
t5 <- 5 * 365.25
times <- c(365.25, 1000, t5, 2500)
ctl <- coxph.control(eps = 1e-12, toler.chol = 1e-15, iter.max = 100)
out <- function(key, v) cat(key, formatC(as.numeric(v), digits = 15, format = "e"), "\n")

g <- read.csv(file.path(dir, "gbsg.csv"))
g$stratum <- g$grade - 1
g$w <- 1 + g$pid %% 3
fg <- Surv(rfstime, status) ~ age + size + nodes + grade + er + pgr + hormon
prof <- data.frame(age = c(50, 50, 60), size = c(20, 20, 40), nodes = c(1, 1, 10),
                   grade = c(2, 2, 3), er = c(50, 50, 0), pgr = c(50, 50, 0),
                   hormon = c(0, 1, 0))

bands <- function(tag, fit, nd, ctype, conf.type) {
  s <- summary(survfit(fit, newdata = nd, ctype = ctype, conf.type = conf.type), times = times)
  out(paste0(tag, ".surv"), s$surv)
  out(paste0(tag, ".std.err"), s$std.err)
  out(paste0(tag, ".lower"), s$lower)
  out(paste0(tag, ".upper"), s$upper)
}
coefs <- function(tag, fit) {
  out(paste0(tag, ".coef"), coef(fit))
  out(paste0(tag, ".se"), sqrt(diag(fit$var)))
  out(paste0(tag, ".loglik"), fit$loglik)
  out(paste0(tag, ".tests"), c(2 * diff(fit$loglik), fit$wald.test, fit$score))
  cc <- concordance(fit)
  out(paste0(tag, ".concordance"), c(cc$concordance, sqrt(cc$var)))
}

# Bands after an Efron fit with the Breslow hazard (ctype = 1), and after
# a Breslow fit with survfit's default.
fe <- coxph(fg, data = g, ties = "efron", control = ctl)
for (i in 1:3) {
  bands(sprintf("gbsg.efron.%d.log", i), fe, prof[i, ], 1, "log")
  bands(sprintf("gbsg.efron.%d.loglog", i), fe, prof[i, ], 1, "log-log")
}
fb <- coxph(fg, data = g, ties = "breslow", control = ctl)
bands("gbsg.breslow.3.log", fb, prof[3, ], 1, "log")
bands("gbsg.breslow.3.plain", fb, prof[3, ], 1, "plain")

# Stratified by grade (strata 0, 1, 2 in the C code).
fs <- coxph(Surv(rfstime, status) ~ age + size + nodes + er + pgr + hormon + strata(grade),
            data = g, ties = "efron", control = ctl)
coefs("gbsg.strata", fs)
zero <- data.frame(age = 0, size = 0, nodes = 0, er = 0, pgr = 0, hormon = 0)
for (k in 1:3) {
  nd <- cbind(zero, grade = k)
  out(sprintf("gbsg.strata.h0.%d", k - 1),
      summary(survfit(fs, newdata = nd, ctype = 1), times = times)$cumhaz)
}
bands("gbsg.strata.3.log", fs, prof[3, ], 1, "log")

# Case weights.
fw <- coxph(fg, data = g, weights = w, ties = "efron", control = ctl)
coefs("gbsg.weights", fw)

# Rotterdam, RFS, stratified by menopausal status, Breslow ties.
r <- read.csv(file.path(dir, "rotterdam.csv"))
r$rfstime <- with(r, ifelse(recur == 1, rtime, dtime))
r$rfs <- pmax(r$recur, r$death)
r$size20_50 <- as.integer(r$size == "20-50")
r$size_gt50 <- as.integer(r$size == ">50")
fr <- coxph(Surv(rfstime, rfs) ~ age + size20_50 + size_gt50 + nodes + grade + er + pgr +
              hormon + chemo + strata(meno), data = r, ties = "breslow", control = ctl)
coefs("rotterdam.strata", fr)
bands("rotterdam.strata.1.log", fr,
      data.frame(age = 60, size20_50 = 1, size_gt50 = 0, nodes = 3, grade = 3, er = 50,
                 pgr = 50, hormon = 1, chemo = 0, meno = 1), 1, "log")

# Treatment comparison for profile A of gbsg: Cov(H(t|hormon=1), H(t|hormon=0))
# from survfit's own building blocks (agsurv), then the delta method for S1 - S0.
X <- model.matrix(fe)
xc <- sweep(X, 2, fe$means)
risk <- exp(drop(xc %*% coef(fe)))
a <- survival:::agsurv(Surv(g$rfstime, g$status), xc, rep(1, nrow(g)), risk, 2, 2)
V <- vcov(fe)
x0 <- unlist(prof[1, colnames(X)]); x1 <- x0; x1["hormon"] <- 1
diffs <- sapply(times, function(t) {
  i <- max(which(a$time <= t))
  H <- a$cumhaz[i]; K <- cumsum(a$varhaz)[i]; xb <- a$xbar[i, ]
  r0 <- exp(sum((x0 - fe$means) * coef(fe))); r1 <- exp(sum((x1 - fe$means) * coef(fe)))
  d0 <- H * (x0 - fe$means) - xb; d1 <- H * (x1 - fe$means) - xb
  v00 <- r0^2 * (K + drop(d0 %*% V %*% d0)); v11 <- r1^2 * (K + drop(d1 %*% V %*% d1))
  v01 <- r0 * r1 * (K + drop(d0 %*% V %*% d1))
  s0 <- exp(-r0 * H); s1 <- exp(-r1 * H)
  c(s1 - s0, sqrt(s1^2 * v11 + s0^2 * v00 - 2 * s0 * s1 * v01))
})
out("gbsg.treatment.difference", diffs[1, ])
out("gbsg.treatment.se", diffs[2, ])
