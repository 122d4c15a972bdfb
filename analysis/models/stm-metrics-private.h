/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers shared by the metrics files (stm-kaplan-meier.c, stm-metrics.c,
 * stm-bootstrap.c).
 */
#pragma once

#include "stm-metrics.h"

G_BEGIN_DECLS

/* Times >= 0, events 0/1 and (if values) finite values, probabilities in
 * 0..1 when asked. */
gboolean  _stm_metrics_check       (gsize         n,
                                    const double *time,
                                    const double *event,
                                    const double *values,
                                    gboolean      probabilities,
                                    GError      **error);
/* Row indices by ascending time. */
gsize    *_stm_metrics_time_order  (gsize         n,
                                    const double *time);

G_END_DECLS
