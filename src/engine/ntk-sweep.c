/* ntk-sweep.c — many networks at once: width sweeps, seed ensembles and kernel slices
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every network of a sweep trains on the same data set, built from the base configuration
 * (its seed fixes the label noise); network i of a width uses seed base->seed + i. A network
 * that diverges (same rule as the run loop: loss NaN/Inf or over 10⁶ · max(ℒ_0, 1)) ends the
 * sweep with an error that names its width and seed: its numbers would be meaningless.
 *
 * The three kinds of sweep differ only in what they record of each network before and after
 * its training; train_networks() runs the networks for all of them.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <cblas.h>

#include "ntk-sweep.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"
#include "ntk-run-common.h"

typedef struct {
  NtkProgressFunc func;
  gpointer        user_data;
  guint           done;          /* networks finished */
  guint           total;         /* networks in the sweep */
  char           *phase;
} Progress;

static void
progress_report (Progress *p,
                 double    fraction_of_network)
{
  if (p->func != NULL)
    p->func ((p->done + fraction_of_network) / p->total, p->phase, p->user_data);
}

static void
progress_start_network (Progress *p,
                        guint     width,
                        guint     seed_index,
                        guint     n_seeds)
{
  g_free (p->phase);
  /* Translators: progress of a sweep, e.g. "Width 256, network 2 of 4" */
  p->phase = g_strdup_printf (_("Width %u, network %u of %u"), width, seed_index + 1, n_seeds);
  progress_report (p, 0.0);
}

/* The configuration of one network of a sweep. */
static NtkConfig *
network_config (const NtkConfig *base,
                guint            width,
                guint            seed_index)
{
  NtkConfig *config = ntk_config_copy (base);

  config->width = width;
  config->seed = base->seed + seed_index;
  return config;
}

/* The data set of @base, after validating the base, every width, and the memory of the
 * widest network. */
static NtkDataset *
sweep_data (const NtkConfig  *base,
            const guint      *widths,
            guint             n_widths,
            GError          **error)
{
  g_autoptr(NtkDataset) data = NULL;
  g_autoptr(NtkConfig) widest = NULL;
  guint widest_width = base->width;

  if (!ntk_config_validate (base, error))
    return NULL;
  data = ntk_dataset_new_from_config (base, error);
  if (data == NULL)
    return NULL;

  for (guint i = 0; i < n_widths; i++)
    {
      g_autoptr(NtkConfig) config = network_config (base, widths[i], 0);

      if (!ntk_config_validate (config, error))
        return NULL;
      widest_width = MAX (widest_width, widths[i]);
    }

  widest = network_config (base, widest_width, 0);
  if (!ntk_config_check_memory (widest, data->n, data->d0, error))
    return NULL;
  return g_steal_pointer (&data);
}

static gboolean
set_diverged_error (GError          **error,
                    const NtkConfig  *config,
                    guint             step,
                    double            loss)
{
  g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
               _("Width %u, seed %llu: training diverged at step %u (loss %g); "
                 "learning rate %g is too large for this network"),
               config->width, (unsigned long long) config->seed, step, loss, config->learning_rate);
  return FALSE;
}

/* @steps full-batch GD steps on the training set; cancellable between steps. */
static gboolean
train (NtkMlp            *mlp,
       const NtkDataset  *data,
       const NtkConfig   *config,
       GCancellable      *cancellable,
       Progress          *progress,
       GError           **error)
{
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, data->n);
  guint steps = config->steps;
  guint every = MAX (steps / 50, 1);
  double bound = INFINITY;

  for (guint k = 0; k < steps; k++)
    {
      double loss;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      loss = ntk_mlp_gd_step (mlp, cache, data->x, data->y, data->n, config->learning_rate, NULL);
      if (k == 0 && isfinite (loss))
        bound = ntk_run_loss_bound (loss);
      if (!isfinite (loss) || loss > bound)
        return set_diverged_error (error, config, k, loss);
      if ((k + 1) % every == 0)
        progress_report (progress, (double) (k + 1) / (steps + 1));
    }

  /* the parameters after the last step are checked by one more forward */
  if (steps > 0)
    {
      g_autofree double *f = g_new (double, data->n);
      double loss;

      ntk_mlp_forward (mlp, data->x, data->n, cache, f);
      loss = ntk_half_mse (f, data->y, data->n);
      if (!isfinite (loss) || loss > bound)
        return set_diverged_error (error, config, steps, loss);
    }

  return TRUE;
}

