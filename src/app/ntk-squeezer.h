/* ntk-squeezer.h — shows the first child that fits at its natural width, else the last one
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 has no AdwSqueezer: this is the small part of it the window needs.  The header bar
 * holds the figure-page tabs when the window is wide enough and a drop-down in their place
 * when it is not, so the tabs never set the window's minimum width.  Children are added with
 * <child> in a .ui file (or gtk_widget_set_parent()); the ones not shown are not child-visible,
 * so they are neither drawn nor reachable with Tab.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NTK_TYPE_SQUEEZER (ntk_squeezer_get_type ())
G_DECLARE_FINAL_TYPE (NtkSqueezer, ntk_squeezer, NTK, SQUEEZER, GtkWidget)

GtkWidget *ntk_squeezer_new               (void);
/* The child shown at the last allocation, or NULL before the first one. */
GtkWidget *ntk_squeezer_get_visible_child (NtkSqueezer *self);

G_END_DECLS
