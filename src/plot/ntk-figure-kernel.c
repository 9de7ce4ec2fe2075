/* ntk-figure-kernel.c — the kernel heatmap: Θ̂₀, Θ̂ₖ, Θ, Σ or Θ̂ₖ − Θ̂₀ over the training points
 * or the test points, sorted by their coordinate, with a colour bar
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ntk-csv.h"
#include "ntk-figure-common.h"

/* Cells per side of the heatmap image; larger matrices are averaged in blocks first. */
#define MAX_IMAGE_CELLS 1024

static const char *
view_symbol (NtkKernelView view)
{
  switch (view)
    {
    case NTK_KERNEL_VIEW_EMPIRICAL_INIT: return "\u0398\u0302\u2080";
    case NTK_KERNEL_VIEW_EMPIRICAL_NOW:  return "\u0398\u0302\u2096";
    case NTK_KERNEL_VIEW_ANALYTIC_NTK:   return "\u0398";
    case NTK_KERNEL_VIEW_NNGP:           return "\u03a3";
    case NTK_KERNEL_VIEW_DIFFERENCE:     return "\u0398\u0302\u2096 \u2212 \u0398\u0302\u2080";
    case NTK_N_KERNEL_VIEWS:
    default:                             return "K";
    }
}

static const char *
view_description (NtkKernelView view)
{
  switch (view)
    {
    case NTK_KERNEL_VIEW_EMPIRICAL_INIT: return _("empirical NTK at initialization");
    case NTK_KERNEL_VIEW_EMPIRICAL_NOW:  return _("empirical NTK now");
    case NTK_KERNEL_VIEW_ANALYTIC_NTK:   return _("analytic NTK, infinite width");
    case NTK_KERNEL_VIEW_NNGP:           return _("analytic NNGP kernel, infinite width");
    case NTK_KERNEL_VIEW_DIFFERENCE:     return _("change of the empirical NTK");
    case NTK_N_KERNEL_VIEWS:
    default:                             return "";
    }
}

static gboolean
kernel_has_data (const NtkFigureSource *source)
{
  const NtkSnapshot *s = source->snapshot;

  return s != NULL && s->constants != NULL && s->constants->n > 0 &&
         (s->constants->ntk0 != NULL || s->ntk_k != NULL || s->constants->ntk != NULL ||
          s->constants->nngp != NULL);
}

/* One kernel as the heatmap shows it: an m × m matrix over m points (training points, the test
 * grid, or every stride-th grid point for Θ̂ₖ over the test points). */
typedef struct {
  double   *K;          /* m × m row-major, point order; NULL: see missing */
  gboolean  owned;      /* K was computed here (the difference) */
  guint     m;
  guint    *index;      /* m: data index of each point (training index or grid index) */
  double   *coord;      /* m: its coordinate (the index when the data set has none) */
  char     *missing;    /* why K is NULL, translated */
} KernelData;

static void
kernel_data_clear (KernelData *kd)
{
  if (kd->owned)
    g_free (kd->K);
  g_free (kd->index);
  g_free (kd->coord);
  g_free (kd->missing);
  memset (kd, 0, sizeof *kd);
}

static gboolean
view_is_empirical_now (NtkKernelView view)
{
  return view == NTK_KERNEL_VIEW_EMPIRICAL_NOW || view == NTK_KERNEL_VIEW_DIFFERENCE;
}

/* The points of the matrix: @m of them, data index stride·k, coordinates from @coords. */
static void
kernel_data_points (KernelData   *kd,
                    guint         m,
                    guint         stride,
                    const double *coords)
{
  kd->m = m;
  kd->index = g_new (guint, MAX (m, 1));
  kd->coord = g_new (double, MAX (m, 1));
  for (guint k = 0; k < m; k++)
    {
      kd->index[k] = k * stride;
      kd->coord[k] = coords != NULL ? coords[k * stride] : k * stride;
    }
}

