/* ntk-plot-view.h — a widget that draws one NTK Lab figure, with hover readout and context menu
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget draws, it does not compute: it holds the latest snapshot (or a sweep / kernel
 * slice) and draws it with ntk_figure_render().  Rasterizing a figure with cairo takes tens of
 * milliseconds at window size, so it happens on a thread-pool thread (snapshots, sweeps and
 * slices are immutable and refcounted); snapshot() only shows the finished texture, which keeps
 * the main loop responsive during heavy runs.  Its context menu changes
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
/* Take ownership (freed when replaced or with the view). NULL clears. */
void                  ntk_plot_view_set_width_sweep  (NtkPlotView    *self,
                                                      NtkWidthSweep  *sweep);
void                  ntk_plot_view_set_kernel_slice (NtkPlotView    *self,
                                                      NtkKernelSlice *slice);

void                  ntk_plot_view_get_source       (NtkPlotView    *self,
                                                      NtkFigureSource *source);
const NtkPlotOptions *ntk_plot_view_get_options      (NtkPlotView    *self);
gboolean              ntk_plot_view_has_data         (NtkPlotView    *self);
/* Draw again: the figure is rasterized on a thread-pool thread and shown when ready. */
void                  ntk_plot_view_invalidate       (NtkPlotView    *self);
/* Rasterized pictures shown so far (for tests: > 0 once the first one is on screen). */
guint                 ntk_plot_view_get_n_renders    (NtkPlotView    *self);
/* TRUE when the picture on screen shows the current data, options and size. */
gboolean              ntk_plot_view_is_up_to_date    (NtkPlotView    *self);
/* The data shown has been superseded (e.g. the run restarts with new parameters): the view
 * drops it but keeps its picture, dimmed with an "Updating…" note, until the next
 * set_snapshot()/set_width_sweep()/set_kernel_slice() with data is drawn. Setting NULL
 * instead clears the figure at once. A view with no picture yet is simply cleared. */
void                  ntk_plot_view_mark_stale       (NtkPlotView    *self);
gboolean              ntk_plot_view_is_stale         (NtkPlotView    *self);
/* The text shown for the point under the pointer, or NULL. */
const char           *ntk_plot_view_get_readout      (NtkPlotView    *self);
/* Updates the hover readout as if the pointer were at (x, y) (widget coordinates). */
void                  ntk_plot_view_hover            (NtkPlotView    *self,
                                                      double          x,
                                                      double          y);

G_END_DECLS
