/* ntk-experiment.c — the run loop: GD on the finite net beside its linearization and the
 * infinite-width limit, publishing snapshots
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Divergence. After every GD step the training loss ℒ_k of the parameters the step started
 * from is known for free (ntk_mlp_gd_step returns it). The run is declared diverged at the first
 * step k where ℒ_k is NaN or ±Inf, or where
 *
 *     ℒ_k > NTK_DIVERGENCE_FACTOR · max(ℒ_0, 1),   NTK_DIVERGENCE_FACTOR = 10⁶.
 *
 * Why this bound: below η_crit the linearized loss never increases, and the finite-width
 * transients we know of (the catapult phase of Lewkowycz et al. 2020 just above η_crit) grow
 * the loss by a few orders of magnitude at most before it comes down; a millionfold growth over
 * max(ℒ_0, 1) means an unstable mode that grows like |1 − ηλ/n|^{2k} and will overflow. The
 * max(·, 1) keeps a tiny initial loss (targets fitted at init) from making ordinary noise look
 * like divergence. Above η_crit the top mode reaches the bound within a few dozen steps,
 * long before doubles overflow. A diverged run still ends with finite numbers: every snapshot
 * checks the parameters it is taken at and keeps a copy of them, and the diverged snapshot is
 * taken again at the last of those steps (so its values are the last published ones). Copying
 * at snapshots only, not before every step, matters: with few training points a GD step is
 * memory bound and one more pass over θ per step costs a third of its time.
 *
 * The linearized model above η_crit diverges by construction ((1 − ηλ/n)^k with
 * |1 − ηλ/n| > 1), while the finite net may survive (the catapult phase) and is worth watching.
 * So the linearized model has its own check at each snapshot, with the same bound on its
 * training loss: once past it, the run goes on, the linearized losses and the RMSE finite vs
 * linearized become NaN (undefined, as test losses without a known target are), the linearized
 * arrays keep their last values within the bound (a plot never gets a NaN or an overflowing
 * array), and the status message names the step.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <cblas.h>

#include "ntk-experiment.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"
#include "ntk-run-common.h"
#include "ntk-snapshot-private.h"

struct _NtkExperiment
{
  guint64          run_id;
  NtkConfig       *config;         /* resolved: n_train, n_test from the data set */
  NtkDataset      *data;

  gboolean         prepared;
  NtkRunState      state;
  guint            step;
  guint            diverged_step;
  char            *diverged_message;
  double           loss_bound;

  NtkMlp          *mlp;
  NtkMlpCache     *cache_train;
  NtkMlpCache     *cache_test;
  NtkMlpCache     *cache_k_test;   /* the strided test points of Θ̂_k(test, test) (stride > 1) */
  double          *x_k_test;       /* their inputs, n_ntk_k_test × d0 */
  double          *theta0;         /* θ_0, for the weight drift */
  double          *theta_good;     /* parameters of good_step: the last snapshot step (checked) */
  guint            good_step;

  NtkRunConstants *constants;
  NtkHistory      *history;
  guint            history_len;
  NtkLinearized   *lin;
  NtkInfinite     *inf;
  guint            lin_diverged_step;   /* G_MAXUINT while the linearized model is within the bound */
  double          *lin_last;            /* its last values within the bound: n + n_test + n */

  double          *residual;       /* n: scratch */
};

G_LOCK_DEFINE_STATIC (run_id);
static guint64 last_run_id;

static guint64
next_run_id (void)
{
  guint64 id;

  G_LOCK (run_id);
  id = ++last_run_id;
  G_UNLOCK (run_id);

  return id;
}

NtkExperiment *
ntk_experiment_new (const NtkConfig  *config,
                    GError          **error)
{
  g_autoptr(NtkDataset) data = NULL;
  NtkExperiment *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ntk_config_validate (config, error))
    return NULL;

  /* The data set is small (≤ 4096 rows) and for a CSV it is where n and d0 come from; the
   * kernels and the network, which are what can be large, are allocated only in prepare. */
  data = ntk_dataset_new_from_config (config, error);
  if (data == NULL)
    return NULL;

  if (!ntk_config_check_memory (config, data->n, data->d0, error))
    return NULL;

  self = g_new0 (NtkExperiment, 1);
  self->run_id = next_run_id ();
  self->config = ntk_run_resolve_config (config, data);
  self->data = g_steal_pointer (&data);
  self->state = NTK_RUN_RUNNING;

  return self;
}