/* The kernel @view over the training points or (@on_test) the test points of @s. */
static void
kernel_data_get (const NtkSnapshot *s,
                 NtkKernelView      view,
                 gboolean           on_test,
                 KernelData        *kd)
{
  const NtkRunConstants *c = s->constants;
  const NtkDataset *d = c->data;
  const double *init = NULL, *now = NULL;
  g_autofree double *init_sub = NULL;

  memset (kd, 0, sizeof *kd);
  if (view >= NTK_N_KERNEL_VIEWS)
    {
      kd->missing = g_strdup (_("This run has no such kernel."));
      return;
    }

  if (!on_test)
    {
      guint n = c->n;

      kernel_data_points (kd, n, 1, d != NULL && d->n == n ? d->coord : NULL);
      init = c->ntk0;
      now = s->ntk_k;
      switch (view)
        {
        case NTK_KERNEL_VIEW_EMPIRICAL_INIT: kd->K = c->ntk0; break;
        case NTK_KERNEL_VIEW_EMPIRICAL_NOW:  kd->K = s->ntk_k; break;
        case NTK_KERNEL_VIEW_ANALYTIC_NTK:   kd->K = c->ntk; break;
        case NTK_KERNEL_VIEW_NNGP:           kd->K = c->nngp; break;
        case NTK_KERNEL_VIEW_DIFFERENCE:
        case NTK_N_KERNEL_VIEWS:
        default:                             break;
        }
    }
  else
    {
      const double *coords = d != NULL && d->n_test == c->n_test ? d->coord_test : NULL;

      if (c->ntk0_test_test == NULL && c->n_test <= NTK_TEST_KERNEL_MAX_POINTS)
        {
          kd->missing = g_strdup (_("This run has no kernels over the test points."));
          return;
        }
      if (c->n_test > NTK_TEST_KERNEL_MAX_POINTS || c->ntk0_test_test == NULL)
        {
          kd->missing = g_strdup_printf (_("Kernels over the test points are kept for up to %u test "
                                           "points; this run has %u. Use fewer test points, or show "
                                           "the training points."),
                                         NTK_TEST_KERNEL_MAX_POINTS, c->n_test);
          return;
        }
      if (view_is_empirical_now (view))
        {
          if (c->n_ntk_k_test == 0 || c->ntk_k_test_stride == 0 || s->ntk_k_test == NULL)
            {
              guint width = c->config != NULL ? c->config->width : 0;
              guint depth = c->config != NULL ? c->config->depth : 0;

              kd->missing = g_strdup_printf (_("\u0398\u0302\u2096 over the test points is not available "
                                               "at this size (%u test points, width %u, depth %u): "
                                               "computing it at every snapshot would slow training "
                                               "down. Use fewer test points or a smaller network, or "
                                               "show the training points."),
                                             c->n_test, width, depth);
              return;
            }
          kernel_data_points (kd, c->n_ntk_k_test, c->ntk_k_test_stride, coords);
          now = s->ntk_k_test;
          if (view == NTK_KERNEL_VIEW_EMPIRICAL_NOW)
            kd->K = s->ntk_k_test;
          else
            {
              /* Θ̂₀ on the same (strided) grid points */
              init_sub = g_new (double, (gsize) kd->m * kd->m);
              for (guint a = 0; a < kd->m; a++)
                for (guint b = 0; b < kd->m; b++)
                  init_sub[(gsize) a * kd->m + b] =
                    c->ntk0_test_test[(gsize) kd->index[a] * c->n_test + kd->index[b]];
              init = init_sub;
            }
        }
      else
        {
          kernel_data_points (kd, c->n_test, 1, coords);
          switch (view)
            {
            case NTK_KERNEL_VIEW_EMPIRICAL_INIT: kd->K = c->ntk0_test_test; break;
            case NTK_KERNEL_VIEW_ANALYTIC_NTK:   kd->K = c->ntk_test_test; break;
            case NTK_KERNEL_VIEW_NNGP:           kd->K = c->nngp_test_test; break;
            case NTK_KERNEL_VIEW_EMPIRICAL_NOW:
            case NTK_KERNEL_VIEW_DIFFERENCE:
            case NTK_N_KERNEL_VIEWS:
            default:                             break;
            }
        }
    }

  if (view == NTK_KERNEL_VIEW_DIFFERENCE && now != NULL && init != NULL)
    {
      kd->K = g_new (double, (gsize) kd->m * kd->m);
      kd->owned = TRUE;
      for (gsize i = 0; i < (gsize) kd->m * kd->m; i++)
        kd->K[i] = now[i] - init[i];
    }
  if (kd->K == NULL)
    kd->missing = g_strdup (_("This run has no such kernel."));
}

static int
compare_by_coord (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const double *keys = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  double x = keys[i], y = keys[j];

  /* NaN last; ties keep data order. */
  if (isnan (x) != isnan (y))
    return isnan (x) ? 1 : -1;
  if (x < y)
    return -1;
  if (x > y)
    return 1;
  return (i > j) - (i < j);
}

