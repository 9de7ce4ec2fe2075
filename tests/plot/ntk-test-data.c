/* ntk-test-data.c — synthetic runs, sweeps and slices with known values for the plot tests
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ntk-test-data.h"

static double *
block (NtkTestRun *run,
       gsize       n)
{
  double *p = g_new0 (double, MAX (n, 1));
  g_ptr_array_add (run->blocks, p);
  return p;
}

static double
target (double g)
{
  return sin (g) + 0.3 * sin (3.0 * g);
}

static double
kernel (double a,
        double b)
{
  return exp (cos (a - b) - 1.0) + 0.1;
}

NtkTestRun *
ntk_test_run_new (guint n,
                  guint n_test,
                  guint history_len)
{
  NtkTestRun *run = g_new0 (NtkTestRun, 1);
  NtkSnapshot *s = &run->snapshot;
  NtkRunConstants *c = &run->constants;
  NtkHistory *h = &run->history;
  NtkDataset *d = &run->data;
  guint tracked = MIN (n, NTK_MAX_TRACKED_MODES);
  double eta = 0.5;
  guint *perm = g_new (guint, n);

  run->blocks = g_ptr_array_new_with_free_func (g_free);

  /* A fixed shuffle of the circle's points: data order ≠ sorted order. */
  for (guint i = 0; i < n; i++)
    perm[i] = (i * 5 + 3) % n;
  if (n % 5 == 0)
    for (guint i = 0; i < n; i++)
      perm[i] = n - 1 - i;

  d->d0 = 2;
  d->n = n;
  d->x = block (run, 2 * n);
  d->y = block (run, n);
  d->y_clean = block (run, n);
  d->coord = block (run, n);
  for (guint i = 0; i < n; i++)
    {
      double g = 2.0 * G_PI * perm[i] / n;

      d->coord[i] = g;
      d->x[2 * i] = cos (g);
      d->x[2 * i + 1] = sin (g);
      d->y[i] = d->y_clean[i] = target (g);
    }
  d->n_test = n_test;
  d->x_test = block (run, 2 * n_test);
  d->y_test = block (run, n_test);
  d->coord_test = block (run, n_test);
  for (guint j = 0; j < n_test; j++)
    {
      double g = 2.0 * G_PI * j / (n_test - 1);

      d->coord_test[j] = g;
      d->x_test[2 * j] = cos (g);
      d->x_test[2 * j + 1] = sin (g);
      d->y_test[j] = target (g);
    }
  d->coord_name = "\u03b3";
  g_free (perm);

  c->config = ntk_config_new ();
  c->config->width = 512;
  c->config->depth = 2;
  c->config->seed = 1234;
  c->config->learning_rate = eta;
  c->config->n_train = n;
  c->config->n_test = n_test;
  c->config->steps = MAX (history_len, 1) * 20;
  c->data = d;
  c->n = n;
  c->n_test = n_test;
  c->ntk0 = block (run, (gsize) n * n);
  c->ntk = block (run, (gsize) n * n);
  c->nngp = block (run, (gsize) n * n);
  for (guint a = 0; a < n; a++)
    for (guint b = 0; b < n; b++)
      {
        double k = kernel (d->coord[a], d->coord[b]);

        c->ntk0[a * n + b] = k;
        c->ntk[a * n + b] = 1.05 * k;
        c->nngp[a * n + b] = 0.5 * k;
      }
  /* over the test points (a synthetic run keeps them at any size) */
  c->ntk0_test_test = block (run, (gsize) n_test * n_test);
  c->ntk_test_test = block (run, (gsize) n_test * n_test);
  c->nngp_test_test = block (run, (gsize) n_test * n_test);
  for (guint a = 0; a < n_test; a++)
    for (guint b = 0; b < n_test; b++)
      {
        double k = kernel (d->coord_test[a], d->coord_test[b]);

        c->ntk0_test_test[(gsize) a * n_test + b] = k;
        c->ntk_test_test[(gsize) a * n_test + b] = 1.05 * k;
        c->nngp_test_test[(gsize) a * n_test + b] = 0.5 * k;
      }
  c->kernel_regression_test = block (run, n_test);
  for (guint j = 0; j < n_test; j++)
    c->kernel_regression_test[j] = 0.95 * d->y_test[j];

  run->eig0.n = run->eig.n = n;
  run->eig0.eigval = block (run, n);
  run->eig.eigval = block (run, n);
  for (guint i = 0; i < n; i++)
    {
      run->eig0.eigval[i] = 5.0 * pow (10.0, -0.5 * i);
      run->eig.eigval[i] = 5.5 * pow (10.0, -0.45 * i);
    }
  run->eig0.lambda_max = run->eig0.eigval[0];
  run->eig0.lambda_min = run->eig0.eigval[n - 1];
  c->eig0 = &run->eig0;
  c->eig = &run->eig;
  c->eta_crit = 2.0 * n / run->eig0.eigval[0];
  c->mode0 = block (run, n);
  for (guint i = 0; i < n; i++)
    c->mode0[i] = (i % 2 ? -1.0 : 1.0) / (i + 1);
  c->n_modes_tracked = tracked;

  h->capacity = MAX (history_len, 1);
  h->step = g_new0 (guint, h->capacity);
  g_ptr_array_add (run->blocks, h->step);
  h->t = block (run, h->capacity);
  for (guint k = 0; k < NTK_N_LOSSES; k++)
    h->loss[k] = block (run, h->capacity);
  h->kernel_drift = block (run, h->capacity);
  h->weight_drift = block (run, h->capacity);
  h->rmse_lin = block (run, h->capacity);
  h->mode_finite = block (run, (gsize) h->capacity * tracked);
  h->mode_lin = block (run, (gsize) h->capacity * tracked);
  for (guint k = 0; k < history_len; k++)
    {
      double step = 10.0 * k;

      h->step[k] = 10 * k;
      h->t[k] = eta * step;
      for (guint l = 0; l < NTK_N_LOSSES; l++)
        h->loss[l][k] = (0.5 * exp (-step / (60.0 * (1 + l / 2))) + 1e-3) * (l % 2 ? 1.3 : 1.0);
      h->kernel_drift[k] = 0.012 * (1.0 - exp (-step / 80.0));
      h->weight_drift[k] = 0.02 * (1.0 - exp (-step / 50.0));
      h->rmse_lin[k] = 1e-3 * step / 100.0;
      for (guint i = 0; i < tracked; i++)
        {
          double factor = 1.0 - eta * run->eig0.eigval[i] / n;
          double e = c->mode0[i] * pow (factor, step);

          h->mode_lin[(gsize) k * tracked + i] = e;
          /* The finite net lags the theory a little. */
          h->mode_finite[(gsize) k * tracked + i] = e * (1.0 + 0.1 * step / 100.0);
        }
    }

  s->run_id = 1;
  s->state = NTK_RUN_RUNNING;
  s->step = history_len > 0 ? h->step[history_len - 1] : 0;
  s->t = eta * s->step;
  s->constants = c;
  s->history = h;
  s->history_len = history_len;
  s->f_train = block (run, n);
  s->lin_train = block (run, n);
  s->inf_train = block (run, n);
  for (guint i = 0; i < n; i++)
    {
      s->f_train[i] = 0.9 * d->y[i] + 0.05;
      s->lin_train[i] = 0.85 * d->y[i];
      s->inf_train[i] = 0.8 * d->y[i];
    }
  s->f_test = block (run, n_test);
  s->lin_test = block (run, n_test);
  s->inf_test = block (run, n_test);
  s->inf_var_test = block (run, n_test);
  for (guint j = 0; j < n_test; j++)
    {
      double g = d->coord_test[j];

      s->f_test[j] = 0.9 * d->y_test[j] + 0.05;
      s->lin_test[j] = 0.85 * d->y_test[j];
      s->inf_test[j] = 0.8 * d->y_test[j];
      s->inf_var_test[j] = 0.01 * (1.0 + sin (g) * sin (g));
    }
  s->ntk_k = block (run, (gsize) n * n);
  for (guint a = 0; a < n; a++)
    for (guint b = 0; b < n; b++)
      s->ntk_k[a * n + b] = c->ntk0[a * n + b] + 0.05 * cos (d->coord[a] - d->coord[b]);
  ntk_test_run_set_ntk_k_test_stride (run, 1);
  s->mode_finite = block (run, n);
  s->mode_lin = block (run, n);
  for (guint i = 0; i < n; i++)
    {
      double factor = 1.0 - eta * run->eig0.eigval[i] / n;
      s->mode_lin[i] = c->mode0[i] * pow (factor, s->step);
      s->mode_finite[i] = s->mode_lin[i] * 1.1;
    }
  for (guint l = 0; l < NTK_N_LOSSES; l++)
    s->loss[l] = history_len > 0 ? h->loss[l][history_len - 1] : NAN;
  s->kernel_drift = history_len > 0 ? h->kernel_drift[history_len - 1] : 0.0;
  s->weight_drift = history_len > 0 ? h->weight_drift[history_len - 1] : 0.0;
  s->eta_over_eta_crit = eta / c->eta_crit;

  run->source.snapshot = s;
  return run;
}

