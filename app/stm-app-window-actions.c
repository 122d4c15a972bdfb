/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's actions: opening, the active viewport's image commands,
 * and the menus that change with the study. */
#include "stm-app-window-private.h"

#include <glib/gi18n.h>

#include "stm-open-dialog.h"

static StmSliceView *
active_view (StmAppWindow *self)
{
  return stm_viewport_get_slice_view (self->active);
}

static void
files_chosen_cb (GObject *owner, GFile **files, guint n_files)
{
  stm_app_window_open_files (STM_APP_WINDOW (owner), files, n_files);
}

static void
mask_chosen_cb (GObject *owner, GFile **files, guint n_files)
{
  stm_app_window_open_mask (STM_APP_WINDOW (owner), files[0]);
}

static void
show_open_dialog (StmAppWindow *self, StmOpenKind kind)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "last-folder");
  g_autoptr(GFile) folder = *uri ? g_file_new_for_uri (uri) : NULL;

  stm_open_dialog_show (GTK_WINDOW (self), kind, folder, G_OBJECT (self),
                        kind == STM_OPEN_MASK ? mask_chosen_cb : files_chosen_cb);
}

static void
open_folder_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  show_open_dialog (STM_APP_WINDOW (widget), STM_OPEN_FOLDER);
}

static void
open_files_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  show_open_dialog (STM_APP_WINDOW (widget), STM_OPEN_FILES);
}

static void
open_mask_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  show_open_dialog (STM_APP_WINDOW (widget), STM_OPEN_MASK);
}

static void
open_recent_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  stm_app_window_open_files (STM_APP_WINDOW (widget), &file, 1);
}

static void
show_series_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  stm_app_window_show_series (STM_APP_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  _stm_app_window_cancel (STM_APP_WINDOW (widget));
}

static void
other_viewport_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  _stm_app_window_activate_other (STM_APP_WINDOW (widget));
}

/* The active view's own zoom keys: one step, toward the pointer over it. */
static void
zoom_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (active_view (STM_APP_WINDOW (widget))),
                              g_str_equal (name, "win.zoom-in") ? "slice-view.zoom-in"
                                                                : "slice-view.zoom-out",
                              NULL);
}

static void
fit_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  stm_slice_view_fit (active_view (STM_APP_WINDOW (widget)));
}

static void
one_to_one_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  stm_slice_view_one_to_one (active_view (STM_APP_WINDOW (widget)));
}

static void
reset_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  stm_slice_view_reset (active_view (STM_APP_WINDOW (widget)));
}

/* A window given as (centre, width), from a preset menu item. */
static void
window_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  double center, width;

  g_variant_get (parameter, "(dd)", &center, &width);
  stm_slice_view_set_window (active_view (STM_APP_WINDOW (widget)), center, MAX (width, 1.0));
}

static void
append_window_item (GMenu *menu, const char *label, double center, double width)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, "win.window", "(dd)", center, width);
  g_menu_append_item (menu, item);
}

/* The standard CT windows, for a CT series. */
static void
fill_ct_presets (StmAppWindow *self)
{
  StmSeries *series = stm_viewport_get_series (self->active);
  const StmWindowPresetInfo *presets;
  guint n = 0;

  g_menu_remove_all (self->ct_presets_section);
  if (series == NULL || g_strcmp0 (series->modality, "CT") != 0)
    return;
  presets = stm_window_ct_presets (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf (_("%s (W %.0f, L %.0f)"), _(presets[i].name),
                                                presets[i].window.width,
                                                presets[i].window.center);

      append_window_item (self->ct_presets_section, label, presets[i].window.center,
                          presets[i].window.width);
    }
}

/* The CT windows, and the active series' own presets named as the file
 * names them. */
void
_stm_app_window_update_presets (StmAppWindow *self)
{
  GArray *presets = stm_viewport_get_window_presets (self->active);

  fill_ct_presets (self);
  g_menu_remove_all (self->file_presets_section);
  for (guint i = 0; presets != NULL && i < presets->len; i++)
    {
      const StmWindowPreset *preset = &g_array_index (presets, StmWindowPreset, i);
      g_autofree char *label = NULL;

      if (preset->explanation != NULL && *preset->explanation != '\0')
        label = g_strdup_printf (_("%s (W %.0f, L %.0f)"), preset->explanation,
                                 preset->width, preset->center);
      else
        label = g_strdup_printf (_("W %.0f, L %.0f"), preset->width, preset->center);
      append_window_item (self->file_presets_section, label, preset->center, preset->width);
    }
}

/* Image commands need an image; a mask needs a series fully loaded. */
void
_stm_app_window_update_actions (StmAppWindow *self)
{
  static const char *const image_actions[] = {
    "win.zoom-in", "win.zoom-out", "win.fit", "win.one-to-one", "win.reset",
    "win.invert", "win.play", "win.window",
  };
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_image = stm_viewport_get_volume (self->active) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (image_actions); i++)
    gtk_widget_action_set_enabled (widget, image_actions[i], has_image);
  gtk_widget_action_set_enabled (widget, "win.open-mask",
                                 has_image && !stm_viewport_get_loading (self->active));
  gtk_widget_action_set_enabled (widget, "win.cancel", stm_app_window_get_busy (self));
}

void
_stm_app_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-files", NULL, open_files_action);
  gtk_widget_class_install_action (widget_class, "win.open-mask", NULL, open_mask_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.show-series", "s", show_series_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.other-viewport", NULL,
                                   other_viewport_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "win.one-to-one", NULL, one_to_one_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.window", "(dd)", window_action);

  gtk_widget_class_install_property_action (widget_class, "win.split-view", "split-view");
  gtk_widget_class_install_property_action (widget_class, "win.link-slices", "link-slices");
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");
  gtk_widget_class_install_property_action (widget_class, "win.show-overlays", "show-overlays");
  gtk_widget_class_install_property_action (widget_class, "win.show-labels", "show-labels");
  gtk_widget_class_install_property_action (widget_class, "win.cine-loop", "cine-loop");
  gtk_widget_class_install_property_action (widget_class, "win.measure-tool", "measure-tool");
  gtk_widget_class_install_property_action (widget_class, "win.invert", "invert");
  gtk_widget_class_install_property_action (widget_class, "win.play", "playing");
}
