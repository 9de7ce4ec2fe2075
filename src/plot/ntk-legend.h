/* ntk-legend.h — the key of a panel, placed in the corner where it hides the least data
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-draw.h"

G_BEGIN_DECLS

typedef enum {
  NTK_SWATCH_LINE,
  NTK_SWATCH_MARKER,
  NTK_SWATCH_BAND_LINE,     /* a line over a pale band (mean ± 2σ) */
  NTK_SWATCH_BAR,
  NTK_SWATCH_BAR_OUTLINE,
  NTK_SWATCH_NONE,          /* text only ("…") */
} NtkSwatch;

typedef struct {
  char     *label;
  NtkSwatch swatch;
  NtkStroke stroke;         /* colour for every swatch; width and dash for lines */
} NtkLegendItem;

#define NTK_LEGEND_MAX_ITEMS 24

typedef struct {
  guint         n_items;
  NtkLegendItem items[NTK_LEGEND_MAX_ITEMS];
  gboolean      outside;    /* set by ntk_legend_reserve(): a row of items above the panel */
  double        fx, fy, fw; /* where that row goes */
} NtkLegend;

void ntk_legend_init  (NtkLegend *legend);
void ntk_legend_clear (NtkLegend *legend);
/* Copies @label; items beyond NTK_LEGEND_MAX_ITEMS are ignored. */
void ntk_legend_add   (NtkLegend *legend, const char *label, NtkSwatch swatch,
                       const NtkStroke *stroke);
/* Before the panel layout: when a boxed key would cover too much of a panel of about ow × oh
 * (a small figure), put it in rows above the panel instead, at (x, y), ow wide. Returns the
 * height that takes (0 when the key stays inside the panel). */
double ntk_legend_reserve (NtkPlotContext *ctx, NtkLegend *legend, double x, double y,
                           double ow, double oh);
/* Draw into the panel's least-inked corner (after the data, so the occupancy is known), or
 * into the rows reserved above it. */
void ntk_legend_draw  (NtkPlotContext *ctx, NtkPanel *panel, const NtkLegend *legend);

G_END_DECLS
