/* test-experiment.c — the run loop: lazy regime, determinism, divergence, cancellation, history
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-experiment.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"
#include "ntk-test-util.h"

static NtkConfig *
small_config (NtkActivation activation,
              guint         width,
              guint         steps,
              guint         publish_every)
{
  NtkConfig *config = ntk_config_new ();

  config->activation = activation;
  config->depth = 2;
  config->width = width;
  config->dataset = NTK_DATASET_CIRCLE;
  config->n_train = 16;
  config->n_test = 64;
  config->steps = steps;
  config->publish_every = publish_every;
  config->seed = 42;
  return config;
}

/* η_crit of the network of @config (prepare once, read the constants). */
static double
eta_crit_of (const NtkConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, &error);
  double eta_crit;

  g_assert_no_error (error);
  g_assert_true (ntk_experiment_prepare (exp, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  eta_crit = ntk_experiment_get_constants (exp)->eta_crit;
  g_assert_true (isfinite (eta_crit) && eta_crit > 0.0);
  return eta_crit;
}

static void
collect_snapshot (NtkSnapshot *snapshot,
                  gpointer     user_data)
{
  g_ptr_array_add (user_data, ntk_snapshot_ref (snapshot));
}

static GPtrArray *
run_collect (const NtkConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, &error);
  GPtrArray *snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ntk_snapshot_unref);

  g_assert_no_error (error);
  g_assert_true (ntk_experiment_run (exp, NULL, collect_snapshot, snaps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (snaps->len, >, 0);
  return snaps;
}

static gboolean
array_finite (const double *a,
              gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (a[i]))
      return FALSE;
  return TRUE;
}

static double
half_mse (const double *f,
          const double *y,
          guint         n)
{
  double s = 0.0;

  for (guint i = 0; i < n; i++)
    s += (f[i] - y[i]) * (f[i] - y[i]);
  return s / (2.0 * n);
}

/* ---------------------------------------------------------------------------------------- */
/* Lazy regime: the trained finite net tracks its linearization                              */
/* ---------------------------------------------------------------------------------------- */

/* Relative distance, on the test grid, between the finite net after 200 steps at η = 0.5 η_crit
 * and its linearization: ‖f − f_lin‖ / ‖f_lin − mean(f_lin)‖ (centred, the stricter of the two
 * natural choices). Also reports ‖f − f_lin‖ / ‖f_lin‖. */
static double
lazy_relative_rmse (NtkActivation activation,
                    guint         width)
{
  g_autoptr(NtkConfig) config = small_config (activation, width, 200, 200);
  g_autoptr(GPtrArray) snaps = NULL;
  NtkSnapshot *last;
  guint n_test;
  double mean = 0.0, num = 0.0, den = 0.0, rel, rel_plain;
  double eta_crit;
  gint64 start = g_get_monotonic_time ();

  eta_crit = eta_crit_of (config);
  config->learning_rate = 0.5 * eta_crit;
  snaps = run_collect (config);
  last = g_ptr_array_index (snaps, snaps->len - 1);
  n_test = last->constants->n_test;

  g_assert_cmpint (last->state, ==, NTK_RUN_FINISHED);
  g_assert_cmpuint (last->step, ==, 200);
  assert_rel (last->eta_over_eta_crit, 0.5, 1e-12);
  /* the same network: the experiment with the new learning rate has the same η_crit */
  assert_rel (last->constants->eta_crit, eta_crit, 1e-12);

  for (guint j = 0; j < n_test; j++)
    mean += last->lin_test[j] / n_test;
  for (guint j = 0; j < n_test; j++)
    {
      num += (last->f_test[j] - last->lin_test[j]) * (last->f_test[j] - last->lin_test[j]);
      den += (last->lin_test[j] - mean) * (last->lin_test[j] - mean);
    }
  rel = sqrt (num / den);
  rel_plain = sqrt (num) / ntk_test_norm (last->lin_test, n_test);

  /* the training actually moved the network: the loss fell by a large factor */
  g_assert_cmpfloat (last->loss[NTK_LOSS_FINITE_TRAIN], <,
                     0.2 * last->history->loss[NTK_LOSS_FINITE_TRAIN][0]);
  /* the snapshot's RMSE is the same distance, unnormalized */
  assert_rel (last->rmse_finite_vs_lin, sqrt (num / n_test), 1e-12);

  g_test_message ("%s width %u: η_crit %.4g, relative RMSE finite vs lin %.3e (centred) %.3e (plain), "
                  "kernel drift %.3e, weight drift %.3e, train loss %.3e → %.3e (%.1f s)",
                  ntk_activation_to_string (activation), width, eta_crit, rel, rel_plain,
                  last->kernel_drift, last->weight_drift,
                  last->history->loss[NTK_LOSS_FINITE_TRAIN][0], last->loss[NTK_LOSS_FINITE_TRAIN],
                  (g_get_monotonic_time () - start) / 1e6);
  return rel;
}

