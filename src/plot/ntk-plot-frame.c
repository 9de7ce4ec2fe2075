/* ntk-plot-frame.c — title, data panels with axes, grid, tick labels and axis labels, banner
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-plot-frame.h"

#define TICK_LEN(ctx)   (0.4 * (ctx)->em)
#define LABEL_GAP(ctx)  (0.3 * (ctx)->em)

double
ntk_frame_margin (NtkPlotContext *ctx)
{
  return 0.8 * ctx->em;
}

double
ntk_measure_label_width (const char *label,
                         gpointer    user_data)
{
  double w;

  ntk_plot_text_size (user_data, label, NTK_TEXT_SMALL, &w, NULL);
  return w;
}

double
ntk_measure_label_height (const char *label,
                          gpointer    user_data)
{
  double h;

  ntk_plot_text_size (user_data, label, NTK_TEXT_SMALL, NULL, &h);
  return h;
}

double
ntk_frame_draw_title (NtkPlotContext *ctx,
                      const char     *title,
                      const char     *subtitle)
{
  double m = ntk_frame_margin (ctx);
  double tw, th, sw = 0, sh = 0;

  ntk_plot_text_size (ctx, title, NTK_TEXT_TITLE, &tw, &th);
  if (tw <= ctx->width - 2 * m)
    ntk_plot_text (ctx, title, NTK_TEXT_TITLE, m, m, 0.0, 0.0, 0.0, &ctx->theme.foreground, 1.0);
  else
    {
      /* Too long for a small widget: end it with "…" rather than cut a glyph in half. */
      g_autoptr(PangoLayout) layout = ntk_plot_layout (ctx, title, NTK_TEXT_TITLE);
      PangoRectangle logical;

      pango_layout_set_width (layout, (int) (MAX (ctx->width - 2 * m, ctx->em) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_extents (layout, NULL, &logical);
      cairo_save (ctx->cr);
      cairo_translate (ctx->cr, m - (double) logical.x / PANGO_SCALE, m - (double) logical.y / PANGO_SCALE);
      ntk_plot_set_rgba (ctx, &ctx->theme.foreground, 1.0);
      pango_cairo_update_layout (ctx->cr, layout);
      pango_cairo_show_layout (ctx->cr, layout);
      cairo_restore (ctx->cr);
      tw = ctx->width - 2 * m;
    }

  if (subtitle != NULL && subtitle[0] != '\0')
    {
      ntk_plot_text_size (ctx, subtitle, NTK_TEXT_SMALL, &sw, &sh);
      /* Only when it fits beside the title: a clipped subtitle helps nobody. */
      if (m + tw + 2 * ctx->em + sw <= ctx->width - m)
        ntk_plot_text (ctx, subtitle, NTK_TEXT_SMALL, ctx->width - m, m + th, 1.0, 1.0, 0.0,
                       &ctx->theme.foreground, 0.7);
    }
  return m + th + 0.4 * ctx->em;
}

static double
max_label_extent (NtkPlotContext *ctx,
                  const NtkAxis  *axis,
                  gboolean        width)
{
  double best = 0.0;

  for (guint i = 0; i < axis->n_ticks; i++)
    if (axis->ticks[i].labelled && axis->ticks[i].label[0] != '\0')
      {
        double w, h;

        ntk_plot_text_size (ctx, axis->ticks[i].label, NTK_TEXT_SMALL, &w, &h);
        best = MAX (best, width ? w : h);
      }
  return best;
}