/* Positions in the matrix of the points sorted by coordinate. */
static guint *
sorted_order (const KernelData *kd)
{
  guint *order = g_new (guint, MAX (kd->m, 1));

  for (guint i = 0; i < kd->m; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) kd->m, sizeof *order, compare_by_coord, kd->coord);
  return order;
}

static double
sorted_coord (const KernelData *kd,
              const guint      *order,
              guint             k)
{
  return kd->coord[order[k]];
}

/* The colour range: locked, symmetric for differences, or the data extent. */
static void
color_range (const NtkPlotOptions *options,
             const double         *K,
             guint                 n,
             gboolean              diverging,
             double               *vmin,
             double               *vmax)
{
  NtkRange range;

  if (options->lock_range && isfinite (options->range_min) && isfinite (options->range_max) &&
      options->range_max > options->range_min)
    {
      *vmin = options->range_min;
      *vmax = options->range_max;
      return;
    }
  ntk_range_init (&range, FALSE);
  ntk_range_add_array (&range, K, 1, n * n);
  if (ntk_range_empty (&range))
    {
      *vmin = diverging ? -1.0 : 0.0;
      *vmax = 1.0;
      return;
    }
  if (diverging)
    {
      double a = MAX (fabs (range.lo), fabs (range.hi));

      if (!(a > 0.0))
        a = 1.0;
      *vmin = -a;
      *vmax = a;
      return;
    }
  if (!(range.hi > range.lo))
    {
      double c = range.lo, d = c != 0.0 ? 0.1 * fabs (c) : 1.0;

      range.lo = c - d;
      range.hi = c + d;
    }
  *vmin = range.lo;
  *vmax = range.hi;
}

/* An image of the sorted matrix, one pixel per cell (block averages above MAX_IMAGE_CELLS). */
static cairo_surface_t *
heatmap_image (const double *K,
               guint         n,
               const guint  *order,
               NtkColormap   map,
               double        vmin,
               double        vmax)
{
  guint block = (n + MAX_IMAGE_CELLS - 1) / MAX_IMAGE_CELLS;
  guint m = (n + block - 1) / block;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) m, (int) m);
  unsigned char *data;
  int stride;

  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    return image;
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (guint bi = 0; bi < m; bi++)
    {
      guint32 *row = (guint32 *) (data + (gsize) bi * stride);

      for (guint bj = 0; bj < m; bj++)
        {
          double sum = 0.0;
          guint count = 0;
          NtkRgba c;

          for (guint i = bi * block; i < MIN ((bi + 1) * block, n); i++)
            for (guint j = bj * block; j < MIN ((bj + 1) * block, n); j++)
              {
                double v = K[(gsize) order[i] * n + order[j]];
                if (isfinite (v))
                  {
                    sum += v;
                    count++;
                  }
              }
          if (count == 0)
            {
              row[bj] = 0;   /* NaN cells stay transparent */
              continue;
            }
          c = ntk_colormap_eval (map, (sum / count - vmin) / (vmax - vmin));
          row[bj] = 0xff000000u |
                    (guint32) lround (c.r * 255.0) << 16 |
                    (guint32) lround (c.g * 255.0) << 8 |
                    (guint32) lround (c.b * 255.0);
        }
    }
  cairo_surface_mark_dirty (image);
  return image;
}

/* Ticks of the sorted-index axis, labelled with the coordinate where it sits. */
static void
coord_ticks (NtkPlotContext   *ctx,
             NtkAxis          *axis,
             const NtkDataset *d,
             const KernelData *kd,
             const guint      *order,
             double            length,
             gboolean          vertical)
{
  NtkAxis ca;
  guint n = kd->m;
  double c0 = sorted_coord (kd, order, 0), c1 = sorted_coord (kd, order, n - 1);
  guint max_major = (guint) CLAMP (length / ((vertical ? 2.6 : 4.5) * ctx->em), 2, 10);

  ntk_axis_init (&ca, NTK_SCALE_LINEAR, c0, c1, 0.0);
  ca.pi_units = d != NULL && d->coord_name != NULL && strcmp (d->coord_name, "\u03b3") == 0;
  ntk_axis_set_pixels (&ca, vertical ? length : 0.0, vertical ? 0.0 : length);
  ntk_axis_fit_ticks (&ca, max_major, vertical ? ntk_measure_label_height : ntk_measure_label_width,
                      ctx, vertical ? 0.5 * ctx->em : 1.2 * ctx->em);

  axis->n_ticks = 0;
  for (guint t = 0; t < ca.n_ticks; t++)
    {
      double c = ca.ticks[t].value, pos = NAN;

      if (!ca.ticks[t].major)
        continue;
      if (n == 1)
        pos = 0.5;
      else
        for (guint k = 0; k + 1 < n; k++)
          {
            double a = sorted_coord (kd, order, k), b = sorted_coord (kd, order, k + 1);

            if (c >= a && c <= b)
              {
                pos = k + 0.5 + (b > a ? (c - a) / (b - a) : 0.0);
                break;
              }
          }
      if (isnan (pos) || axis->n_ticks >= NTK_AXIS_MAX_TICKS)
        continue;
      axis->ticks[axis->n_ticks] = ca.ticks[t];
      axis->ticks[axis->n_ticks].value = pos;
      axis->n_ticks++;
    }
}

