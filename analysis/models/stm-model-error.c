/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-model-error.h"

G_DEFINE_QUARK (stm-model-error-quark, stm_model_error)