void
ntk_panel_layout (NtkPlotContext     *ctx,
                  NtkPanel           *panel,
                  const NtkPanelSpec *spec,
                  double              ox,
                  double              oy,
                  double              ow,
                  double              oh)
{
  double hs, hn, top, bottom, left, right = 0.6 * ctx->em;
  guint max_y, max_x;

  memset (panel->occ, 0, sizeof panel->occ);
  ntk_plot_text_size (ctx, "0", NTK_TEXT_SMALL, NULL, &hs);
  ntk_plot_text_size (ctx, "Ag", NTK_TEXT_NORMAL, NULL, &hn);

  top = 0.5 * hs;
  bottom = spec->hide_xticklabels ? 0.3 * ctx->em : TICK_LEN (ctx) + LABEL_GAP (ctx) + hs;
  if (spec->xlabel != NULL && !spec->hide_xticklabels)
    bottom += 0.35 * ctx->em + hn;

  panel->y = oy + top;
  panel->h = MAX (oh - top - bottom, 1.0);

  ntk_axis_init (&panel->yaxis, spec->yscale, spec->ylo, spec->yhi, spec->ypad);
  ntk_axis_set_pixels (&panel->yaxis, panel->y + panel->h, panel->y);
  max_y = (guint) CLAMP (panel->h / (2.6 * ctx->em), 2, 10);
  ntk_axis_fit_ticks (&panel->yaxis, max_y, ntk_measure_label_height, ctx, 0.5 * ctx->em);

  left = max_label_extent (ctx, &panel->yaxis, TRUE) + TICK_LEN (ctx) + LABEL_GAP (ctx);
  if (spec->ylabel != NULL)
    left += hn + 0.5 * ctx->em;
  left = MAX (left, spec->left_min);

  for (guint iter = 0; iter < 3; iter++)
    {
      double overflow = 0.0;

      panel->x = ox + left;
      panel->w = MAX (ow - left - right, 1.0);
      ntk_axis_init (&panel->xaxis, spec->xscale, spec->xlo, spec->xhi, spec->xpad);
      panel->xaxis.pi_units = spec->x_pi;
      ntk_axis_set_pixels (&panel->xaxis, panel->x, panel->x + panel->w);
      max_x = (guint) CLAMP (panel->w / (4.5 * ctx->em), 2, 10);
      ntk_axis_fit_ticks (&panel->xaxis, max_x, ntk_measure_label_width, ctx, 1.2 * ctx->em);

      if (spec->hide_xticklabels)
        break;
      /* The last label is centred on its tick and may stick out on the right. */
      for (guint i = 0; i < panel->xaxis.n_ticks; i++)
        {
          const NtkTick *t = &panel->xaxis.ticks[i];
          double end;

          if (!t->labelled || t->label[0] == '\0')
            continue;
          end = ntk_axis_map (&panel->xaxis, t->value) + 0.5 * ntk_measure_label_width (t->label, ctx);
          overflow = MAX (overflow, end - (ox + ow));
        }
      if (overflow <= 0.0)
        break;
      right += overflow;
    }
}

double
ntk_panel_left_margin (const NtkPanel *panel,
                       double          ox)
{
  return panel->x - ox;
}

static gboolean
tick_in_range (const NtkAxis *axis,
               double         v)
{
  double p = ntk_axis_map (axis, v);
  double lo = MIN (axis->p0, axis->p1), hi = MAX (axis->p0, axis->p1);

  return isfinite (p) && p >= lo - 0.01 && p <= hi + 0.01;
}

