/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measurement-panel.h"

#include <glib/gi18n.h>

struct _StmMeasurementPanel
{
  GtkWidget           parent_instance;

  StmMeasurementList *list;
  GBinding           *undo_binding, *redo_binding;

  GtkWidget          *header;
  GtkWidget          *undo_button, *redo_button;
  GtkWidget          *scroller;
  GtkWidget          *list_box;
};

G_DEFINE_FINAL_TYPE (StmMeasurementPanel, stm_measurement_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIST,
  N_PROPS
};

enum {
  SIGNAL_MEASUREMENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ROW_MEASUREMENT "stm-measurement"

static void
delete_clicked_cb (GtkButton *button, StmMeasurementPanel *self)
{
  StmMeasurement *m = g_object_get_data (G_OBJECT (button), ROW_MEASUREMENT);

  if (self->list != NULL && m != NULL)
    stm_measurement_list_remove (self->list, m);
}

/* A button with only an icon, named for the screen reader and the tooltip. */
static GtkWidget *
icon_button (const char *icon_name, const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

static GtkWidget *
make_label (const char *text, const char *css_class, float xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Where it lies: a frame of a cine (ultrasound), else a slice. */
static char *
slice_text (StmMeasurementPanel *self, StmMeasurement *m)
{
  StmVolume *volume = self->list ? stm_measurement_list_get_volume (self->list) : NULL;
  guint number = stm_measurement_get_slice (m) + 1;

  if (volume != NULL && volume->frame_time_ms > 0)
    return g_strdup_printf (_("Frame %u"), number);
  return g_strdup_printf (_("Slice %u"), number);
}

/* Name and slice on the left, the value, then the delete button. */
static GtkWidget *
create_row_cb (gpointer item, gpointer user_data)
{
  StmMeasurementPanel *self = user_data;
  StmMeasurement *m = item;
  const StmMeasurementResult *result = stm_measurement_get_result (m);
  g_autofree char *slice = slice_text (self, m);
  g_autofree char *value = stm_measurement_format_label (m);
  g_autofree char *details = result != NULL ? stm_measure_format_details (result) : NULL;
  const char *name = stm_measurement_get_label (m);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *value_label = make_label (value, "numeric", 1);
  GtkWidget *delete = icon_button ("user-trash-symbolic", _("Delete Measurement"));

  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 4);
  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);
  gtk_box_append (GTK_BOX (names), make_label (name != NULL ? name : "", NULL, 0));
  gtk_box_append (GTK_BOX (names), make_label (slice, "dim-label", 0));
  gtk_box_append (GTK_BOX (row), names);
  /* Two short lines for a region rather than one cut off. */
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_justify (GTK_LABEL (value_label), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_set_tooltip_text (value_label, details);
  gtk_box_append (GTK_BOX (row), value_label);
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "flat");
  g_object_set_data_full (G_OBJECT (delete), ROW_MEASUREMENT, g_object_ref (m), g_object_unref);
  g_signal_connect (delete, "clicked", G_CALLBACK (delete_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), delete);
  /* The row finds its measurement again when it is activated. */
  g_object_set_data_full (G_OBJECT (row), ROW_MEASUREMENT, g_object_ref (m), g_object_unref);
  return row;
}

static void
row_activated_cb (GtkListBox *box, GtkListBoxRow *row, StmMeasurementPanel *self)
{
  GtkWidget *child = gtk_list_box_row_get_child (row);
  StmMeasurement *m = child != NULL ? g_object_get_data (G_OBJECT (child), ROW_MEASUREMENT) : NULL;

  if (m != NULL)
    g_signal_emit (self, signals[SIGNAL_MEASUREMENT_ACTIVATED], 0, m);
}

static void
undo_clicked_cb (GtkButton *button, StmMeasurementPanel *self)
{
  if (self->list != NULL)
    stm_measurement_list_undo (self->list);
}

static void
redo_clicked_cb (GtkButton *button, StmMeasurementPanel *self)
{
  if (self->list != NULL)
    stm_measurement_list_redo (self->list);
}

/* The panel's keys, so that a keyboard user who reached a row can act on
 * it there: Delete removes the focused row's measurement, Ctrl+Z and
 * Ctrl+Shift+Z (or Ctrl+Y) undo and redo, as over the image. */
static void
undo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  StmMeasurementPanel *self = STM_MEASUREMENT_PANEL (widget);

  if (self->list != NULL)
    stm_measurement_list_undo (self->list);
}

static void
redo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  StmMeasurementPanel *self = STM_MEASUREMENT_PANEL (widget);

  if (self->list != NULL)
    stm_measurement_list_redo (self->list);
}