static char *
kernel_title (const NtkSnapshot *s,
              NtkKernelView      view,
              gboolean           on_test,
              const KernelData  *kd)
{
  if (!on_test)
    /* Translators: "Kernel Θ: analytic NTK, infinite width" */
    return g_strdup_printf (_("Kernel %s: %s"), view_symbol (view), view_description (view));
  if (kd->K != NULL && kd->m < s->constants->n_test)
    /* Translators: "Kernel Θ̂ₖ over 86 of the 256 test points: empirical NTK now" */
    return g_strdup_printf (_("Kernel %s over %u of the %u test points: %s"), view_symbol (view),
                            kd->m, s->constants->n_test, view_description (view));
  /* Translators: "Kernel Θ over the test points: analytic NTK, infinite width" */
  return g_strdup_printf (_("Kernel %s over the test points: %s"), view_symbol (view),
                          view_description (view));
}

static void
kernel_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkSnapshot *s = r->source->snapshot;
  const NtkDataset *d = s->constants->data;
  NtkKernelView view = r->options->kernel_view;
  gboolean on_test = r->options->kernel_on_test;
  gboolean diverging = view == NTK_KERNEL_VIEW_DIFFERENCE;
  NtkColormap map = diverging ? NTK_COLORMAP_DIVERGING : NTK_COLORMAP_VIRIDIS;
  KernelData kd;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = ntk_figure_run_subtitle (s);
  g_autofree char *xlabel = NULL;
  g_autofree guint *order = NULL;
  double m = ntk_frame_margin (ctx), vmin, vmax;
  double ax, ay, aw, ah, bar_w = 1.1 * ctx->em, bar_gap = 1.2 * ctx->em, bar_labels, S;
  double left, top, bottom;
  guint n;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkAxis bar_axis;
  cairo_surface_t *image;
  const char *coord_name = d != NULL && d->coord_name != NULL ? d->coord_name : _("index");
  const char *bar_label;

  kernel_data_get (s, view, on_test, &kd);
  title = kernel_title (s, view, on_test, &kd);
  r->top = ntk_frame_draw_title (ctx, title, subtitle);
  ax = m;
  ay = r->top;
  aw = ctx->width - 2 * m;
  ah = ctx->height - r->top - m;

  if (kd.K == NULL || kd.m == 0)
    {
      ntk_plot_message (ctx, ax, ay, aw, ah, kd.missing != NULL ? kd.missing : _("This run has no such kernel."));
      kernel_data_clear (&kd);
      return;
    }

  n = kd.m;
  order = sorted_order (&kd);
  color_range (r->options, kd.K, n, diverging, &vmin, &vmax);

  /* First pass: margins of the axes, then make the data area square. */
  xlabel = g_strdup_printf ("%s\u2032", coord_name);
  spec.xlabel = xlabel;
  spec.ylabel = coord_name;
  spec.xscale = spec.yscale = NTK_SCALE_LINEAR;
  spec.xlo = 0.0;
  spec.xhi = n;
  spec.ylo = 0.0;
  spec.yhi = n;
  bar_label = view_symbol (view);
  bar_labels = ntk_colorbar_label_width (ctx, ah, vmin, vmax, bar_label);
  ntk_panel_layout (ctx, &panel, &spec, ax, ay, aw - bar_w - bar_gap - bar_labels, ah);
  /* A narrow figure (a small window's overview) would leave a heatmap far smaller than its
   * height allows: the y axis and the colour bar then go without their names (the x axis and
   * the title say them) and the bar moves closer. */
  if (panel.w < 0.75 * panel.h)
    {
      spec.ylabel = NULL;
      bar_label = NULL;
      bar_gap = 0.6 * ctx->em;
      bar_labels = ntk_colorbar_label_width (ctx, ah, vmin, vmax, bar_label);
      ntk_panel_layout (ctx, &panel, &spec, ax, ay, aw - bar_w - bar_gap - bar_labels, ah);
    }
  left = panel.x - ax;
  top = panel.y - ay;
  bottom = ay + ah - (panel.y + panel.h);
  S = MAX (MIN (panel.w, panel.h), 1.0);
  {
    double group = left + S + bar_gap + bar_w + bar_labels;
    double gx = ax + MAX (0.0, 0.5 * (aw - group));

    panel.x = gx + left;
    panel.y = ay + top + MAX (0.0, 0.5 * (ah - top - bottom - S));
    panel.w = panel.h = S;
  }

  /* Index axes (row 0 at the top, as in a matrix) with coordinate labels. */
  ntk_axis_init (&panel.xaxis, NTK_SCALE_LINEAR, 0.0, n, 0.0);
  ntk_axis_set_pixels (&panel.xaxis, panel.x, panel.x + S);
  ntk_axis_init (&panel.yaxis, NTK_SCALE_LINEAR, 0.0, n, 0.0);
  ntk_axis_set_pixels (&panel.yaxis, panel.y, panel.y + S);
  coord_ticks (ctx, &panel.xaxis, d, &kd, order, S, FALSE);
  coord_ticks (ctx, &panel.yaxis, d, &kd, order, S, TRUE);

  image = heatmap_image (kd.K, n, order, map, vmin, vmax);
  if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = ctx->cr;
      double cells = cairo_image_surface_get_width (image);

      cairo_save (cr);
      cairo_rectangle (cr, panel.x, panel.y, S, S);
      cairo_clip (cr);
      cairo_translate (cr, panel.x, panel.y);
      cairo_scale (cr, S / cells, S / cells);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  cairo_surface_destroy (image);
  ntk_panel_draw_axes (ctx, &panel, &spec);

  ntk_colorbar_draw (ctx, map, panel.x + S + bar_gap, panel.y, bar_w, S, vmin, vmax,
                     bar_label, &bar_axis);

  ntk_figure_mark_diverged (r, &panel);
  ntk_figure_keep_panel (r, 0, &panel);
  r->layout->has_heatmap = TRUE;
  r->layout->hx = panel.x;
  r->layout->hy = panel.y;
  r->layout->hw = S;
  r->layout->hh = S;
  r->layout->hn = n;
  r->layout->order = g_steal_pointer (&order);
  r->layout->view = view;
  r->layout->on_test = on_test;
  r->layout->has_colorbar = TRUE;
  r->layout->cx = panel.x + S + bar_gap;
  r->layout->cy = panel.y;
  r->layout->cw = bar_w;
  r->layout->ch = S;
  r->layout->cmin = vmin;
  r->layout->cmax = vmax;
  r->layout->colormap = map;

  kernel_data_clear (&kd);
}