/* What a sweep records of network @index (= width index · n_seeds + seed index): called at
 * initialization (@trained FALSE) and after training (@trained TRUE). FALSE when cancelled
 * (nothing else can fail). */
typedef gboolean (*MeasureFunc) (NtkMlp       *mlp,
                                 gsize         index,
                                 gboolean      trained,
                                 GCancellable *cancellable,
                                 gpointer      user_data);

/* Builds, measures, trains and measures again the n_seeds networks of every width, in order;
 * cancellable between networks, between steps and inside the kernels measured. Progress
 * counts networks. */
static gboolean
train_networks (const NtkConfig   *base,
                const NtkDataset  *data,
                const guint       *widths,
                guint              n_widths,
                guint              n_seeds,
                GCancellable      *cancellable,
                NtkProgressFunc    progress,
                gpointer           user_data,
                MeasureFunc        measure,
                gpointer           measure_data,
                GError           **error)
{
  Progress p = { progress, user_data, 0, n_widths * n_seeds, NULL };
  gboolean ok = FALSE;

  for (guint w = 0; w < n_widths; w++)
    for (guint s = 0; s < n_seeds; s++)
      {
        g_autoptr(NtkConfig) config = network_config (base, widths[w], s);
        g_autoptr(NtkMlp) mlp = NULL;
        gsize index = (gsize) w * n_seeds + s;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          goto out;
        progress_start_network (&p, widths[w], s, n_seeds);

        mlp = ntk_mlp_new (config, data->d0);
        if (!measure (mlp, index, FALSE, cancellable, measure_data))
          {
            g_cancellable_set_error_if_cancelled (cancellable, error);
            goto out;
          }
        if (!train (mlp, data, config, cancellable, &p, error))
          goto out;
        if (!measure (mlp, index, TRUE, cancellable, measure_data))
          {
            g_cancellable_set_error_if_cancelled (cancellable, error);
            goto out;
          }
        p.done++;
      }
  progress_report (&p, 0.0);
  ok = TRUE;

out:
  g_free (p.phase);
  return ok;
}

/* Least-squares slope of log y against log x over the points where y > 0 (NaN with < 2). */
static double
log_log_slope (const guint  *x,
               const double *y,
               guint         n)
{
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, den;
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      double lx, ly;

      if (!(y[i] > 0.0) || !isfinite (y[i]))
        continue;
      lx = log ((double) x[i]);
      ly = log (y[i]);
      sx += lx;
      sy += ly;
      sxx += lx * lx;
      sxy += lx * ly;
      m++;
    }
  if (m < 2)
    return NAN;
  den = m * sxx - sx * sx;
  if (!(fabs (den) > 0.0))
    return NAN;
  return (m * sxy - sx * sy) / den;
}

/* ---------------------------------------------------------------------------------------- */
/* Width sweep                                                                               */
/* ---------------------------------------------------------------------------------------- */

void
ntk_width_sweep_free (NtkWidthSweep *self)
{
  if (self == NULL)
    return;

  g_free (self->widths);
  g_free (self->kernel_drift);
  g_free (self->init_error);
  g_free (self->kernel_drift_mean);
  g_free (self->init_error_mean);
  g_clear_pointer (&self->config, ntk_config_free);
  g_free (self);
}

/* Relative distances of one network's Θ̂ at initialization from the analytic Θ, and after
 * training from its own initialization. */
typedef struct {
  NtkWidthSweep    *self;
  const NtkDataset *data;
  const double     *ntk;         /* analytic Θ, n × n */
  double            ntk_norm;
  double           *ntk0;        /* scratch: Θ̂ at initialization */
  double           *ntk_k;       /* scratch: Θ̂ after training */
} WidthMeasure;

static gboolean
measure_width (NtkMlp       *mlp,
               gsize         index,
               gboolean      trained,
               GCancellable *cancellable,
               gpointer      user_data)
{
  WidthMeasure *m = user_data;
  const NtkDataset *data = m->data;
  gsize nn = (gsize) data->n * data->n;
  double norm0;

  if (!trained)
    {
      if (!ntk_empirical_ntk_cancellable (mlp, data->x, data->n, NULL, 0, m->ntk0, cancellable))
        return FALSE;
      /* all-zero kernels (inputs 0, no bias) agree and never move: 0, not 0/0 */
      m->self->init_error[index] = m->ntk_norm > 0.0 ? ntk_frobenius_distance (m->ntk0, m->ntk, nn) / m->ntk_norm : 0.0;
      return TRUE;
    }
  if (!ntk_empirical_ntk_cancellable (mlp, data->x, data->n, NULL, 0, m->ntk_k, cancellable))
    return FALSE;
  norm0 = cblas_dnrm2 (nn, m->ntk0, 1);
  m->self->kernel_drift[index] = norm0 > 0.0 ? ntk_frobenius_distance (m->ntk_k, m->ntk0, nn) / norm0 : 0.0;
  return TRUE;
}

