/* ntk-run-common.c — what the run loop and the sweeps share
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ntk-run-common.h"

double
ntk_run_loss_bound (double loss0)
{
  return NTK_DIVERGENCE_FACTOR * MAX (loss0, 1.0);
}

NtkConfig *
ntk_run_resolve_config (const NtkConfig  *config,
                        const NtkDataset *data)
{
  NtkConfig *resolved = ntk_config_copy (config);

  resolved->n_train = data->n;
  resolved->n_test = data->n_test;
  return resolved;
}

guint
ntk_run_ntk_k_test_stride (const NtkConfig *config,
                           guint            n_train,
                           guint            n_test,
                           guint            d0,
                           guint           *n_points)
{
  double m, L, P, S, steps, budget;

  g_return_val_if_fail (config != NULL && n_points != NULL, 0);

  *n_points = 0;
  if (n_test == 0 || n_test > NTK_TEST_KERNEL_MAX_POINTS)
    return 0;

  m = config->width;
  L = MAX (config->depth, 1);
  P = d0 * m + m + (L - 1) * (m * m + m) + m + 1;
  S = (d0 + m) + (L - 1) * 2 * m + (m + 1);
  /* the GD steps between two snapshots (a run of 0 steps has one snapshot and no GD) */
  steps = MIN (MAX (config->publish_every, 1), config->steps);
  budget = MAX (67108864.0, 0.1 * steps * 6 * (double) n_train * P);

  for (guint stride = 1; stride <= n_test; stride++)
    {
      guint M = (n_test + stride - 1) / stride;

      if (stride > 1 && M < NTK_NTK_K_TEST_MIN_POINTS)
        break;
      if (4 * M * P + (double) M * M * S <= budget)
        {
          *n_points = M;
          return stride;
        }
    }
  return 0;
}

double
ntk_half_mse (const double *f,
              const double *y,
              guint         n)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    {
      double r = f[i] - y[i];

      sum += r * r;
    }
  return sum / (2.0 * n);
}

double
ntk_frobenius_distance (const double *a,
                        const double *b,
                        gsize         n)
{
  double sum = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      double d = a[i] - b[i];

      sum += d * d;
    }
  return sqrt (sum);
}