static void
test_lazy_erf (void)
{
  double small = lazy_relative_rmse (NTK_ACTIVATION_ERF, 128);
  double wide = lazy_relative_rmse (NTK_ACTIVATION_ERF, 1024);

  g_assert_cmpfloat (wide, <, 0.01);
  g_assert_cmpfloat (wide, <, small);
}

static void
test_lazy_relu (void)
{
  double small = lazy_relative_rmse (NTK_ACTIVATION_RELU, 512);
  double wide = lazy_relative_rmse (NTK_ACTIVATION_RELU, 4096);

  g_assert_cmpfloat (wide, <, 0.03);
  g_assert_cmpfloat (wide, <, small);
}

/* ---------------------------------------------------------------------------------------- */
/* Determinism                                                                               */
/* ---------------------------------------------------------------------------------------- */

static void
assert_same_bits (const double *a,
                  const double *b,
                  gsize         n,
                  const char   *what)
{
  if (memcmp (a, b, sizeof (double) * n) != 0)
    g_error ("%s differs between two runs with the same seed", what);
}

static void
test_determinism (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_ERF, 96, 30, 10);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  config->learning_rate = 0.5;
  a = run_collect (config);
  b = run_collect (config);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, ==, 4);

  for (guint i = 0; i < a->len; i++)
    {
      NtkSnapshot *sa = g_ptr_array_index (a, i);
      NtkSnapshot *sb = g_ptr_array_index (b, i);
      guint n = sa->constants->n, t = sa->constants->n_test;

      g_assert_cmpuint (sa->run_id, !=, sb->run_id);
      g_assert_cmpuint (sa->step, ==, sb->step);
      assert_same_bits (sa->f_train, sb->f_train, n, "f_train");
      assert_same_bits (sa->f_test, sb->f_test, t, "f_test");
      assert_same_bits (sa->lin_train, sb->lin_train, n, "lin_train");
      assert_same_bits (sa->lin_test, sb->lin_test, t, "lin_test");
      assert_same_bits (sa->inf_train, sb->inf_train, n, "inf_train");
      assert_same_bits (sa->inf_test, sb->inf_test, t, "inf_test");
      assert_same_bits (sa->inf_var_test, sb->inf_var_test, t, "inf_var_test");
      assert_same_bits (sa->ntk_k, sb->ntk_k, (gsize) n * n, "Θ̂_k");
      assert_same_bits (sa->mode_finite, sb->mode_finite, n, "mode_finite");
      assert_same_bits (sa->mode_lin, sb->mode_lin, n, "mode_lin");
      assert_same_bits (sa->loss, sb->loss, NTK_N_LOSSES, "losses");
      assert_same_bits (&sa->kernel_drift, &sb->kernel_drift, 1, "kernel drift");
      assert_same_bits (&sa->weight_drift, &sb->weight_drift, 1, "weight drift");
      assert_same_bits (sa->constants->ntk0, sb->constants->ntk0, (gsize) n * n, "Θ̂_0");
      assert_same_bits (sa->constants->ntk, sb->constants->ntk, (gsize) n * n, "Θ");
      assert_same_bits (sa->constants->nngp, sb->constants->nngp, (gsize) n * n, "Σ");
      assert_same_bits (sa->constants->ntk0_test, sb->constants->ntk0_test, (gsize) t * n, "Θ̂_0 test");
      assert_same_bits (sa->constants->ntk0_test_test, sb->constants->ntk0_test_test, (gsize) t * t,
                        "Θ̂_0 test × test");
      assert_same_bits (sa->constants->ntk_test_test, sb->constants->ntk_test_test, (gsize) t * t,
                        "Θ test × test");
      g_assert_nonnull (sa->ntk_k_test);
      assert_same_bits (sa->ntk_k_test, sb->ntk_k_test,
                        (gsize) sa->constants->n_ntk_k_test * sa->constants->n_ntk_k_test, "Θ̂_k test × test");
    }

  /* a different seed gives a different network */
  {
    g_autoptr(GPtrArray) c = NULL;
    NtkSnapshot *sa, *sc;

    config->seed++;
    c = run_collect (config);
    sa = g_ptr_array_index (a, 0);
    sc = g_ptr_array_index (c, 0);
    g_assert_true (memcmp (sa->f_test, sc->f_test, sizeof (double) * sa->constants->n_test) != 0);
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Divergence                                                                                */
/* ---------------------------------------------------------------------------------------- */

static void
check_snapshot_finite (NtkSnapshot *s)
{
  guint n = s->constants->n, t = s->constants->n_test;

  g_assert_true (array_finite (s->f_train, n));
  g_assert_true (array_finite (s->f_test, t));
  g_assert_true (array_finite (s->lin_train, n));
  g_assert_true (array_finite (s->lin_test, t));
  g_assert_true (array_finite (s->inf_train, n));
  g_assert_true (array_finite (s->inf_test, t));
  g_assert_true (array_finite (s->inf_var_test, t));
  g_assert_true (array_finite (s->ntk_k, (gsize) n * n));
  g_assert_true (array_finite (s->mode_finite, n));
  g_assert_true (array_finite (s->mode_lin, n));
  g_assert_true (isfinite (s->loss[NTK_LOSS_FINITE_TRAIN]) && isfinite (s->loss[NTK_LOSS_FINITE_TEST]));
  g_assert_true (isfinite (s->loss[NTK_LOSS_INF_TRAIN]) && isfinite (s->loss[NTK_LOSS_INF_TEST]));
  g_assert_true (isfinite (s->kernel_drift) && isfinite (s->weight_drift));
  /* the linearized model has its own bound: past it, its losses and RMSE are NaN (undefined)
   * and the status line says so; never ±Inf */
  if (isfinite (s->loss[NTK_LOSS_LIN_TRAIN]))
    {
      g_assert_true (isfinite (s->loss[NTK_LOSS_LIN_TEST]));
      g_assert_true (isfinite (s->rmse_finite_vs_lin));
    }
  else
    {
      g_assert_true (isnan (s->loss[NTK_LOSS_LIN_TRAIN]) && isnan (s->loss[NTK_LOSS_LIN_TEST]));
      g_assert_true (isnan (s->rmse_finite_vs_lin));
      g_assert_nonnull (strstr (s->message, "the linearized model diverged at step"));
    }
  for (guint i = 0; i < s->history_len; i++)
    {
      g_assert_true (isfinite (s->history->loss[NTK_LOSS_FINITE_TRAIN][i]));
      g_assert_true (isfinite (s->history->kernel_drift[i]));
    }
}

static void
test_divergence (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_ERF, 256, 400, 5);
  g_autoptr(GPtrArray) snaps = NULL;
  g_autofree char *expected = NULL;
  NtkSnapshot *last;

  config->learning_rate = 3.0 * eta_crit_of (config);
  snaps = run_collect (config);
  last = g_ptr_array_index (snaps, snaps->len - 1);

  g_test_message ("η = 3 η_crit: %s after %u snapshots", last->message, snaps->len);
  g_assert_cmpint (last->state, ==, NTK_RUN_DIVERGED);
  g_assert_cmpuint (last->diverged_step, >, 0);
  g_assert_cmpuint (last->diverged_step, <, 400);
  /* the diverged snapshot is taken again at the last published step, whose values were finite */
  g_assert_cmpuint (snaps->len, >=, 2);
  {
    NtkSnapshot *before = g_ptr_array_index (snaps, snaps->len - 2);

    g_assert_cmpuint (last->step, ==, before->step);
    g_assert_cmpuint (last->step, <, last->diverged_step);
    g_assert_true (memcmp (last->f_test, before->f_test, sizeof (double) * last->constants->n_test) == 0);
    g_assert_cmpuint (last->history_len, ==, before->history_len);
  }
  expected = g_strdup_printf ("Diverged at step %u (", last->diverged_step);
  g_assert_true (g_str_has_prefix (last->message, expected));
  /* every snapshot before was still running, and nothing published is NaN/Inf */
  for (guint i = 0; i < snaps->len; i++)
    {
      NtkSnapshot *s = g_ptr_array_index (snaps, i);

      if (i + 1 < snaps->len)
        g_assert_cmpint (s->state, ==, NTK_RUN_RUNNING);
      check_snapshot_finite (s);
    }
}

