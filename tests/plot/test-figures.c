/* test-figures.c — every figure rendered from synthetic data and checked pixel by pixel
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-figure-private.h"
#include "ntk-test-data.h"

#define W 640
#define H 420

static const guint all_series = NTK_SERIES_TRAIN_POINTS | NTK_SERIES_TARGET | NTK_SERIES_FINITE |
                                NTK_SERIES_LINEARIZED | NTK_SERIES_INFINITE |
                                NTK_SERIES_KERNEL_REGRESSION;

typedef struct {
  NtkTestRun     *run;
  NtkWidthSweep  *sweep;
  NtkKernelSlice *slice;
  NtkFigureSource sources[NTK_N_FIGURES];
  NtkPlotTheme    light, dark;
  NtkPlotOptions  options;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->run = ntk_test_run_new (8, 64, 30);
  f->sweep = ntk_test_sweep_new ();
  f->slice = ntk_test_slice_new ();
  ntk_test_sources_init (f->sources, f->run, f->sweep, f->slice);
  ntk_plot_theme_init_light (&f->light);
  ntk_plot_theme_init_dark (&f->dark);
  ntk_plot_options_init (&f->options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ntk_test_run_free (f->run);
  ntk_test_sweep_free (f->sweep);
  ntk_test_slice_free (f->slice);
}

static void
data_rect (const NtkFigureLayout *layout,
           guint                  panel,
           int                   *x0,
           int                   *y0,
           int                   *x1,
           int                   *y1)
{
  double x, y, w, h;

  g_assert_true (ntk_figure_layout_get_data_rect (layout, panel, &x, &y, &w, &h));
  *x0 = (int) ceil (x);
  *y0 = (int) ceil (y);
  *x1 = (int) floor (x + w);
  *y1 = (int) floor (y + h);
}

/* The best match to @color within a (2r+1)² neighbourhood of (x, y). */
static double
nearest_color (cairo_surface_t *s,
               double           x,
               double           y,
               int              r,
               NtkRgba          color)
{
  double best = G_MAXDOUBLE;

  for (int dy = -r; dy <= r; dy++)
    for (int dx = -r; dx <= r; dx++)
      {
        int px = (int) floor (x) + dx, py = (int) floor (y) + dy;

        if (px < 0 || py < 0 || px >= cairo_image_surface_get_width (s) || py >= cairo_image_surface_get_height (s))
          continue;
        best = MIN (best, ntk_test_color_dist (ntk_test_pixel (s, px, py), color));
      }
  return best;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  return cairo_image_surface_get_height (b) == h && cairo_image_surface_get_stride (b) == stride &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b), (gsize) h * stride) == 0;
}

static void
test_background_and_ink (Fixture       *f,
                         gconstpointer  data)
{
  const NtkPlotTheme *themes[] = { &f->light, &f->dark };

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      cairo_surface_t *s = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options,
                                            themes[t], W, H, layout);
      int x0, y0, x1, y1;
      guint ink;

      /* the corners are background, exactly */
      g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, 0, 0), themes[t]->background), <, 0.003);
      g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, W - 1, H - 1), themes[t]->background), <, 0.003);
      /* the data area is inked: curves, band, points, legend */
      data_rect (layout, 0, &x0, &y0, &x1, &y1);
      ink = ntk_test_count_ink (s, themes[t]->background, 0.05, x0, y0, x1, y1);
      g_test_message ("theme %u: %u of %d data pixels inked", t, ink, (x1 - x0) * (y1 - y0));
      g_assert_cmpuint (ink, >, (guint) ((x1 - x0) * (y1 - y0) / 10));
      cairo_surface_destroy (s);
    }
}

static void
test_series_color_at_point (Fixture       *f,
                            gconstpointer  data)
{
  const NtkPlotTheme *themes[] = { &f->light, &f->dark };
  const NtkDataset *d = &f->run->data;
  const NtkSnapshot *snap = &f->run->snapshot;

  f->options.hidden_series = all_series & ~NTK_SERIES_FINITE;
  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      cairo_surface_t *s = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options,
                                            themes[t], W, H, layout);
      NtkRgba blue = ntk_palette_color (themes[t], NTK_COLOR_BLUE);
      static const guint indices[] = { 8, 20, 31, 44, 55 };

      for (guint k = 0; k < G_N_ELEMENTS (indices); k++)
        {
          guint i = indices[k];
          double px, py, dist;

          g_assert_true (ntk_figure_layout_data_to_point (layout, 0, d->coord_test[i], snap->f_test[i], &px, &py));
          dist = nearest_color (s, px, py, 1, blue);
          g_test_message ("theme %u, grid point %u at (%.1f, %.1f): colour distance %.3f", t, i, px, py, dist);
          g_assert_cmpfloat (dist, <, 0.06);
          /* and the inverse mapping returns the data point */
          {
            double dx, dy;
            g_assert_true (ntk_figure_layout_point_to_data (layout, 0, px, py, &dx, &dy));
            g_assert_cmpfloat (fabs (dx - d->coord_test[i]), <, 1e-9 * (1 + fabs (d->coord_test[i])));
            g_assert_cmpfloat (fabs (dy - snap->f_test[i]), <, 1e-9 * (1 + fabs (snap->f_test[i])));
          }
        }
      cairo_surface_destroy (s);
    }
}

static guint
count_series (Fixture *f,
              guint    hidden,
              NtkRgba  color)
{
  cairo_surface_t *s;
  guint n;

  f->options.hidden_series = hidden;
  s = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, NULL);
  n = ntk_test_count_color (s, color, 0.04, 0, 0, W, H);
  cairo_surface_destroy (s);
  return n;
}

