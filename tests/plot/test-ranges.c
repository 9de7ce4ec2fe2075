/* test-ranges.c — axes that stay readable when a reference curve diverges, and keys that
 * leave small figures room for their data
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-figure-private.h"
#include "ntk-plot-context.h"
#include "ntk-test-data.h"

/* ------------------------------------------------------------------ helpers */

static cairo_surface_t *
render (NtkFigureKind          kind,
        const NtkFigureSource *source,
        const NtkPlotOptions  *options,
        int                    width,
        int                    height,
        NtkFigureLayout       *layout)
{
  NtkPlotTheme theme;

  ntk_plot_theme_init_light (&theme);
  return ntk_test_render (kind, source, options, &theme, width, height, layout);
}

/* The data values at the top and bottom edge of panel 0. */
static void
panel_y_range (const NtkFigureLayout *layout,
               double                *bottom,
               double                *top)
{
  double x, y, w, h, dx;

  g_assert_true (ntk_figure_layout_get_data_rect (layout, 0, &x, &y, &w, &h));
  g_assert_true (ntk_figure_layout_point_to_data (layout, 0, x + 0.5 * w, y, &dx, top));
  g_assert_true (ntk_figure_layout_point_to_data (layout, 0, x + 0.5 * w, y + h, &dx, bottom));
}

/* Share of panel 0's height between the data values @a and @b. */
static double
height_share (const NtkFigureLayout *layout,
              double                 data_x,
              double                 a,
              double                 b)
{
  double x, y, w, h, px, pa, pb;

  g_assert_true (ntk_figure_layout_get_data_rect (layout, 0, &x, &y, &w, &h));
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, data_x, a, &px, &pa));
  g_assert_true (ntk_figure_layout_data_to_point (layout, 0, data_x, b, &px, &pb));
  return fabs (pa - pb) / h;
}

static gboolean
keys_contain (const NtkFigureLayout *layout,
              const char            *text)
{
  return layout->keys != NULL && strstr (layout->keys->str, text) != NULL;
}

/* ------------------------------------------------------------------ modes */

static void
test_modes_theory_diverges (void)
{
  NtkTestRun *run = ntk_test_run_new (8, 64, 30);
  NtkRunConstants *c = &run->constants;
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  NtkPlotOptions options;
  cairo_surface_t *surface;
  guint tracked = c->n_modes_tracked, k, len = run->snapshot.history_len;
  double max_finite = 0.0, bottom, top, share;

  ntk_plot_options_init (&options);
  k = MIN (options.n_modes, tracked);
  for (guint h = 0; h < len; h++)
    for (guint i = 0; i < k; i++)
      max_finite = MAX (max_finite, fabs (run->history.mode_finite[h * tracked + i]));

  /* Stable: the theory is part of the range and the key names it plainly. */
  surface = render (NTK_FIGURE_MODES, &run->source, &options, 640, 420, layout);
  cairo_surface_destroy (surface);
  panel_y_range (layout, &bottom, &top);
  g_test_message ("η < η_crit: y from %.3g to %.3g, max finite %.3g", bottom, top, max_finite);
  g_assert_false (keys_contain (layout, "diverges"));
  g_assert_false (keys_contain (layout, "off scale"));
  g_assert_true (keys_contain (layout, "theory: discrete GD"));

  /* η λ₁/n = 3: the discrete theory of mode 1 grows as 2ᵏ, to 1e180 over the planned 600
   * steps, while the finite network (the history) stays below 1. */
  c->config->learning_rate = 3.0 * c->n / c->eig0->eigval[0];
  run->snapshot.eta_over_eta_crit = c->config->learning_rate / c->eta_crit;
  g_assert_cmpfloat (c->config->learning_rate, >, c->eta_crit);
  surface = render (NTK_FIGURE_MODES, &run->source, &options, 640, 420, layout);
  panel_y_range (layout, &bottom, &top);
  share = height_share (layout, 100.0, max_finite, 1e-6 * max_finite);
  g_test_message ("η = %.3g η_crit: y from %.3g to %.3g; six decades below the largest finite "
                  "value take %.0f %% of the panel", run->snapshot.eta_over_eta_crit, bottom, top,
                  100 * share);
  /* The axis stops within 1e3 of the finite data (plus the 4 % padding of ≤ 12 decades). */
  g_assert_cmpfloat (top, <=, 1e3 * max_finite * 3.1);
  g_assert_cmpfloat (top, >=, max_finite);
  g_assert_cmpfloat (share, >=, 0.3);
  g_assert_true (keys_contain (layout, "theory diverges: η > ηcrit"));
  /* The finite curve of mode 1 is drawn where it is: the modes' darkest ramp colour at step 0. */
  {
    NtkPlotTheme theme;
    double px, py;

    ntk_plot_theme_init_light (&theme);
    g_assert_true (ntk_figure_layout_data_to_point (layout, 0, 0.0, fabs (run->history.mode_finite[0]), &px, &py));
    g_assert_cmpuint (ntk_test_count_color (surface, ntk_palette_sequential (&theme, 0.0), 0.12,
                                            (int) px - 4, (int) py - 4, (int) px + 5, (int) py + 5), >, 3);
  }
  cairo_surface_destroy (surface);

  /* In a figure as small as the overview of an 800 px window, the mark stays when the
   * compact key does not fit. */
  surface = render (NTK_FIGURE_MODES, &run->source, &options, 190, 245, layout);
  cairo_surface_destroy (surface);
  g_test_message ("at 190×245 the key is %s", layout->key_hidden ? "hidden" : layout->key_essential
                  ? "its essential items" : layout->key_compact ? "compact" : "full");
  g_assert_false (layout->key_hidden);

  /* Gradient flow of the same η does not diverge (λ ≥ 0): no mark. */
  options.theory = NTK_TIME_FLOW;
  surface = render (NTK_FIGURE_MODES, &run->source, &options, 640, 420, layout);
  cairo_surface_destroy (surface);
  g_assert_false (keys_contain (layout, "diverges"));

  ntk_test_run_free (run);
}

