/* ntk-theme.h — plot colours taken from a widget's style, for light and dark themes
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "ntk-figure.h"

G_BEGIN_DECLS

/* Fills @theme for drawing inside @widget: the text colour of its style, and the light or dark
 * palette depending on whether that text colour is light. */
void     ntk_theme_from_widget (GtkWidget    *widget,
                                NtkPlotTheme *theme);
/* TRUE when @widget is drawn in a dark style. */
gboolean ntk_theme_is_dark     (GtkWidget    *widget);

G_END_DECLS