static void
test_hidden_series (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { NtkSeries bit; NtkPaletteColor color; } cases[] = {
    { NTK_SERIES_FINITE, NTK_COLOR_BLUE },
    { NTK_SERIES_LINEARIZED, NTK_COLOR_VERMILLION },
    { NTK_SERIES_INFINITE, NTK_COLOR_GREEN },
  };
  const NtkDataset *d = &f->run->data;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      NtkRgba color = ntk_palette_color (&f->light, cases[c].color);
      guint shown = count_series (f, 0, color);
      guint hidden = count_series (f, cases[c].bit, color);

      g_test_message ("series %#x: %u pixels shown, %u hidden", cases[c].bit, shown, hidden);
      g_assert_cmpuint (shown, >, 200);
      g_assert_cmpuint (hidden, ==, 0);
    }

  /* training points: at their pixels with only the points visible, not with nothing visible */
  {
    g_autoptr(NtkFigureLayout) la = ntk_figure_layout_new ();
    g_autoptr(NtkFigureLayout) lb = ntk_figure_layout_new ();
    cairo_surface_t *a, *b;
    /* points are the foreground at 90 % over the background */
    NtkRgba point = { 0.9 * f->light.foreground.r + 0.1, 0.9 * f->light.foreground.g + 0.1,
                      0.9 * f->light.foreground.b + 0.1, 1.0 };

    f->options.hidden_series = all_series & ~NTK_SERIES_TRAIN_POINTS;
    a = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, la);
    f->options.hidden_series = all_series;
    b = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, lb);
    for (guint k = 0; k < d->n; k++)
      {
        double px, py;

        g_assert_true (ntk_figure_layout_data_to_point (la, 0, d->coord[k], d->y[k], &px, &py));
        g_assert_cmpfloat (nearest_color (a, px, py, 0, point), <, 0.02);
        if (ntk_figure_layout_data_to_point (lb, 0, d->coord[k], d->y[k], &px, &py) &&
            px >= 0 && py >= 0 && px < W && py < H)
          g_assert_cmpfloat (nearest_color (b, px, py, 0, point), >, 0.3);
      }
    cairo_surface_destroy (a);
    cairo_surface_destroy (b);
  }
}

static void
test_nan_no_stray (Fixture       *f,
                   gconstpointer  data)
{
  NtkSnapshot *snap = &f->run->snapshot;
  const NtkDataset *d = &f->run->data;
  guint nt = d->n_test, i = 32;
  g_autofree double *saved = g_memdup2 (snap->f_test, nt * sizeof (double));
  NtkRgba blue = ntk_palette_color (&f->light, NTK_COLOR_BLUE);
  cairo_surface_t *nan_img, *pinf_img, *minf_img, *hidden_img, *allnan_img;
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  double xa, xb, ya, yb, lw;
  int x0, y0, x1, y1;
  guint stray;

  /* all NaN draws exactly what hiding the series draws (legend included) */
  for (guint j = 0; j < nt; j++)
    snap->f_test[j] = NAN;
  allnan_img = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, NULL);
  memcpy (snap->f_test, saved, nt * sizeof (double));
  f->options.hidden_series = NTK_SERIES_FINITE;
  hidden_img = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, NULL);
  g_assert_true (same_pixels (allnan_img, hidden_img));
  cairo_surface_destroy (allnan_img);
  cairo_surface_destroy (hidden_img);

  /* one NaN, +Inf or −Inf: the same gap in the line */
  f->options.hidden_series = all_series & ~NTK_SERIES_FINITE;
  snap->f_test[i] = NAN;
  nan_img = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, layout);
  snap->f_test[i] = INFINITY;
  pinf_img = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, NULL);
  snap->f_test[i] = -INFINITY;
  minf_img = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, NULL);
  g_assert_true (same_pixels (nan_img, pinf_img));
  g_assert_true (same_pixels (nan_img, minf_img));

  /* no blue between the neighbours of the gap (beyond the round caps) */
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, d->coord_test[i - 1], saved[i - 1], &xa, &ya));
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, d->coord_test[i + 1], saved[i + 1], &xb, &yb));
  lw = 3.0;
  data_rect (layout, 0, &x0, &y0, &x1, &y1);
  stray = ntk_test_count_color (nan_img, blue, 0.2, (int) ceil (xa + lw), y0, (int) floor (xb - lw), y1);
  g_test_message ("gap %.1f … %.1f: %u blue pixels", xa, xb, stray);
  g_assert_cmpfloat (xb - xa, >, 2 * lw + 2);
  g_assert_cmpuint (stray, ==, 0);
  /* while the same columns do have the line when the value is back */
  memcpy (snap->f_test, saved, nt * sizeof (double));
  {
    cairo_surface_t *full = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, NULL);
    g_assert_cmpuint (ntk_test_count_color (full, blue, 0.2, (int) ceil (xa + lw), y0, (int) floor (xb - lw), y1), >, 0);
    cairo_surface_destroy (full);
  }
  cairo_surface_destroy (nan_img);
  cairo_surface_destroy (pinf_img);
  cairo_surface_destroy (minf_img);

  /* a huge finite value: clipped, no line outside the data rectangle */
  snap->f_test[i] = 1e300;
  {
    g_autoptr(NtkFigureLayout) l2 = ntk_figure_layout_new ();
    cairo_surface_t *s = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, l2);
    guint inside, total;

    data_rect (l2, 0, &x0, &y0, &x1, &y1);
    total = ntk_test_count_color (s, blue, 0.2, 0, 0, W, H);
    inside = ntk_test_count_color (s, blue, 0.2, x0 - 2, y0 - 2, x1 + 2, y1 + 2);
    g_test_message ("1e300: %u blue pixels, %u inside", total, inside);
    g_assert_cmpuint (total, >, 0);
    g_assert_cmpuint (inside, ==, total);
    cairo_surface_destroy (s);
  }
  memcpy (snap->f_test, saved, nt * sizeof (double));
}