/* Between η_crit and about 2 η_crit the linearized model diverges but the finite net survives
 * by moving its kernel (the catapult phase of Lewkowycz et al. 2020): the run goes on, with the
 * linearized losses NaN after its own bound is passed. */
static void
test_catapult (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_ERF, 256, 200, 50);
  g_autoptr(GPtrArray) snaps = NULL;
  NtkSnapshot *first, *last;

  config->learning_rate = 1.5 * eta_crit_of (config);
  snaps = run_collect (config);
  first = g_ptr_array_index (snaps, 0);
  last = g_ptr_array_index (snaps, snaps->len - 1);

  g_test_message ("η = 1.5 η_crit: %s; loss %.3e → %.3e, kernel drift %.3f", last->message,
                  first->loss[NTK_LOSS_FINITE_TRAIN], last->loss[NTK_LOSS_FINITE_TRAIN],
                  last->kernel_drift);
  g_assert_cmpint (last->state, ==, NTK_RUN_FINISHED);
  g_assert_cmpuint (snaps->len, ==, 5);
  g_assert_true (isfinite (first->loss[NTK_LOSS_LIN_TRAIN]));
  g_assert_true (isnan (last->loss[NTK_LOSS_LIN_TRAIN]));
  g_assert_true (isnan (last->history->loss[NTK_LOSS_LIN_TRAIN][last->history_len - 1]));
  g_assert_true (g_str_has_prefix (last->message, "Finished after 200 steps; the linearized model diverged at step 50"));
  for (guint i = 0; i < snaps->len; i++)
    check_snapshot_finite (g_ptr_array_index (snaps, i));
  /* the finite net learned, and its kernel moved far more than in the lazy regime */
  g_assert_cmpfloat (last->loss[NTK_LOSS_FINITE_TRAIN], <, 0.1 * first->loss[NTK_LOSS_FINITE_TRAIN]);
  g_assert_cmpfloat (last->kernel_drift, >, 0.1);
}