/* ------------------------------------------------------------------ loss */

static void
test_loss_linearized_diverges (void)
{
  NtkTestRun *run = ntk_test_run_new (8, 64, 30);
  NtkHistory *h = &run->history;
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  NtkPlotOptions options;
  cairo_surface_t *surface;
  guint len = run->snapshot.history_len;
  double max_finite = 0.0, min_finite = INFINITY, bottom, top, share;

  ntk_plot_options_init (&options);
  for (guint k = 0; k < len; k++)
    for (guint l = NTK_LOSS_FINITE_TRAIN; l <= NTK_LOSS_FINITE_TEST; l++)
      {
        max_finite = MAX (max_finite, h->loss[l][k]);
        min_finite = MIN (min_finite, h->loss[l][k]);
      }

  /* The linearized model past η_crit: its losses grow ten decades a sample to 1e240, then are
   * NaN (the engine stops it there); the NTK-GP stays comparable. */
  for (guint k = 0; k < len; k++)
    {
      double v = k < 25 ? 1e-2 * pow (10.0, 10.0 * k) : NAN;

      h->loss[NTK_LOSS_LIN_TRAIN][k] = v;
      h->loss[NTK_LOSS_LIN_TEST][k] = 2 * v;
    }
  surface = render (NTK_FIGURE_LOSS, &run->source, &options, 640, 420, layout);
  cairo_surface_destroy (surface);
  panel_y_range (layout, &bottom, &top);
  share = height_share (layout, 100.0, max_finite, min_finite);
  g_test_message ("finite losses %.3g … %.3g; y from %.3g to %.3g; they take %.0f %% of the panel",
                  min_finite, max_finite, bottom, top, 100 * share);
  g_assert_cmpfloat (top, <=, 1e3 * max_finite * 3.0);
  g_assert_cmpfloat (bottom, <=, min_finite);
  g_assert_true (isfinite (bottom) && bottom > 0.0);
  g_assert_cmpfloat (share, >=, 0.25);
  g_assert_true (keys_contain (layout, "linearized, train (off scale)"));
  g_assert_true (keys_contain (layout, "linearized, test (off scale)"));
  g_assert_false (keys_contain (layout, "NTK-GP, train (off scale)"));

  /* Every linearized loss NaN: the axis is still the finite network's, and nothing is marked. */
  for (guint k = 0; k < len; k++)
    h->loss[NTK_LOSS_LIN_TRAIN][k] = h->loss[NTK_LOSS_LIN_TEST][k] = NAN;
  surface = render (NTK_FIGURE_LOSS, &run->source, &options, 640, 420, layout);
  cairo_surface_destroy (surface);
  panel_y_range (layout, &bottom, &top);
  g_assert_cmpfloat (top, <=, 1e3 * max_finite * 3.0);
  g_assert_cmpfloat (bottom, <=, min_finite);
  g_assert_false (keys_contain (layout, "off scale"));

  ntk_test_run_free (run);
}

