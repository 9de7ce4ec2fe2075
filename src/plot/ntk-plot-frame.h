/* ntk-plot-frame.h — a figure's frame: title, data panels with axes, grid, tick labels and axis
 * labels, the divergence banner
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A panel is one data rectangle with its two axes. Its layout measures the tick labels with pango
 * so margins fit the labels exactly and no two labels overlap. The panel also keeps a coarse
 * occupancy grid of the ink drawn into it, so the legend can go where it hides the least.
 */
#pragma once

#include "ntk-axis.h"
#include "ntk-plot-context.h"

G_BEGIN_DECLS

#define NTK_OCC_COLS 32
#define NTK_OCC_ROWS 24

typedef struct {
  double  x, y, w, h;                         /* data rectangle, user units */
  NtkAxis xaxis, yaxis;
  guint16 occ[NTK_OCC_ROWS][NTK_OCC_COLS];    /* ink per cell of the data rectangle */
} NtkPanel;

typedef struct {
  const char *xlabel, *ylabel;      /* NULL: none */
  NtkScale    xscale, yscale;
  double      xlo, xhi, ylo, yhi;   /* data extents (any may be non-finite: handled) */
  double      xpad, ypad;           /* fraction of the span added on each side */
  gboolean    x_pi;                 /* angle axis: ticks at multiples of π/4 … */
  gboolean    hide_xticklabels;     /* an upper panel sharing the lower one's x axis */
  double      left_min;             /* at least this left margin (aligns stacked panels) */
} NtkPanelSpec;

/* Padding around the whole figure, in user units. */
double ntk_frame_margin       (NtkPlotContext *ctx);

/* Title at the top left, @subtitle (may be NULL) right-aligned on the same line when it fits.
 * Returns the y below the title line. */
double ntk_frame_draw_title   (NtkPlotContext *ctx, const char *title, const char *subtitle);

/* Place the data rectangle inside the outer box (ox, oy, ow, oh), which includes the room for
 * tick labels and axis labels, and make the ticks. */
void   ntk_panel_layout       (NtkPlotContext *ctx, NtkPanel *panel, const NtkPanelSpec *spec,
                               double ox, double oy, double ow, double oh);
/* The left margin ntk_panel_layout() used (to align stacked panels). */
double ntk_panel_left_margin  (const NtkPanel *panel, double ox);

void   ntk_panel_draw_grid    (NtkPlotContext *ctx, const NtkPanel *panel);
void   ntk_panel_draw_axes    (NtkPlotContext *ctx, const NtkPanel *panel, const NtkPanelSpec *spec);
/* Clip to the data rectangle (inside cairo_save/restore). */
void   ntk_panel_clip         (NtkPlotContext *ctx, const NtkPanel *panel);

/* Record ink at a point / along a segment (user units) for legend placement. */
void   ntk_panel_mark         (NtkPanel *panel, double x, double y, guint weight);
void   ntk_panel_mark_segment (NtkPanel *panel, double x0, double y0, double x1, double y1);
/* Mark every occupancy cell the rectangle touches (something will be drawn there). */
void   ntk_panel_mark_rect    (NtkPanel *panel, double x, double y, double w, double h, guint weight);
/* Ink inside a rectangle of user units. */
guint  ntk_panel_ink          (const NtkPanel *panel, double x, double y, double w, double h);

gboolean ntk_panel_contains   (const NtkPanel *panel, double x, double y);

/* Measures for ntk_axis_fit_ticks(): @user_data is the NtkPlotContext. */
double ntk_measure_label_width  (const char *label, gpointer user_data);
double ntk_measure_label_height (const char *label, gpointer user_data);

/* "Diverged at step k" across the top of the data rectangle; @short_text (may be NULL:
 * "Diverged") when the panel is too narrow for @text. */
void   ntk_frame_draw_banner  (NtkPlotContext *ctx, const NtkPanel *panel, const char *text,
                               const char *short_text, const char *detail);
/* Where that banner goes (to keep the legend out of its way). */
void   ntk_frame_banner_rect  (NtkPlotContext *ctx, const NtkPanel *panel, const char *text,
                               const char *short_text, const char *detail,
                               double *x, double *y, double *w, double *h);

G_END_DECLS
