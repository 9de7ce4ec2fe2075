/* test-sweep.c — width sweeps, seed ensembles and kernel slices
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-sweep.h"
#include "ntk-kernel.h"
#include "ntk-test-util.h"

/* depth 2 on 16 circle points; η = 0.5 · 2n/λ_max(Θ) of the analytic NTK (the width → ∞
 * value of η_crit), the same for every width */
static NtkConfig *
sweep_config (NtkActivation activation,
              guint         steps)
{
  NtkConfig *config = ntk_config_new ();
  g_autoptr(NtkDataset) data = NULL;
  g_autoptr(NtkEigen) eig = NULL;
  g_autofree double *ntk = NULL;
  g_autoptr(GError) error = NULL;

  config->activation = activation;
  config->depth = 2;
  config->width = 64;
  config->n_train = 16;
  config->n_test = 64;
  config->steps = steps;
  config->seed = 7;

  data = ntk_dataset_new_from_config (config, &error);
  g_assert_no_error (error);
  ntk = g_new (double, 16 * 16);
  ntk_analytic_kernel (config, data->d0, data->x, 16, NULL, 16, ntk, NULL);
  eig = ntk_eigen_new (ntk, 16, &error);
  g_assert_no_error (error);
  config->learning_rate = 0.5 * ntk_eta_crit (eig, 16);
  return config;
}

typedef struct {
  guint         calls;
  double        last;
  GCancellable *cancel;        /* cancelled once fraction passes cancel_after */
  double        cancel_after;
} ProgressData;

static void
on_progress (double      fraction,
             const char *phase,
             gpointer    user_data)
{
  ProgressData *p = user_data;

  g_assert_nonnull (phase);
  g_assert_cmpfloat (fraction, >=, p->last - 1e-12);
  g_assert_cmpfloat (fraction, <=, 1.0 + 1e-12);
  p->last = fraction;
  p->calls++;
  if (p->cancel != NULL && fraction > p->cancel_after)
    g_cancellable_cancel (p->cancel);
}

static void
test_width_sweep (void)
{
  g_autoptr(NtkConfig) config = sweep_config (NTK_ACTIVATION_ERF, 100);
  const guint widths[] = { 32, 128, 512, 2048 };
  const guint n_widths = G_N_ELEMENTS (widths), n_seeds = 3;
  g_autoptr(NtkWidthSweep) sweep = NULL;
  g_autoptr(GError) error = NULL;
  ProgressData progress = { 0 };

  sweep = ntk_width_sweep_run (config, widths, n_widths, n_seeds, NULL, on_progress, &progress, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sweep);
  g_assert_cmpuint (sweep->n_widths, ==, n_widths);
  g_assert_cmpuint (sweep->n_seeds, ==, n_seeds);
  g_assert_cmpuint (sweep->steps, ==, 100);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >=, n_widths * n_seeds);

  for (guint w = 0; w < n_widths; w++)
    {
      double mean_d = 0.0, mean_e = 0.0;

      g_assert_cmpuint (sweep->widths[w], ==, widths[w]);
      for (guint s = 0; s < n_seeds; s++)
        {
          double d = sweep->kernel_drift[w * n_seeds + s];
          double e = sweep->init_error[w * n_seeds + s];

          g_assert_true (isfinite (d) && d > 0.0);
          g_assert_true (isfinite (e) && e > 0.0);
          mean_d += d / n_seeds;
          mean_e += e / n_seeds;
        }
      assert_rel (sweep->kernel_drift_mean[w], mean_d, 1e-12);
      assert_rel (sweep->init_error_mean[w], mean_e, 1e-12);
      g_test_message ("width %5u: kernel drift %.4e, ‖Θ̂_0 − Θ‖/‖Θ‖ %.4e",
                      widths[w], sweep->kernel_drift_mean[w], sweep->init_error_mean[w]);
      if (w > 0)
        {
          g_assert_cmpfloat (sweep->kernel_drift_mean[w], <, sweep->kernel_drift_mean[w - 1]);
          g_assert_cmpfloat (sweep->init_error_mean[w], <, sweep->init_error_mean[w - 1]);
        }
    }
  g_test_message ("slopes of log mean vs log width: drift %.3f, init error %.3f",
                  sweep->drift_slope, sweep->init_error_slope);
  /* ~ −1/2 in the lazy regime: each factor 4 in width must cut the drift by between
   * 4^0.3 ≈ 1.5 and 4^1.2 ≈ 5.3 on average */
  g_assert_cmpfloat (sweep->drift_slope, <, -0.3);
  g_assert_cmpfloat (sweep->drift_slope, >, -1.2);
  g_assert_cmpfloat (sweep->init_error_slope, <, -0.3);
  g_assert_cmpfloat (sweep->init_error_slope, >, -0.8);
}