static char *
kernel_readout (const NtkFigureSource *source,
                const NtkPlotOptions  *options,
                const NtkFigureLayout *layout,
                double                 x,
                double                 y)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkDataset *d = s->constants->data;
  NtkKernelView view = layout->view;
  KernelData kd;
  char *text = NULL;
  guint n = layout->hn;

  if (!layout->has_heatmap)
    return NULL;

  if (layout->has_colorbar && x >= layout->cx && x <= layout->cx + layout->cw &&
      y >= layout->cy && y <= layout->cy + layout->ch)
    {
      double v = layout->cmax - (y - layout->cy) / layout->ch * (layout->cmax - layout->cmin);
      g_autofree char *value = ntk_figure_format (v);

      return g_strdup_printf ("%s = %s", view_symbol (view), value);
    }

  if (x < layout->hx || x >= layout->hx + layout->hw || y < layout->hy || y >= layout->hy + layout->hh)
    return NULL;
  kernel_data_get (s, view, layout->on_test, &kd);
  if (kd.K != NULL && kd.m == n && n > 0)
    {
      guint j = MIN ((guint) ((x - layout->hx) / layout->hw * n), n - 1);
      guint i = MIN ((guint) ((y - layout->hy) / layout->hh * n), n - 1);
      guint a = layout->order[i], b = layout->order[j];
      g_autofree char *value = ntk_figure_format (kd.K[(gsize) a * n + b]);
      const char *name = d != NULL && d->coord_name != NULL ? d->coord_name : "x";
      const char *sym = view_symbol (view);
      /* training points are numbered as in the data set, test points as on the grid */
      guint ia = kd.index[a] + 1, ib = kd.index[b] + 1;

      if (d != NULL && (layout->on_test ? d->coord_test : d->coord) != NULL)
        {
          g_autofree char *ca = ntk_figure_format (kd.coord[a]);
          g_autofree char *cb = ntk_figure_format (kd.coord[b]);

          if (layout->on_test)
            /* Translators: "Θ[3, 7] = 0.25 (test points, γ = 0.5, γ′ = 1.2)" */
            text = g_strdup_printf (_("%s[%u, %u] = %s (test points, %s = %s, %s\u2032 = %s)"), sym, ia, ib,
                                    value, name, ca, name, cb);
          else
            text = g_strdup_printf ("%s[%u, %u] = %s (%s = %s, %s\u2032 = %s)", sym, ia, ib, value, name, ca,
                                    name, cb);
        }
      else if (layout->on_test)
        /* Translators: "Θ[3, 7] = 0.25 (test points)" */
        text = g_strdup_printf (_("%s[%u, %u] = %s (test points)"), sym, ia, ib, value);
      else
        text = g_strdup_printf ("%s[%u, %u] = %s", sym, ia, ib, value);
    }
  kernel_data_clear (&kd);
  return text;
}