static void
test_log_axis_nonpositive (Fixture       *f,
                           gconstpointer  data)
{
  NtkHistory *h = &f->run->history;
  NtkRgba blue = ntk_palette_color (&f->light, NTK_COLOR_BLUE);
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  cairo_surface_t *s;
  int x0, y0, x1, y1;

  /* zeros and negatives on the log loss axis, and log x with step 0 */
  h->loss[NTK_LOSS_FINITE_TRAIN][5] = 0.0;
  h->loss[NTK_LOSS_FINITE_TRAIN][6] = -1.0;
  h->loss[NTK_LOSS_FINITE_TRAIN][7] = NAN;
  f->options.log_x = TRUE;
  s = ntk_test_render (NTK_FIGURE_LOSS, &f->run->source, &f->options, &f->light, W, H, layout);
  data_rect (layout, 0, &x0, &y0, &x1, &y1);
  g_assert_cmpuint (ntk_test_count_color (s, blue, 0.2, 0, 0, W, H), ==,
                    ntk_test_count_color (s, blue, 0.2, x0 - 2, y0 - 2, x1 + 2, y1 + 2));
  g_assert_cmpuint (ntk_test_count_color (s, blue, 0.2, x0, y0, x1, y1), >, 50);
  cairo_surface_destroy (s);
}

static void
test_colorbar_extremes (Fixture       *f,
                        gconstpointer  data)
{
  static const struct { NtkKernelView view; guint32 top, bottom; } cases[] = {
    /* viridis ends, and Paul Tol's BuRd ends */
    { NTK_KERNEL_VIEW_EMPIRICAL_NOW, 0xFDE725, 0x440154 },
    { NTK_KERNEL_VIEW_NNGP, 0xFDE725, 0x440154 },
    { NTK_KERNEL_VIEW_DIFFERENCE, 0xB2182B, 0x2166AC },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      cairo_surface_t *s;
      NtkRgba top, bottom, want_top = ntk_test_rgb (cases[c].top), want_bottom = ntk_test_rgb (cases[c].bottom);
      double cx;

      f->options.kernel_view = cases[c].view;
      s = ntk_test_render (NTK_FIGURE_KERNEL, &f->run->source, &f->options, &f->light, W, H, layout);
      g_assert_true (layout->has_colorbar);
      cx = layout->cx + 0.5 * layout->cw;
      top = ntk_test_pixel (s, (int) cx, (int) ceil (layout->cy) + 1);
      bottom = ntk_test_pixel (s, (int) cx, (int) floor (layout->cy + layout->ch) - 2);
      g_test_message ("view %u: top (%.3f %.3f %.3f), bottom (%.3f %.3f %.3f)", cases[c].view,
                      top.r, top.g, top.b, bottom.r, bottom.g, bottom.b);
      g_assert_cmpfloat (ntk_test_color_dist (top, want_top), <, 0.02);
      g_assert_cmpfloat (ntk_test_color_dist (bottom, want_bottom), <, 0.02);
      /* the colormap's own ends are exactly these colours */
      g_assert_cmpfloat (ntk_test_color_dist (ntk_colormap_eval (layout->colormap, 1.0), want_top), <, 0.003);
      g_assert_cmpfloat (ntk_test_color_dist (ntk_colormap_eval (layout->colormap, 0.0), want_bottom), <, 0.003);
      if (cases[c].view == NTK_KERNEL_VIEW_DIFFERENCE)
        {
          /* centred on 0 */
          g_assert_cmpfloat_with_epsilon (layout->cmin, -layout->cmax, 1e-12);
          g_assert_cmpfloat (ntk_test_color_dist (ntk_colormap_eval (layout->colormap, 0.5), ntk_test_rgb (0xF7F7F7)), <, 0.003);
        }
      cairo_surface_destroy (s);
    }
}

static void
test_heatmap_cells (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  NtkTestRun *run = f->run;
  guint n = run->constants.n;
  cairo_surface_t *s;
  g_autofree char *text = NULL;
  double px, py;

  /* Θ̂₀: the diagonal is the maximum (viridis top), cells at distance π the minimum */
  f->options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_INIT;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (ntk_figure_layout_data_to_point (layout, 0, i + 0.5, i + 0.5, &px, &py));
      g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py), ntk_test_rgb (0xFDE725)), <, 0.01);
      /* sorted by γ: the antidiagonal-shifted cell (i, i + n/2) is γ apart by π, the minimum */
      g_assert_true (ntk_figure_layout_data_to_point (layout, 0, (i + n / 2) % n + 0.5, i + 0.5, &px, &py));
      g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py), ntk_test_rgb (0x440154)), <, 0.01);
    }
  /* the readout names the data indices: the top-left cell is the point with γ = 0 (data index 2) */
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, 0.5, 0.5, &px, &py));
  text = ntk_figure_readout (NTK_FIGURE_KERNEL, &run->source, &f->options, layout, px, py);
  g_test_message ("readout: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "[2, 2] = 1.1"));
  g_assert_nonnull (strstr (text, "\u03b3 = 0,"));
  cairo_surface_destroy (s);

  /* a locked range: the diagonal value 1.1 in [0, 10] is viridis at 0.11 */
  f->options.lock_range = TRUE;
  f->options.range_min = 0.0;
  f->options.range_max = 10.0;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_cmpfloat (layout->cmin, ==, 0.0);
  g_assert_cmpfloat (layout->cmax, ==, 10.0);
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, 3.5, 3.5, &px, &py));
  g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py),
                                          ntk_colormap_eval (NTK_COLORMAP_VIRIDIS, 0.11)), <, 0.01);
  cairo_surface_destroy (s);

  /* a NaN cell stays background */
  f->options.lock_range = FALSE;
  run->constants.ntk0[0] = NAN;   /* data index 0 sits at sorted row 3 (γ = 3π/4) */
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, 3.5, 3.5, &px, &py));
  g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py), f->light.background), <, 0.003);
  cairo_surface_destroy (s);
}