static void
test_width_sweep_cancel (void)
{
  g_autoptr(NtkConfig) config = sweep_config (NTK_ACTIVATION_RELU, 400);
  const guint widths[] = { 64, 128, 256 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ProgressData progress = { 0, 0.0, cancellable, 0.2 };
  NtkWidthSweep *sweep;

  sweep = ntk_width_sweep_run (config, widths, 3, 2, cancellable, on_progress, &progress, &error);
  g_assert_null (sweep);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* stopped soon after the request, well before the end */
  g_assert_cmpfloat (progress.last, <, 0.5);
}

static void
test_width_sweep_errors (void)
{
  g_autoptr(NtkConfig) config = sweep_config (NTK_ACTIVATION_ERF, 200);
  const guint bad_widths[] = { 64, 0 };
  const guint widths[] = { 64, 128 };
  g_autoptr(GError) error = NULL;
  NtkWidthSweep *sweep;

  /* a width outside 1–16384 names the field */
  sweep = ntk_width_sweep_run (config, bad_widths, 2, 1, NULL, NULL, NULL, &error);
  g_assert_null (sweep);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "width"));
  g_clear_error (&error);

  /* a learning rate far above η_crit: the sweep says which network diverged */
  config->learning_rate *= 20.0;
  sweep = ntk_width_sweep_run (config, widths, 2, 1, NULL, NULL, NULL, &error);
  g_assert_null (sweep);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "diverged"));
  g_assert_nonnull (strstr (error->message, "Width 64"));
}

static void
test_ensemble (void)
{
  g_autoptr(NtkConfig) config = sweep_config (NTK_ACTIVATION_RELU, 60);
  g_autoptr(NtkEnsemble) ens = NULL;
  g_autoptr(GError) error = NULL;
  const guint n_seeds = 4;
  ProgressData progress = { 0 };
  guint t;

  config->width = 256;
  config->publish_every = 60;
  ens = ntk_ensemble_run (config, n_seeds, NULL, on_progress, &progress, &error);
  g_assert_no_error (error);
  t = ens->n_test;
  g_assert_cmpuint (t, ==, 64);
  g_assert_cmpuint (ens->n_seeds, ==, n_seeds);
  g_assert_cmpuint (ens->data->n_test, ==, t);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  /* each row is exactly the finite network of the run loop with seed base + s */
  for (guint s = 0; s < n_seeds; s++)
    {
      g_autoptr(NtkConfig) c = ntk_config_copy (config);
      g_autoptr(NtkExperiment) exp = NULL;
      g_autoptr(NtkSnapshot) snap = NULL;

      c->seed = config->seed + s;
      exp = ntk_experiment_new (c, &error);
      g_assert_no_error (error);
      g_assert_true (ntk_experiment_prepare (exp, NULL, NULL, NULL, &error));
      g_assert_true (ntk_experiment_advance (exp, c->steps, NULL, &error));
      snap = ntk_experiment_snapshot (exp);
      g_assert_cmpuint (snap->step, ==, c->steps);
      for (guint j = 0; j < t; j++)
        assert_rel (ens->predictions[s * t + j], snap->f_test[j], 1e-12);
    }

  /* mean and sample standard deviation over seeds */
  for (guint j = 0; j < t; j++)
    {
      double mean = 0.0, ss = 0.0;

      for (guint s = 0; s < n_seeds; s++)
        mean += ens->predictions[s * t + j] / n_seeds;
      for (guint s = 0; s < n_seeds; s++)
        ss += (ens->predictions[s * t + j] - mean) * (ens->predictions[s * t + j] - mean);
      assert_rel (ens->mean[j], mean, 1e-12);
      assert_rel (ens->std[j], sqrt (ss / (n_seeds - 1)), 1e-12);
      g_assert_cmpfloat (ens->std[j], >, 0.0);
    }

  /* cancellation between networks */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error2 = NULL;
    ProgressData p2 = { 0, 0.0, cancellable, 0.3 };
    NtkEnsemble *none = ntk_ensemble_run (config, n_seeds, cancellable, on_progress, &p2, &error2);

    g_assert_null (none);
    g_assert_error (error2, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpfloat (p2.last, <, 0.6);
  }
}