/* ---------------------------------------------------------------------------------------- */
/* Cancellation                                                                              */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
  GCancellable *cancellable;
  guint         count;
  guint         cancel_at;
} CancelData;

static void
cancel_on_publish (NtkSnapshot *snapshot,
                   gpointer     user_data)
{
  CancelData *data = user_data;

  data->count++;
  if (data->count == data->cancel_at)
    g_cancellable_cancel (data->cancellable);
}

/* cancels once the first phase of preparation has started */
static void
cancel_on_progress (double      fraction,
                    const char *phase,
                    gpointer    user_data)
{
  if (fraction > 0.0)
    g_cancellable_cancel (user_data);
}

static void
test_cancellation (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_RELU, 64, 1000, 10);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkExperiment) exp = NULL;
  CancelData data = { cancellable, 0, 2 };

  config->learning_rate = 0.1;
  exp = ntk_experiment_new (config, &error);
  g_assert_no_error (error);
  g_assert_false (ntk_experiment_run (exp, cancellable, cancel_on_publish, &data, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (data.count, ==, 2);
  g_assert_cmpuint (ntk_experiment_get_step (exp), ==, 10);
  g_assert_cmpint (ntk_experiment_get_state (exp), ==, NTK_RUN_RUNNING);

  /* cancelled before it starts: prepare stops at once */
  {
    g_autoptr(NtkExperiment) exp2 = ntk_experiment_new (config, NULL);
    g_autoptr(GCancellable) c2 = g_cancellable_new ();
    g_autoptr(GError) error2 = NULL;

    g_cancellable_cancel (c2);
    g_assert_false (ntk_experiment_prepare (exp2, c2, NULL, NULL, &error2));
    g_assert_error (error2, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (ntk_experiment_get_constants (exp2));
    g_clear_error (&error2);

    /* cancelled between two phases (from the progress callback), then prepared again */
    g_cancellable_reset (c2);
    g_assert_false (ntk_experiment_prepare (exp2, c2, cancel_on_progress, c2, &error2));
    g_assert_error (error2, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (ntk_experiment_get_constants (exp2));
    g_clear_error (&error2);
    g_assert_true (ntk_experiment_prepare (exp2, NULL, NULL, NULL, &error2));
    g_assert_no_error (error2);
    g_assert_nonnull (ntk_experiment_get_constants (exp2));
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Publish schedule, history and consistency of one snapshot                                 */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
  guint  calls;
  double last;
} ProgressData;

static void
on_progress (double      fraction,
             const char *phase,
             gpointer    user_data)
{
  ProgressData *p = user_data;

  g_assert_nonnull (phase);
  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  p->calls++;
}

static void
test_schedule_and_history (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_RELU, 128, 25, 10);
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ntk_snapshot_unref);
  g_autoptr(GError) error = NULL;
  ProgressData progress = { 0, 0.0 };
  const guint expected_steps[] = { 0, 10, 20, 25 };
  const NtkDataset *data;
  NtkSnapshot *first, *last;
  guint n, t, m;

  config->learning_rate = 0.2;
  exp = ntk_experiment_new (config, &error);
  g_assert_no_error (error);
  g_assert_null (ntk_experiment_get_constants (exp));
  g_assert_true (ntk_experiment_prepare (exp, NULL, on_progress, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, >=, 4);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_true (ntk_experiment_run (exp, NULL, collect_snapshot, snaps, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (snaps->len, ==, G_N_ELEMENTS (expected_steps));
  data = ntk_experiment_get_dataset (exp);
  first = g_ptr_array_index (snaps, 0);
  last = g_ptr_array_index (snaps, snaps->len - 1);
  n = first->constants->n;
  t = first->constants->n_test;
  m = first->constants->n_modes_tracked;
  g_assert_cmpuint (n, ==, 16);
  g_assert_cmpuint (t, ==, 64);
  g_assert_cmpuint (m, ==, 16);
  g_assert_cmpuint (first->history->capacity, >=, G_N_ELEMENTS (expected_steps));

  for (guint i = 0; i < snaps->len; i++)
    {
      NtkSnapshot *s = g_ptr_array_index (snaps, i);

      g_assert_cmpuint (s->step, ==, expected_steps[i]);
      g_assert_cmpuint (s->history_len, ==, i + 1);
      g_assert_true (s->history == first->history);
      g_assert_true (s->constants == first->constants);
      g_assert_cmpuint (s->run_id, ==, ntk_experiment_get_run_id (exp));
      g_assert_cmpint (s->state, ==, i + 1 < snaps->len ? NTK_RUN_RUNNING : NTK_RUN_FINISHED);
      assert_rel (s->t, 0.2 * s->step, 1e-15);
      g_assert_cmpuint (s->history->step[i], ==, s->step);
      g_assert_nonnull (s->message);
      check_snapshot_finite (s);

      /* the losses are those of the published predictions */
      assert_rel (s->loss[NTK_LOSS_FINITE_TRAIN], half_mse (s->f_train, data->y, n), 1e-12);
      assert_rel (s->loss[NTK_LOSS_FINITE_TEST], half_mse (s->f_test, data->y_test, t), 1e-12);
      assert_rel (s->loss[NTK_LOSS_LIN_TRAIN], half_mse (s->lin_train, data->y, n), 1e-12);
      assert_rel (s->loss[NTK_LOSS_LIN_TEST], half_mse (s->lin_test, data->y_test, t), 1e-12);
      assert_rel (s->loss[NTK_LOSS_INF_TRAIN], half_mse (s->inf_train, data->y, n), 1e-12);
      assert_rel (s->loss[NTK_LOSS_INF_TEST], half_mse (s->inf_test, data->y_test, t), 1e-12);
      /* and the history holds the same numbers */
      for (guint k = 0; k < NTK_N_LOSSES; k++)
        g_assert_cmpfloat (s->history->loss[k][i], ==, s->loss[k]);
      g_assert_cmpfloat (s->history->kernel_drift[i], ==, s->kernel_drift);
      g_assert_cmpfloat (s->history->weight_drift[i], ==, s->weight_drift);
      g_assert_cmpfloat (s->history->rmse_lin[i], ==, s->rmse_finite_vs_lin);
      g_assert_true (memcmp (s->history->mode_finite + (gsize) i * m, s->mode_finite,
                             sizeof (double) * m) == 0);
      g_assert_true (memcmp (s->history->mode_lin + (gsize) i * m, s->mode_lin,
                             sizeof (double) * m) == 0);
      /* the variance of the NTK-GP is never negative */
      for (guint j = 0; j < t; j++)
        g_assert_cmpfloat (s->inf_var_test[j], >=, 0.0);
      if (i > 0)
        {
          g_assert_cmpfloat (s->kernel_drift, >, 0.0);
          g_assert_cmpfloat (s->weight_drift, >, 0.0);
        }
    }
  g_assert_true (g_str_has_prefix (last->message, "Finished"));

  /* Step 0: the finite net, its linearization and Θ̂_k are the initial ones */
  g_assert_cmpfloat (first->weight_drift, ==, 0.0);
  g_assert_cmpfloat (first->kernel_drift, <=, 1e-14);
  g_assert_cmpfloat (first->rmse_finite_vs_lin, <=, 1e-14);
  for (guint i = 0; i < n; i++)
    {
      assert_rel (first->f_train[i], first->constants->f0_train[i], 1e-14);
      assert_rel (first->lin_train[i], first->constants->f0_train[i], 1e-14);
      assert_rel (first->mode_finite[i], first->constants->mode0[i], 1e-12);
      assert_rel (first->mode_lin[i], first->constants->mode0[i], 1e-12);
      /* the prior: NTK-GP mean 0 at t = 0 */
      g_assert_cmpfloat (first->inf_train[i], ==, 0.0);
    }
  for (guint j = 0; j < t; j++)
    assert_rel (first->inf_var_test[j], first->constants->nngp_test_diag[j], 1e-14);

  /* Later steps: the linearized mode errors follow (1 − ηλ_i/n)^k e_{i,0} */
  {
    const NtkEigen *eig0 = last->constants->eig0;

    for (guint i = 0; i < n; i++)
      assert_rel (last->mode_lin[i],
                  pow (1.0 - 0.2 * eig0->eigval[i] / n, last->step) * last->constants->mode0[i],
                  1e-10);
    assert_rel (last->eta_over_eta_crit, 0.2 / last->constants->eta_crit, 1e-14);
    assert_rel (last->constants->eta_crit, 2.0 * n / eig0->lambda_max, 1e-14);
  }

  /* The run is over: more steps do nothing */
  g_assert_true (ntk_experiment_advance (exp, 5, NULL, &error));
  g_assert_cmpuint (ntk_experiment_get_step (exp), ==, 25);
  g_assert_cmpint (ntk_experiment_get_state (exp), ==, NTK_RUN_FINISHED);
}

/* Θ̂_k at a step agrees with a fresh empirical NTK; the constants are consistent. */
static void
test_constants (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_ERF, 2048, 0, 1);
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkSnapshot) snap = NULL;
  const NtkRunConstants *c;
  guint n, t;

  exp = ntk_experiment_new (config, &error);
  g_assert_no_error (error);
  g_assert_true (ntk_experiment_prepare (exp, NULL, NULL, NULL, &error));
  c = ntk_experiment_get_constants (exp);
  n = c->n;
  t = c->n_test;
  g_assert_cmpint (ntk_experiment_get_state (exp), ==, NTK_RUN_FINISHED);  /* steps = 0 */

  /* width 2048: Θ̂_0 is close to the analytic Θ (≈ 1/√width) */
  g_test_message ("erf width 2048: ‖Θ̂_0 − Θ‖/‖Θ‖ = %.3e, η_crit = %.4g, cond(Θ) = %.3g, "
                  "clipped %u", c->init_kernel_error, c->eta_crit, c->eig->condition, c->eig->n_clipped);
  g_assert_cmpfloat (c->init_kernel_error, >, 0.0);
  g_assert_cmpfloat (c->init_kernel_error, <, 0.2);
  g_assert_cmpuint (c->eig0->n, ==, n);
  g_assert_cmpuint (c->eig->n, ==, n);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (c->eig0->eigval[i - 1], >=, c->eig0->eigval[i]);
  assert_rel (c->ntk0_norm, ntk_test_norm (c->ntk0, (gsize) n * n), 1e-14);

  /* t → ∞ prediction interpolates the training targets where the grid hits them
   * (64 grid points on the circle include the 16 training angles) */
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (fabs (c->kernel_regression_test[i * (t / n)] - c->data->y[i]), <=, 1e-6);

  snap = ntk_experiment_snapshot (exp);
  g_assert_cmpint (snap->state, ==, NTK_RUN_FINISHED);
  g_assert_cmpuint (snap->step, ==, 0);
  g_assert_cmpfloat (snap->kernel_drift, <=, 1e-14);
}

/* ---------------------------------------------------------------------------------------- */
/* Kernels over the test points                                                              */
/* ---------------------------------------------------------------------------------------- */

static void
assert_symmetric (const double *a,
                  guint         n,
                  const char   *what)
{
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < i; j++)
      if (a[(gsize) i * n + j] != a[(gsize) j * n + i])
        g_error ("%s is not symmetric at (%u, %u): %.17g vs %.17g", what, i, j,
                 a[(gsize) i * n + j], a[(gsize) j * n + i]);
}

static NtkExperiment *
prepared (const NtkConfig *config)
{
  g_autoptr(GError) error = NULL;
  NtkExperiment *exp = ntk_experiment_new (config, &error);

  g_assert_no_error (error);
  g_assert_true (ntk_experiment_prepare (exp, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return exp;
}

/* Θ̂_0, Θ and Σ over the test points: symmetric, their diagonals are the engine's diagonal
 * functions and the empirical NTK of each point alone, and where a test point is a training
 * point (circle: grid point 4i is training point i) they are the train × train kernels. */
static void
test_test_kernels (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_ERF, 256, 20, 10);
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(NtkMlp) mlp = NULL;
  g_autoptr(NtkSnapshot) snap0 = NULL;
  g_autoptr(NtkSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *ntk_diag = NULL;
  g_autofree double *nngp_diag = NULL;
  g_autofree double *full = NULL;
  const NtkRunConstants *c;
  const NtkDataset *d;
  guint n, t, q;

  config->learning_rate = 0.5;
  exp = prepared (config);
  c = ntk_experiment_get_constants (exp);
  d = c->data;
  n = c->n;
  t = c->n_test;
  q = t / n;
  g_assert_cmpuint (t, ==, 64);
  g_assert_nonnull (c->ntk0_test_test);
  g_assert_nonnull (c->ntk_test_test);
  g_assert_nonnull (c->nngp_test_test);
  assert_symmetric (c->ntk0_test_test, t, "Θ̂_0(test, test)");
  assert_symmetric (c->ntk_test_test, t, "Θ(test, test)");
  assert_symmetric (c->nngp_test_test, t, "Σ(test, test)");

  /* diagonals: the analytic diagonal functions, and Θ̂_0 of one point on the same network */
  ntk_diag = g_new (double, t);
  nngp_diag = g_new (double, t);
  ntk_analytic_kernel_diag (config, d->d0, d->x_test, t, ntk_diag, nngp_diag);
  mlp = ntk_mlp_new (config, d->d0);
  for (guint i = 0; i < t; i++)
    {
      double one;

      assert_rel (c->ntk_test_test[(gsize) i * t + i], ntk_diag[i], 1e-12);
      assert_rel (c->nngp_test_test[(gsize) i * t + i], nngp_diag[i], 1e-12);
      assert_rel (c->nngp_test_test[(gsize) i * t + i], c->nngp_test_diag[i], 1e-12);
      ntk_empirical_ntk (mlp, d->x_test + (gsize) i * d->d0, 1, NULL, 0, &one);
      assert_rel (c->ntk0_test_test[(gsize) i * t + i], one, 1e-12);
    }
  /* the whole Θ̂_0(test, test) is the empirical NTK of the network at initialization */
  full = g_new (double, (gsize) t * t);
  ntk_empirical_ntk (mlp, d->x_test, t, NULL, 0, full);
  g_assert_cmpfloat (ntk_test_rel_distance (c->ntk0_test_test, full, (gsize) t * t), <=, 1e-13);

  /* shared points: test × test restricted to the training angles is train × train, and the
   * test × train blocks agree too */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (fabs (d->coord_test[i * q] - d->coord[i]), <=, 1e-12);
      for (guint j = 0; j < n; j++)
        {
          gsize tt = (gsize) i * q * t + j * q;

          assert_rel (c->ntk0_test_test[tt], c->ntk0[(gsize) i * n + j], 1e-10);
          assert_rel (c->ntk_test_test[tt], c->ntk[(gsize) i * n + j], 1e-12);
          assert_rel (c->nngp_test_test[tt], c->nngp[(gsize) i * n + j], 1e-12);
          assert_rel (c->ntk_test_test[tt], c->ntk_test[(gsize) i * q * n + j], 1e-12);
        }
    }

  /* Θ̂_k over the test points: cheap at this size, so on the whole grid; at step 0 it is
   * Θ̂_0(test, test), later it moves and agrees with Θ̂_k on the shared points */
  g_assert_cmpuint (c->ntk_k_test_stride, ==, 1);
  g_assert_cmpuint (c->n_ntk_k_test, ==, t);
  snap0 = ntk_experiment_snapshot (exp);
  g_assert_nonnull (snap0->ntk_k_test);
  g_assert_cmpfloat (ntk_test_rel_distance (snap0->ntk_k_test, c->ntk0_test_test, (gsize) t * t), <=, 1e-14);
  g_assert_true (ntk_experiment_advance (exp, 20, NULL, &error));
  g_assert_no_error (error);
  snap = ntk_experiment_snapshot (exp);
  g_assert_cmpuint (snap->step, ==, 20);
  assert_symmetric (snap->ntk_k_test, t, "Θ̂_k(test, test)");
  {
    double moved = ntk_test_rel_distance (snap->ntk_k_test, c->ntk0_test_test, (gsize) t * t);

    g_test_message ("erf width 256, 20 steps: ‖Θ̂_k − Θ̂_0‖/‖Θ̂_0‖ over the test points %.3e, "
                    "over the training points %.3e", moved, snap->kernel_drift);
    g_assert_cmpfloat (moved, >, 1e-6);
    g_assert_cmpfloat (moved, <, 0.2);
  }
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      assert_rel (snap->ntk_k_test[(gsize) i * q * t + j * q], snap->ntk_k[(gsize) i * n + j], 1e-10);
}

/* Θ̂_k over the test points only on every s-th grid point, within the cost budget, or not at
 * all when fewer than NTK_NTK_K_TEST_MIN_POINTS would fit; beyond NTK_TEST_KERNEL_MAX_POINTS
 * test points no test × test kernel at all. */
static void
test_test_kernels_limits (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_RELU, 512, 4, 1);
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(NtkSnapshot) snap0 = NULL;
  g_autoptr(NtkSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;
  const NtkRunConstants *c;
  guint n, t, s, m;

  config->learning_rate = 0.2;
  exp = prepared (config);
  c = ntk_experiment_get_constants (exp);
  n = c->n;
  t = c->n_test;
  s = c->ntk_k_test_stride;
  m = c->n_ntk_k_test;
  g_test_message ("relu width 512, %u test points: Θ̂_k over the test points with stride %u, %u of them", t, s, m);
  /* 4·M·P + M²·S ≤ 2²⁶ with P = 264705, S = 2051 allows M ≤ 57 of the 64 points: stride 2 */
  g_assert_cmpuint (s, ==, 2);
  g_assert_cmpuint (m, ==, 32);
  g_assert_nonnull (c->ntk0_test_test);

  snap0 = ntk_experiment_snapshot (exp);
  g_assert_nonnull (snap0->ntk_k_test);
  for (guint a = 0; a < m; a++)
    for (guint b = 0; b < m; b++)
      assert_rel (snap0->ntk_k_test[(gsize) a * m + b], c->ntk0_test_test[(gsize) a * s * t + b * s], 1e-10);
  g_assert_true (ntk_experiment_advance (exp, 4, NULL, &error));
  g_assert_no_error (error);
  snap = ntk_experiment_snapshot (exp);
  assert_symmetric (snap->ntk_k_test, m, "strided Θ̂_k(test, test)");
  g_assert_cmpfloat (ntk_test_rel_distance (snap->ntk_k_test, snap0->ntk_k_test, (gsize) m * m), >, 1e-6);
  /* training point i is grid point 4i, strided point 2i */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      assert_rel (snap->ntk_k_test[(gsize) 2 * i * m + 2 * j], snap->ntk_k[(gsize) i * n + j], 1e-10);
  g_clear_pointer (&snap, ntk_snapshot_unref);
  g_clear_pointer (&snap0, ntk_snapshot_unref);
  g_clear_pointer (&exp, ntk_experiment_free);

  /* width 1024: M ≤ 15 would fit, too coarse: not tracked, the other test kernels are there */
  config->width = 1024;
  exp = prepared (config);
  c = ntk_experiment_get_constants (exp);
  g_assert_cmpuint (c->ntk_k_test_stride, ==, 0);
  g_assert_cmpuint (c->n_ntk_k_test, ==, 0);
  g_assert_nonnull (c->ntk0_test_test);
  g_assert_nonnull (c->ntk_test_test);
  snap = ntk_experiment_snapshot (exp);
  g_assert_null (snap->ntk_k_test);
  g_clear_pointer (&snap, ntk_snapshot_unref);
  g_clear_pointer (&exp, ntk_experiment_free);

  /* 1024 test points still have them (a narrow net keeps it quick), 1025 do not */
  config->width = 16;
  config->n_test = NTK_TEST_KERNEL_MAX_POINTS;
  exp = prepared (config);
  c = ntk_experiment_get_constants (exp);
  g_assert_nonnull (c->ntk0_test_test);
  g_assert_nonnull (c->ntk_test_test);
  g_assert_nonnull (c->nngp_test_test);
  g_clear_pointer (&exp, ntk_experiment_free);

  config->n_test = NTK_TEST_KERNEL_MAX_POINTS + 1;
  exp = prepared (config);
  c = ntk_experiment_get_constants (exp);
  g_assert_cmpuint (c->n_test, ==, NTK_TEST_KERNEL_MAX_POINTS + 1);
  g_assert_null (c->ntk0_test_test);
  g_assert_null (c->ntk_test_test);
  g_assert_null (c->nngp_test_test);
  g_assert_cmpuint (c->ntk_k_test_stride, ==, 0);
  g_assert_cmpuint (c->n_ntk_k_test, ==, 0);
  snap = ntk_experiment_snapshot (exp);
  g_assert_null (snap->ntk_k_test);
}

/* ---------------------------------------------------------------------------------------- */
/* What ntk_experiment_new refuses                                                           */
/* ---------------------------------------------------------------------------------------- */

static void
test_refusals (void)
{
  g_autoptr(NtkConfig) config = small_config (NTK_ACTIVATION_RELU, 16384, 100, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkExperiment) exp = NULL;

  /* memory: width 16384, depth 2 needs 4 copies of 2.7e8 parameters; limit 64 MiB */
  config->memory_limit = 64 * 1024 * 1024;
  exp = ntk_experiment_new (config, &error);
  g_assert_null (exp);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "memory"));
  g_clear_error (&error);

  /* the same run is accepted with a limit above its estimate */
  config->memory_limit = ntk_config_estimate_memory (config, 16, 2);
  exp = ntk_experiment_new (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (exp);
  g_clear_pointer (&exp, ntk_experiment_free);

  /* validation happens first */
  config->width = 0;
  exp = ntk_experiment_new (config, &error);
  g_assert_null (exp);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  /* run ids are unique */
  {
    g_autoptr(NtkConfig) ok = small_config (NTK_ACTIVATION_RELU, 8, 1, 1);
    g_autoptr(NtkExperiment) a = ntk_experiment_new (ok, NULL);
    g_autoptr(NtkExperiment) b = ntk_experiment_new (ok, NULL);

    g_assert_cmpuint (ntk_experiment_get_run_id (a), !=, ntk_experiment_get_run_id (b));
    g_assert_cmpuint (ntk_experiment_get_run_id (a), >, 0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/experiment/lazy/erf", test_lazy_erf);
  g_test_add_func ("/experiment/lazy/relu", test_lazy_relu);
  g_test_add_func ("/experiment/determinism", test_determinism);
  g_test_add_func ("/experiment/divergence", test_divergence);
  g_test_add_func ("/experiment/catapult", test_catapult);
  g_test_add_func ("/experiment/cancellation", test_cancellation);
  g_test_add_func ("/experiment/schedule-and-history", test_schedule_and_history);
  g_test_add_func ("/experiment/constants", test_constants);
  g_test_add_func ("/experiment/test-kernels", test_test_kernels);
  g_test_add_func ("/experiment/test-kernels-limits", test_test_kernels_limits);
  g_test_add_func ("/experiment/refusals", test_refusals);

  return g_test_run ();
}
