/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a set of paths holds: patients, their studies, their series. A series
 * whose files differ in frame of reference, orientation or image size is
 * split into stacks, each listed as a series of its own with an id of the
 * form "SeriesInstanceUID" (first stack) or "SeriesInstanceUID#2".
 */
#pragma once

#include <gio/gio.h>

#include "stm-dicom-file.h"

G_BEGIN_DECLS

typedef struct
{
  char      *id;                /* SeriesInstanceUID, plus "#N" for the Nth stack */
  char      *uid;
  char      *description;
  char      *modality;
  int        number;
  char      *frame_of_reference_uid;
  GPtrArray *instances;         /* StmDicomHeader, owned, in file order */
  GPtrArray *warnings;          /* char *, found while grouping and loading */
} StmSeries;

typedef struct
{
  char      *uid;
  char      *date;
  char      *time;
  char      *description;
  char      *accession_number;
  GPtrArray *series;            /* StmSeries */
} StmStudy;

typedef struct
{
  char      *id;
  char      *name;
  char      *birth_date;
  char      *sex;
  GPtrArray *studies;           /* StmStudy */
} StmPatient;

typedef struct
{
  char *path;
  char *message;
} StmSkippedFile;

typedef struct
{
  GPtrArray *patients;          /* StmPatient */
  GPtrArray *skipped;           /* StmSkippedFile: DICOM-looking files that could not be read */
  GPtrArray *other_objects;     /* StmDicomHeader: SR, RTSTRUCT, SEG, DICOMDIR... (no image) */
  guint      n_files;           /* DICOM files read */
} StmDicomCollection;

/* Called from worker threads: must be thread-safe. */
typedef void (*StmProgressFunc) (double fraction, gpointer user_data);

StmDicomCollection *stm_dicom_collection_scan  (const char * const *paths,
                                                StmProgressFunc     progress,
                                                gpointer            progress_data,
                                                GCancellable       *cancellable,
                                                GError            **error);
/* Collections are refcounted (thread-safe). */
StmDicomCollection *stm_dicom_collection_ref   (StmDicomCollection *collection);
void                stm_dicom_collection_unref (StmDicomCollection *collection);

/* All series, in patient/study/series order. */
GPtrArray          *stm_dicom_collection_list_series (StmDicomCollection *collection);
/* A series by id (or by SeriesInstanceUID for its first stack); NULL when absent. */
StmSeries          *stm_dicom_collection_find_series (StmDicomCollection *collection,
                                                      const char         *id);
/* The series to show when none is named: the one with most frames. */
StmSeries          *stm_dicom_collection_default_series (StmDicomCollection *collection);

guint               stm_series_n_frames        (const StmSeries *series);
/* The window presets (StmWindowPreset) of the first image that has any,
 * or NULL: the series' own windows, as the viewer and the CLI offer them. */
GArray             *stm_series_window_presets  (const StmSeries *series);
void                stm_series_add_warning     (StmSeries  *series,
                                                const char *format,
                                                ...) G_GNUC_PRINTF (2, 3);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmDicomCollection, stm_dicom_collection_unref)

G_END_DECLS
