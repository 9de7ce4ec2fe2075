/* ntk-legend.h — the key of a panel, placed in the corner where it hides the least data
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key has a full and a compact form. The full one names every series; the compact one, for
 * small figures, replaces a run of similar items by a summary (six mode colours become one
 * colour ramp "modes 1–6") and uses short labels. A figure too small even for the compact key
 * shows only its essential items (a warning such as "theory diverges"), or none: the hover
 * readout still names what is under the pointer.
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
  NTK_SWATCH_RAMP,          /* a line through the sequential palette (modes by rank) */
} NtkSwatch;

typedef enum {
  NTK_LEGEND_ALWAYS,        /* in the full and in the compact key */
  NTK_LEGEND_FULL_ONLY,     /* one of many similar items the compact key summarizes */
  NTK_LEGEND_COMPACT_ONLY,  /* that summary */
} NtkLegendRole;

typedef struct {
  char         *label;
  char         *short_label;  /* in the compact key; NULL: label */
  NtkSwatch     swatch;
  NtkStroke     stroke;       /* colour for every swatch; width and dash for lines */
  NtkLegendRole role;
  gboolean      markup;       /* the labels are Pango markup (η<sub>crit</sub>) */
  gboolean      essential;    /* kept (compact) when there is no room for the compact key */
} NtkLegendItem;

#define NTK_LEGEND_MAX_ITEMS 24

typedef struct {
  guint         n_items;
  NtkLegendItem items[NTK_LEGEND_MAX_ITEMS];
  gboolean      reserved;   /* ntk_legend_reserve() has placed the key */
  gboolean      compact;    /* set by ntk_legend_reserve(): draw the compact key */
  gboolean      essential;  /* set by ntk_legend_reserve(): only its essential items */
  gboolean      hidden;     /* set by ntk_legend_reserve(): no room for any key */
  gboolean      outside;    /* set by ntk_legend_reserve(): rows of items above the panel */
  double        fx, fy, fw; /* where those rows go */
} NtkLegend;

void ntk_legend_init  (NtkLegend *legend);
void ntk_legend_clear (NtkLegend *legend);
/* Copies @label; items beyond NTK_LEGEND_MAX_ITEMS are ignored. */
void ntk_legend_add   (NtkLegend *legend, const char *label, NtkSwatch swatch,
                       const NtkStroke *stroke);
/* The item added last: its label in the compact key (NULL: the full one) and its role. */
void ntk_legend_set_compact (NtkLegend *legend, const char *short_label, NtkLegendRole role);
/* The item added last has Pango markup labels (escape values with g_markup_escape_text()). */
void ntk_legend_set_markup  (NtkLegend *legend);
/* The item added last is a warning that stays when only one short row of key fits. */
void ntk_legend_set_essential (NtkLegend *legend);
/* Before the panel layout, for a panel of about ow × oh: the full key boxed inside the panel
 * when it covers little of it, else in rows above the panel at (x, y), ow wide, when those
 * take a small share of the height; then the compact key the same two ways; then its
 * essential items the same two ways; else no key.
 * Returns the height the rows above take (0 when the key is inside or hidden). */
double ntk_legend_reserve (NtkPlotContext *ctx, NtkLegend *legend, double x, double y,
                           double ow, double oh);
/* Draw into the panel's least-inked corner (after the data, so the occupancy is known), or
 * into the rows reserved above it. A key without a reservation is drawn, full or else compact,
 * only where it covers at most a fifth of the panel. */
void ntk_legend_draw  (NtkPlotContext *ctx, NtkPanel *panel, const NtkLegend *legend);

G_END_DECLS