static double
relative_luminance (NtkRgba c)
{
  double v[3] = { c.r, c.g, c.b };

  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast_ratio (NtkRgba a,
                NtkRgba b)
{
  double la = relative_luminance (a), lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The ordered ramp of the modes figure reads on both backgrounds (≥ 3:1, WCAG non-text) and
 * keeps its rank order (luminance grows with rank); the dark modes figure draws mode 1 in it. */
static void
test_sequential_contrast (Fixture       *f,
                          gconstpointer  data)
{
  const NtkPlotTheme *themes[] = { &f->light, &f->dark };
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  cairo_surface_t *s;
  int x0, y0, x1, y1;

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      double worst = INFINITY, last = -1.0;

      for (guint i = 0; i <= 100; i++)
        {
          NtkRgba c = ntk_palette_sequential (themes[t], i / 100.0);
          double l = relative_luminance (c);

          worst = MIN (worst, contrast_ratio (c, themes[t]->background));
          g_assert_cmpfloat (l, >, last);
          last = l;
        }
      g_test_message ("%s theme: worst contrast of the ordered ramp %.2f:1", t ? "dark" : "light", worst);
      g_assert_cmpfloat (worst, >=, 3.0);
    }

  s = ntk_test_render (NTK_FIGURE_MODES, &f->run->source, &f->options, &f->dark, W, H, layout);
  data_rect (layout, 0, &x0, &y0, &x1, &y1);
  g_assert_cmpuint (ntk_test_count_color (s, ntk_palette_sequential (&f->dark, 0.0), 0.03, x0, y0, x1, y1), >, 30);
  cairo_surface_destroy (s);
}

/* The colour @layout gives value @v on its colour bar. */
static NtkRgba
bar_color (const NtkFigureLayout *layout,
           double                 v)
{
  return ntk_colormap_eval (layout->colormap, (v - layout->cmin) / (layout->cmax - layout->cmin));
}

static double
synthetic_kernel (double a,
                  double b)
{
  return exp (cos (a - b) - 1.0) + 0.1;
}

/* The heatmap over the test points: the grid's kernels in grid order, Θ̂ₖ on every s-th grid
 * point, the notes when a kernel is missing, readouts and the unlocked range. */
static void
test_heatmap_test_points (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  NtkTestRun *run = f->run;
  const NtkDataset *d = &run->data;
  guint nt = d->n_test;
  cairo_surface_t *s;
  g_autofree char *text = NULL;
  double px, py, lo, hi;
  int x0, y0, x1, y1;

  g_assert_false (f->options.kernel_on_test);   /* the default */

  /* Θ over the 64 grid points: 64 cells a side, each the analytic value 1.05·k(γ_i, γ_j) */
  f->options.kernel_on_test = TRUE;
  f->options.kernel_view = NTK_KERNEL_VIEW_ANALYTIC_NTK;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_true (layout->has_heatmap);
  g_assert_true (layout->on_test);
  g_assert_cmpuint (layout->hn, ==, nt);
  g_assert_cmpfloat_with_epsilon (layout->cmax, 1.05 * 1.1, 1e-12);
  for (guint i = 0; i < nt; i += 7)
    for (guint j = 0; j < nt; j += 5)
      {
        double v = 1.05 * synthetic_kernel (d->coord_test[i], d->coord_test[j]);

        g_assert_true (ntk_figure_layout_data_to_point (layout, 0, j + 0.5, i + 0.5, &px, &py));
        g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py), bar_color (layout, v)), <, 0.01);
      }
  /* the readout names grid points */
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, 10.5, 0.5, &px, &py));
  text = ntk_figure_readout (NTK_FIGURE_KERNEL, &run->source, &f->options, layout, px, py);
  g_test_message ("readout: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "\u0398[1, 11] = "));
  g_assert_nonnull (strstr (text, "test points"));
  g_assert_nonnull (strstr (text, "\u03b3 = 0,"));
  g_clear_pointer (&text, g_free);
  /* the unlocked range is what the render used */
  g_assert_true (ntk_figure_kernel_range (&run->source, &f->options, &lo, &hi));
  g_assert_cmpfloat (lo, ==, layout->cmin);
  g_assert_cmpfloat (hi, ==, layout->cmax);
  cairo_surface_destroy (s);

  /* Θ̂ₖ on every 3rd grid point: 22 cells a side; cell (a, b) is grid point (3a, 3b) */
  ntk_test_run_set_ntk_k_test_stride (run, 3);
  f->options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_NOW;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_cmpuint (layout->hn, ==, 22);
  for (guint a = 0; a < 22; a += 3)
    for (guint b = 0; b < 22; b += 2)
      {
        double ga = d->coord_test[3 * a], gb = d->coord_test[3 * b];
        double v = synthetic_kernel (ga, gb) + 0.05 * cos (ga - gb);

        g_assert_true (ntk_figure_layout_data_to_point (layout, 0, b + 0.5, a + 0.5, &px, &py));
        g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py), bar_color (layout, v)), <, 0.01);
      }
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, 2.5, 1.5, &px, &py));
  text = ntk_figure_readout (NTK_FIGURE_KERNEL, &run->source, &f->options, layout, px, py);
  g_test_message ("readout: %s", text);
  g_assert_nonnull (strstr (text, "[4, 7] = "));   /* grid points 3 and 6, numbered from 1 */
  g_clear_pointer (&text, g_free);
  cairo_surface_destroy (s);

  /* Θ̂ₖ − Θ̂₀ on the same points is 0.05 cos(γ − γ′): the diagonal is the diverging map's top */
  f->options.kernel_view = NTK_KERNEL_VIEW_DIFFERENCE;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_cmpuint (layout->hn, ==, 22);
  g_assert_cmpfloat_with_epsilon (layout->cmax, 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (layout->cmin, -0.05, 1e-12);
  for (guint a = 0; a < 22; a++)
    {
      g_assert_true (ntk_figure_layout_data_to_point (layout, 0, a + 0.5, a + 0.5, &px, &py));
      g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, (int) px, (int) py), ntk_test_rgb (0xB2182B)), <, 0.01);
    }
  cairo_surface_destroy (s);

  /* Θ̂ₖ not tracked: a note instead of a heatmap, no range to lock; Θ̂₀ still shows */
  ntk_test_run_set_ntk_k_test_stride (run, 0);
  f->options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_NOW;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_false (layout->has_heatmap);
  g_assert_cmpuint (ntk_test_count_ink (s, f->light.background, 0.1, 0, H / 3, W, 2 * H / 3), >, 100);
  g_assert_false (ntk_figure_kernel_range (&run->source, &f->options, &lo, &hi));
  cairo_surface_destroy (s);
  f->options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_INIT;
  s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->light, W, H, layout);
  g_assert_true (layout->has_heatmap);
  g_assert_cmpuint (layout->hn, ==, nt);
  data_rect (layout, 0, &x0, &y0, &x1, &y1);
  g_assert_cmpuint (ntk_test_count_color (s, ntk_test_rgb (0xFDE725), 0.02, x0, y0, x1, y1), >, 200);
  cairo_surface_destroy (s);

  /* more test points than the engine keeps kernels for: the note, and the training points
   * still work */
  {
    double *saved = run->constants.ntk0_test_test;

    run->constants.ntk0_test_test = NULL;
    run->constants.n_test = NTK_TEST_KERNEL_MAX_POINTS + 1;
    s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->dark, W, H, layout);
    g_assert_false (layout->has_heatmap);
    g_assert_cmpuint (ntk_test_count_ink (s, f->dark.background, 0.1, 0, H / 3, W, 2 * H / 3), >, 100);
    g_assert_false (ntk_figure_kernel_range (&run->source, &f->options, &lo, &hi));
    cairo_surface_destroy (s);
    f->options.kernel_on_test = FALSE;
    s = ntk_test_render (NTK_FIGURE_KERNEL, &run->source, &f->options, &f->dark, W, H, layout);
    g_assert_true (layout->has_heatmap);
    g_assert_cmpuint (layout->hn, ==, run->constants.n);
    cairo_surface_destroy (s);
    run->constants.n_test = nt;
    run->constants.ntk0_test_test = saved;
  }

  /* the difference range is symmetric */
  f->options.kernel_view = NTK_KERNEL_VIEW_DIFFERENCE;
  g_assert_true (ntk_figure_kernel_range (&run->source, &f->options, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -hi);
  g_assert_cmpfloat_with_epsilon (hi, 0.05, 1e-12);
}

