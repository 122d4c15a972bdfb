/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-test-support.h"

#include <glib/gstdio.h>

static gboolean
running_under_ci (void)
{
  return g_strcmp0 (g_getenv ("CI"), "true") == 0;
}

char *
stm_test_shared_path (const char *relative)
{
  const char *root = g_getenv ("STM_SHARED_DATA");
  g_autofree char *path = NULL;

  if (root != NULL)
    path = g_build_filename (root, relative, NULL);

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  if (running_under_ci ())
    {
      g_test_message ("../shared/data/%s is missing, and CI must have it", relative);
      g_test_fail ();
    }
  else
    {
      g_autofree char *why = g_strdup_printf ("../shared/data/%s is not here "
                                              "(a plain clone has no ../shared)", relative);
      g_test_skip (why);
    }
  return NULL;
}

char *
stm_test_run_python (const char         *script,
                     const char * const *args)
{
  const char *python = g_getenv ("STM_PYTHON");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup (python ? python : "/usr/bin/python3"));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("STM_TESTS_SRCDIR"), script, NULL));
  for (gsize i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s failed: %s\n%s", script, error->message, err ? err : "");
      g_test_fail ();
      return NULL;
    }
  return g_steal_pointer (&out);
}

char *
stm_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("stratum-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
stm_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      stm_test_remove_tree (child);
    }
  g_rmdir (path);
}

StmDicomCollection *
stm_test_scan_shared (const char *relative)
{
  g_autofree char *path = stm_test_shared_path (relative);
  g_autoptr(GError) error = NULL;
  StmDicomCollection *collection;

  if (path == NULL)
    return NULL;
  const char *paths[] = { path, NULL };
  collection = stm_dicom_collection_scan (paths, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return collection;
}