void
ntk_experiment_free (NtkExperiment *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->config, ntk_config_free);
  g_clear_pointer (&self->data, ntk_dataset_unref);
  g_free (self->diverged_message);
  g_clear_pointer (&self->mlp, ntk_mlp_free);
  g_clear_pointer (&self->cache_train, ntk_mlp_cache_free);
  g_clear_pointer (&self->cache_test, ntk_mlp_cache_free);
  g_clear_pointer (&self->cache_k_test, ntk_mlp_cache_free);
  g_free (self->x_k_test);
  g_free (self->theta0);
  g_free (self->theta_good);
  /* the models borrow from the constants: free them first */
  g_clear_pointer (&self->lin, ntk_linearized_free);
  g_clear_pointer (&self->inf, ntk_infinite_free);
  g_free (self->lin_last);
  g_clear_pointer (&self->constants, ntk_run_constants_unref);
  g_clear_pointer (&self->history, ntk_history_unref);
  g_free (self->residual);
  g_free (self);
}

const NtkConfig *
ntk_experiment_get_config (NtkExperiment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->config;
}

const NtkDataset *
ntk_experiment_get_dataset (NtkExperiment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

guint64
ntk_experiment_get_run_id (NtkExperiment *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->run_id;
}

guint
ntk_experiment_get_step (NtkExperiment *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->step;
}

NtkRunState
ntk_experiment_get_state (NtkExperiment *self)
{
  g_return_val_if_fail (self != NULL, NTK_RUN_RUNNING);

  return self->state;
}

const NtkRunConstants *
ntk_experiment_get_constants (NtkExperiment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->constants;
}

/* ---------------------------------------------------------------------------------------- */
/* Small numerical helpers                                                                   */
/* ---------------------------------------------------------------------------------------- */

static gboolean
all_finite (const double *a,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (a[i]))
      return FALSE;
  return TRUE;
}

static void
report (NtkProgressFunc  progress,
        gpointer         user_data,
        double           fraction,
        const char      *phase)
{
  if (progress != NULL)
    progress (fraction, phase, user_data);
}

/* ---------------------------------------------------------------------------------------- */
/* Preparation                                                                               */
/* ---------------------------------------------------------------------------------------- */