static void
test_all_figures_themes (Fixture       *f,
                         gconstpointer  data)
{
  const NtkPlotTheme *themes[] = { &f->light, &f->dark };

  /* g_test_init() makes warnings and criticals fatal: a render that warns fails here */
  for (guint k = 0; k < NTK_N_FIGURES; k++)
    for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
      {
        g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
        cairo_surface_t *s;
        int x0, y0, x1, y1;
        guint ink;

        g_assert_true (ntk_figure_has_data (k, &f->sources[k]));
        s = ntk_test_render (k, &f->sources[k], &f->options, themes[t], W, H, layout);
        g_assert_cmpuint (ntk_figure_layout_get_n_panels (layout), >=, 1);
        data_rect (layout, 0, &x0, &y0, &x1, &y1);
        g_assert_cmpint (x1 - x0, >, W / 3);
        g_assert_cmpint (y1 - y0, >, H / 4);
        ink = ntk_test_count_ink (s, themes[t]->background, 0.08, x0 + 2, y0 + 2, x1 - 2, y1 - 2);
        g_test_message ("%s (%s): data rect %d×%d, %u inked", ntk_figure_kind_to_id (k),
                        t ? "dark" : "light", x1 - x0, y1 - y0, ink);
        g_assert_cmpuint (ink, >, 300);
        g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (s, 0, 0), themes[t]->background), <, 0.003);
        /* the title area has text */
        g_assert_cmpuint (ntk_test_count_ink (s, themes[t]->background, 0.3, 0, 0, W / 2, y0 - 4), >, 50);
        cairo_surface_destroy (s);
      }
}