/* ------------------------------------------------------------------ predictions */

static void
test_predictions_huge_references (void)
{
  NtkTestRun *run = ntk_test_run_new (8, 64, 30);
  NtkSnapshot *s = &run->snapshot;
  const NtkDataset *d = &run->data;
  g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
  NtkPlotOptions options;
  NtkPlotTheme theme;
  cairo_surface_t *surface;
  double lo = INFINITY, hi = -INFINITY, span, bottom, top;
  guint blue;

  ntk_plot_options_init (&options);
  ntk_plot_theme_init_light (&theme);
  for (guint j = 0; j < d->n_test; j++)
    {
      lo = MIN (lo, MIN (d->y_test[j], s->f_test[j]));
      hi = MAX (hi, MAX (d->y_test[j], s->f_test[j]));
    }
  span = hi - lo;

  surface = render (NTK_FIGURE_PREDICTIONS, &run->source, &options, 640, 420, layout);
  cairo_surface_destroy (surface);
  g_assert_false (keys_contain (layout, "off scale"));

  /* A diverging linearized model and NTK-GP: 1e6 and 1e30 times the target, with a band to
   * match. The axis follows the target and the finite network. */
  for (guint j = 0; j < d->n_test; j++)
    {
      s->lin_test[j] = 1e6 * d->y_test[j] + 3e5;
      s->inf_test[j] = 1e30 * d->y_test[j];
      s->inf_var_test[j] = 1e60;
    }
  surface = render (NTK_FIGURE_PREDICTIONS, &run->source, &options, 640, 420, layout);
  panel_y_range (layout, &bottom, &top);
  g_test_message ("target and finite net in [%.3g, %.3g]; y from %.3g to %.3g", lo, hi, bottom, top);
  g_assert_cmpfloat (bottom, <=, lo);
  g_assert_cmpfloat (top, >=, hi);
  /* at most one span of the core beyond it on either side, plus 6 % padding */
  g_assert_cmpfloat (bottom, >=, lo - 1.2 * span);
  g_assert_cmpfloat (top, <=, hi + 1.2 * span);
  g_assert_true (keys_contain (layout, "linearized (off scale)"));
  g_assert_true (keys_contain (layout, "NTK-GP mean ± 2σ (off scale)"));
  g_assert_false (keys_contain (layout, "kernel regression (t → ∞) (off scale)"));
  {
    double x, y, w, h;

    g_assert_true (ntk_figure_layout_get_data_rect (layout, 0, &x, &y, &w, &h));
    blue = ntk_test_count_color (surface, ntk_palette_color (&theme, NTK_COLOR_BLUE), 0.1,
                                 (int) x, (int) y, (int) (x + w), (int) (y + h));
  }
  g_test_message ("%u pixels of the finite network's colour", blue);
  g_assert_cmpuint (blue, >, 200);
  cairo_surface_destroy (surface);

  ntk_test_run_free (run);
}

/* ------------------------------------------------------------------ small figures */