void
ntk_test_run_set_ntk_k_test_stride (NtkTestRun *run,
                                    guint       stride)
{
  NtkRunConstants *c = &run->constants;
  const NtkDataset *d = &run->data;
  guint m = stride > 0 ? (c->n_test + stride - 1) / stride : 0;

  c->ntk_k_test_stride = stride;
  c->n_ntk_k_test = m;
  run->snapshot.ntk_k_test = NULL;
  if (m == 0)
    return;
  run->snapshot.ntk_k_test = block (run, (gsize) m * m);
  for (guint a = 0; a < m; a++)
    for (guint b = 0; b < m; b++)
      {
        double ga = d->coord_test[a * stride], gb = d->coord_test[b * stride];

        run->snapshot.ntk_k_test[(gsize) a * m + b] = kernel (ga, gb) + 0.05 * cos (ga - gb);
      }
}

void
ntk_test_run_free (NtkTestRun *run)
{
  if (run == NULL)
    return;
  ntk_config_free (run->constants.config);
  g_free (run->snapshot.message);
  g_ptr_array_unref (run->blocks);
  g_free (run);
}

NtkWidthSweep *
ntk_test_sweep_new (void)
{
  NtkWidthSweep *w = g_new0 (NtkWidthSweep, 1);
  guint nw = 6, ns = 3;

  w->n_widths = nw;
  w->n_seeds = ns;
  w->widths = g_new (guint, nw);
  w->kernel_drift = g_new (double, nw * ns);
  w->init_error = g_new (double, nw * ns);
  w->kernel_drift_mean = g_new0 (double, nw);
  w->init_error_mean = g_new0 (double, nw);
  for (guint i = 0; i < nw; i++)
    {
      w->widths[i] = 16u << i;
      for (guint s = 0; s < ns; s++)
        {
          double jitter = 1.0 + 0.15 * ((double) s - 1.0) * (i % 2 ? 1.0 : -1.0);

          w->kernel_drift[i * ns + s] = 0.5 / sqrt (w->widths[i]) * jitter;
          w->init_error[i * ns + s] = 1.2 / sqrt (w->widths[i]) * (2.0 - jitter);
          w->kernel_drift_mean[i] += w->kernel_drift[i * ns + s] / ns;
          w->init_error_mean[i] += w->init_error[i * ns + s] / ns;
        }
    }
  w->drift_slope = -0.5;
  w->init_error_slope = -0.5;
  w->steps = 200;
  w->config = ntk_config_new ();
  w->config->seed = 77;
  return w;
}

