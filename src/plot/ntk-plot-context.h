/* ntk-plot-context.h — what every drawing step needs: the cairo context, the theme and its font
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All text goes through pango with the theme's font, sized in absolute user units (points at
 * 96 dpi), so a figure looks the same on screen, in a PNG at any scale, in SVG and in PDF.
 */
#pragma once

#include <pango/pangocairo.h>
#include "ntk-figure.h"

G_BEGIN_DECLS

typedef enum {
  NTK_TEXT_NORMAL,
  NTK_TEXT_SMALL,     /* tick labels, legend */
  NTK_TEXT_TITLE,     /* bold, larger */
  NTK_TEXT_STYLE_MASK = 0x3,
  /* Or'ed into a style: the text is Pango markup (η<sub>crit</sub>); invalid markup is shown
   * as plain text. */
  NTK_TEXT_MARKUP     = 1 << 4,
} NtkTextStyle;

typedef struct {
  cairo_t              *cr;
  NtkPlotTheme          theme;       /* copy; font_family always set */
  PangoContext         *pango;
  PangoFontDescription *fonts[3];    /* by NtkTextStyle */
  double                width, height;
  double                em;          /* font size in user units */
  double                line_width;  /* a data line */
  double                thin;        /* axes, ticks, grid */
} NtkPlotContext;

void   ntk_plot_context_init   (NtkPlotContext *ctx, cairo_t *cr, double width, double height,
                                const NtkPlotTheme *theme);
void   ntk_plot_context_clear  (NtkPlotContext *ctx);

void   ntk_plot_set_rgba       (NtkPlotContext *ctx, const NtkRgba *color, double alpha);

PangoLayout *ntk_plot_layout   (NtkPlotContext *ctx, const char *text, NtkTextStyle style);
void   ntk_plot_text_size      (NtkPlotContext *ctx, const char *text, NtkTextStyle style,
                                double *width, double *height);
/* Draw @text anchored at (x, y): ax, ay in [0, 1] pick the anchor inside the text's box
 * (0, 0 = top left; 0.5, 0.5 = centre). @angle in radians (−π/2: reads bottom to top). */
void   ntk_plot_text           (NtkPlotContext *ctx, const char *text, NtkTextStyle style,
                                double x, double y, double ax, double ay, double angle,
                                const NtkRgba *color, double alpha);

/* A centred note (no data yet), wrapped to the figure width. */
void   ntk_plot_message        (NtkPlotContext *ctx, double x, double y, double w, double h,
                                const char *text);

G_END_DECLS