static void
delete_focused_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  StmMeasurementPanel *self = STM_MEASUREMENT_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  GtkWidget *child;
  StmMeasurement *m;

  if (row == NULL || self->list == NULL || !gtk_widget_is_ancestor (row, self->list_box))
    return;
  child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  m = child != NULL ? g_object_get_data (G_OBJECT (child), ROW_MEASUREMENT) : NULL;
  if (m != NULL)
    stm_measurement_list_remove (self->list, m);
}

static void
class_add_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "panel.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "panel.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "panel.delete-focused", NULL,
                                   delete_focused_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "panel.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "panel.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "panel.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK,
                                       "panel.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "panel.delete-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "panel.delete-focused", NULL);
}

StmMeasurementList *
stm_measurement_panel_get_list (StmMeasurementPanel *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_PANEL (self), NULL);
  return self->list;
}

static void
bind_sensitive (StmMeasurementList *list, const char *property, GtkWidget *button,
                GBinding **binding)
{
  g_clear_pointer (binding, g_binding_unbind);
  if (list != NULL)
    *binding = g_object_bind_property (list, property, button, "sensitive", G_BINDING_SYNC_CREATE);
  else
    gtk_widget_set_sensitive (button, FALSE);
}

void
stm_measurement_panel_set_list (StmMeasurementPanel *self, StmMeasurementList *list)
{
  g_return_if_fail (STM_IS_MEASUREMENT_PANEL (self));
  g_return_if_fail (list == NULL || STM_IS_MEASUREMENT_LIST (list));

  if (self->list == list)
    return;
  /* Unbind while the old list is alive: its bindings die with it. */
  g_clear_pointer (&self->undo_binding, g_binding_unbind);
  g_clear_pointer (&self->redo_binding, g_binding_unbind);
  g_set_object (&self->list, list);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list_box), G_LIST_MODEL (list),
                           list != NULL ? create_row_cb : NULL, self, NULL);
  bind_sensitive (list, "can-undo", self->undo_button, &self->undo_binding);
  bind_sensitive (list, "can-redo", self->redo_button, &self->redo_binding);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

static GtkWidget *
make_header (StmMeasurementPanel *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *title = make_label (_("Measurements"), "heading", 0);

  gtk_widget_set_margin_start (header, 8);
  gtk_widget_set_margin_end (header, 4);
  gtk_widget_set_margin_top (header, 4);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (header), title);
  self->undo_button = icon_button ("edit-undo-symbolic", _("Undo"));
  g_signal_connect (self->undo_button, "clicked", G_CALLBACK (undo_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), self->undo_button);
  self->redo_button = icon_button ("edit-redo-symbolic", _("Redo"));
  g_signal_connect (self->redo_button, "clicked", G_CALLBACK (redo_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), self->redo_button);
  gtk_widget_set_sensitive (self->undo_button, FALSE);
  gtk_widget_set_sensitive (self->redo_button, FALSE);
  return header;
}

static GtkWidget *
make_list_box (StmMeasurementPanel *self)
{
  GtkWidget *box = gtk_list_box_new ();
  GtkWidget *placeholder = make_label (_("No measurements"), "dim-label", 0.5);

  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (box), placeholder);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (box), TRUE);
  g_signal_connect (box, "row-activated", G_CALLBACK (row_activated_cb), self);
  return box;
}

static void
stm_measurement_panel_dispose (GObject *object)
{
  StmMeasurementPanel *self = STM_MEASUREMENT_PANEL (object);

  g_clear_pointer (&self->undo_binding, g_binding_unbind);
  g_clear_pointer (&self->redo_binding, g_binding_unbind);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->list);
  G_OBJECT_CLASS (stm_measurement_panel_parent_class)->dispose (object);
}

static void
stm_measurement_panel_get_property (GObject *object, guint prop_id, GValue *value,
                                    GParamSpec *pspec)
{
  StmMeasurementPanel *self = STM_MEASUREMENT_PANEL (object);

  switch (prop_id)
    {
    case PROP_LIST: g_value_set_object (value, self->list); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measurement_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                                    GParamSpec *pspec)
{
  StmMeasurementPanel *self = STM_MEASUREMENT_PANEL (object);

  switch (prop_id)
    {
    case PROP_LIST: stm_measurement_panel_set_list (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measurement_panel_class_init (StmMeasurementPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stm_measurement_panel_dispose;
  object_class->get_property = stm_measurement_panel_get_property;
  object_class->set_property = stm_measurement_panel_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, STM_TYPE_MEASUREMENT_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MEASUREMENT_ACTIVATED] =
    g_signal_new ("measurement-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, STM_TYPE_MEASUREMENT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "measurementpanel");
  class_add_keys (widget_class);
}

static void
stm_measurement_panel_init (StmMeasurementPanel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  self->header = make_header (self);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
  self->list_box = make_list_box (self);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->list_box);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
stm_measurement_panel_new (void)
{
  return g_object_new (STM_TYPE_MEASUREMENT_PANEL, NULL);
}
