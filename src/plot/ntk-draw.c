/* ntk-draw.c — data series inside a panel: lines, markers, bands and bars, NaN/Inf-safe
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ntk-draw.h"

/* Far enough outside the data rectangle that clamping a fill vertex there cannot be seen,
 * near enough for cairo's 24.8 fixed-point coordinates. */
#define FILL_LIMIT 1e5

void
ntk_stroke_apply (NtkPlotContext  *ctx,
                  const NtkStroke *stroke)
{
  cairo_t *cr = ctx->cr;
  double w = stroke->width;

  cairo_set_line_width (cr, w);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  switch (stroke->dash)
    {
    case NTK_DASH_DASHED:
      {
        double d[] = { 4.0 * w, 2.5 * w };
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_dash (cr, d, 2, 0);
      }
      break;
    case NTK_DASH_DOTTED:
      {
        double d[] = { 0.0, 2.2 * w };
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash (cr, d, 2, 0);
      }
      break;
    case NTK_DASH_DASH_DOT:
      {
        double d[] = { 4.5 * w, 2.0 * w, 0.0, 2.0 * w };
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash (cr, d, 4, 0);
      }
      break;
    case NTK_DASH_SOLID:
    default:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
  ntk_plot_set_rgba (ctx, &stroke->color, stroke->alpha);
}

gboolean
ntk_clip_segment (double  xmin,
                  double  ymin,
                  double  xmax,
                  double  ymax,
                  double *x0,
                  double *y0,
                  double *x1,
                  double *y1)
{
  double dx = *x1 - *x0, dy = *y1 - *y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - xmin, xmax - *x0, *y0 - ymin, ymax - *y0 };
  double t0 = 0.0, t1 = 1.0;
  double ax = *x0, ay = *y0;

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0.0)
        {
          if (q[i] < 0.0)
            return FALSE;
          continue;
        }
      {
        double r = q[i] / p[i];

        if (p[i] < 0.0)
          {
            if (r > t1)
              return FALSE;
            if (r > t0)
              t0 = r;
          }
        else
          {
            if (r < t0)
              return FALSE;
            if (r < t1)
              t1 = r;
          }
      }
    }
  if (t1 < 1.0)
    {
      *x1 = ax + t1 * dx;
      *y1 = ay + t1 * dy;
    }
  if (t0 > 0.0)
    {
      *x0 = ax + t0 * dx;
      *y0 = ay + t0 * dy;
    }
  return isfinite (*x0) && isfinite (*y0) && isfinite (*x1) && isfinite (*y1);
}

void
ntk_draw_polyline (NtkPlotContext  *ctx,
                   NtkPanel        *panel,
                   const double    *x,
                   gsize            xstride,
                   const double    *y,
                   gsize            ystride,
                   guint            n,
                   const NtkStroke *stroke)
{
  cairo_t *cr = ctx->cr;
  double m = 2.0 * stroke->width;
  double xmin = panel->x - m, xmax = panel->x + panel->w + m;
  double ymin = panel->y - m, ymax = panel->y + panel->h + m;
  gboolean have_prev = FALSE, in_path = FALSE;
  double ppx = 0, ppy = 0;

  if (x == NULL || y == NULL || n == 0)
    return;

  cairo_save (cr);
  ntk_panel_clip (ctx, panel);
  ntk_stroke_apply (ctx, stroke);
  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double px = ntk_axis_map (&panel->xaxis, x[i * xstride]);
      double py = ntk_axis_map (&panel->yaxis, y[i * ystride]);

      if (!isfinite (px) || !isfinite (py))
        {
          have_prev = in_path = FALSE;
          continue;
        }
      if (have_prev)
        {
          double ax = ppx, ay = ppy, bx = px, by = py;

          if (ntk_clip_segment (xmin, ymin, xmax, ymax, &ax, &ay, &bx, &by))
            {
              if (!in_path || ax != ppx || ay != ppy)
                cairo_move_to (cr, ax, ay);
              cairo_line_to (cr, bx, by);
              in_path = bx == px && by == py;
              ntk_panel_mark_segment (panel, ax, ay, bx, by);
            }
          else
            in_path = FALSE;
        }
      have_prev = TRUE;
      ppx = px;
      ppy = py;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
ntk_draw_markers (NtkPlotContext *ctx,
                  NtkPanel       *panel,
                  const double   *x,
                  gsize           xstride,
                  const double   *y,
                  gsize           ystride,
                  guint           n,
                  double          radius,
                  const NtkRgba  *fill,
                  double          alpha)
{
  cairo_t *cr = ctx->cr;

  if (x == NULL || y == NULL)
    return;
  cairo_save (cr);
  ntk_panel_clip (ctx, panel);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double px = ntk_axis_map (&panel->xaxis, x[i * xstride]);
      double py = ntk_axis_map (&panel->yaxis, y[i * ystride]);

      if (!isfinite (px) || !isfinite (py) ||
          px < panel->x - radius || px > panel->x + panel->w + radius ||
          py < panel->y - radius || py > panel->y + panel->h + radius)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
      ntk_panel_mark (panel, px, py, 2);
    }
  /* A rim in the background colour separates a point from the lines under it: stroke all
   * circles first, then fill them, so only the outer half of each rim shows (one path each,
   * not two per point: hundreds of points stay cheap). */
  cairo_set_line_width (cr, MAX (1.0, 0.6 * radius));
  ntk_plot_set_rgba (ctx, &ctx->theme.background, 1.0);
  cairo_stroke_preserve (cr);
  ntk_plot_set_rgba (ctx, fill, alpha);
  cairo_fill (cr);
  cairo_restore (cr);
}