static void
test_no_data (Fixture       *f,
              gconstpointer  data)
{
  NtkFigureSource empty = { 0 };
  NtkTestRun *fresh = ntk_test_run_new (8, 64, 0);   /* a snapshot without history */

  for (guint k = 0; k < NTK_N_FIGURES; k++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      cairo_surface_t *s;

      g_assert_false (ntk_figure_has_data (k, &empty));
      g_assert_false (ntk_figure_has_data (k, NULL));
      s = ntk_test_render (k, &empty, &f->options, &f->light, W, H, layout);
      g_assert_cmpuint (ntk_figure_layout_get_n_panels (layout), ==, 0);
      g_assert_null (ntk_figure_readout (k, &empty, &f->options, layout, W / 2, H / 2));
      /* the note is centred: ink in the middle band, left and right of the centre */
      g_assert_cmpuint (ntk_test_count_ink (s, f->light.background, 0.2, W / 4, H / 2 - 20, W / 2, H / 2 + 20), >, 20);
      g_assert_cmpuint (ntk_test_count_ink (s, f->light.background, 0.2, W / 2, H / 2 - 20, 3 * W / 4, H / 2 + 20), >, 20);
      cairo_surface_destroy (s);
    }
  g_assert_false (ntk_figure_has_data (NTK_FIGURE_MODES, &fresh->source));
  g_assert_false (ntk_figure_has_data (NTK_FIGURE_LOSS, &fresh->source));
  g_assert_false (ntk_figure_has_data (NTK_FIGURE_DRIFT, &fresh->source));
  g_assert_true (ntk_figure_has_data (NTK_FIGURE_PREDICTIONS, &fresh->source));
  g_assert_true (ntk_figure_has_data (NTK_FIGURE_KERNEL, &fresh->source));
  ntk_test_run_free (fresh);
}

static void
test_diverged_banner (Fixture       *f,
                      gconstpointer  data)
{
  NtkRgba red = { 0.753, 0.110, 0.157, 1.0 };
  NtkRgba blended = { 0.92 * red.r + 0.08, 0.92 * red.g + 0.08, 0.92 * red.b + 0.08, 1.0 };

  for (guint k = 0; k <= NTK_FIGURE_DRIFT; k++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      cairo_surface_t *s;
      int x0, y0, x1, y1;
      guint running, diverged;

      f->run->snapshot.state = NTK_RUN_RUNNING;
      s = ntk_test_render (k, &f->run->source, &f->options, &f->light, W, H, layout);
      data_rect (layout, 0, &x0, &y0, &x1, &y1);
      running = ntk_test_count_color (s, blended, 0.12, x0, y0, x1, y0 + 60);
      cairo_surface_destroy (s);

      f->run->snapshot.state = NTK_RUN_DIVERGED;
      f->run->snapshot.diverged_step = 123;
      s = ntk_test_render (k, &f->run->source, &f->options, &f->light, W, H, layout);
      diverged = ntk_test_count_color (s, blended, 0.12, x0, y0, x1, y0 + 60);
      cairo_surface_destroy (s);
      g_test_message ("%s: %u banner pixels running, %u diverged", ntk_figure_kind_to_id (k), running, diverged);
      g_assert_cmpuint (running, ==, 0);
      g_assert_cmpuint (diverged, >, 1000);
    }
  f->run->snapshot.state = NTK_RUN_RUNNING;
}

static void
test_readouts (Fixture       *f,
               gconstpointer  data)
{
  const NtkDataset *d = &f->run->data;
  const NtkSnapshot *snap = &f->run->snapshot;

  /* predictions: the nearest grid sample, with the values of the visible series */
  {
    g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
    g_autofree char *text = NULL;
    g_autofree char *want_coord = NULL, *want_f = NULL;
    cairo_surface_t *s = ntk_test_render (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, &f->light, W, H, layout);
    double px, py;
    char buf[64];

    g_assert_true (ntk_figure_layout_data_to_point (layout, 0, d->coord_test[20], snap->f_test[20] + 0.3, &px, &py));
    text = ntk_figure_readout (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, layout, px + 0.4, py);
    g_test_message ("predictions: %s", text);
    ntk_format_value (d->coord_test[20], buf, sizeof buf);
    want_coord = g_strdup_printf ("\u03b3 = %s,", buf);
    ntk_format_value (snap->f_test[20], buf, sizeof buf);
    want_f = g_strdup_printf ("finite = %s", buf);
    g_assert_true (g_str_has_prefix (text, want_coord));
    g_assert_nonnull (strstr (text, want_f));
    g_assert_nonnull (strstr (text, "linearized = "));
    g_assert_nonnull (strstr (text, "NTK-GP = "));
    g_clear_pointer (&text, g_free);

    /* hidden series are not read out */
    f->options.hidden_series = NTK_SERIES_LINEARIZED;
    text = ntk_figure_readout (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, layout, px, py);
    g_assert_null (strstr (text, "linearized"));
    g_clear_pointer (&text, g_free);
    f->options.hidden_series = 0;

    /* on a training point */
    g_assert_true (ntk_figure_layout_data_to_point (layout, 0, d->coord[0], d->y[0], &px, &py));
    text = ntk_figure_readout (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, layout, px, py);
    g_assert_true (g_str_has_prefix (text, "training point 1:"));
    g_clear_pointer (&text, g_free);

    /* outside the data area: nothing; another figure's layout: nothing */
    g_assert_null (ntk_figure_readout (NTK_FIGURE_PREDICTIONS, &f->run->source, &f->options, layout, 1, 1));
    g_assert_null (ntk_figure_readout (NTK_FIGURE_LOSS, &f->run->source, &f->options, layout, px, py));
    cairo_surface_destroy (s);
  }

  /* every figure answers in the middle of its first panel */
  for (guint k = 0; k < NTK_N_FIGURES; k++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      g_autofree char *text = NULL;
      cairo_surface_t *s = ntk_test_render (k, &f->sources[k], &f->options, &f->light, W, H, layout);
      double x, y, w, h;

      g_assert_true (ntk_figure_layout_get_data_rect (layout, 0, &x, &y, &w, &h));
      text = ntk_figure_readout (k, &f->sources[k], &f->options, layout, x + 0.5 * w, y + 0.5 * h);
      g_test_message ("%s: %s", ntk_figure_kind_to_id (k), text);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (strlen (text), >, 5);
      cairo_surface_destroy (s);
    }
}