void
ntk_panel_draw_grid (NtkPlotContext *ctx,
                     const NtkPanel *panel)
{
  cairo_t *cr = ctx->cr;

  cairo_save (cr);
  cairo_set_line_width (cr, ctx->thin);
  ntk_plot_set_rgba (ctx, &ctx->theme.grid, 1.0);
  for (guint i = 0; i < panel->xaxis.n_ticks; i++)
    {
      const NtkTick *t = &panel->xaxis.ticks[i];
      double px;

      if (!t->major || !tick_in_range (&panel->xaxis, t->value))
        continue;
      px = ntk_axis_map (&panel->xaxis, t->value);
      cairo_move_to (cr, px, panel->y);
      cairo_line_to (cr, px, panel->y + panel->h);
    }
  for (guint i = 0; i < panel->yaxis.n_ticks; i++)
    {
      const NtkTick *t = &panel->yaxis.ticks[i];
      double py;

      if (!t->major || !tick_in_range (&panel->yaxis, t->value))
        continue;
      py = ntk_axis_map (&panel->yaxis, t->value);
      cairo_move_to (cr, panel->x, py);
      cairo_line_to (cr, panel->x + panel->w, py);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The y label reads bottom to top beside the panel, no longer than the panel is tall: a small
 * figure (or one of two stacked panels) sets it smaller, then shortens it with "…", rather
 * than let it run into its neighbour's. */
static void
draw_ylabel (NtkPlotContext *ctx,
             const NtkPanel *panel,
             const char     *label,
             double          x,
             const NtkRgba  *fg)
{
  g_autoptr(PangoLayout) layout = ntk_plot_layout (ctx, label, NTK_TEXT_NORMAL);
  PangoRectangle logical;
  cairo_t *cr = ctx->cr;
  double room = panel->h + 0.5 * ctx->em;

  pango_layout_get_extents (layout, NULL, &logical);
  if ((double) logical.width / PANGO_SCALE > room)
    {
      g_clear_object (&layout);
      layout = ntk_plot_layout (ctx, label, NTK_TEXT_SMALL);
      pango_layout_get_extents (layout, NULL, &logical);
      if ((double) logical.width / PANGO_SCALE > room)
        {
          pango_layout_set_width (layout, (int) (room * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_get_extents (layout, NULL, &logical);
        }
    }

  cairo_save (cr);
  cairo_translate (cr, x, panel->y + 0.5 * panel->h);
  cairo_rotate (cr, -G_PI / 2);
  cairo_translate (cr, -0.5 * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                   -(double) logical.y / PANGO_SCALE);
  ntk_plot_set_rgba (ctx, fg, 1.0);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
ntk_panel_draw_axes (NtkPlotContext     *ctx,
                     const NtkPanel     *panel,
                     const NtkPanelSpec *spec)
{
  cairo_t *cr = ctx->cr;
  const NtkRgba *fg = &ctx->theme.foreground;
  double tick = TICK_LEN (ctx), gap = LABEL_GAP (ctx);
  double hn;

  cairo_save (cr);
  cairo_set_line_width (cr, ctx->thin);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  ntk_plot_set_rgba (ctx, fg, 0.75);
  cairo_rectangle (cr, panel->x, panel->y, panel->w, panel->h);
  cairo_stroke (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint i = 0; i < panel->xaxis.n_ticks; i++)
    {
      const NtkTick *t = &panel->xaxis.ticks[i];
      double px, len = t->major ? tick : 0.55 * tick;

      if (!tick_in_range (&panel->xaxis, t->value))
        continue;
      px = ntk_axis_map (&panel->xaxis, t->value);
      cairo_move_to (cr, px, panel->y + panel->h);
      cairo_line_to (cr, px, panel->y + panel->h + len);
    }
  for (guint i = 0; i < panel->yaxis.n_ticks; i++)
    {
      const NtkTick *t = &panel->yaxis.ticks[i];
      double py, len = t->major ? tick : 0.55 * tick;

      if (!tick_in_range (&panel->yaxis, t->value))
        continue;
      py = ntk_axis_map (&panel->yaxis, t->value);
      cairo_move_to (cr, panel->x, py);
      cairo_line_to (cr, panel->x - len, py);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  if (!spec->hide_xticklabels)
    for (guint i = 0; i < panel->xaxis.n_ticks; i++)
      {
        const NtkTick *t = &panel->xaxis.ticks[i];

        if (!t->labelled || !tick_in_range (&panel->xaxis, t->value))
          continue;
        ntk_plot_text (ctx, t->label, NTK_TEXT_SMALL, ntk_axis_map (&panel->xaxis, t->value),
                       panel->y + panel->h + tick + gap, 0.5, 0.0, 0.0, fg, 1.0);
      }
  for (guint i = 0; i < panel->yaxis.n_ticks; i++)
    {
      const NtkTick *t = &panel->yaxis.ticks[i];

      if (!t->labelled || !tick_in_range (&panel->yaxis, t->value))
        continue;
      ntk_plot_text (ctx, t->label, NTK_TEXT_SMALL, panel->x - tick - gap,
                     ntk_axis_map (&panel->yaxis, t->value), 1.0, 0.5, 0.0, fg, 1.0);
    }

  ntk_plot_text_size (ctx, "Ag", NTK_TEXT_NORMAL, NULL, &hn);
  if (spec->xlabel != NULL && !spec->hide_xticklabels)
    {
      double hs;

      ntk_plot_text_size (ctx, "0", NTK_TEXT_SMALL, NULL, &hs);
      ntk_plot_text (ctx, spec->xlabel, NTK_TEXT_NORMAL, panel->x + 0.5 * panel->w,
                     panel->y + panel->h + tick + gap + hs + 0.35 * ctx->em, 0.5, 0.0, 0.0, fg, 1.0);
    }
  if (spec->ylabel != NULL)
    {
      double left_of_labels = panel->x - tick - gap - max_label_extent (ctx, &panel->yaxis, TRUE);

      draw_ylabel (ctx, panel, spec->ylabel, left_of_labels - 0.5 * ctx->em - hn, fg);
    }
}

void
ntk_panel_clip (NtkPlotContext *ctx,
                const NtkPanel *panel)
{
  cairo_rectangle (ctx->cr, panel->x, panel->y, panel->w, panel->h);
  cairo_clip (ctx->cr);
}

gboolean
ntk_panel_contains (const NtkPanel *panel,
                    double          x,
                    double          y)
{
  return x >= panel->x && x <= panel->x + panel->w && y >= panel->y && y <= panel->y + panel->h;
}

void
ntk_panel_mark (NtkPanel *panel,
                double    x,
                double    y,
                guint     weight)
{
  int c, r;

  if (!ntk_panel_contains (panel, x, y))
    return;
  c = (int) ((x - panel->x) / panel->w * NTK_OCC_COLS);
  r = (int) ((y - panel->y) / panel->h * NTK_OCC_ROWS);
  c = CLAMP (c, 0, NTK_OCC_COLS - 1);
  r = CLAMP (r, 0, NTK_OCC_ROWS - 1);
  panel->occ[r][c] = (guint16) MIN ((guint) panel->occ[r][c] + weight, G_MAXUINT16);
}

void
ntk_panel_mark_rect (NtkPanel *panel,
                     double    x,
                     double    y,
                     double    w,
                     double    h,
                     guint     weight)
{
  int c0 = (int) floor ((x - panel->x) / panel->w * NTK_OCC_COLS);
  int c1 = (int) ceil ((x + w - panel->x) / panel->w * NTK_OCC_COLS);
  int r0 = (int) floor ((y - panel->y) / panel->h * NTK_OCC_ROWS);
  int r1 = (int) ceil ((y + h - panel->y) / panel->h * NTK_OCC_ROWS);

  c0 = CLAMP (c0, 0, NTK_OCC_COLS);
  c1 = CLAMP (c1, 0, NTK_OCC_COLS);
  r0 = CLAMP (r0, 0, NTK_OCC_ROWS);
  r1 = CLAMP (r1, 0, NTK_OCC_ROWS);
  for (int r = r0; r < r1; r++)
    for (int col = c0; col < c1; col++)
      panel->occ[r][col] = (guint16) MIN ((guint) panel->occ[r][col] + weight, G_MAXUINT16);
}

void
ntk_panel_mark_segment (NtkPanel *panel,
                        double    x0,
                        double    y0,
                        double    x1,
                        double    y1)
{
  double cell = 0.5 * MIN (panel->w / NTK_OCC_COLS, panel->h / NTK_OCC_ROWS);
  double len = hypot (x1 - x0, y1 - y0);
  guint steps = (guint) MIN (ceil (len / MAX (cell, 0.5)), 4096.0);

  for (guint i = 0; i <= steps; i++)
    {
      double f = steps ? (double) i / steps : 0.0;
      ntk_panel_mark (panel, x0 + f * (x1 - x0), y0 + f * (y1 - y0), 1);
    }
}

guint
ntk_panel_ink (const NtkPanel *panel,
               double          x,
               double          y,
               double          w,
               double          h)
{
  int c0 = (int) floor ((x - panel->x) / panel->w * NTK_OCC_COLS);
  int c1 = (int) ceil ((x + w - panel->x) / panel->w * NTK_OCC_COLS);
  int r0 = (int) floor ((y - panel->y) / panel->h * NTK_OCC_ROWS);
  int r1 = (int) ceil ((y + h - panel->y) / panel->h * NTK_OCC_ROWS);
  guint total = 0;

  c0 = CLAMP (c0, 0, NTK_OCC_COLS);
  c1 = CLAMP (c1, 0, NTK_OCC_COLS);
  r0 = CLAMP (r0, 0, NTK_OCC_ROWS);
  r1 = CLAMP (r1, 0, NTK_OCC_ROWS);
  for (int r = r0; r < r1; r++)
    for (int c = c0; c < c1; c++)
      total += panel->occ[r][c];
  return total;
}

/* What the banner says in a panel @w wide: the headline, or the short one, set smaller if
 * need be; the detail only when it fits. */
typedef struct {
  const char  *text;
  NtkTextStyle style;
  double       tw, th, dh;
  gboolean     detail;
} Banner;

static void
banner_fit (NtkPlotContext *ctx,
            const NtkPanel *panel,
            const char     *text,
            const char     *short_text,
            const char     *detail,
            Banner         *b)
{
  double room = panel->w - 3.0 * ctx->em, dw = 0.0;
  const char *texts[] = { text, short_text, short_text };
  const NtkTextStyle styles[] = { NTK_TEXT_TITLE, NTK_TEXT_TITLE, NTK_TEXT_SMALL };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (texts[i] == NULL)
        continue;
      b->text = texts[i];
      b->style = styles[i];
      ntk_plot_text_size (ctx, b->text, b->style, &b->tw, &b->th);
      if (b->tw <= room)
        break;
    }
  b->dh = 0.0;
  if (detail != NULL && detail[0] != '\0')
    ntk_plot_text_size (ctx, detail, NTK_TEXT_SMALL, &dw, &b->dh);
  /* the detail would not fit: the headline alone says enough */
  b->detail = b->dh > 0.0 && dw <= room && b->text == text;
  if (!b->detail)
    b->dh = 0.0;
}

void
ntk_frame_banner_rect (NtkPlotContext *ctx,
                       const NtkPanel *panel,
                       const char     *text,
                       const char     *short_text,
                       const char     *detail,
                       double         *x,
                       double         *y,
                       double         *w,
                       double         *h)
{
  Banner b;

  banner_fit (ctx, panel, text, short_text, detail, &b);
  *w = MIN (b.tw + 2.0 * ctx->em, panel->w - ctx->em);
  if (b.detail)
    {
      double dw;

      ntk_plot_text_size (ctx, detail, NTK_TEXT_SMALL, &dw, NULL);
      *w = MIN (MAX (b.tw, dw) + 2.0 * ctx->em, panel->w - ctx->em);
    }
  *h = b.th + b.dh + 0.8 * ctx->em;
  *x = panel->x + 0.5 * (panel->w - *w);
  *y = panel->y + 0.6 * ctx->em;
}

void
ntk_frame_draw_banner (NtkPlotContext *ctx,
                       const NtkPanel *panel,
                       const char     *text,
                       const char     *short_text,
                       const char     *detail)
{
  cairo_t *cr = ctx->cr;
  /* GNOME's destructive red, lighter on dark backgrounds. */
  NtkRgba red = ctx->theme.dark ? (NtkRgba) { 0.878, 0.106, 0.141, 1.0 }
                                : (NtkRgba) { 0.753, 0.110, 0.157, 1.0 };
  NtkRgba white = { 1.0, 1.0, 1.0, 1.0 };
  double bw, bh, bx, by, r = 0.35 * ctx->em;
  Banner b;

  banner_fit (ctx, panel, text, short_text, detail, &b);
  ntk_frame_banner_rect (ctx, panel, text, short_text, detail, &bx, &by, &bw, &bh);

  cairo_save (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, bx + bw - r, by + r, r, -G_PI / 2, 0);
  cairo_arc (cr, bx + bw - r, by + bh - r, r, 0, G_PI / 2);
  cairo_arc (cr, bx + r, by + bh - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, bx + r, by + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  ntk_plot_set_rgba (ctx, &red, 0.92);
  cairo_fill (cr);
  cairo_restore (cr);

  ntk_plot_text (ctx, b.text, b.style, bx + 0.5 * bw, by + 0.4 * ctx->em, 0.5, 0.0, 0.0,
                 &white, 1.0);
  if (b.detail)
    ntk_plot_text (ctx, detail, NTK_TEXT_SMALL, bx + 0.5 * bw, by + 0.4 * ctx->em + b.th, 0.5, 0.0,
                   0.0, &white, 0.9);
}
