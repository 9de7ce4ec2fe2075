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