static void
test_small_figures_keep_their_data (void)
{
  NtkTestRun *run = ntk_test_run_new (8, 64, 30);
  NtkWidthSweep *sweep = ntk_test_sweep_new ();
  NtkKernelSlice *slice = ntk_test_slice_new ();
  NtkFigureSource sources[NTK_N_FIGURES];
  NtkPlotOptions options;
  const int width = 220, height = 240;
  double least = 1.0;

  ntk_plot_options_init (&options);
  ntk_test_sources_init (sources, run, sweep, slice);

  for (guint kind = 0; kind < NTK_N_FIGURES; kind++)
    {
      g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
      cairo_surface_t *surface = render (kind, &sources[kind], &options, width, height, layout);
      double sum = 0.0, x, y, w, h;

      cairo_surface_destroy (surface);
      for (guint p = 0; p < ntk_figure_layout_get_n_panels (layout); p++)
        {
          g_assert_true (ntk_figure_layout_get_data_rect (layout, p, &x, &y, &w, &h));
          sum += h;
        }
      g_test_message ("%s at %d×%d: data %.0f px high (%.0f %%), key %s", ntk_figure_kind_to_id (kind),
                      width, height, sum, 100 * sum / height,
                      layout->keys == NULL ? "none" : layout->key_hidden ? "hidden"
                      : layout->key_compact ? "compact" : "full");
      /* The spectrum's two panels share the height with the gap between them. */
      if (kind != NTK_FIGURE_SPECTRUM)
        least = MIN (least, sum / height);
      else
        g_assert_cmpfloat (sum, >=, 0.45 * height);
    }
  g_assert_cmpfloat (least, >=, 0.5);

  /* The modes figure keeps a key there: the compact one, one colour ramp for the modes. */
  {
    g_autoptr(NtkFigureLayout) layout = ntk_figure_layout_new ();
    cairo_surface_t *surface = render (NTK_FIGURE_MODES, &sources[NTK_FIGURE_MODES], &options,
                                       width, height, layout);

    cairo_surface_destroy (surface);
    g_assert_true (layout->key_compact);
    g_assert_false (layout->key_hidden);
    /* and the full key with every mode's eigenvalue when there is room */
    surface = render (NTK_FIGURE_MODES, &sources[NTK_FIGURE_MODES], &options, 900, 600, layout);
    cairo_surface_destroy (surface);
    g_assert_false (layout->key_compact);
    g_assert_false (layout->key_hidden);
    g_assert_true (keys_contain (layout, "mode 6, λ = "));
  }

  ntk_test_run_free (run);
  ntk_test_sweep_free (sweep);
  ntk_test_slice_free (slice);
}

/* ------------------------------------------------------------------ text */

static void
test_markup_text (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  NtkPlotContext ctx;
  NtkPlotTheme theme;
  double plain_w, sub_w;

  ntk_plot_theme_init_light (&theme);
  ntk_plot_context_init (&ctx, cr, 100, 100, &theme);
  {
    g_autoptr(PangoLayout) layout = ntk_plot_layout (&ctx, "η &gt; η<sub>crit</sub>",
                                                     NTK_TEXT_SMALL | NTK_TEXT_MARKUP);
    g_assert_cmpstr (pango_layout_get_text (layout), ==, "η > ηcrit");
  }
  /* A subscript is set smaller than the same letters in line. */
  ntk_plot_text_size (&ctx, "ηcrit", NTK_TEXT_SMALL, &plain_w, NULL);
  ntk_plot_text_size (&ctx, "η<sub>crit</sub>", NTK_TEXT_SMALL | NTK_TEXT_MARKUP, &sub_w, NULL);
  g_test_message ("“ηcrit” %.1f px wide, with the subscript %.1f px", plain_w, sub_w);
  g_assert_cmpfloat (sub_w, <, 0.95 * plain_w);
  /* Broken markup (a translation, say) shows as typed. */
  {
    g_autoptr(PangoLayout) layout = ntk_plot_layout (&ctx, "a < b & <sub>c", NTK_TEXT_SMALL | NTK_TEXT_MARKUP);
    g_assert_cmpstr (pango_layout_get_text (layout), ==, "a < b & <sub>c");
  }
  /* Without the flag, markup is text. */
  {
    g_autoptr(PangoLayout) layout = ntk_plot_layout (&ctx, "<sub>c</sub>", NTK_TEXT_SMALL);
    g_assert_cmpstr (pango_layout_get_text (layout), ==, "<sub>c</sub>");
  }
  ntk_plot_context_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/ranges/modes-theory-diverges", test_modes_theory_diverges);
  g_test_add_func ("/plot/ranges/loss-linearized-diverges", test_loss_linearized_diverges);
  g_test_add_func ("/plot/ranges/predictions-huge-references", test_predictions_huge_references);
  g_test_add_func ("/plot/legend/small-figures", test_small_figures_keep_their_data);
  g_test_add_func ("/plot/text/markup", test_markup_text);

  return g_test_run ();
}