NtkWidthSweep *
ntk_width_sweep_run (const NtkConfig  *base,
                     const guint      *widths,
                     guint             n_widths,
                     guint             n_seeds,
                     GCancellable     *cancellable,
                     NtkProgressFunc   progress,
                     gpointer          user_data,
                     GError          **error)
{
  g_autoptr(NtkWidthSweep) self = NULL;
  g_autoptr(NtkDataset) data = NULL;
  g_autofree double *ntk = NULL;
  g_autofree double *ntk0 = NULL;
  g_autofree double *ntk_k = NULL;
  WidthMeasure measure;
  gsize nn;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (widths != NULL && n_widths > 0, NULL);
  g_return_val_if_fail (n_seeds > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = sweep_data (base, widths, n_widths, error);
  if (data == NULL)
    return NULL;

  self = g_new0 (NtkWidthSweep, 1);
  self->n_widths = n_widths;
  self->n_seeds = n_seeds;
  self->widths = g_memdup2 (widths, sizeof (guint) * n_widths);
  self->kernel_drift = g_new (double, (gsize) n_widths * n_seeds);
  self->init_error = g_new (double, (gsize) n_widths * n_seeds);
  self->kernel_drift_mean = g_new0 (double, n_widths);
  self->init_error_mean = g_new0 (double, n_widths);
  self->steps = base->steps;
  self->config = ntk_run_resolve_config (base, data);

  /* The analytic Θ does not depend on the width: once. */
  nn = (gsize) data->n * data->n;
  ntk = g_new (double, nn);
  ntk0 = g_new (double, nn);
  ntk_k = g_new (double, nn);
  if (progress != NULL)
    progress (0.0, _("Computing analytic kernels"), user_data);
  if (!ntk_analytic_kernel_cancellable (base, data->d0, data->x, data->n, NULL, data->n, ntk, NULL,
                                        cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }

  measure = (WidthMeasure) { self, data, ntk, cblas_dnrm2 (nn, ntk, 1), ntk0, ntk_k };
  if (!train_networks (base, data, widths, n_widths, n_seeds, cancellable, progress, user_data,
                       measure_width, &measure, error))
    return NULL;

  for (guint w = 0; w < n_widths; w++)
    for (guint s = 0; s < n_seeds; s++)
      {
        self->kernel_drift_mean[w] += self->kernel_drift[(gsize) w * n_seeds + s] / n_seeds;
        self->init_error_mean[w] += self->init_error[(gsize) w * n_seeds + s] / n_seeds;
      }
  self->drift_slope = log_log_slope (self->widths, self->kernel_drift_mean, n_widths);
  self->init_error_slope = log_log_slope (self->widths, self->init_error_mean, n_widths);

  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------------------------------- */
/* Seed ensemble                                                                             */
/* ---------------------------------------------------------------------------------------- */

void
ntk_ensemble_free (NtkEnsemble *self)
{
  if (self == NULL)
    return;

  g_free (self->mean);
  g_free (self->std);
  g_free (self->predictions);
  g_clear_pointer (&self->data, ntk_dataset_unref);
  g_clear_pointer (&self->config, ntk_config_free);
  g_free (self);
}

/* The trained network's predictions on the test grid. */
static gboolean
measure_predictions (NtkMlp       *mlp,
                     gsize         index,
                     gboolean      trained,
                     GCancellable *cancellable,
                     gpointer      user_data)
{
  NtkEnsemble *self = user_data;
  g_autoptr(NtkMlpCache) cache = NULL;

  if (!trained)
    return TRUE;
  cache = ntk_mlp_cache_new (mlp, self->n_test);
  ntk_mlp_forward (mlp, self->data->x_test, self->n_test, cache,
                   self->predictions + index * self->n_test);
  return TRUE;
}

NtkEnsemble *
ntk_ensemble_run (const NtkConfig  *base,
                  guint             n_seeds,
                  GCancellable     *cancellable,
                  NtkProgressFunc   progress,
                  gpointer          user_data,
                  GError          **error)
{
  g_autoptr(NtkEnsemble) self = NULL;
  NtkDataset *data;
  guint n_test;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (n_seeds > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* an ensemble is a sweep over the one width of @base */
  data = sweep_data (base, &base->width, 1, error);
  if (data == NULL)
    return NULL;

  n_test = data->n_test;
  self = g_new0 (NtkEnsemble, 1);
  self->n_seeds = n_seeds;
  self->n_test = n_test;
  self->mean = g_new0 (double, n_test);
  self->std = g_new0 (double, n_test);
  self->predictions = g_new (double, (gsize) n_seeds * n_test);
  self->config = ntk_run_resolve_config (base, data);
  self->data = data;

  if (!train_networks (base, data, &base->width, 1, n_seeds, cancellable, progress, user_data,
                       measure_predictions, self, error))
    return NULL;

  /* mean and the sample standard deviation (n − 1; 0 for a single seed) over seeds */
  for (guint j = 0; j < n_test; j++)
    {
      double mean = 0.0, ss = 0.0;

      for (guint s = 0; s < n_seeds; s++)
        mean += self->predictions[(gsize) s * n_test + j];
      mean /= n_seeds;
      for (guint s = 0; s < n_seeds; s++)
        {
          double d = self->predictions[(gsize) s * n_test + j] - mean;

          ss += d * d;
        }
      self->mean[j] = mean;
      self->std[j] = n_seeds > 1 ? sqrt (ss / (n_seeds - 1)) : 0.0;
    }

  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------------------------------- */
/* Kernel slice                                                                              */
/* ---------------------------------------------------------------------------------------- */

void
ntk_kernel_slice_free (NtkKernelSlice *self)
{
  if (self == NULL)
    return;

  g_free (self->widths);
  g_free (self->analytic);
  g_free (self->empirical_init);
  g_free (self->empirical_trained);
  g_clear_pointer (&self->data, ntk_dataset_unref);
  g_clear_pointer (&self->config, ntk_config_free);
  g_free (self);
}

/* Θ̂(x_0, ·) on the test grid, at initialization and after training. */
static gboolean
measure_slice (NtkMlp       *mlp,
               gsize         index,
               gboolean      trained,
               GCancellable *cancellable,
               gpointer      user_data)
{
  NtkKernelSlice *self = user_data;
  const NtkDataset *data = self->data;
  const double *x0 = data->x_test + (gsize) self->x0_index * data->d0;
  double *out = trained ? self->empirical_trained : self->empirical_init;

  return ntk_empirical_ntk_cancellable (mlp, x0, 1, data->x_test, self->n_test,
                                        out + index * self->n_test, cancellable);
}

NtkKernelSlice *
ntk_kernel_slice_run (const NtkConfig  *base,
                      const guint      *widths,
                      guint             n_widths,
                      guint             n_seeds,
                      GCancellable     *cancellable,
                      NtkProgressFunc   progress,
                      gpointer          user_data,
                      GError          **error)
{
  g_autoptr(NtkKernelSlice) self = NULL;
  NtkDataset *data;
  guint n_test;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (widths != NULL && n_widths > 0, NULL);
  g_return_val_if_fail (n_seeds > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = sweep_data (base, widths, n_widths, error);
  if (data == NULL)
    return NULL;

  n_test = data->n_test;
  self = g_new0 (NtkKernelSlice, 1);
  self->n_widths = n_widths;
  self->n_seeds = n_seeds;
  self->n_test = n_test;
  self->widths = g_memdup2 (widths, sizeof (guint) * n_widths);
  self->analytic = g_new (double, n_test);
  self->empirical_init = g_new (double, (gsize) n_widths * n_seeds * n_test);
  self->empirical_trained = g_new (double, (gsize) n_widths * n_seeds * n_test);
  self->config = ntk_run_resolve_config (base, data);
  self->data = data;

  /* x_0: the grid point whose plotted coordinate is nearest 0 (γ = 0 on the circle) */
  self->x0_index = 0;
  for (guint j = 1; j < n_test; j++)
    if (fabs (data->coord_test[j]) < fabs (data->coord_test[self->x0_index]))
      self->x0_index = j;

  if (progress != NULL)
    progress (0.0, _("Computing analytic kernels"), user_data);
  if (!ntk_analytic_kernel_cancellable (base, data->d0, data->x_test + (gsize) self->x0_index * data->d0, 1,
                                        data->x_test, n_test, self->analytic, NULL, cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }

  if (!train_networks (base, data, widths, n_widths, n_seeds, cancellable, progress, user_data,
                       measure_slice, self, error))
    return NULL;

  return g_steal_pointer (&self);
}
