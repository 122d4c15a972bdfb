/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Model cards of the built-in published models: where each comes from
 * (papers, version, code and commit), the population it was developed on,
 * its inputs and valid ranges, published performance, intended use, how
 * Stratum departs from the public code, and the disclaimer.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "predict-v2.2", "predict-v3.1", "predict-v3.2" or "cts5". */
JsonNode            *stm_model_card_builtin        (const char  *model_name,
                                                    GError     **error);
/* NULL-terminated list of the names above. */
const char * const  *stm_model_card_builtin_names  (void);

#define STM_MODEL_CARD_DISCLAIMER \
  "Research tool, not a certified medical device. Not for clinical decisions."

G_END_DECLS
