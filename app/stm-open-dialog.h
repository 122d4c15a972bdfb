/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The file chooser: GtkFileDialog where GTK has it (4.10), else
 * GtkFileChooserNative, so Flatpak builds go through the portal either way.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  STM_OPEN_FILES,    /* DICOM files, several at once */
  STM_OPEN_FOLDER,   /* a folder holding a study */
  STM_OPEN_MASK,     /* one NIfTI label map */
} StmOpenKind;

/* Called only when the user chose something, and only while @owner lives. */
typedef void (*StmOpenCallback) (GObject  *owner,
                                 GFile   **files,
                                 guint     n_files);

void stm_open_dialog_show (GtkWindow       *parent,
                           StmOpenKind      kind,
                           GFile           *initial_folder,
                           GObject         *owner,
                           StmOpenCallback  callback);

G_END_DECLS
