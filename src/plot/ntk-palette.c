/* ntk-palette.c — Okabe–Ito categorical colours and a sequential ramp, light and dark variants
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ntk-colormap.h"
#include "ntk-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Okabe & Ito (2008), without black (the foreground colour plays that role); yellow last
 * because it is weak on white. */
static const NtkRgba okabe_ito[NTK_N_PALETTE_COLORS] = {
  RGB (0x0072B2), RGB (0xD55E00), RGB (0x009E73), RGB (0xCC79A7),
  RGB (0xE69F00), RGB (0x56B4E9), RGB (0xF0E442),
};

/* The same hues lightened until they reach ~4.5:1 contrast on Adwaita's dark view (#1e1e1e). */
static const NtkRgba okabe_ito_dark[NTK_N_PALETTE_COLORS] = {
  RGB (0x4BA6E8), RGB (0xF5793A), RGB (0x2CC295), RGB (0xE394C0),
  RGB (0xF2B53A), RGB (0x8DD0F5), RGB (0xF0E442),
};

NtkRgba
ntk_palette_color (const NtkPlotTheme *theme,
                   guint               index)
{
  const NtkRgba *table = theme != NULL && theme->dark ? okabe_ito_dark : okabe_ito;

  return table[index % NTK_N_PALETTE_COLORS];
}

NtkRgba
ntk_palette_sequential (const NtkPlotTheme *theme,
                        double              t)
{
  /* Viridis' yellow end vanishes on white, its purple end on a dark background. Lines need
   * 3:1 contrast with the background (WCAG 2.1, non-text): against white that holds up to
   * t = 0.6 (3.0:1; 1.26:1 at the yellow end), against Adwaita's dark #1e1e1e from t = 0.38
   * (3.1:1; 1.09:1 at the purple end). So light themes use [0, 0.58] (≥ 3.15:1) and dark ones
   * [0.4, 1] (≥ 3.3:1), a little inside the limits for themes close to Adwaita's; luminance
   * still grows with t in both, so the rank order reads the same way. */
  double lo = theme != NULL && theme->dark ? 0.4 : 0.0;
  double hi = theme != NULL && theme->dark ? 1.0 : 0.58;

  t = CLAMP (t, 0.0, 1.0);
  return ntk_colormap_eval (NTK_COLORMAP_VIRIDIS, lo + t * (hi - lo));
}
