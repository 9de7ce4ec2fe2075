/* ntk-colormap.h — continuous colormaps (viridis; a diverging blue–red map centred on 0) and
 * the colour bar that explains them
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-plot-frame.h"

G_BEGIN_DECLS

typedef enum {
  NTK_COLORMAP_VIRIDIS,    /* sequential, perceptually uniform (van der Walt & Smith, CC0) */
  NTK_COLORMAP_DIVERGING,  /* Paul Tol's BuRd: blue < 0, near-white at 0.5, red > 0 */
} NtkColormap;

/* The colour at t in [0, 1] (clamped); NaN gives a fully transparent colour. */
NtkRgba ntk_colormap_eval (NtkColormap map, double t);

/* A vertical colour bar in (x, y, w, h) for values vmin (bottom) … vmax (top), with ticks and
 * labels on its right and @label (may be NULL) beside them. @axis receives the bar's value axis.
 * Returns the width used right of the bar. */
double  ntk_colorbar_draw (NtkPlotContext *ctx, NtkColormap map, double x, double y, double w,
                           double h, double vmin, double vmax, const char *label, NtkAxis *axis);
/* Width the tick labels and label of such a bar need (to lay out the figure before drawing). */
double  ntk_colorbar_label_width (NtkPlotContext *ctx, double h, double vmin, double vmax,
                                  const char *label);

G_END_DECLS