static void
test_modes_theory (Fixture       *f,
                   gconstpointer  data)
{
  NtkTestRun *run = f->run;
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  cairo_surface_t *s;
  guint h = 10, step = run->history.step[h];
  double eta = run->constants.config->learning_rate, lambda = run->eig0.eigval[1];
  double e0 = fabs (run->constants.mode0[1]), n = run->constants.n;
  const NtkTimeModel models[] = { NTK_TIME_DISCRETE, NTK_TIME_FLOW };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      double want = models[m] == NTK_TIME_DISCRETE ? e0 * pow (fabs (1 - eta * lambda / n), step)
                                                   : e0 * exp (-lambda * eta * step / n);
      double finite = fabs (run->history.mode_finite[h * run->constants.n_modes_tracked + 1]);
      g_autofree char *text = NULL;
      char buf[64];
      double px, py;

      f->options.theory = models[m];
      s = ntk_test_render (NTK_FIGURE_MODES, &run->source, &f->options, &f->light, W, H, layout);
      /* the theory curve of mode 2 passes through its value at that step */
      g_assert_true (ntk_figure_layout_data_to_point (layout, 0, step, want, &px, &py));
      g_assert_cmpfloat (nearest_color (s, px, py, 2, ntk_palette_sequential (&f->light, 0.2)), <, 0.1);
      /* the readout near the finite curve names mode 2 and the theory value */
      g_assert_true (ntk_figure_layout_data_to_point (layout, 0, step, finite, &px, &py));
      text = ntk_figure_readout (NTK_FIGURE_MODES, &run->source, &f->options, layout, px, py);
      ntk_format_value (want, buf, sizeof buf);
      g_test_message ("%s (theory %s)", text, buf);
      g_assert_nonnull (strstr (text, "mode 2"));
      g_assert_nonnull (strstr (text, buf));
      cairo_surface_destroy (s);
    }
}

static void
test_degenerate_sizes (Fixture       *f,
                       gconstpointer  data)
{
  static const int sizes[][2] = { { 1, 1 }, { 10, 10 }, { 64, 64 }, { 120, 90 }, { 3000, 60 }, { 60, 2000 } };

  for (guint k = 0; k < NTK_N_FIGURES; k++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
        cairo_surface_t *s = ntk_test_render (k, &f->sources[k], &f->options, &f->light,
                                              sizes[i][0], sizes[i][1], layout);
        cairo_surface_destroy (s);
      }
  /* zero and non-finite sizes draw nothing and leave the layout empty */
  {
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *cr = cairo_create (s);
    g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();

    ntk_figure_render (cr, 0, 0, NTK_FIGURE_LOSS, &f->run->source, NULL, &f->light, layout);
    g_assert_cmpuint (ntk_figure_layout_get_n_panels (layout), ==, 0);
    ntk_figure_render (cr, NAN, 100, NTK_FIGURE_LOSS, &f->run->source, NULL, &f->light, layout);
    g_assert_cmpuint (ntk_figure_layout_get_n_panels (layout), ==, 0);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
  }
}

/* Data at the edges: one training point, two grid points, one published step, constant and
 * non-finite values, zero eigenvalues. Every figure must draw without a warning or a crash. */
