# SPDX-License-Identifier: GPL-3.0-or-later
# Reference penalised Cox fits from R glmnet for test-penalized.c.
#
#   Rscript penalized_reference.R WPBC_CSV ALPHA LAMBDA_FILE [FOLDID_FILE]
#
# wpbc: event = (status == "R"), time in months, the 30 nuclear features,
# tsize and pnodes; rows with a missing value are dropped. LAMBDA_FILE holds
# decreasing lambdas, one a line; FOLDID_FILE the fold (0-based) of each
# complete row. Prints "beta L J value" (original scale) for each lambda
# and, with folds, cv.glmnet's "cvm L", "cvsd L", "lambda_min", "lambda_1se".
# glmnet's thresh = 1e-12 leaves KKT residuals near 1e-7 and coefficients
# about 1e-5 (relative) from the optimum on these correlated features, so
# the fits use 1e-20 (about 1e-9); cross-validation uses 1e-14 (cvm within
# about 1e-6 of the 1e-20 values) to keep the test under ten seconds.
# Exits with 77 (skip) when glmnet is not installed.
if (!suppressWarnings(suppressMessages(requireNamespace("glmnet", quietly = TRUE))))
  quit(status = 77)
suppressMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d <- d[complete.cases(d), ]
alpha <- as.numeric(args[2])
lambda <- scan(args[3], quiet = TRUE)
y <- cbind(time = d$time, status = as.numeric(d$status == "R"))
x <- as.matrix(d[, setdiff(names(d), c("status", "time"))])

out <- function(key, value) cat(key, sprintf("%.17g", value), "\n")

fit <- glmnet(x, y, family = "cox", alpha = alpha, lambda = lambda,
              thresh = 1e-20, maxit = 1e7)
beta <- as.matrix(coef(fit))
for (l in seq_len(ncol(beta)))
  for (j in seq_len(nrow(beta)))
    out(paste("beta", l - 1, j - 1), beta[j, l])

if (length(args) >= 4) {
  foldid <- scan(args[4], quiet = TRUE) + 1
  cv <- cv.glmnet(x, y, family = "cox", alpha = alpha, lambda = lambda,
                  foldid = foldid, grouped = TRUE, type.measure = "deviance",
                  thresh = 1e-14, maxit = 1e7)
  for (l in seq_along(cv$cvm)) {
    out(paste("cvm", l - 1), cv$cvm[l])
    out(paste("cvsd", l - 1), cv$cvsd[l])
  }
  out("lambda_min", cv$lambda.min)
  out("lambda_1se", cv$lambda.1se)
}