void
ntk_test_sweep_free (NtkWidthSweep *w)
{
  g_free (w->widths);
  g_free (w->kernel_drift);
  g_free (w->init_error);
  g_free (w->kernel_drift_mean);
  g_free (w->init_error_mean);
  ntk_config_free (w->config);
  g_free (w);
}

NtkKernelSlice *
ntk_test_slice_new (void)
{
  NtkKernelSlice *k = g_new0 (NtkKernelSlice, 1);
  NtkDataset *d = g_new0 (NtkDataset, 1);
  guint nt = 96, nw = 2, ns = 3;

  d->n_test = nt;
  d->coord_test = g_new (double, nt);
  for (guint j = 0; j < nt; j++)
    d->coord_test[j] = 2.0 * G_PI * j / (nt - 1);
  d->coord_name = "\u03b3";

  k->n_widths = nw;
  k->n_seeds = ns;
  k->n_test = nt;
  k->widths = g_new (guint, nw);
  k->widths[0] = 64;
  k->widths[1] = 1024;
  k->x0_index = 0;
  k->analytic = g_new (double, nt);
  k->empirical_init = g_new (double, nw * ns * nt);
  k->empirical_trained = g_new (double, nw * ns * nt);
  for (guint j = 0; j < nt; j++)
    k->analytic[j] = 0.17 + 0.11 * cos (d->coord_test[j]);
  for (guint wi = 0; wi < nw; wi++)
    for (guint s = 0; s < ns; s++)
      for (guint j = 0; j < nt; j++)
        {
          double amp = 0.4 / sqrt (k->widths[wi]);
          double g = d->coord_test[j];
          gsize off = ((gsize) wi * ns + s) * nt + j;

          k->empirical_init[off] = k->analytic[j] * (1.0 + amp * sin ((s + 1) * g + s));
          k->empirical_trained[off] = k->empirical_init[off] * (1.0 + 0.5 * amp);
        }
  k->data = d;
  k->config = ntk_config_new ();
  k->config->steps = 500;
  k->config->seed = 99;
  return k;
}

