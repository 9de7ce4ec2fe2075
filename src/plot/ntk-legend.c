/* ntk-legend.c — the key of a panel, placed where it hides the least data
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-legend.h"
#include "ntk-palette.h"

void
ntk_legend_init (NtkLegend *legend)
{
  memset (legend, 0, sizeof *legend);
}

void
ntk_legend_clear (NtkLegend *legend)
{
  for (guint i = 0; i < legend->n_items; i++)
    {
      g_clear_pointer (&legend->items[i].label, g_free);
      g_clear_pointer (&legend->items[i].short_label, g_free);
    }
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
  memset (item, 0, sizeof *item);
  item->label = g_strdup (label);
  item->swatch = swatch;
  item->stroke = *stroke;
  item->role = NTK_LEGEND_ALWAYS;
}

void
ntk_legend_set_compact (NtkLegend     *legend,
                        const char    *short_label,
                        NtkLegendRole  role)
{
  NtkLegendItem *item;

  g_return_if_fail (legend->n_items > 0);
  item = &legend->items[legend->n_items - 1];
  g_free (item->short_label);
  item->short_label = g_strdup (short_label);
  item->role = role;
}

void
ntk_legend_set_markup (NtkLegend *legend)
{
  g_return_if_fail (legend->n_items > 0);
  legend->items[legend->n_items - 1].markup = TRUE;
}

void
ntk_legend_set_essential (NtkLegend *legend)
{
  g_return_if_fail (legend->n_items > 0);
  legend->items[legend->n_items - 1].essential = TRUE;
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
    case NTK_SWATCH_RAMP:
      {
        /* The colours of the modes, first to last, as the figure gives them. */
        cairo_pattern_t *ramp = cairo_pattern_create_linear (x, cy, x + w, cy);

        for (guint i = 0; i <= 8; i++)
          {
            NtkRgba c = ntk_palette_sequential (&ctx->theme, i / 8.0);

            cairo_pattern_add_color_stop_rgba (ramp, i / 8.0, c.r, c.g, c.b, c.a * stroke.alpha);
          }
        cairo_set_line_width (cr, 2.0 * stroke.width);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        cairo_set_source (cr, ramp);
        cairo_stroke (cr);
        cairo_pattern_destroy (ramp);
      }
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

/* How much of the figure's height rows of a key above a panel may take: one row in a figure
 * 240 px tall, where the data keeps half the height. */
#define ROWS_SHARE 0.13

/* The items of one form of the key and their measures. */
typedef struct {
  guint                n;
  const NtkLegendItem *items[NTK_LEGEND_MAX_ITEMS];
  double               label_w[NTK_LEGEND_MAX_ITEMS];
  double               sw, sgap, colgap, pad, row_h, max_label_w;
  gboolean             compact;
} Key;

/* The forms of a key, largest first. */
typedef enum {
  FORM_FULL,
  FORM_COMPACT,
  FORM_ESSENTIAL,
  N_FORMS
} Form;

static gboolean
item_in_key (const NtkLegendItem *item,
             Form                 form)
{
  gboolean compact = form != FORM_FULL;

  if (form == FORM_ESSENTIAL && !item->essential)
    return FALSE;
  switch (item->role)
    {
    case NTK_LEGEND_FULL_ONLY:    return !compact;
    case NTK_LEGEND_COMPACT_ONLY: return compact;
    case NTK_LEGEND_ALWAYS:
    default:                      return TRUE;
    }
}

static const char *
item_label (const Key           *key,
            const NtkLegendItem *item)
{
  return key->compact && item->short_label != NULL ? item->short_label : item->label;
}

static NtkTextStyle
item_style (const NtkLegendItem *item)
{
  return (NtkTextStyle) (NTK_TEXT_SMALL | (item->markup ? NTK_TEXT_MARKUP : 0));
}

static void
key_measure (NtkPlotContext  *ctx,
             const NtkLegend *legend,
             Form             form,
             Key             *key)
{
  gboolean compact = form != FORM_FULL;

  key->compact = compact;
  key->pad = 0.5 * ctx->em;
  /* Shorter swatches in the compact key: it is for figures where every pixel counts. */
  key->sw = (compact ? 1.2 : 2.2) * ctx->em;
  key->sgap = (compact ? 0.35 : 0.5) * ctx->em;
  key->colgap = (compact ? 0.7 : 1.2) * ctx->em;
  ntk_plot_text_size (ctx, "Ag", NTK_TEXT_SMALL, NULL, &key->row_h);
  key->row_h *= 1.2;
  key->max_label_w = 0.0;
  key->n = 0;
  for (guint i = 0; i < legend->n_items; i++)
    if (item_in_key (&legend->items[i], form))
      {
        const NtkLegendItem *item = &legend->items[i];
        double w;

        ntk_plot_text_size (ctx, item_label (key, item), item_style (item), &w, NULL);
        key->items[key->n] = item;
        key->label_w[key->n] = w;
        key->n++;
        key->max_label_w = MAX (key->max_label_w, w);
      }
}

static void
key_draw_item (NtkPlotContext *ctx,
               const Key      *key,
               guint           i,
               double          x,
               double          y,
               const char     *label_override)
{
  const NtkLegendItem *item = key->items[i];
  const char *label = label_override != NULL ? label_override : item_label (key, item);

  if (item->swatch != NTK_SWATCH_NONE && label_override == NULL)
    draw_swatch (ctx, item, x, y, key->sw, key->row_h);
  if (item->swatch == NTK_SWATCH_NONE && label_override == NULL)   /* a "⋮" under the swatches */
    ntk_plot_text (ctx, label, item_style (item), x + 0.5 * key->sw, y + 0.5 * key->row_h,
                   0.5, 0.5, 0.0, &ctx->theme.foreground, 1.0);
  else
    ntk_plot_text (ctx, label, label_override != NULL ? NTK_TEXT_SMALL : item_style (item),
                   x + key->sw + key->sgap, y + 0.5 * key->row_h, 0.0, 0.5, 0.0,
                   &ctx->theme.foreground, 1.0);
}

