/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Window/level: modality values to display grey, as DICOM defines it. */
#pragma once

#include <glib.h>

#include "stm-volume.h"

G_BEGIN_DECLS

/* A VOI window in modality units (HU for CT); width is at least 1. */
typedef struct
{
  double center;
  double width;
} StmWindow;

/*
 * The DICOM linear VOI function (PS3.3 C.11.2.1.2.1) onto 0..255, rounded
 * half up, written as grey R = G = B into @out_rgb (3 * @n bytes). @invert
 * flips the result for MONOCHROME1 images, whose values are kept as stored.
 * NaN maps to 0 (255 inverted).
 */
void      stm_window_apply_float (const float *values,
                                  gsize        n,
                                  StmWindow    window,
                                  gboolean     invert,
                                  guint8      *out_rgb);

/* The grey (0..255) of one value: the reference the loop above follows. */
guint8    stm_window_grey        (double       value,
                                  StmWindow    window);

/* The window spanning the volume's range (min -> 0, max -> 255), for a
 * series without a preset; 0..255 for a colour volume. */
StmWindow stm_window_default     (const StmVolume *volume);

/* A named CT window preset. */
typedef struct
{
  const char *id;      /* stable, for actions and settings: "lung" */
  const char *name;    /* untranslated; show it through _() */
  StmWindow   window;
} StmWindowPresetInfo;

/* The CT presets, in menu order; @n_presets receives their count. */
const StmWindowPresetInfo *stm_window_ct_presets     (guint      *n_presets);
/* The preset called @id, or NULL. */
const StmWindowPresetInfo *stm_window_ct_preset_find (const char *id);

G_END_DECLS