static void
test_degenerate_data (Fixture       *f,
                      gconstpointer  data)
{
  NtkTestRun *tiny = ntk_test_run_new (1, 2, 1);
  NtkTestRun *flat = ntk_test_run_new (5, 16, 3);
  NtkTestRun *bad = ntk_test_run_new (6, 16, 4);
  NtkTestRun *runs[] = { tiny, flat, bad };
  NtkSnapshot *s;

  /* flat: every value the same, eigenvalues 0 */
  s = &flat->snapshot;
  for (guint j = 0; j < 16; j++)
    s->f_test[j] = s->lin_test[j] = s->inf_test[j] = flat->data.y_test[j] = 0.25;
  for (guint i = 0; i < 5; i++)
    flat->eig0.eigval[i] = flat->eig.eigval[i] = 0.0;
  for (guint i = 0; i < 25; i++)
    flat->constants.ntk0[i] = s->ntk_k[i] = 3.0;
  for (guint k = 0; k < NTK_N_LOSSES; k++)
    for (guint h = 0; h < 3; h++)
      flat->history.loss[k][h] = 0.0;

  /* bad: NaN and infinities everywhere */
  s = &bad->snapshot;
  for (guint j = 0; j < 16; j++)
    {
      s->f_test[j] = j % 2 ? NAN : INFINITY;
      s->inf_var_test[j] = -1.0;
      bad->data.y_test[j] = NAN;
    }
  for (guint i = 0; i < 36; i++)
    bad->constants.ntk0[i] = s->ntk_k[i] = bad->constants.ntk[i] = NAN;
  for (guint i = 0; i < 6; i++)
    {
      bad->eig0.eigval[i] = NAN;
      bad->data.coord[i] = i % 3 ? NAN : bad->data.coord[i];
    }
  for (guint k = 0; k < NTK_N_LOSSES; k++)
    for (guint h = 0; h < 4; h++)
      bad->history.loss[k][h] = -INFINITY;
  bad->history.mode_finite[0] = NAN;
  bad->history.kernel_drift[2] = INFINITY;

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    for (guint k = 0; k <= NTK_FIGURE_DRIFT; k++)
      for (guint v = 0; v < NTK_N_KERNEL_VIEWS; v++)
        {
          g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
          g_autofree char *text = NULL;
          cairo_surface_t *img;

          if (k != NTK_FIGURE_KERNEL && v > 0)
            break;
          f->options.kernel_view = v;
          f->options.log_x = v % 2;
          img = ntk_test_render (k, &runs[r]->source, &f->options, &f->light, 320, 240, layout);
          /* any readout is valid UTF-8 (or none) */
          text = ntk_figure_readout (k, &runs[r]->source, &f->options, layout, 160, 120);
          g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
          cairo_surface_destroy (img);
        }
  ntk_test_run_free (tiny);
  ntk_test_run_free (flat);
  ntk_test_run_free (bad);
}

static void
test_ids_and_titles (void)
{
  static const char *const ids[] = {
    "predictions", "kernel", "modes", "spectrum", "loss", "drift", "width-sweep", "kernel-slice",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (ids) == NTK_N_FIGURES);
  for (guint k = 0; k < NTK_N_FIGURES; k++)
    {
      NtkFigureKind back;

      g_assert_cmpstr (ntk_figure_kind_to_id (k), ==, ids[k]);
      g_assert_true (ntk_figure_kind_from_id (ids[k], &back));
      g_assert_cmpint (back, ==, k);
      g_assert_cmpuint (strlen (ntk_figure_kind_title (k)), >, 0);
    }
  g_assert_false (ntk_figure_kind_from_id ("Predictions", NULL));
  g_assert_false (ntk_figure_kind_from_id ("", NULL));
}

static void
test_scale_independent_layout (Fixture       *f,
                               gconstpointer  data)
{
  /* the same user-unit layout at 1× and 2× device scale (HiDPI and PNG export) */
  g_autoptr(NtkFigureLayout) a = ntk_figure_layout_new ();
  g_autoptr(NtkFigureLayout) b = ntk_figure_layout_new ();
  cairo_surface_t *s1 = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_surface_t *s2 = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * W, 2 * H);
  cairo_t *cr;
  double xa, ya, wa, ha, xb, yb, wb, hb;

  cairo_surface_set_device_scale (s2, 2, 2);
  cr = cairo_create (s1);
  ntk_figure_render (cr, W, H, NTK_FIGURE_MODES, &f->run->source, &f->options, &f->light, a);
  cairo_destroy (cr);
  cr = cairo_create (s2);
  ntk_figure_render (cr, W, H, NTK_FIGURE_MODES, &f->run->source, &f->options, &f->light, b);
  cairo_destroy (cr);
  g_assert_true (ntk_figure_layout_get_data_rect (a, 0, &xa, &ya, &wa, &ha));
  g_assert_true (ntk_figure_layout_get_data_rect (b, 0, &xb, &yb, &wb, &hb));
  g_assert_cmpfloat_with_epsilon (xa, xb, 1e-9);
  g_assert_cmpfloat_with_epsilon (ya, yb, 1e-9);
  g_assert_cmpfloat_with_epsilon (wa, wb, 1e-9);
  g_assert_cmpfloat_with_epsilon (ha, hb, 1e-9);
  cairo_surface_destroy (s1);
  cairo_surface_destroy (s2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/plot/figures/background-and-ink", test_background_and_ink);
  ADD ("/plot/figures/series-colour-at-point", test_series_color_at_point);
  ADD ("/plot/figures/hidden-series", test_hidden_series);
  ADD ("/plot/figures/nan-no-stray", test_nan_no_stray);
  ADD ("/plot/figures/log-axis-nonpositive", test_log_axis_nonpositive);
  ADD ("/plot/figures/colorbar-extremes", test_colorbar_extremes);
  ADD ("/plot/figures/heatmap-cells", test_heatmap_cells);
  ADD ("/plot/figures/heatmap-test-points", test_heatmap_test_points);
  ADD ("/plot/figures/sequential-contrast", test_sequential_contrast);
  ADD ("/plot/figures/all-figures-themes", test_all_figures_themes);
  ADD ("/plot/figures/no-data", test_no_data);
  ADD ("/plot/figures/diverged-banner", test_diverged_banner);
  ADD ("/plot/figures/readouts", test_readouts);
  ADD ("/plot/figures/modes-theory", test_modes_theory);
  ADD ("/plot/figures/degenerate-sizes", test_degenerate_sizes);
  ADD ("/plot/figures/degenerate-data", test_degenerate_data);
  ADD ("/plot/figures/scale-independent-layout", test_scale_independent_layout);
#undef ADD
  g_test_add_func ("/plot/figures/ids-and-titles", test_ids_and_titles);

  return g_test_run ();
}