/* Where each item goes in rows @width wide: equal columns when that takes no more rows than
 * filling each row as far as it goes (columns read better), else filled rows. Returns the
 * number of rows. */
static guint
key_rows (const Key *key,
          double     width,
          double    *px,
          guint     *prow)
{
  double item_w = key->sw + key->sgap + key->max_label_w;
  guint cols = (guint) MAX (1.0, floor ((width + key->colgap) / (item_w + key->colgap)));
  guint grid_rows, rows = 1;
  double x = 0.0;

  if (key->n == 0)
    return 0;
  cols = MIN (cols, key->n);
  grid_rows = (key->n + cols - 1) / cols;

  for (guint i = 0; i < key->n; i++)
    {
      double w = key->sw + key->sgap + key->label_w[i];

      if (x > 0.0 && x + w > width)
        {
          rows++;
          x = 0.0;
        }
      px[i] = x;
      prow[i] = rows - 1;
      x += w + key->colgap;
    }
  if (grid_rows <= rows)
    {
      for (guint i = 0; i < key->n; i++)
        {
          px[i] = (i % cols) * (item_w + key->colgap);
          prow[i] = i / cols;
        }
      return grid_rows;
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
  double pw, ph;

  legend->reserved = TRUE;
  legend->outside = FALSE;
  legend->hidden = FALSE;
  legend->compact = FALSE;
  legend->essential = FALSE;
  if (legend->n_items == 0)
    return 0.0;
  /* The panel will be about this big once tick labels and axis labels have their room. */
  pw = MAX (ow - 6.0 * ctx->em, 1.0);
  ph = MAX (oh - 4.0 * ctx->em, 1.0);

  for (Form form = FORM_FULL; form < N_FORMS; form++)
    {
      Key key;
      double box_w, box_h, px[NTK_LEGEND_MAX_ITEMS];
      guint prow[NTK_LEGEND_MAX_ITEMS], rows;

      key_measure (ctx, legend, form, &key);
      if (key.n == 0)
        continue;
      legend->compact = key.compact;
      legend->essential = form == FORM_ESSENTIAL;
      box_w = key.sw + key.sgap + key.max_label_w + 2 * key.pad;
      box_h = key.n * key.row_h + 2 * key.pad;
      if (box_w * box_h <= 0.2 * pw * ph && box_w <= 0.55 * pw && box_h <= 0.7 * ph)
        return 0.0;

      rows = key_rows (&key, ow, px, prow);
      if (rows * key.row_h <= ROWS_SHARE * ctx->height)
        {
          legend->outside = TRUE;
          legend->fx = x;
          legend->fy = y;
          legend->fw = ow;
          return rows * key.row_h + 0.25 * ctx->em;
        }
    }

  legend->hidden = TRUE;
  legend->essential = FALSE;
  return 0.0;
}

/* The key boxed inside the panel: one or two columns, as many rows as fit (the last visible
 * row then says "…"). FALSE when even one row does not fit. */
static gboolean
draw_boxed (NtkPlotContext  *ctx,
            NtkPanel        *panel,
            const Key       *key,
            double           max_cover)
{
  cairo_t *cr = ctx->cr;
  double inset = 0.5 * ctx->em, pad = key->pad, row_h = key->row_h;
  double col_w = key->sw + key->sgap + key->max_label_w, colgap = key->colgap;
  double box_w, box_h, best_x = 0, best_y = 0;
  guint n = key->n, cols = 1, rows = n, shown;
  guint best_ink = G_MAXUINT;

  if (n == 0)
    return TRUE;
  /* Too tall for the panel: two columns; still too tall: as many rows as fit. */
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
  if (box_w > panel->w - 2 * inset || box_h > panel->h - 2 * inset ||
      box_w * box_h > max_cover * panel->w * panel->h)
    return FALSE;   /* a panel this small has no room for a key that would not hide the data */

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

      /* The last visible row stands for everything that did not fit. */
      key_draw_item (ctx, key, i, best_x + pad + c * (col_w + colgap), best_y + pad + r * row_h,
                     shown < n && i == shown - 1 ? "\u2026" : NULL);
    }
  return TRUE;
}

void
ntk_legend_draw (NtkPlotContext  *ctx,
                 NtkPanel        *panel,
                 const NtkLegend *legend)
{
  Key key;

  if (legend->n_items == 0 || legend->hidden)
    return;
  key_measure (ctx, legend,
               legend->essential ? FORM_ESSENTIAL : legend->compact ? FORM_COMPACT : FORM_FULL, &key);
  if (legend->outside)
    {
      double px[NTK_LEGEND_MAX_ITEMS];
      guint prow[NTK_LEGEND_MAX_ITEMS];

      key_rows (&key, legend->fw, px, prow);
      for (guint i = 0; i < key.n; i++)
        key_draw_item (ctx, &key, i, legend->fx + px[i], legend->fy + prow[i] * key.row_h, NULL);
      return;
    }
  /* A key placed by ntk_legend_reserve() was found small enough for the panel; one that was
   * not (a second panel) must not cover more than a fifth of it, full or compact. */
  if (!legend->reserved)
    {
      if (!draw_boxed (ctx, panel, &key, 0.2))
        {
          key_measure (ctx, legend, FORM_COMPACT, &key);
          draw_boxed (ctx, panel, &key, 0.2);
        }
      return;
    }
  draw_boxed (ctx, panel, &key, 1.0);
}
