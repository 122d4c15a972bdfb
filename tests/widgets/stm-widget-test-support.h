/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rendering a widget to pixels the way GTK draws it, for widget tests. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Redraws @widget (and its children) and waits until @window has painted. */
void    stm_widget_test_wait_for_frame (GtkWidget *window,
                                        GtkWidget *widget);
/* @widget, drawn in @window, as a texture of @width x @height through a
 * cairo GSK renderer. */
GdkTexture *stm_widget_test_render_texture (GtkWidget *window,
                                            GtkWidget *widget,
                                            int        width,
                                            int        height);
/* The same as BGRA pixels (@width x @height, stride
 * 4 * @width) through a cairo GSK renderer; g_free() them. */
guint8 *stm_widget_test_render         (GtkWidget *window,
                                        GtkWidget *widget,
                                        int        width,
                                        int        height);

G_END_DECLS
