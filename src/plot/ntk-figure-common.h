/* ntk-figure-common.h — small helpers every figure uses: data extents, the run subtitle, the
 * divergence banner, the step/time axis of run histories, nearest-sample lookup
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-figure-private.h"

G_BEGIN_DECLS

/* Running min/max of the finite values (positive only when @log). */
typedef struct {
  double   lo, hi;
  gboolean log;
} NtkRange;

void     ntk_range_init      (NtkRange *range, gboolean log);
void     ntk_range_add       (NtkRange *range, double value);
void     ntk_range_add_array (NtkRange *range, const double *values, gsize stride, guint n);
gboolean ntk_range_empty     (const NtkRange *range);
/* Add only the values that lie near @core (a range of the data the figure is about): on a log
 * range within [core.lo / @below, core.hi · @above], on a linear one within
 * [core.lo − @below · s, core.hi + @above · s] with s the span of @core. So a diverging
 * reference curve cannot squeeze the data into a line. The finite values left out above and
 * below are counted into *@n_above and *@n_below (either may be NULL). An empty @core adds
 * every value. */
void     ntk_range_add_near  (NtkRange *range, const NtkRange *core, double below, double above,
                              const double *values, gsize stride, guint n,
                              guint *n_above, guint *n_below);

/* "linearized (off scale)": the legend label of a series drawn only in part. */
char    *ntk_figure_off_scale_label (const char *label);

/* "step 1200 · t = 12 · width 512" */
char    *ntk_figure_run_subtitle   (const NtkSnapshot *snapshot);
/* Draw the banner when the run diverged. */
void     ntk_figure_mark_diverged  (NtkFigureRender *r, const NtkPanel *panel);

/* Valid history entries of a snapshot (0 when there is none). */
guint    ntk_figure_history_len    (const NtkSnapshot *snapshot);
/* The history's x values: steps, or t = ηk when @x_is_time. Free with g_free(). */
double  *ntk_figure_history_x      (const NtkSnapshot *snapshot, gboolean x_is_time);
/* The x extent of a run figure: the whole planned run, so live curves grow into the frame. */
void     ntk_figure_run_x_range    (const NtkSnapshot *snapshot, const NtkPlotOptions *options,
                                    double *lo, double *hi);
const char *ntk_figure_run_x_label (const NtkPlotOptions *options);
/* The x side of a run-history panel (loss, drift, modes): label, scale, extent and padding of
 * the step or time axis, so the three figures line up when shown together. */
void     ntk_figure_run_x_spec     (const NtkSnapshot *snapshot, const NtkPlotOptions *options,
                                    NtkPanelSpec *spec);
/* The readout of a run-history figure, begun with "step k" of the history entry nearest the
 * pointer's x (its index in *@h); NULL when the pointer is outside the panel. */
GString *ntk_figure_history_readout (const NtkSnapshot *snapshot, const NtkPlotOptions *options,
                                     const NtkFigureLayout *layout, double x, double y, guint *h);

/* Index of the value nearest @v in @values (n > 0, any order, NaN skipped); G_MAXUINT if none. */
guint    ntk_nearest_index         (const double *values, gsize stride, guint n, double v);

/* Number for a readout: "0.4562", "1.23e−6". */
char    *ntk_figure_format         (double value);

/* Store panel @index of the render in the layout. */
void     ntk_figure_keep_panel     (NtkFigureRender *r, guint index, const NtkPanel *panel);

/* A figure of one panel under the title: the rows @legend takes above the panel when a boxed
 * key would cover too much of it, then the panel laid out in the rest (no grid drawn yet). */
void     ntk_figure_place_panel    (NtkFigureRender *r, NtkLegend *legend,
                                    const NtkPanelSpec *spec, NtkPanel *panel);
/* After the data of panel @index: its axes, then @legend (drawn last so it finds the corner
 * the data left free), and the panel kept for readouts. Clears @legend. */
void     ntk_figure_finish_panel   (NtkFigureRender *r, guint index, NtkPanel *panel,
                                    const NtkPanelSpec *spec, NtkLegend *legend);

/* Which panel of @layout holds (x, y); -1 if none. */
int      ntk_figure_layout_panel_at (const NtkFigureLayout *layout, double x, double y);

/* Stroke shorthand. */
NtkStroke ntk_stroke (NtkRgba color, double alpha, double width, NtkDash dash);

G_END_DECLS