void
ntk_test_slice_free (NtkKernelSlice *k)
{
  g_free (k->data->coord_test);
  g_free (k->data);
  g_free (k->widths);
  g_free (k->analytic);
  g_free (k->empirical_init);
  g_free (k->empirical_trained);
  ntk_config_free (k->config);
  g_free (k);
}

void
ntk_test_sources_init (NtkFigureSource   sources[NTK_N_FIGURES],
                       const NtkTestRun *run,
                       NtkWidthSweep    *sweep,
                       NtkKernelSlice   *slice)
{
  for (guint k = 0; k < NTK_N_FIGURES; k++)
    sources[k] = run->source;
  sources[NTK_FIGURE_WIDTH_SWEEP].sweep = sweep;
  sources[NTK_FIGURE_KERNEL_SLICE].slice = slice;
}

cairo_surface_t *
ntk_test_render (NtkFigureKind          kind,
                 const NtkFigureSource *source,
                 const NtkPlotOptions  *options,
                 const NtkPlotTheme    *theme,
                 int                    width,
                 int                    height,
                 NtkFigureLayout       *layout)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  ntk_figure_render (cr, width, height, kind, source, options, theme, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

NtkRgba
ntk_test_pixel (cairo_surface_t *surface,
                int              x,
                int              y)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + (gsize) y * stride + 4 * x);
  double a = (p >> 24 & 0xff) / 255.0;

  if (a == 0.0)
    return (NtkRgba) { 0, 0, 0, 0 };
  return (NtkRgba) { (p >> 16 & 0xff) / 255.0 / a, (p >> 8 & 0xff) / 255.0 / a,
                     (p & 0xff) / 255.0 / a, a };
}

double
ntk_test_color_dist (NtkRgba a,
                     NtkRgba b)
{
  return MAX (fabs (a.r - b.r), MAX (fabs (a.g - b.g), fabs (a.b - b.b)));
}

guint
ntk_test_count_color (cairo_surface_t *surface,
                      NtkRgba          color,
                      double           tol,
                      int              x0,
                      int              y0,
                      int              x1,
                      int              y1)
{
  guint count = 0;

  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (surface));
  y1 = MIN (y1, cairo_image_surface_get_height (surface));
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        NtkRgba p = ntk_test_pixel (surface, x, y);

        if (p.a > 0.9 && ntk_test_color_dist (p, color) <= tol)
          count++;
      }
  return count;
}

guint
ntk_test_count_ink (cairo_surface_t *surface,
                    NtkRgba          background,
                    double           tol,
                    int              x0,
                    int              y0,
                    int              x1,
                    int              y1)
{
  guint count = 0;

  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (surface));
  y1 = MIN (y1, cairo_image_surface_get_height (surface));
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        NtkRgba p = ntk_test_pixel (surface, x, y);

        if (fabs (p.a - background.a) > tol || ntk_test_color_dist (p, background) > tol)
          count++;
      }
  return count;
}

NtkRgba
ntk_test_rgb (guint32 hex)
{
  return (NtkRgba) { (hex >> 16 & 0xff) / 255.0, (hex >> 8 & 0xff) / 255.0, (hex & 0xff) / 255.0, 1.0 };
}
