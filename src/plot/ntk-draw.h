/* ntk-draw.h — data series inside a panel: lines, markers, bands and bars, NaN/Inf-safe
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A non-finite value (or a non-positive one on a log axis) breaks a line: the segments on either
 * side of it are not drawn and nothing joins across the gap. Segments are clipped to the data
 * rectangle in double precision before they reach cairo, so a value of 1e300 cannot overflow
 * cairo's fixed-point coordinates into a stray line. Everything drawn is recorded in the panel's
 * occupancy grid for legend placement.
 */
#pragma once

#include "ntk-plot-frame.h"

G_BEGIN_DECLS

typedef enum {
  NTK_DASH_SOLID,
  NTK_DASH_DASHED,
  NTK_DASH_DOTTED,
  NTK_DASH_DASH_DOT,
} NtkDash;

typedef struct {
  NtkRgba color;
  double  alpha;    /* multiplies color.a */
  double  width;    /* user units */
  NtkDash dash;
} NtkStroke;

/* Set line width, dash pattern and colour of @stroke on the cairo context. */
void ntk_stroke_apply  (NtkPlotContext *ctx, const NtkStroke *stroke);

/* x[i * xstride], y[i * ystride] for i < n. */
void ntk_draw_polyline (NtkPlotContext *ctx, NtkPanel *panel,
                        const double *x, gsize xstride, const double *y, gsize ystride,
                        guint n, const NtkStroke *stroke);
/* Filled circles of @radius with an outline in the background colour (reads over lines). */
void ntk_draw_markers  (NtkPlotContext *ctx, NtkPanel *panel,
                        const double *x, gsize xstride, const double *y, gsize ystride,
                        guint n, double radius, const NtkRgba *fill, double alpha);
/* The region between lo and hi (e.g. mean ± 2σ), broken where any value is not finite. */
void ntk_draw_band     (NtkPlotContext *ctx, NtkPanel *panel, const double *x,
                        const double *lo, const double *hi, guint n,
                        const NtkRgba *fill, double alpha);
/* Bars from the bottom of the panel up to top[i], spanning x0[i] … x1[i] (data units). */
void ntk_draw_bars     (NtkPlotContext *ctx, NtkPanel *panel, const double *x0,
                        const double *x1, const double *top, guint n,
                        const NtkRgba *fill, double alpha, gboolean outline_only);
/* A vertical / horizontal line across the panel at a data value. */
void ntk_draw_vline    (NtkPlotContext *ctx, NtkPanel *panel, double x, const NtkStroke *stroke);

/* Liang–Barsky: clip the segment to the rectangle; FALSE when nothing is left. */
gboolean ntk_clip_segment (double xmin, double ymin, double xmax, double ymax,
                           double *x0, double *y0, double *x1, double *y1);

G_END_DECLS
