/* test-kernel-convergence.c — finite networks converge to the analytic NTK (Monte-Carlo)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For every activation: the mean of 32 empirical NTKs Θ̂_0 (32 seeds) of width-1024 networks
 * is within 4% (relative Frobenius) of the analytic Θ, and the typical single-network
 * error ‖Θ̂_0 − Θ‖_F/‖Θ‖_F shrinks with width (≈ 1/√m: width 64 → 1024 should divide it
 * by ~4; we ask for at least 2). This ties the empirical NTK (math.md §4), the activations
 * and their derivatives, and the analytic recursion (§3) together: a wrong kink convention,
 * a wrong factor in a kernel map or a wrong parameterization all fail it.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "ntk-activation.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"
#include "ntk-test-util.h"

#define N_POINTS 8
#define N_SEEDS  32
#define D0       2

/* Over N_SEEDS networks of @width: *mean_err = ‖mean Θ̂ − Θ‖/‖Θ‖ and
 * *single_err = mean over seeds of ‖Θ̂ − Θ‖/‖Θ‖. */
static void
ensemble_errors (NtkConfig    *config,
                 const double *x,
                 const double *theta,
                 guint         width,
                 double       *mean_err,
                 double       *single_err)
{
  const guint nn = N_POINTS * N_POINTS;
  double mean[N_POINTS * N_POINTS] = { 0 };
  double one[N_POINTS * N_POINTS];
  double norm = ntk_test_norm (theta, nn);

  config->width = width;
  *single_err = 0;
  for (guint s = 0; s < N_SEEDS; s++)
    {
      g_autoptr(NtkMlp) mlp = NULL;

      config->seed = 1000 + s;
      mlp = ntk_mlp_new (config, D0);
      ntk_empirical_ntk (mlp, x, N_POINTS, NULL, N_POINTS, one);
      for (guint k = 0; k < nn; k++)
        mean[k] += one[k] / N_SEEDS;
      *single_err += ntk_test_distance (one, theta, nn) / norm / N_SEEDS;
    }
  *mean_err = ntk_test_distance (mean, theta, nn) / norm;
}

static void
test_convergence (gconstpointer data)
{
  NtkActivation act = GPOINTER_TO_UINT (data);
  g_autoptr(NtkConfig) config = ntk_config_new ();
  double x[N_POINTS * D0], theta[N_POINTS * N_POINTS];
  double mean_64, single_64, mean_1024, single_1024;

  /* a modest, well-conditioned setting: depth 2, σ_w = 1.5, σ_b = 0.1, circle points */
  config->activation = act;
  config->depth = 2;
  config->sigma_w = 1.5;
  config->sigma_b = 0.1;
  for (guint i = 0; i < N_POINTS; i++)
    {
      double gamma = 2 * G_PI * i / N_POINTS;
      x[i * D0] = cos (gamma);
      x[i * D0 + 1] = sin (gamma);
    }
  ntk_analytic_kernel (config, D0, x, N_POINTS, NULL, N_POINTS, theta, NULL);

  ensemble_errors (config, x, theta, 64, &mean_64, &single_64);
  ensemble_errors (config, x, theta, 1024, &mean_1024, &single_1024);
  g_test_message ("%s: ‖mean Θ̂ − Θ‖/‖Θ‖ = %.4f (width 64), %.4f (width 1024); "
                  "single network %.4f (64), %.4f (1024), ratio %.2f",
                  ntk_activation_to_string (act), mean_64, mean_1024,
                  single_64, single_1024, single_64 / single_1024);

  g_assert_cmpfloat (mean_1024, <, 0.04);
  /* not "mean_1024 < mean_64": with 32 seeds the mean's error is mostly sampling noise
   * (with 256 seeds it falls to ~0.2% for tanh and erf), so that comparison is a coin toss
   * where the width-64 bias is small; the single-network error follows 1/√m cleanly */
  g_assert_cmpfloat (single_1024, <, 0.5 * single_64);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autofree char *path = g_strdup_printf ("/kernel-convergence/%s", ntk_activation_to_string (act));
      g_test_add_data_func (path, GUINT_TO_POINTER (act), test_convergence);
    }

  return g_test_run ();
}
