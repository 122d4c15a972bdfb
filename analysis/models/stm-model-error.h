/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The error domain shared by the risk models, published and fitted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define STM_MODEL_ERROR (stm_model_error_quark ())
GQuark stm_model_error_quark (void);

typedef enum
{
  STM_MODEL_ERROR_INVALID_INPUT,   /* a missing key, a wrong type, an unknown key */
  STM_MODEL_ERROR_OUT_OF_RANGE,    /* a value outside the model's valid range */
  STM_MODEL_ERROR_CONTRADICTORY,   /* values that cannot hold together */
  STM_MODEL_ERROR_FORMAT,          /* a malformed model file */
  STM_MODEL_ERROR_FIT,             /* a fit that failed (no convergence, singular) */
  STM_MODEL_ERROR_IO,
} StmModelError;

G_END_DECLS
