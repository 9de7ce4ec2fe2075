/* ntk-palette.h — colour-blind-safe categorical colours (Okabe–Ito) and a sequential ramp,
 * each in a variant that reads on light and one that reads on dark backgrounds
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-figure.h"

G_BEGIN_DECLS

/* Roles with fixed colours, so a series keeps its colour across figures. */
typedef enum {
  NTK_COLOR_BLUE,        /* finite network */
  NTK_COLOR_VERMILLION,  /* linearized network */
  NTK_COLOR_GREEN,       /* infinite-width NTK-GP */
  NTK_COLOR_PURPLE,      /* kernel regression */
  NTK_COLOR_ORANGE,
  NTK_COLOR_SKY,
  NTK_COLOR_YELLOW,
  NTK_N_PALETTE_COLORS
} NtkPaletteColor;

/* Categorical colour @index (wraps around) for @theme's background. */
NtkRgba ntk_palette_color      (const NtkPlotTheme *theme, guint index);
/* Ordered ramp (viridis, the part that contrasts with the background): t in [0, 1]. */
NtkRgba ntk_palette_sequential (const NtkPlotTheme *theme, double t);

G_END_DECLS
