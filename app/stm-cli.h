/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of stratum-cli. Each returns an exit code and prints one
 * sentence on stderr when it fails. */
#pragma once

#include <gio/gio.h>

#include "stm-dicom-collection.h"
#include "stm-volume.h"

G_BEGIN_DECLS

int  stm_cli_info   (int argc, char **argv);
int  stm_cli_export (int argc, char **argv);
int  stm_cli_demo   (int argc, char **argv);
int  stm_cli_fit    (int argc, char **argv);
int  stm_cli_predict (int argc, char **argv);

/* Prints "stratum-cli: MESSAGE" on stderr and returns 1. */
int  stm_cli_fail   (const GError *error);
int  stm_cli_usage  (GOptionContext *context, const char *message);

/* The series with that id, or the one with most frames when @series_id is NULL. */
StmSeries *stm_cli_choose_series (StmDicomCollection *collection,
                                  const char         *series_id,
                                  GError            **error);

/* A NIfTI file, or the named (default: largest) DICOM series under @paths. */
StmVolume *stm_cli_load_volume (const char * const *paths,
                                const char         *series_id,
                                GPtrArray          *warnings,
                                GError            **error);
/* The mask must lie on the image's grid: same size, same geometry to 1 µm. */
gboolean stm_cli_check_same_grid (const StmVolume *image,
                                  const StmVolume *mask,
                                  GError         **error);
int  stm_cli_features (int argc, char **argv);
int  stm_cli_render (int argc, char **argv);

G_END_DECLS
