/* ntk-plot-view.h — a widget that draws one NTK Lab figure, with hover readout and context menu
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget draws, it does not compute: it holds the latest snapshot (or a sweep / kernel
 * slice) and calls ntk_figure_render() from its snapshot() vfunc.  Its context menu changes
 * the NtkPlotOptions of this view; "Export" items activate the window action
 * win.export-figure("(ss)": figure id, format).
 */
#pragma once

#include <gtk/gtk.h>
#include "ntk-figure.h"

G_BEGIN_DECLS

#define NTK_TYPE_PLOT_VIEW (ntk_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (NtkPlotView, ntk_plot_view, NTK, PLOT_VIEW, GtkWidget)

NtkPlotView          *ntk_plot_view_new              (NtkFigureKind   kind);
NtkFigureKind         ntk_plot_view_get_kind         (NtkPlotView    *self);
void                  ntk_plot_view_set_kind         (NtkPlotView    *self,
                                                      NtkFigureKind   kind);

/* Takes a reference. NULL clears. */
void                  ntk_plot_view_set_snapshot     (NtkPlotView    *self,
                                                      NtkSnapshot    *snapshot);
/* Borrowed: the caller keeps them alive until it sets another one (or NULL). */
void                  ntk_plot_view_set_width_sweep  (NtkPlotView    *self,
                                                      NtkWidthSweep  *sweep);
void                  ntk_plot_view_set_kernel_slice (NtkPlotView    *self,
                                                      NtkKernelSlice *slice);

void                  ntk_plot_view_get_source       (NtkPlotView    *self,
                                                      NtkFigureSource *source);
const NtkPlotOptions *ntk_plot_view_get_options      (NtkPlotView    *self);
gboolean              ntk_plot_view_has_data         (NtkPlotView    *self);
/* The text shown for the point under the pointer, or NULL. */
const char           *ntk_plot_view_get_readout      (NtkPlotView    *self);
/* Updates the hover readout as if the pointer were at (x, y) (widget coordinates). */
void                  ntk_plot_view_hover            (NtkPlotView    *self,
                                                      double          x,
                                                      double          y);

G_END_DECLS