static void
test_kernel_slice (void)
{
  g_autoptr(NtkConfig) config = sweep_config (NTK_ACTIVATION_RELU, 30);
  const guint widths[] = { 32, 1024 };
  const guint n_seeds = 6;
  g_autoptr(NtkKernelSlice) slice = NULL;
  g_autoptr(GError) error = NULL;
  double err[2];
  guint t;

  config->sigma_b = 0.1;
  slice = ntk_kernel_slice_run (config, widths, 2, n_seeds, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = slice->n_test;
  g_assert_cmpuint (t, ==, 64);
  /* γ = 0 is grid point 0 on the circle */
  g_assert_cmpuint (slice->x0_index, ==, 0);
  g_assert_cmpfloat (fabs (slice->data->coord_test[slice->x0_index]), <, 1e-12);

  /* Θ(x_0, x_0) is the diagonal value, and the maximum of the slice */
  {
    double diag;

    ntk_analytic_kernel_diag (config, 2, slice->data->x_test, 1, &diag, NULL);
    assert_rel (slice->analytic[0], diag, 1e-12);
    for (guint j = 1; j < t; j++)
      g_assert_cmpfloat (slice->analytic[j], <=, slice->analytic[0] * (1 + 1e-12));
  }

  /* the mean over seeds of the empirical slices approaches the analytic one with width */
  for (guint w = 0; w < 2; w++)
    {
      double num = 0.0, den = 0.0;

      for (guint j = 0; j < t; j++)
        {
          double mean = 0.0;

          for (guint s = 0; s < n_seeds; s++)
            {
              double v = slice->empirical_init[((gsize) w * n_seeds + s) * t + j];

              g_assert_true (isfinite (v));
              g_assert_true (isfinite (slice->empirical_trained[((gsize) w * n_seeds + s) * t + j]));
              mean += v / n_seeds;
            }
          num += (mean - slice->analytic[j]) * (mean - slice->analytic[j]);
          den += slice->analytic[j] * slice->analytic[j];
        }
      err[w] = sqrt (num / den);
      g_test_message ("width %u: mean of %u empirical slices vs analytic: %.3e", widths[w], n_seeds,
                      err[w]);
    }
  g_assert_cmpfloat (err[1], <, err[0]);
  g_assert_cmpfloat (err[1], <, 0.05);

  /* training moved the narrow net's kernel more than the wide one's */
  {
    double move[2];

    for (guint w = 0; w < 2; w++)
      {
        double num = 0.0, den = 0.0;

        for (gsize i = (gsize) w * n_seeds * t; i < (gsize) (w + 1) * n_seeds * t; i++)
          {
            num += (slice->empirical_trained[i] - slice->empirical_init[i]) *
                   (slice->empirical_trained[i] - slice->empirical_init[i]);
            den += slice->empirical_init[i] * slice->empirical_init[i];
          }
        move[w] = sqrt (num / den);
      }
    g_test_message ("relative change of the slice by training: width %u %.3e, width %u %.3e",
                    widths[0], move[0], widths[1], move[1]);
    g_assert_cmpfloat (move[1], <, move[0]);
    g_assert_cmpfloat (move[1], >, 0.0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sweep/width", test_width_sweep);
  g_test_add_func ("/sweep/width/cancel", test_width_sweep_cancel);
  g_test_add_func ("/sweep/width/errors", test_width_sweep_errors);
  g_test_add_func ("/sweep/ensemble", test_ensemble);
  g_test_add_func ("/sweep/kernel-slice", test_kernel_slice);

  return g_test_run ();
}
