/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files and folders dropped on the window open as a study; a single
 * NIfTI file dropped opens as a mask over the active series. */
#include "stm-app-window-private.h"

static gboolean
is_nifti (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && (g_str_has_suffix (name, ".nii") || g_str_has_suffix (name, ".nii.gz"));
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, StmAppWindow *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  if (files->len == 1 && is_nifti (g_ptr_array_index (files, 0)))
    stm_app_window_open_mask (self, g_ptr_array_index (files, 0));
  else
    stm_app_window_open_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

void
_stm_app_window_init_dnd (StmAppWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
