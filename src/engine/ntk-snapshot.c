/* ntk-snapshot.c — what one moment of a run looks like, for plots, the status line and files
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-snapshot-private.h"

/* ---------------------------------------------------------------------------------------- */
/* Run constants                                                                             */
/* ---------------------------------------------------------------------------------------- */

NtkRunConstants *
ntk_run_constants_new (void)
{
  return g_atomic_rc_box_new0 (NtkRunConstants);
}

static void
ntk_run_constants_clear (NtkRunConstants *self)
{
  g_clear_pointer (&self->config, ntk_config_free);
  g_clear_pointer (&self->data, ntk_dataset_unref);
  g_clear_pointer (&self->ntk0, g_free);
  g_clear_pointer (&self->ntk0_test, g_free);
  g_clear_pointer (&self->ntk, g_free);
  g_clear_pointer (&self->ntk_test, g_free);
  g_clear_pointer (&self->nngp, g_free);
  g_clear_pointer (&self->nngp_test, g_free);
  g_clear_pointer (&self->nngp_test_diag, g_free);
  g_clear_pointer (&self->eig0, ntk_eigen_free);
  g_clear_pointer (&self->eig, ntk_eigen_free);
  g_clear_pointer (&self->f0_train, g_free);
  g_clear_pointer (&self->f0_test, g_free);
  g_clear_pointer (&self->kernel_regression_test, g_free);
  g_clear_pointer (&self->mode0, g_free);
  g_clear_pointer (&self->ntk0_test_test, g_free);
  g_clear_pointer (&self->ntk_test_test, g_free);
  g_clear_pointer (&self->nngp_test_test, g_free);
}

NtkRunConstants *
ntk_run_constants_ref (NtkRunConstants *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ntk_run_constants_unref (NtkRunConstants *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) ntk_run_constants_clear);
}

/* ---------------------------------------------------------------------------------------- */
/* History                                                                                   */
/* ---------------------------------------------------------------------------------------- */

static double *
nan_array (gsize n)
{
  double *a = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    a[i] = NAN;
  return a;
}

NtkHistory *
ntk_history_new (guint capacity,
                 guint n_modes)
{
  NtkHistory *self = g_atomic_rc_box_new0 (NtkHistory);

  self->capacity = capacity;
  self->step = g_new0 (guint, MAX (capacity, 1));
  self->t = nan_array (capacity);
  for (guint i = 0; i < NTK_N_LOSSES; i++)
    self->loss[i] = nan_array (capacity);
  self->kernel_drift = nan_array (capacity);
  self->weight_drift = nan_array (capacity);
  self->rmse_lin = nan_array (capacity);
  self->mode_finite = nan_array ((gsize) capacity * n_modes);
  self->mode_lin = nan_array ((gsize) capacity * n_modes);

  return self;
}

static void
ntk_history_clear (NtkHistory *self)
{
  g_free (self->step);
  g_free (self->t);
  for (guint i = 0; i < NTK_N_LOSSES; i++)
    g_free (self->loss[i]);
  g_free (self->kernel_drift);
  g_free (self->weight_drift);
  g_free (self->rmse_lin);
  g_free (self->mode_finite);
  g_free (self->mode_lin);
}

NtkHistory *
ntk_history_ref (NtkHistory *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ntk_history_unref (NtkHistory *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) ntk_history_clear);
}

/* ---------------------------------------------------------------------------------------- */
/* Snapshot                                                                                  */
/* ---------------------------------------------------------------------------------------- */

