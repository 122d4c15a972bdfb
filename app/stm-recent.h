/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Recently opened studies, kept in the "recent-studies" GSettings key as
 * URIs, most recent first, at most "max-recent-studies" of them.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Puts @file first, dropping its older entry. */
void       stm_recent_add        (GSettings *settings,
                                  GFile     *file);
/* The entries, most recent first (not checked on disk). */
GStrv      stm_recent_list       (GSettings *settings);
/* Drops @file's entry, if any (it could not be opened). */
void       stm_recent_remove     (GSettings *settings,
                                  GFile     *file);
/* Replaces the items of @menu: one per entry, activating @action with
 * the entry's URI. */
void       stm_recent_fill_menu  (GSettings  *settings,
                                  GMenu      *menu,
                                  const char *action);
/* What a study opened as @files is remembered as: the file or folder
 * itself, or the folder holding several files (NULL when they share none). */
GFile     *stm_recent_study_file (GFile     **files,
                                  guint       n_files);

G_END_DECLS