gboolean
ntk_experiment_prepare (NtkExperiment    *self,
                        GCancellable     *cancellable,
                        NtkProgressFunc   progress,
                        gpointer          user_data,
                        GError          **error)
{
  g_autoptr(NtkRunConstants) c = NULL;
  g_autoptr(NtkLinearized) lin = NULL;
  g_autoptr(NtkInfinite) inf = NULL;
  const NtkDataset *data;
  const NtkConfig *config;
  guint n, n_test, d0, capacity;
  gsize n_params;
  double loss0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->prepared, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = self->data;
  config = self->config;
  n = data->n;
  n_test = data->n_test;
  d0 = data->d0;

  /* what an earlier, cancelled or failed, prepare left behind */
  g_clear_pointer (&self->mlp, ntk_mlp_free);
  g_clear_pointer (&self->cache_train, ntk_mlp_cache_free);
  g_clear_pointer (&self->cache_test, ntk_mlp_cache_free);
  g_clear_pointer (&self->cache_k_test, ntk_mlp_cache_free);
  g_clear_pointer (&self->x_k_test, g_free);
  g_clear_pointer (&self->theta0, g_free);
  g_clear_pointer (&self->theta_good, g_free);
  g_clear_pointer (&self->residual, g_free);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Network and its outputs at initialization */
  report (progress, user_data, 0.0, _("Initializing the network"));
  self->mlp = ntk_mlp_new (config, d0);
  self->cache_train = ntk_mlp_cache_new (self->mlp, n);
  self->cache_test = ntk_mlp_cache_new (self->mlp, n_test);
  n_params = self->mlp->n_params;
  self->theta0 = g_memdup2 (self->mlp->theta, sizeof (double) * n_params);
  self->theta_good = g_memdup2 (self->mlp->theta, sizeof (double) * n_params);
  self->residual = g_new (double, n);

  c = ntk_run_constants_new ();
  c->config = ntk_config_copy (config);
  c->data = ntk_dataset_ref (self->data);
  c->n = n;
  c->n_test = n_test;
  c->n_modes_tracked = MIN (n, NTK_MAX_TRACKED_MODES);
  c->theta0_norm = cblas_dnrm2 (n_params, self->theta0, 1);
  c->f0_train = g_new (double, n);
  c->f0_test = g_new (double, n_test);

  ntk_mlp_forward (self->mlp, data->x_test, n_test, self->cache_test, c->f0_test);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  ntk_mlp_forward (self->mlp, data->x, n, self->cache_train, c->f0_train);
  loss0 = ntk_half_mse (c->f0_train, data->y, n);
  if (!isfinite (loss0) || !all_finite (c->f0_test, n_test))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("The network’s output at initialization is not finite (depth %u, weight std %g, "
                     "bias std %g); use a smaller weight std or fewer layers"),
                   config->depth, config->sigma_w, config->sigma_b);
      return FALSE;
    }
  self->loss_bound = ntk_run_loss_bound (loss0);

  /* Empirical NTK at initialization: train × train and test × train */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report (progress, user_data, 0.1, _("Computing the empirical NTK"));
  c->ntk0 = g_new (double, (gsize) n * n);
  c->ntk0_test = g_new (double, (gsize) n_test * n);
  /* Inside the kernel phases the cancellable is looked at every few milliseconds of work
   * (ntk-kernel.h); the backward passes and the eigendecompositions below are whole. */
  ntk_mlp_backward (self->mlp, self->cache_train, NULL, NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  ntk_mlp_backward (self->mlp, self->cache_test, NULL, NULL);
  if (!ntk_empirical_ntk_cached_cancellable (self->mlp, self->cache_train, n, NULL, 0, c->ntk0,
                                             cancellable) ||
      !ntk_empirical_ntk_cached_cancellable (self->mlp, self->cache_test, n_test, self->cache_train, n,
                                             c->ntk0_test, cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  c->ntk0_norm = cblas_dnrm2 ((gsize) n * n, c->ntk0, 1);

  /* ... and test × test, for the heatmap over the test points (while the caches hold Δ) */
  if (n_test <= NTK_TEST_KERNEL_MAX_POINTS)
    {
      c->ntk0_test_test = g_new (double, (gsize) n_test * n_test);
      if (!ntk_empirical_ntk_cached_cancellable (self->mlp, self->cache_test, n_test, NULL, 0,
                                                 c->ntk0_test_test, cancellable))
        {
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
      c->ntk_k_test_stride = ntk_run_ntk_k_test_stride (config, n, n_test, d0, &c->n_ntk_k_test);
    }
  if (c->ntk_k_test_stride > 1)
    {
      guint s = c->ntk_k_test_stride;

      self->x_k_test = g_new (double, (gsize) c->n_ntk_k_test * d0);
      for (guint i = 0; i < c->n_ntk_k_test; i++)
        memcpy (self->x_k_test + (gsize) i * d0, data->x_test + (gsize) i * s * d0, sizeof (double) * d0);
      self->cache_k_test = ntk_mlp_cache_new (self->mlp, c->n_ntk_k_test);
    }

  /* Analytic kernels */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report (progress, user_data, 0.35, _("Computing analytic kernels"));
  c->ntk = g_new (double, (gsize) n * n);
  c->nngp = g_new (double, (gsize) n * n);
  c->ntk_test = g_new (double, (gsize) n_test * n);
  c->nngp_test = g_new (double, (gsize) n_test * n);
  c->nngp_test_diag = g_new (double, n_test);
  if (!ntk_analytic_kernel_cancellable (config, d0, data->x, n, NULL, n, c->ntk, c->nngp,
                                        cancellable) ||
      !ntk_analytic_kernel_cancellable (config, d0, data->x_test, n_test, data->x, n,
                                        c->ntk_test, c->nngp_test, cancellable) ||
      !ntk_analytic_kernel_diag_cancellable (config, d0, data->x_test, n_test, NULL,
                                             c->nngp_test_diag, cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  if (c->ntk0_test_test != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      report (progress, user_data, 0.55, _("Computing analytic kernels over the test points"));
      c->ntk_test_test = g_new (double, (gsize) n_test * n_test);
      c->nngp_test_test = g_new (double, (gsize) n_test * n_test);
      if (!ntk_analytic_kernel_cancellable (config, d0, data->x_test, n_test, NULL, n_test,
                                            c->ntk_test_test, c->nngp_test_test, cancellable))
        {
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
    }
  {
    double norm = cblas_dnrm2 ((gsize) n * n, c->ntk, 1);

    /* an all-zero Θ (inputs 0, no bias) has Θ̂_0 = 0 too: no error, not 0/0 */
    c->init_kernel_error = norm > 0.0 ? ntk_frobenius_distance (c->ntk0, c->ntk, (gsize) n * n) / norm : 0.0;
  }

  /* Eigendecompositions and the two kernel models */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report (progress, user_data, 0.7, _("Diagonalizing the kernels"));
  c->eig0 = ntk_eigen_new (c->ntk0, n, error);
  if (c->eig0 == NULL)
    return FALSE;
  c->eta_crit = ntk_eta_crit (c->eig0, n);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  inf = ntk_infinite_new (c->ntk, c->nngp, c->ntk_test, c->nngp_test, c->nngp_test_diag,
                          data->y, n, n_test, error);
  if (inf == NULL)
    return FALSE;
  c->eig = ntk_eigen_copy (ntk_infinite_get_eigen (inf));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report (progress, user_data, 0.9, _("Preparing the linearized and infinite-width models"));
  lin = ntk_linearized_new (c->eig0, c->ntk0_test, c->f0_train, c->f0_test, data->y,
                            n, n_test, config->learning_rate);
  c->kernel_regression_test = g_new (double, n_test);
  ntk_infinite_predict (inf, INFINITY, NULL, c->kernel_regression_test, NULL);
  c->mode0 = g_new (double, n);
  for (guint i = 0; i < n; i++)
    self->residual[i] = c->f0_train[i] - data->y[i];
  ntk_eigen_project (c->eig0, self->residual, c->mode0);

  /* a cancel during the last phase counts too: nothing is committed yet */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Published steps: 0, every publish_every, and the last one */
  capacity = (config->steps + config->publish_every - 1) / config->publish_every + 2;
  self->history = ntk_history_new (capacity, c->n_modes_tracked);
  self->constants = g_steal_pointer (&c);
  self->lin = g_steal_pointer (&lin);
  self->lin_diverged_step = G_MAXUINT;
  /* the linearized model at step 0 is the network at initialization */
  self->lin_last = g_new (double, 2 * n + n_test);
  memcpy (self->lin_last, self->constants->f0_train, sizeof (double) * n);
  memcpy (self->lin_last + n, self->constants->f0_test, sizeof (double) * n_test);
  memcpy (self->lin_last + n + n_test, self->constants->mode0, sizeof (double) * n);
  self->inf = g_steal_pointer (&inf);
  self->step = 0;
  self->good_step = 0;
  self->state = config->steps == 0 ? NTK_RUN_FINISHED : NTK_RUN_RUNNING;
  self->prepared = TRUE;
  report (progress, user_data, 1.0, _("Ready"));

  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Gradient descent                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* The network at self->step failed the check with training loss @loss: the run ends there.
 * Go back to the last parameters that passed, so what is published stays finite. */
static void
mark_diverged (NtkExperiment *self,
               double         loss)
{
  g_autofree char *reason = NULL;

  self->state = NTK_RUN_DIVERGED;
  self->diverged_step = self->step;
  if (isfinite (loss))
    /* Translators: the reason in "Diverged at step %u (%s)" */
    reason = g_strdup_printf (_("loss %.3g is over the bound %.3g"), loss, self->loss_bound);
  else
    reason = g_strdup (_("the network output is not finite"));
  g_free (self->diverged_message);
  /* Translators: %u is a GD step, %s the reason */
  self->diverged_message = g_strdup_printf (_("Diverged at step %u (%s)"), self->step, reason);

  memcpy (self->mlp->theta, self->theta_good, sizeof (double) * self->mlp->n_params);
  self->step = self->good_step;
}

static gboolean
loss_ok (NtkExperiment *self,
         double         loss)
{
  /* A finite sum of squares means every output is finite too. */
  return isfinite (loss) && loss <= self->loss_bound;
}

gboolean
ntk_experiment_advance (NtkExperiment  *self,
                        guint           n_steps,
                        GCancellable   *cancellable,
                        GError        **error)
{
  const NtkDataset *data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->prepared, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = self->data;

  for (guint i = 0; i < n_steps && self->state == NTK_RUN_RUNNING; i++)
    {
      double loss;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* the loss returned is the one of the parameters the step started from */
      loss = ntk_mlp_gd_step (self->mlp, self->cache_train, data->x, data->y, data->n,
                              self->config->learning_rate, NULL);
      if (!loss_ok (self, loss))
        {
          mark_diverged (self, loss);
          break;
        }

      self->step++;
      if (self->step >= self->config->steps)
        self->state = NTK_RUN_FINISHED;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Snapshots                                                                                 */
/* ---------------------------------------------------------------------------------------- */

/* The linearized model's own divergence check (see the top of the file). */
static void
check_linearized (NtkExperiment *self,
                  NtkSnapshot   *snap,
                  guint          k)
{
  guint n = self->constants->n, n_test = self->constants->n_test;
  double loss = snap->loss[NTK_LOSS_LIN_TRAIN];
  double *last_train = self->lin_last;
  double *last_test = self->lin_last + n;
  double *last_mode = self->lin_last + n + n_test;

  if (self->lin_diverged_step > k &&
      isfinite (loss) && loss <= self->loss_bound &&
      all_finite (snap->lin_test, n_test) && all_finite (snap->mode_lin, n))
    {
      memcpy (last_train, snap->lin_train, sizeof (double) * n);
      memcpy (last_test, snap->lin_test, sizeof (double) * n_test);
      memcpy (last_mode, snap->mode_lin, sizeof (double) * n);
      return;
    }

  if (self->lin_diverged_step > k)
    self->lin_diverged_step = k;
  memcpy (snap->lin_train, last_train, sizeof (double) * n);
  memcpy (snap->lin_test, last_test, sizeof (double) * n_test);
  memcpy (snap->mode_lin, last_mode, sizeof (double) * n);
  snap->loss[NTK_LOSS_LIN_TRAIN] = NAN;
  snap->loss[NTK_LOSS_LIN_TEST] = NAN;
}

/* Fill the current values of @snap at the current parameters and step. Returns FALSE, with the
 * training loss in @bad_loss, when the network fails the divergence check (only checked while
 * the run is not already diverged). */
static gboolean
compute_values (NtkExperiment *self,
                NtkSnapshot   *snap,
                double        *bad_loss)
{
  const NtkRunConstants *c = self->constants;
  const NtkDataset *data = self->data;
  guint n = c->n, n_test = c->n_test, k = self->step;
  double eta = self->config->learning_rate;
  double sum;

  ntk_mlp_forward (self->mlp, data->x, n, self->cache_train, snap->f_train);
  snap->loss[NTK_LOSS_FINITE_TRAIN] = ntk_half_mse (snap->f_train, data->y, n);
  if (self->state != NTK_RUN_DIVERGED && !loss_ok (self, snap->loss[NTK_LOSS_FINITE_TRAIN]))
    {
      *bad_loss = snap->loss[NTK_LOSS_FINITE_TRAIN];
      return FALSE;
    }
  if (self->good_step != k)
    {
      memcpy (self->theta_good, self->mlp->theta, sizeof (double) * self->mlp->n_params);
      self->good_step = k;
    }

  /* Θ̂_k on the training set */
  ntk_mlp_backward (self->mlp, self->cache_train, NULL, NULL);
  ntk_empirical_ntk_cached (self->mlp, self->cache_train, n, NULL, 0, snap->ntk_k);

  /* finite net on the grid, and the two kernel models at the same step */
  ntk_mlp_forward (self->mlp, data->x_test, n_test, self->cache_test, snap->f_test);
  if (snap->ntk_k_test != NULL)
    {
      /* Θ̂_k over the test points: the grid itself (its forward pass was just done) or every
       * stride-th point of it, as the cost budget allows (ntk_run_ntk_k_test_stride) */
      NtkMlpCache *cache = self->cache_test;
      guint m = c->n_ntk_k_test;

      if (c->ntk_k_test_stride > 1)
        {
          cache = self->cache_k_test;
          ntk_mlp_forward (self->mlp, self->x_k_test, m, cache, NULL);
        }
      ntk_mlp_backward (self->mlp, cache, NULL, NULL);
      ntk_empirical_ntk_cached (self->mlp, cache, m, NULL, 0, snap->ntk_k_test);
    }
  ntk_linearized_predict (self->lin, NTK_TIME_DISCRETE, k, snap->lin_train, snap->lin_test);
  ntk_infinite_predict (self->inf, eta * k, snap->inf_train, snap->inf_test, snap->inf_var_test);

  /* per-eigenvalue errors on the eigenvectors of Θ̂_0 */
  for (guint i = 0; i < n; i++)
    self->residual[i] = snap->f_train[i] - data->y[i];
  ntk_eigen_project (c->eig0, self->residual, snap->mode_finite);
  ntk_linearized_mode_errors (self->lin, NTK_TIME_DISCRETE, k, snap->mode_lin);

  snap->loss[NTK_LOSS_FINITE_TEST] = ntk_half_mse (snap->f_test, data->y_test, n_test);
  snap->loss[NTK_LOSS_LIN_TRAIN] = ntk_half_mse (snap->lin_train, data->y, n);
  snap->loss[NTK_LOSS_LIN_TEST] = ntk_half_mse (snap->lin_test, data->y_test, n_test);
  check_linearized (self, snap, k);
  snap->loss[NTK_LOSS_INF_TRAIN] = ntk_half_mse (snap->inf_train, data->y, n);
  snap->loss[NTK_LOSS_INF_TEST] = ntk_half_mse (snap->inf_test, data->y_test, n_test);

  snap->kernel_drift = c->ntk0_norm > 0.0   /* a zero Θ̂_0 has zero gradients: it never moves */
                      ? ntk_frobenius_distance (snap->ntk_k, c->ntk0, (gsize) n * n) / c->ntk0_norm : 0.0;
  snap->weight_drift = ntk_frobenius_distance (self->mlp->theta, self->theta0, self->mlp->n_params)
                       / c->theta0_norm;
  sum = 0.0;
  for (guint i = 0; i < n_test; i++)
    {
      double d = snap->f_test[i] - snap->lin_test[i];

      sum += d * d;
    }
  snap->rmse_finite_vs_lin = self->lin_diverged_step <= k ? NAN : sqrt (sum / n_test);
  snap->eta_over_eta_crit = eta / c->eta_crit;

  return TRUE;
}

/* Everything a plot reads must be finite (the test losses may be NaN by design). */
static gboolean
values_finite (const NtkSnapshot *snap)
{
  guint n = snap->constants->n, n_test = snap->constants->n_test;

  return all_finite (snap->f_train, n) && all_finite (snap->f_test, n_test) &&
         all_finite (snap->lin_train, n) && all_finite (snap->lin_test, n_test) &&
         all_finite (snap->inf_train, n) && all_finite (snap->inf_test, n_test) &&
         all_finite (snap->inf_var_test, n_test) && all_finite (snap->ntk_k, (gsize) n * n) &&
         all_finite (snap->mode_finite, n) && all_finite (snap->mode_lin, n) &&
         (snap->ntk_k_test == NULL ||
          all_finite (snap->ntk_k_test, (gsize) snap->constants->n_ntk_k_test * snap->constants->n_ntk_k_test)) &&
         isfinite (snap->kernel_drift) && isfinite (snap->weight_drift);
}

static void
append_history (NtkExperiment     *self,
                const NtkSnapshot *snap)
{
  NtkHistory *h = self->history;
  guint m = self->constants->n_modes_tracked;
  guint i = self->history_len;

  /* One entry per step, in increasing order; a second snapshot of a step (e.g. the diverged
   * one, published at the last good step) reuses the entry. */
  if (i > 0 && h->step[i - 1] >= snap->step)
    return;
  if (i >= h->capacity)
    {
      g_debug ("History full (%u entries): step %u not recorded", h->capacity, snap->step);
      return;
    }

  h->step[i] = snap->step;
  h->t[i] = snap->t;
  for (guint j = 0; j < NTK_N_LOSSES; j++)
    h->loss[j][i] = snap->loss[j];
  h->kernel_drift[i] = snap->kernel_drift;
  h->weight_drift[i] = snap->weight_drift;
  h->rmse_lin[i] = snap->rmse_finite_vs_lin;
  memcpy (h->mode_finite + (gsize) i * m, snap->mode_finite, sizeof (double) * m);
  memcpy (h->mode_lin + (gsize) i * m, snap->mode_lin, sizeof (double) * m);
  self->history_len = i + 1;
}

NtkSnapshot *
ntk_experiment_snapshot (NtkExperiment *self)
{
  g_autoptr(NtkSnapshot) snap = NULL;
  double bad_loss = NAN;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->prepared, NULL);

  snap = ntk_snapshot_new (self->constants, self->history);

  if (!compute_values (self, snap, &bad_loss))
    {
      mark_diverged (self, bad_loss);
      compute_values (self, snap, &bad_loss);
    }
  if (!values_finite (snap))
    {
      /* Not seen in practice (the parameters passed the loss check), but a published
       * snapshot must never carry NaN: fall back to the initialization, which prepare
       * checked. */
      if (self->state != NTK_RUN_DIVERGED)
        mark_diverged (self, NAN);
      memcpy (self->mlp->theta, self->theta0, sizeof (double) * self->mlp->n_params);
      self->step = self->good_step = 0;
      memcpy (self->theta_good, self->theta0, sizeof (double) * self->mlp->n_params);
      compute_values (self, snap, &bad_loss);
    }

  snap->run_id = self->run_id;
  snap->state = self->state;
  snap->step = self->step;
  snap->t = self->config->learning_rate * self->step;
  snap->diverged_step = self->diverged_step;
  switch (self->state)
    {
    case NTK_RUN_DIVERGED:
      snap->message = g_strdup (self->diverged_message);
      break;
    case NTK_RUN_FINISHED:
      snap->message = g_strdup_printf (ngettext ("Finished after %u step", "Finished after %u steps", self->step), self->step);
      break;
    case NTK_RUN_RUNNING:
    default:
      snap->message = g_strdup_printf (_("Step %u of %u"), self->step, self->config->steps);
      break;
    }
  if (self->lin_diverged_step <= self->step)
    {
      /* Translators: %s is the status line above, e.g. "Step 120 of 2000" */
      char *line = g_strdup_printf (_("%s; the linearized model diverged at step %u (η/η_crit = %.3g)"),
                                    snap->message, self->lin_diverged_step, snap->eta_over_eta_crit);

      g_free (snap->message);
      snap->message = line;
    }

  append_history (self, snap);
  snap->history_len = self->history_len;

  return g_steal_pointer (&snap);
}

/* ---------------------------------------------------------------------------------------- */
/* The whole run                                                                             */
/* ---------------------------------------------------------------------------------------- */

static void
publish_snapshot (NtkExperiment   *self,
                  NtkSnapshotFunc  publish,
                  gpointer         user_data)
{
  g_autoptr(NtkSnapshot) snap = ntk_experiment_snapshot (self);

  if (publish != NULL)
    publish (snap, user_data);
}

gboolean
ntk_experiment_run (NtkExperiment    *self,
                    GCancellable     *cancellable,
                    NtkSnapshotFunc   publish,
                    gpointer          user_data,
                    GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->prepared &&
      !ntk_experiment_prepare (self, cancellable, NULL, NULL, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  publish_snapshot (self, publish, user_data);

  while (self->state == NTK_RUN_RUNNING)
    {
      guint todo = MIN (self->config->publish_every, self->config->steps - self->step);

      if (!ntk_experiment_advance (self, todo, cancellable, error))
        return FALSE;
      publish_snapshot (self, publish, user_data);
    }

  return TRUE;
}