NtkSnapshot *
ntk_snapshot_new (NtkRunConstants *constants,
                  NtkHistory      *history)
{
  NtkSnapshot *self;
  guint n, n_test;

  g_return_val_if_fail (constants != NULL, NULL);
  g_return_val_if_fail (history != NULL, NULL);

  n = constants->n;
  n_test = constants->n_test;

  self = g_atomic_rc_box_new0 (NtkSnapshot);
  self->constants = ntk_run_constants_ref (constants);
  self->history = ntk_history_ref (history);
  self->f_train = g_new (double, n);
  self->f_test = g_new (double, n_test);
  self->lin_train = g_new (double, n);
  self->lin_test = g_new (double, n_test);
  self->inf_train = g_new (double, n);
  self->inf_test = g_new (double, n_test);
  self->inf_var_test = g_new (double, n_test);
  self->ntk_k = g_new (double, (gsize) n * n);
  self->mode_finite = g_new (double, n);
  self->mode_lin = g_new (double, n);
  if (constants->n_ntk_k_test > 0)
    self->ntk_k_test = g_new (double, (gsize) constants->n_ntk_k_test * constants->n_ntk_k_test);
  for (guint i = 0; i < NTK_N_LOSSES; i++)
    self->loss[i] = NAN;
  self->kernel_drift = self->weight_drift = self->rmse_finite_vs_lin = NAN;
  self->eta_over_eta_crit = NAN;

  return self;
}

void
ntk_snapshot_copy_values (NtkSnapshot       *dest,
                          const NtkSnapshot *src)
{
  guint n, n_test;

  g_return_if_fail (dest != NULL && src != NULL);
  g_return_if_fail (dest->constants == src->constants);

  n = src->constants->n;
  n_test = src->constants->n_test;

  memcpy (dest->f_train, src->f_train, sizeof (double) * n);
  memcpy (dest->f_test, src->f_test, sizeof (double) * n_test);
  memcpy (dest->lin_train, src->lin_train, sizeof (double) * n);
  memcpy (dest->lin_test, src->lin_test, sizeof (double) * n_test);
  memcpy (dest->inf_train, src->inf_train, sizeof (double) * n);
  memcpy (dest->inf_test, src->inf_test, sizeof (double) * n_test);
  memcpy (dest->inf_var_test, src->inf_var_test, sizeof (double) * n_test);
  memcpy (dest->ntk_k, src->ntk_k, sizeof (double) * n * n);
  memcpy (dest->mode_finite, src->mode_finite, sizeof (double) * n);
  memcpy (dest->mode_lin, src->mode_lin, sizeof (double) * n);
  if (src->ntk_k_test != NULL)
    memcpy (dest->ntk_k_test, src->ntk_k_test,
            sizeof (double) * src->constants->n_ntk_k_test * src->constants->n_ntk_k_test);
  memcpy (dest->loss, src->loss, sizeof dest->loss);
  dest->kernel_drift = src->kernel_drift;
  dest->weight_drift = src->weight_drift;
  dest->rmse_finite_vs_lin = src->rmse_finite_vs_lin;
  dest->eta_over_eta_crit = src->eta_over_eta_crit;
}

static void
ntk_snapshot_clear (NtkSnapshot *self)
{
  g_free (self->message);
  g_clear_pointer (&self->constants, ntk_run_constants_unref);
  g_clear_pointer (&self->history, ntk_history_unref);
  g_free (self->f_train);
  g_free (self->f_test);
  g_free (self->lin_train);
  g_free (self->lin_test);
  g_free (self->inf_train);
  g_free (self->inf_test);
  g_free (self->inf_var_test);
  g_free (self->ntk_k);
  g_free (self->mode_finite);
  g_free (self->mode_lin);
  g_free (self->ntk_k_test);
}

NtkSnapshot *
ntk_snapshot_ref (NtkSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ntk_snapshot_unref (NtkSnapshot *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) ntk_snapshot_clear);
}

const char *
ntk_run_state_to_string (NtkRunState state)
{
  switch (state)
    {
    case NTK_RUN_RUNNING:
      return "running";
    case NTK_RUN_FINISHED:
      return "finished";
    case NTK_RUN_DIVERGED:
      return "diverged";
    default:
      g_return_val_if_reached (NULL);
    }
}
