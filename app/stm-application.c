/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-application.h"

#include <glib/gi18n.h>

#include "stm-config.h"
#include "stm-app-window.h"
#include "stm-background.h"

struct _StmApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (StmApplication, stm_application, ADW_TYPE_APPLICATION)

/* The synthetic study shown when no file is given: generated once. */
static char *
demo_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "stratum", "demo", NULL);
}

static void
stm_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *dir = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  dir = demo_dir ();
  window = GTK_WINDOW (stm_app_window_new (STM_APPLICATION (app)));
  stm_app_window_open_demo (STM_APP_WINDOW (window), dir);
  gtk_window_present (window);
}

static void
stm_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  StmAppWindow *window = stm_app_window_new (STM_APPLICATION (app));

  /* All the files together: a study is usually a folder or many files. */
  stm_app_window_open_files (window, files, (guint) n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Stratum developers"), NULL };

  GtkWidget *about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                   "transient-for", gtk_application_get_active_window (app),
                                   "application-name", _("Stratum"),
                                   "application-icon", STM_APPLICATION_ID,
                                   "version", STM_VERSION,
                                   "developer-name", _("The Stratum developers"),
                                   "developers", developers,
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   "comments", _("A DICOM CT and ultrasound viewer for cancer "
                                                 "centres. A research tool, not a certified "
                                                 "medical device."),
                                   NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closed as by the user, so that each saves its state (close-request). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

/* Shown in menus and in the shortcuts window (gtk/help-overlay.ui). */
static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.open-folder", { "<Control>o", NULL } },
  { "win.open-files", { "<Control><Shift>o", NULL } },
  { "win.open-mask", { "<Control>m", NULL } },
  { "win.show-sidebar", { "F9", NULL } },
  { "win.split-view", { "<Control>backslash", NULL } },
  { "win.other-viewport", { "F6", NULL } },
  { "win.link-slices", { "<Control>l", NULL } },
  { "win.show-overlays", { "<Control>h", NULL } },
  { "win.show-labels", { "<Control>k", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
  { "win.zoom-out", { "<Control>minus", NULL } },
  { "win.fit", { "<Control>0", NULL } },
  { "win.one-to-one", { "<Control>1", NULL } },
  { "win.reset", { "<Control>r", NULL } },
  { "win.invert", { "<Control>i", NULL } },
};

static void
stm_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (stm_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

/* Closing the windows cancels their loads; a worker may still be
 * finishing the file it was decoding. Exiting under it would crash in the
 * libraries' teardown, so it is given a few seconds. */
#define WORKERS_GRACE_MS 5000

static void
stm_application_shutdown (GApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *w = windows; w != NULL; w = w->next)
    gtk_window_destroy (w->data);
  g_list_free (windows);
  if (!stm_background_wait (WORKERS_GRACE_MS))
    g_warning ("Background work still running at exit");
  G_APPLICATION_CLASS (stm_application_parent_class)->shutdown (app);
}

static void
stm_application_class_init (StmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = stm_application_startup;
  app_class->shutdown = stm_application_shutdown;
  app_class->activate = stm_application_activate;
  app_class->open = stm_application_open;
}

static void
stm_application_init (StmApplication *self)
{
}

StmApplication *
stm_application_new (void)
{
  return g_object_new (STM_TYPE_APPLICATION,
                       "application-id", STM_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/stratumviewer/Stratum",
                       NULL);
}
