/* ntk-legend.c — the key of a panel, placed where it hides the least data
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-legend.h"

void
ntk_legend_init (NtkLegend *legend)
{
  memset (legend, 0, sizeof *legend);
}

void
ntk_legend_clear (NtkLegend *legend)
{
  for (guint i = 0; i < legend->n_items; i++)
    g_clear_pointer (&legend->items[i].label, g_free);
  legend->n_items = 0;
}

void
ntk_legend_add (NtkLegend       *legend,
                const char      *label,
                NtkSwatch        swatch,
                const NtkStroke *stroke)
{
  NtkLegendItem *item;

  if (legend->n_items >= NTK_LEGEND_MAX_ITEMS)
    return;
  item = &legend->items[legend->n_items++];
  item->label = g_strdup (label);
  item->swatch = swatch;
  item->stroke = *stroke;
}

static void
draw_swatch (NtkPlotContext      *ctx,
             const NtkLegendItem *item,
             double               x,
             double               y,
             double               w,
             double               h)
{
  cairo_t *cr = ctx->cr;
  double cy = y + 0.5 * h;
  NtkStroke stroke = item->stroke;

  cairo_save (cr);
  switch (item->swatch)
    {
    case NTK_SWATCH_NONE:
      break;
    case NTK_SWATCH_MARKER:
      cairo_arc (cr, x + 0.5 * w, cy, 0.28 * h, 0, 2 * G_PI);
      ntk_plot_set_rgba (ctx, &stroke.color, stroke.alpha);
      cairo_fill (cr);
      break;
    case NTK_SWATCH_BAR:
    case NTK_SWATCH_BAR_OUTLINE:
      cairo_rectangle (cr, x + 0.2 * w, y + 0.15 * h, 0.6 * w, 0.7 * h);
      ntk_plot_set_rgba (ctx, &stroke.color, stroke.alpha);
      if (item->swatch == NTK_SWATCH_BAR)
        cairo_fill (cr);
      else
        {
          cairo_set_line_width (cr, ctx->thin * 1.3);
          cairo_stroke (cr);
        }
      break;
    case NTK_SWATCH_BAND_LINE:
      cairo_rectangle (cr, x, y + 0.12 * h, w, 0.76 * h);
      ntk_plot_set_rgba (ctx, &stroke.color, 0.22);
      cairo_fill (cr);
      G_GNUC_FALLTHROUGH;
    case NTK_SWATCH_LINE:
    default:
      ntk_stroke_apply (ctx, &stroke);
      cairo_move_to (cr, x + 0.5 * stroke.width, cy);
      cairo_line_to (cr, x + w - 0.5 * stroke.width, cy);
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

typedef struct {
  double sw, sgap, colgap, pad, row_h, label_w;
} Metrics;

static void
measure (NtkPlotContext  *ctx,
         const NtkLegend *legend,
         Metrics         *m)
{
  m->pad = 0.5 * ctx->em;
  m->sw = 2.2 * ctx->em;
  m->sgap = 0.5 * ctx->em;
  m->colgap = 1.2 * ctx->em;
  ntk_plot_text_size (ctx, "Ag", NTK_TEXT_SMALL, NULL, &m->row_h);
  m->row_h *= 1.2;
  m->label_w = 0.0;
  for (guint i = 0; i < legend->n_items; i++)
    {
      double w;
      ntk_plot_text_size (ctx, legend->items[i].label, NTK_TEXT_SMALL, &w, NULL);
      m->label_w = MAX (m->label_w, w);
    }
}

/* Rows needed (and optionally drawn) for the items in a grid of equal columns, @width wide. */
static guint
flow (NtkPlotContext  *ctx,
      const NtkLegend *legend,
      const Metrics   *m,
      double           x,
      double           y,
      double           width,
      gboolean         draw)
{
  double item_w = m->sw + m->sgap + m->label_w;
  guint cols = (guint) MAX (1.0, floor ((width + m->colgap) / (item_w + m->colgap)));
  guint rows;

  cols = MIN (cols, MAX (legend->n_items, 1));
  rows = (legend->n_items + cols - 1) / cols;
  if (!draw)
    return rows;
  for (guint i = 0; i < legend->n_items; i++)
    {
      const NtkLegendItem *item = &legend->items[i];
      double cx = x + (i % cols) * (item_w + m->colgap);
      double ry = y + (i / cols) * m->row_h;

      if (item->swatch != NTK_SWATCH_NONE)
        draw_swatch (ctx, item, cx, ry, m->sw, m->row_h);
      if (item->swatch == NTK_SWATCH_NONE)   /* a "⋮" between items: under the swatches */
        ntk_plot_text (ctx, item->label, NTK_TEXT_SMALL, cx + 0.5 * m->sw, ry + 0.5 * m->row_h,
                       0.5, 0.5, 0.0, &ctx->theme.foreground, 1.0);
      else
        ntk_plot_text (ctx, item->label, NTK_TEXT_SMALL, cx + m->sw + m->sgap, ry + 0.5 * m->row_h,
                       0.0, 0.5, 0.0, &ctx->theme.foreground, 1.0);
    }
  return rows;
}