static void
kernel_write_csv (const NtkFigureSource *source,
                  const NtkPlotOptions  *options,
                  GString               *csv)
{
  const NtkSnapshot *s = source->snapshot;
  KernelData kd;
  g_autofree guint *order = NULL;
  guint n;

  kernel_data_get (s, options->kernel_view, options->kernel_on_test, &kd);
  if (kd.K == NULL)
    {
      kernel_data_clear (&kd);
      return;
    }
  n = kd.m;
  order = sorted_order (&kd);
  /* The matrix as drawn: rows and columns sorted by coordinate, labelled with it. */
  ntk_csv_text (csv, TRUE, options->kernel_on_test ? "test_coord" : "coord");
  for (guint j = 0; j < n; j++)
    ntk_csv_cell (csv, FALSE, sorted_coord (&kd, order, j));
  ntk_csv_end (csv);
  for (guint i = 0; i < n; i++)
    {
      ntk_csv_cell (csv, TRUE, sorted_coord (&kd, order, i));
      for (guint j = 0; j < n; j++)
        ntk_csv_cell (csv, FALSE, kd.K[(gsize) order[i] * n + order[j]]);
      ntk_csv_end (csv);
    }
  kernel_data_clear (&kd);
}

gboolean
ntk_figure_kernel_range (const NtkFigureSource *source,
                         const NtkPlotOptions  *options,
                         double                *vmin,
                         double                *vmax)
{
  NtkPlotOptions unlocked;
  KernelData kd;
  NtkRange range;
  gboolean ok;

  g_return_val_if_fail (source != NULL && options != NULL, FALSE);
  g_return_val_if_fail (vmin != NULL && vmax != NULL, FALSE);

  if (!kernel_has_data (source))
    return FALSE;
  kernel_data_get (source->snapshot, options->kernel_view, options->kernel_on_test, &kd);
  /* no finite value: nothing to lock to */
  ntk_range_init (&range, FALSE);
  if (kd.K != NULL)
    ntk_range_add_array (&range, kd.K, 1, kd.m * kd.m);
  ok = kd.K != NULL && !ntk_range_empty (&range);
  if (ok)
    {
      unlocked = *options;
      unlocked.lock_range = FALSE;
      color_range (&unlocked, kd.K, kd.m, options->kernel_view == NTK_KERNEL_VIEW_DIFFERENCE, vmin, vmax);
    }
  kernel_data_clear (&kd);
  return ok;
}

const NtkFigureClass ntk_figure_kernel_class = {
  .id = "kernel",
  .title = N_("Kernel"),
  .no_data = N_("No kernel yet: start a run to compute the NTK."),
  .has_data = kernel_has_data,
  .render = kernel_render,
  .readout = kernel_readout,
  .write_csv = kernel_write_csv,
};
