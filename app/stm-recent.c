/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-recent.h"

GStrv
stm_recent_list (GSettings *settings)
{
  g_auto(GStrv) stored = g_settings_get_strv (settings, "recent-studies");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* Not checked on disk: on a dead network share that could block the
   * main thread. An entry that fails to open is dropped then. */
  for (guint i = 0; stored[i] != NULL; i++)
    g_strv_builder_add (builder, stored[i]);
  return g_strv_builder_end (builder);
}

void
stm_recent_remove (GSettings *settings, GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) old = g_settings_get_strv (settings, "recent-studies");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) entries = NULL;

  if (!g_strv_contains ((const char * const *) old, uri))
    return;
  for (guint i = 0; old[i] != NULL; i++)
    if (!g_str_equal (old[i], uri))
      g_strv_builder_add (builder, old[i]);
  entries = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-studies", (const char * const *) entries);
}

void
stm_recent_add (GSettings *settings, GFile *file)
{
  guint max = g_settings_get_uint (settings, "max-recent-studies");
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) old = stm_recent_list (settings);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) entries = NULL;
  guint n = 0;

  if (max > 0)
    {
      g_strv_builder_add (builder, uri);
      n++;
    }
  for (guint i = 0; old[i] != NULL && n < max; i++)
    if (!g_str_equal (old[i], uri))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  entries = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-studies", (const char * const *) entries);
}

void
stm_recent_fill_menu (GSettings *settings, GMenu *menu, const char *action)
{
  g_auto(GStrv) entries = stm_recent_list (settings);

  g_menu_remove_all (menu);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (entries[i]);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (name ? name : entries[i]);
      g_auto(GStrv) parts = g_strsplit (display, "_", -1);
      /* Menu labels take "_" as a mnemonic: "__" shows one. */
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, action, "s", entries[i]);
      g_menu_append_item (menu, item);
    }
}

GFile *
stm_recent_study_file (GFile **files, guint n_files)
{
  g_autoptr(GFile) parent = NULL;

  if (n_files == 0)
    return NULL;
  if (n_files == 1)
    return g_object_ref (files[0]);
  parent = g_file_get_parent (files[0]);
  for (guint i = 1; parent != NULL && i < n_files; i++)
    {
      g_autoptr(GFile) other = g_file_get_parent (files[i]);

      if (other == NULL || !g_file_equal (parent, other))
        return NULL;
    }
  return g_steal_pointer (&parent);
}