double
ntk_legend_reserve (NtkPlotContext *ctx,
                    NtkLegend      *legend,
                    double          x,
                    double          y,
                    double          ow,
                    double          oh)
{
  Metrics m;
  double box_w, box_h, pw, ph;
  guint rows;

  legend->outside = FALSE;
  if (legend->n_items == 0)
    return 0.0;
  measure (ctx, legend, &m);
  box_w = m.sw + m.sgap + m.label_w + 2 * m.pad;
  box_h = legend->n_items * m.row_h + 2 * m.pad;
  /* The panel will be about this big once tick labels and axis labels have their room. */
  pw = MAX (ow - 6.0 * ctx->em, 1.0);
  ph = MAX (oh - 4.0 * ctx->em, 1.0);
  if (box_w * box_h <= 0.2 * pw * ph && box_w <= 0.55 * pw && box_h <= 0.7 * ph)
    return 0.0;

  rows = flow (ctx, legend, &m, 0.0, 0.0, ow, FALSE);
  legend->outside = TRUE;
  legend->fx = x;
  legend->fy = y;
  legend->fw = ow;
  return rows * m.row_h + 0.4 * ctx->em;
}

void
ntk_legend_draw (NtkPlotContext *ctx,
                 NtkPanel       *panel,
                 const NtkLegend *legend)
{
  cairo_t *cr = ctx->cr;
  double pad = 0.5 * ctx->em, inset = 0.5 * ctx->em;
  double sw = 2.2 * ctx->em, sgap = 0.5 * ctx->em, colgap = 1.2 * ctx->em;
  double row_h, label_w = 0.0, col_w, box_w, box_h;
  guint n = legend->n_items, cols = 1, rows, shown;
  double best_x = 0, best_y = 0;
  guint best_ink = G_MAXUINT;

  Metrics met;

  if (n == 0)
    return;
  measure (ctx, legend, &met);
  if (legend->outside)
    {
      flow (ctx, legend, &met, legend->fx, legend->fy, legend->fw, TRUE);
      return;
    }
  row_h = met.row_h;
  label_w = met.label_w;
  col_w = sw + sgap + label_w;

  /* Too tall for the panel: two columns; still too tall: as many rows as fit. */
  shown = n;
  rows = n;
  if (2 * pad + rows * row_h > panel->h - 2 * inset && 2 * (col_w + pad) + colgap <= panel->w - 2 * inset)
    {
      cols = 2;
      rows = (n + 1) / 2;
    }
  while (rows > 1 && 2 * pad + rows * row_h > panel->h - 2 * inset)
    rows--;
  shown = MIN (n, rows * cols);
  box_w = cols * col_w + (cols - 1) * colgap + 2 * pad;
  box_h = rows * row_h + 2 * pad;
  if (box_w > panel->w - 2 * inset || box_h > panel->h - 2 * inset)
    return;   /* a panel this small has no room for a key that would not hide the data */

  {
    double xl = panel->x + inset, xr = panel->x + panel->w - inset - box_w;
    double xc = panel->x + 0.5 * (panel->w - box_w);
    double yt = panel->y + inset, yb = panel->y + panel->h - inset - box_h;
    double yc = panel->y + 0.5 * (panel->h - box_h);
    /* Preference order on ties: the usual top-right first. */
    const double cand[][2] = {
      { xr, yt }, { xl, yt }, { xr, yb }, { xl, yb }, { xc, yt }, { xc, yb }, { xr, yc }, { xl, yc },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cand); i++)
      {
        guint ink = ntk_panel_ink (panel, cand[i][0], cand[i][1], box_w, box_h);

        if (ink < best_ink)
          {
            best_ink = ink;
            best_x = cand[i][0];
            best_y = cand[i][1];
          }
      }
  }

  cairo_save (cr);
  {
    double r = 0.25 * ctx->em, x = best_x, y = best_y;

    cairo_new_sub_path (cr);
    cairo_arc (cr, x + box_w - r, y + r, r, -G_PI / 2, 0);
    cairo_arc (cr, x + box_w - r, y + box_h - r, r, 0, G_PI / 2);
    cairo_arc (cr, x + r, y + box_h - r, r, G_PI / 2, G_PI);
    cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
    ntk_plot_set_rgba (ctx, &ctx->theme.background, 0.88);
    cairo_fill_preserve (cr);
    cairo_set_line_width (cr, ctx->thin);
    ntk_plot_set_rgba (ctx, &ctx->theme.foreground, 0.25);
    cairo_stroke (cr);
  }
  cairo_restore (cr);

  for (guint i = 0; i < shown; i++)
    {
      guint c = i / rows, r = i % rows;
      double x = best_x + pad + c * (col_w + colgap);
      double y = best_y + pad + r * row_h;
      const NtkLegendItem *item = &legend->items[i];
      const char *label = item->label;

      /* The last visible row stands for everything that did not fit. */
      if (shown < n && i == shown - 1)
        label = "\u2026";
      else if (item->swatch != NTK_SWATCH_NONE)
        draw_swatch (ctx, item, x, y, sw, row_h);
      if (item->swatch == NTK_SWATCH_NONE && label == item->label)
        ntk_plot_text (ctx, label, NTK_TEXT_SMALL, x + 0.5 * sw, y + 0.5 * row_h, 0.5, 0.5, 0.0,
                       &ctx->theme.foreground, 1.0);
      else
        ntk_plot_text (ctx, label, NTK_TEXT_SMALL, x + sw + sgap, y + 0.5 * row_h, 0.0, 0.5, 0.0,
                       &ctx->theme.foreground, 1.0);
    }
}