static double
clamp_fill (double p,
            double lo,
            double hi)
{
  return CLAMP (p, lo - FILL_LIMIT, hi + FILL_LIMIT);
}

/* A band sample is drawn when its x and both edges map to finite positions. */
static gboolean
band_sample_ok (const NtkPanel *panel,
                double          x,
                double          lo,
                double          hi)
{
  return isfinite (ntk_axis_map (&panel->xaxis, x)) &&
         isfinite (ntk_axis_map (&panel->yaxis, lo)) &&
         isfinite (ntk_axis_map (&panel->yaxis, hi));
}

/* One vertex of a band's outline, clamped (not clipped) outside the panel so the polygon
 * keeps its shape; the first vertex starts the polygon. */
static void
band_vertex (NtkPlotContext *ctx,
             NtkPanel       *panel,
             double          x,
             double          y,
             gboolean        first)
{
  double px = clamp_fill (ntk_axis_map (&panel->xaxis, x), panel->x, panel->x + panel->w);
  double py = clamp_fill (ntk_axis_map (&panel->yaxis, y), panel->y, panel->y + panel->h);

  if (first)
    cairo_move_to (ctx->cr, px, py);
  else
    cairo_line_to (ctx->cr, px, py);
  ntk_panel_mark (panel, px, py, 1);
}

void
ntk_draw_band (NtkPlotContext *ctx,
               NtkPanel       *panel,
               const double   *x,
               const double   *lo,
               const double   *hi,
               guint           n,
               const NtkRgba  *fill,
               double          alpha)
{
  cairo_t *cr = ctx->cr;
  guint start = 0;

  if (x == NULL || lo == NULL || hi == NULL)
    return;
  cairo_save (cr);
  ntk_panel_clip (ctx, panel);
  cairo_new_path (cr);
  while (start < n)
    {
      guint end;

      /* One run of consecutive valid samples is one polygon. */
      while (start < n && !band_sample_ok (panel, x[start], lo[start], hi[start]))
        start++;
      end = start;
      while (end < n && band_sample_ok (panel, x[end], lo[end], hi[end]))
        end++;
      if (end - start >= 2)
        {
          /* along the upper edge, then back along the lower one */
          for (guint i = start; i < end; i++)
            band_vertex (ctx, panel, x[i], hi[i], i == start);
          for (guint i = end; i-- > start;)
            band_vertex (ctx, panel, x[i], lo[i], FALSE);
          cairo_close_path (cr);
        }
      start = end;
    }
  ntk_plot_set_rgba (ctx, fill, alpha);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
ntk_draw_bars (NtkPlotContext *ctx,
               NtkPanel       *panel,
               const double   *x0,
               const double   *x1,
               const double   *top,
               guint           n,
               const NtkRgba  *fill,
               double          alpha,
               gboolean        outline_only)
{
  cairo_t *cr = ctx->cr;
  double base = panel->y + panel->h;

  cairo_save (cr);
  ntk_panel_clip (ctx, panel);
  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double a = ntk_axis_map (&panel->xaxis, x0[i]);
      double b = ntk_axis_map (&panel->xaxis, x1[i]);
      double t = ntk_axis_map (&panel->yaxis, top[i]);

      if (!isfinite (a) || !isfinite (b) || !isfinite (t))
        continue;
      t = clamp_fill (t, panel->y, panel->y + panel->h);
      if (t >= base)
        continue;
      cairo_rectangle (cr, a, t, b - a, base - t);
      /* a filled bar inks its whole column; an outline mostly its top */
      if (outline_only)
        ntk_panel_mark_segment (panel, a, t, b, t);
      else
        ntk_panel_mark_segment (panel, 0.5 * (a + b), t, 0.5 * (a + b), base - 0.5);
    }
  ntk_plot_set_rgba (ctx, fill, alpha);
  if (outline_only)
    {
      cairo_set_line_width (cr, ctx->thin * 1.3);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
  cairo_restore (cr);
}

void
ntk_draw_vline (NtkPlotContext  *ctx,
                NtkPanel        *panel,
                double           x,
                const NtkStroke *stroke)
{
  double px = ntk_axis_map (&panel->xaxis, x);
  cairo_t *cr = ctx->cr;

  if (!isfinite (px) || px < panel->x || px > panel->x + panel->w)
    return;
  cairo_save (cr);
  ntk_panel_clip (ctx, panel);
  ntk_stroke_apply (ctx, stroke);
  cairo_move_to (cr, px, panel->y);
  cairo_line_to (cr, px, panel->y + panel->h);
  cairo_stroke (cr);
  cairo_restore (cr);
}
