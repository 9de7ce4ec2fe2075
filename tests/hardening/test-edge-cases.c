/* test-edge-cases.c — numerical and input edge cases of the engine: each ends in a clear state
 * or a clear error, and nothing a plot reads is ever NaN or infinite
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sizes are small on purpose: this program also runs under ASan/UBSan, TSan and valgrind.
 * Cancellation is exercised at every phase of preparation (from the progress callback, which
 * runs on the computing thread), inside the kernel phases and during the GD steps (from
 * another thread) and during width sweeps, ensembles and kernel slices.
 */
#include "config.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ntk-experiment.h"
#include "ntk-sweep.h"

/* ------------------------------------------------------------------ helpers */

static NtkConfig *
edge_config (NtkActivation activation,
             guint         depth,
             guint         width,
             guint         n_train,
             guint         steps)
{
  NtkConfig *config = ntk_config_new ();

  config->activation = activation;
  config->depth = depth;
  config->width = width;
  config->dataset = NTK_DATASET_CIRCLE;
  config->n_train = n_train;
  config->n_test = 32;
  config->steps = steps;
  config->publish_every = MAX (steps / 8, 1);
  config->seed = 11;
  return config;
}

static void
assert_all_finite (const char   *what,
                   const double *a,
                   gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (a[i]))
      g_error ("%s[%" G_GSIZE_FORMAT "] = %g is not finite", what, i, a[i]);
}

static double
max_abs (const double *a,
         gsize         n)
{
  double m = 0.0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (a[i]));
  return m;
}

/* Everything a figure, the status line or a data file reads from the run's constants. */
static void
check_constants (const NtkRunConstants *c)
{
  gsize n = c->n, t = c->n_test;

  assert_all_finite ("ntk0", c->ntk0, n * n);
  assert_all_finite ("ntk0_test", c->ntk0_test, t * n);
  assert_all_finite ("ntk", c->ntk, n * n);
  assert_all_finite ("ntk_test", c->ntk_test, t * n);
  assert_all_finite ("nngp", c->nngp, n * n);
  assert_all_finite ("nngp_test", c->nngp_test, t * n);
  assert_all_finite ("nngp_test_diag", c->nngp_test_diag, t);
  assert_all_finite ("f0_train", c->f0_train, n);
  assert_all_finite ("f0_test", c->f0_test, t);
  assert_all_finite ("kernel_regression_test", c->kernel_regression_test, t);
  assert_all_finite ("mode0", c->mode0, n);
  assert_all_finite ("eig0->eigval", c->eig0->eigval, n);
  assert_all_finite ("eig0->eigvec", c->eig0->eigvec, n * n);
  assert_all_finite ("eig->eigval", c->eig->eigval, n);
  assert_all_finite ("eig->eigvec", c->eig->eigvec, n * n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (c->eig0->eigval[i], >=, 0.0);
      g_assert_cmpfloat (c->eig->eigval[i], >=, 0.0);
    }
  /* η_crit is +∞ only for a zero kernel (no learning rate makes that diverge) */
  g_assert_false (isnan (c->eta_crit));
  g_assert_cmpfloat (c->eta_crit, >, 0.0);
  g_assert_true (isfinite (c->theta0_norm));
  g_assert_true (isfinite (c->ntk0_norm));
  g_assert_true (isfinite (c->init_kernel_error));
}

/* A published snapshot: every array finite, variances ≥ 0, the message set. */
static void
check_snapshot (const NtkSnapshot *s)
{
  gsize n = s->constants->n, t = s->constants->n_test;
  guint m = s->constants->n_modes_tracked;

  g_assert_nonnull (s->message);
  g_assert_true (g_utf8_validate (s->message, -1, NULL));
  assert_all_finite ("f_train", s->f_train, n);
  assert_all_finite ("f_test", s->f_test, t);
  assert_all_finite ("lin_train", s->lin_train, n);
  assert_all_finite ("lin_test", s->lin_test, t);
  assert_all_finite ("inf_train", s->inf_train, n);
  assert_all_finite ("inf_test", s->inf_test, t);
  assert_all_finite ("inf_var_test", s->inf_var_test, t);
  for (gsize j = 0; j < t; j++)
    g_assert_cmpfloat (s->inf_var_test[j], >=, 0.0);
  assert_all_finite ("ntk_k", s->ntk_k, n * n);
  assert_all_finite ("mode_finite", s->mode_finite, n);
  assert_all_finite ("mode_lin", s->mode_lin, n);
  g_assert_true (isfinite (s->kernel_drift));
  g_assert_true (isfinite (s->weight_drift));
  g_assert_true (isfinite (s->eta_over_eta_crit));
  g_assert_true (isfinite (s->t));
  /* the training losses of the finite net and of the infinite-width model are always
   * defined (the linearized ones are NaN by design once that model diverged) */
  g_assert_true (isfinite (s->loss[NTK_LOSS_FINITE_TRAIN]));
  g_assert_true (isfinite (s->loss[NTK_LOSS_INF_TRAIN]));

  g_assert_cmpuint (s->history_len, >=, 1);
  for (guint i = 0; i < s->history_len; i++)
    {
      const NtkHistory *h = s->history;

      g_assert_true (isfinite (h->t[i]));
      g_assert_true (isfinite (h->loss[NTK_LOSS_FINITE_TRAIN][i]));
      g_assert_true (isfinite (h->loss[NTK_LOSS_INF_TRAIN][i]));
      g_assert_true (isfinite (h->kernel_drift[i]));
      g_assert_true (isfinite (h->weight_drift[i]));
      assert_all_finite ("history mode_finite", h->mode_finite + (gsize) i * m, m);
      assert_all_finite ("history mode_lin", h->mode_lin + (gsize) i * m, m);
    }
}

typedef struct {
  GPtrArray *snapshots;
  guint      n_published;
} Collect;

static void
collect (NtkSnapshot *snapshot,
         gpointer     user_data)
{
  Collect *c = user_data;

  check_snapshot (snapshot);
  c->n_published++;
  g_ptr_array_add (c->snapshots, ntk_snapshot_ref (snapshot));
}

/* Runs @config to its end. Returns the last snapshot (NULL with @error set when the run
 * could not start); every published snapshot is checked on the way. */
static NtkSnapshot *
run_to_end (const NtkConfig  *config,
            GError          **error)
{
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ntk_snapshot_unref);
  Collect c = { snaps, 0 };
  NtkSnapshot *last;

  exp = ntk_experiment_new (config, error);
  if (exp == NULL)
    return NULL;
  if (!ntk_experiment_prepare (exp, NULL, NULL, NULL, error))
    return NULL;
  check_constants (ntk_experiment_get_constants (exp));
  if (!ntk_experiment_run (exp, NULL, collect, &c, error))
    return NULL;

  g_assert_cmpuint (snaps->len, >=, 1);
  last = g_ptr_array_index (snaps, snaps->len - 1);
  g_assert_cmpint (last->state, !=, NTK_RUN_RUNNING);
  g_assert_cmpint (last->state, ==, ntk_experiment_get_state (exp));
  return ntk_snapshot_ref (last);
}

/* The run ends in a clear state: finished at config->steps, or diverged with a message
 * naming the step. */
static void
assert_clear_end (const NtkConfig   *config,
                  const NtkSnapshot *last)
{
  g_test_message ("  → %s after %u steps: %s (η/η_crit = %.3g, λ_max(Θ̂_0) = %.3g, cond(Θ) = %.3g)",
                  ntk_run_state_to_string (last->state), last->step, last->message,
                  last->eta_over_eta_crit, last->constants->eig0->lambda_max,
                  last->constants->eig->condition);
  if (last->state == NTK_RUN_FINISHED)
    g_assert_cmpuint (last->step, ==, config->steps);
  else
    {
      g_autofree char *expected = g_strdup_printf ("Diverged at step %u", last->diverged_step);

      g_assert_cmpint (last->state, ==, NTK_RUN_DIVERGED);
      g_assert_cmpuint (last->step, <=, last->diverged_step);
      g_assert_nonnull (strstr (last->message, expected));
    }
}

static char *
write_temp_csv (const char *dir,
                const char *name,
                const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static NtkConfig *
csv_config (const char *path,
            guint       steps)
{
  NtkConfig *config = edge_config (NTK_ACTIVATION_RELU, 2, 64, 1, steps);

  config->dataset = NTK_DATASET_CSV;
  config->data_path = g_strdup (path);
  /* a target function is not needed for csv; "step" keeps validation happy for any d0 */
  config->target.kind = NTK_TARGET_STEP;
  return config;
}

/* ------------------------------------------------------------------ shapes */

static void
test_width_1 (void)
{
  static const NtkActivation activations[] = {
    NTK_ACTIVATION_RELU, NTK_ACTIVATION_ERF, NTK_ACTIVATION_TANH, NTK_ACTIVATION_IDENTITY,
  };

  /* One hidden unit: Θ̂_0 is far from Θ, and a dead ReLU unit makes Θ̂_0 nearly 0. */
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    for (guint64 seed = 1; seed <= 3; seed++)
      {
        g_autoptr(NtkConfig) config = edge_config (activations[i], 2, 1, 16, 200);
        g_autoptr(NtkSnapshot) last = NULL;
        g_autoptr(GError) error = NULL;

        config->seed = seed;
        config->learning_rate = 0.1;
        g_test_message ("width 1, %s, seed %" G_GUINT64_FORMAT, ntk_activation_to_string (activations[i]), seed);
        last = run_to_end (config, &error);
        g_assert_no_error (error);
        assert_clear_end (config, last);
      }
}

static void
test_depth_16 (void)
{
  static const NtkActivation activations[] = {
    NTK_ACTIVATION_RELU, NTK_ACTIVATION_ERF, NTK_ACTIVATION_TANH,
  };

  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      g_autoptr(NtkConfig) config = edge_config (activations[i], 16, 32, 16, 40);
      g_autoptr(NtkSnapshot) last = NULL;
      g_autoptr(GError) error = NULL;

      config->sigma_w = 1.4;
      config->learning_rate = 0.05;
      g_test_message ("depth 16, %s", ntk_activation_to_string (activations[i]));
      last = run_to_end (config, &error);
      g_assert_no_error (error);
      assert_clear_end (config, last);
    }
}

static void
test_n_train_1 (void)
{
  static const NtkDatasetKind kinds[] = { NTK_DATASET_CIRCLE, NTK_DATASET_INTERVAL };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_ERF, 2, 64, 1, 100);
      g_autoptr(NtkSnapshot) last = NULL;
      g_autoptr(GError) error = NULL;

      config->dataset = kinds[i];
      config->sigma_b = 0.5;     /* the interval's single point is x = 0 */
      g_test_message ("n-train 1 on the %s", ntk_dataset_kind_to_string (kinds[i]));
      last = run_to_end (config, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (last->constants->n, ==, 1);
      g_assert_cmpuint (last->constants->eig0->n, ==, 1);
      assert_clear_end (config, last);
    }
}

/* One training point at x = 0 with no bias: every kernel is exactly 0 (nothing to learn
 * from, η_crit = ∞). A clear error or a finished run with zero kernels, but no 0/0. */
static void
test_zero_kernel (void)
{
  g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_RELU, 2, 16, 1, 20);
  g_autoptr(NtkSnapshot) last = NULL;
  g_autoptr(GError) error = NULL;

  config->dataset = NTK_DATASET_INTERVAL;
  config->sigma_b = 0.0;
  last = run_to_end (config, &error);
  if (last == NULL)
    {
      g_test_message ("zero kernel refused: %s", error->message);
      g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
      return;
    }
  g_assert_cmpfloat (last->constants->ntk0[0], ==, 0.0);
  g_assert_true (isinf (last->constants->eta_crit));
  assert_clear_end (config, last);
  g_assert_cmpint (last->state, ==, NTK_RUN_FINISHED);

  /* the same network in a width sweep: finite numbers or a clear error */
  {
    static const guint widths[] = { 4, 8 };
    g_autoptr(NtkWidthSweep) sweep = ntk_width_sweep_run (config, widths, 2, 2, NULL, NULL, NULL, &error);

    if (sweep == NULL)
      {
        g_test_message ("zero-kernel sweep refused: %s", error->message);
        g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
        return;
      }
    assert_all_finite ("kernel_drift", sweep->kernel_drift, 4);
    assert_all_finite ("init_error", sweep->init_error, 4);
    g_test_message ("zero-kernel sweep: slopes %g, %g", sweep->drift_slope, sweep->init_error_slope);
  }
}

/* ------------------------------------------------------------------ data */

static void
test_duplicate_inputs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-edge-XXXXXX", NULL);
  g_autoptr(GString) text = g_string_new ("x1,x2,y\n");
  g_autofree char *path = NULL;
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(NtkSnapshot) last = NULL;
  g_autoptr(GError) error = NULL;

  /* 3 distinct points, each 4 times, with contradicting targets: rank(Θ) = 3 of n = 12 */
  for (guint r = 0; r < 4; r++)
    {
      g_string_append_printf (text, "0.5,0.25,%g\n", 1.0 + r);
      g_string_append_printf (text, "-0.3,0.8,%g\n", -1.0 * r);
      g_string_append_printf (text, "0.1,-0.9,%g\n", 0.5);
    }
  path = write_temp_csv (dir, "dup.csv", text->str);
  config = csv_config (path, 200);
  config->learning_rate = 0.05;
  last = run_to_end (config, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last->constants->n, ==, 12);
  /* the analytic Θ is singular: at least 9 eigenvalues at round-off level */
  g_assert_cmpfloat (last->constants->eig->eigval[3], <=, 1e-10 * last->constants->eig->lambda_max);
  assert_clear_end (config, last);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_constant_targets (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-edge-XXXXXX", NULL);
  g_autoptr(GString) text = g_string_new ("");
  g_autofree char *path = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (text, "%g,2.5\n", -1.0 + i / 10.0);
  path = write_temp_csv (dir, "const.csv", text->str);

  {
    g_autoptr(NtkConfig) config = csv_config (path, 300);
    g_autoptr(NtkSnapshot) last = NULL;
    g_autoptr(GError) error = NULL;
    double loss0;

    config->learning_rate = 0.05;
    last = run_to_end (config, &error);
    g_assert_no_error (error);
    assert_clear_end (config, last);
    g_assert_cmpint (last->state, ==, NTK_RUN_FINISHED);
    loss0 = last->history->loss[NTK_LOSS_FINITE_TRAIN][0];
    /* a constant is easy to fit: the loss falls */
    g_assert_cmpfloat (last->loss[NTK_LOSS_FINITE_TRAIN], <, 0.5 * loss0);
  }

  /* all targets 0 (amplitude 0): the network at init may already be a good fit */
  {
    g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_ERF, 2, 64, 16, 100);
    g_autoptr(NtkSnapshot) last = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (ntk_config_set (config, "target", "sines:1:0", &error));
    g_assert_no_error (error);
    config->learning_rate = 0.1;
    last = run_to_end (config, &error);
    g_assert_no_error (error);
    assert_clear_end (config, last);
    g_assert_cmpint (last->state, ==, NTK_RUN_FINISHED);
    for (guint j = 0; j < last->constants->n_test; j++)
      g_assert_cmpfloat (last->constants->kernel_regression_test[j], ==, 0.0);
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ extreme scales */

/* σ_w = 10 and 16 layers: the ReLU kernels grow like (σ_w²/2)^L ≈ 1e27, the identity's like
 * σ_w^{2L} ≈ 1e34. Either finite everywhere or a clear error, never Inf/NaN in the arrays. */
static void
test_huge_kernels (void)
{
  static const NtkActivation activations[] = { NTK_ACTIVATION_RELU, NTK_ACTIVATION_IDENTITY };

  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      g_autoptr(NtkConfig) config = edge_config (activations[i], 16, 32, 8, 50);
      g_autoptr(NtkExperiment) exp = NULL;
      g_autoptr(GError) error = NULL;
      const NtkRunConstants *c;
      double eta_crit;

      config->sigma_w = 10.0;
      config->sigma_b = 0.0;
      exp = ntk_experiment_new (config, &error);
      g_assert_no_error (error);
      if (!ntk_experiment_prepare (exp, NULL, NULL, NULL, &error))
        {
          /* the only acceptable failure is a clear one naming the cause */
          g_test_message ("%s, σ_w 10, depth 16: %s", ntk_activation_to_string (activations[i]), error->message);
          g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "std"));
          continue;
        }
      c = ntk_experiment_get_constants (exp);
      check_constants (c);
      g_test_message ("%s, σ_w 10, depth 16: max |Θ| = %.3g, max |Θ̂_0| = %.3g, η_crit = %.3g",
                      ntk_activation_to_string (activations[i]), max_abs (c->ntk, (gsize) c->n * c->n),
                      max_abs (c->ntk0, (gsize) c->n * c->n), c->eta_crit);
      g_assert_cmpfloat (max_abs (c->ntk, (gsize) c->n * c->n), >, 1e18);
      eta_crit = c->eta_crit;
      g_clear_pointer (&exp, ntk_experiment_free);

      /* the default η (0.6) is ~1e30 × η_crit: diverged at once, with finite values */
      {
        g_autoptr(NtkSnapshot) last = run_to_end (config, &error);

        g_assert_no_error (error);
        assert_clear_end (config, last);
        g_assert_cmpint (last->state, ==, NTK_RUN_DIVERGED);
      }
      /* η = η_crit / 2 trains */
      {
        g_autoptr(NtkSnapshot) last = NULL;

        config->learning_rate = 0.5 * eta_crit;
        last = run_to_end (config, &error);
        g_assert_no_error (error);
        assert_clear_end (config, last);
      }
    }
}

/* erf in the ordered phase (small σ_w, σ_b > 0) deep: every correlation flows to 1 and Θ is
 * nearly the all-equal matrix, numerically singular. Kernel regression uses the pseudo-inverse. */
static void
test_erf_near_singular (void)
{
  g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_ERF, 16, 64, 16, 100);
  g_autoptr(NtkSnapshot) last = NULL;
  g_autoptr(GError) error = NULL;
  const NtkEigen *eig;

  config->sigma_w = 0.5;
  config->sigma_b = 1.0;
  config->learning_rate = 0.05;
  last = run_to_end (config, &error);
  g_assert_no_error (error);
  eig = last->constants->eig;
  g_test_message ("erf depth 16, σ_w 0.5, σ_b 1: cond(Θ) = %.3g, λ_2/λ_1 = %.3g, clipped %u",
                  eig->condition, eig->eigval[1] / eig->lambda_max, eig->n_clipped);
  /* near singular indeed */
  g_assert_cmpfloat (eig->eigval[1], <, 1e-6 * eig->lambda_max);
  assert_clear_end (config, last);
}

/* η far above η_crit: diverged, with the step, and the last finite values published. */
static void
test_eta_far_above_critical (void)
{
  static const double factors[] = { 3.0, 30.0, 1e6 };

  for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
    {
      g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_RELU, 2, 64, 16, 2000);
      g_autoptr(NtkExperiment) probe = NULL;
      g_autoptr(NtkSnapshot) last = NULL;
      g_autoptr(GError) error = NULL;

      config->publish_every = 10;
      probe = ntk_experiment_new (config, &error);
      g_assert_no_error (error);
      g_assert_true (ntk_experiment_prepare (probe, NULL, NULL, NULL, &error));
      config->learning_rate = factors[i] * ntk_experiment_get_constants (probe)->eta_crit;

      g_test_message ("η = %g η_crit", factors[i]);
      last = run_to_end (config, &error);
      g_assert_no_error (error);
      assert_clear_end (config, last);
      g_assert_cmpfloat_with_epsilon (last->eta_over_eta_crit / factors[i], 1.0, 1e-12);
      if (factors[i] < 10.0)
        {
          /* just above η_crit a finite ReLU net may catapult and converge; the linearized
           * model diverges by construction, and the status says so */
          g_assert_nonnull (strstr (last->message, "linearized model diverged"));
          continue;
        }
      g_assert_cmpint (last->state, ==, NTK_RUN_DIVERGED);
      g_assert_cmpuint (last->diverged_step, <, config->steps);
    }
}

/* ------------------------------------------------------------------ CSV input */

static void
assert_csv_refused (const char *dir,
                    const char *text,
                    guint       line,
                    const char *also)
{
  g_autofree char *path = write_temp_csv (dir, "bad.csv", text);
  g_autofree char *prefix = g_strdup_printf ("%s:%u: ", path, line);
  g_autoptr(NtkConfig) config = csv_config (path, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, &error);

  g_assert_null (exp);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
  if (also != NULL)
    g_assert_nonnull (strstr (error->message, also));
  g_unlink (path);
}

static void
test_csv_bad_rows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-edge-XXXXXX", NULL);

  /* line numbers count header, comments and blank lines */
  assert_csv_refused (dir, "x,y\n# note\n\n0,1\n1,NaN\n", 5, "NaN");
  assert_csv_refused (dir, "0,1\n1,-nan\n", 2, "finite");
  assert_csv_refused (dir, "0,1\n1,2\ninf,3\n", 3, "finite");
  assert_csv_refused (dir, "0,1\n1,-Infinity\n", 2, "finite");
  /* overflows to ∞ when parsed */
  assert_csv_refused (dir, "0,1\n1e999,2\n", 2, "finite");
  /* ragged: short, long, trailing comma */
  assert_csv_refused (dir, "0,1,2\n1,2,3\n4,5\n", 3, "ragged");
  assert_csv_refused (dir, "0,1\n1,2,3\n", 2, "ragged");
  assert_csv_refused (dir, "0,1\n1,2,\n", 2, NULL);
  /* CRLF line ends do not shift the count */
  assert_csv_refused (dir, "x,y\r\n0,1\r\n1,nan\r\n", 3, "finite");
  /* a NUL byte */
  {
    g_autofree char *path = g_build_filename (dir, "nul.csv", NULL);
    g_autoptr(NtkConfig) config = csv_config (path, 10);
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (path, "0,1\n1,\0002\n", 9, NULL));
    g_assert_null (ntk_experiment_new (config, &error));
    g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
    g_assert_true (g_str_has_prefix (error->message, path));
    g_unlink (path);
  }
  g_rmdir (dir);
}

static void
test_csv_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-edge-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_sized_new (2 << 20);
  g_autofree char *expected = NULL;
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* 100 000 rows, no header: the row over the limit is on line 4097 */
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "%.6f,%.6f,%.6f\n", i * 1e-5, sin (i), cos (i));
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  config = csv_config (path, 10);
  start = g_get_monotonic_time ();
  g_assert_null (ntk_experiment_new (config, &error));
  g_test_message ("100k rows refused in %.3f s: %s", (g_get_monotonic_time () - start) / 1e6,
                  error->message);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  expected = g_strdup_printf ("%s:%u: more than %u data rows", path, NTK_CSV_MAX_ROWS + 1,
                              NTK_CSV_MAX_ROWS);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  /* a file far too large is refused by its size, before it is read: a sparse 100 MiB file */
  {
    int fd = g_open (path, O_WRONLY | O_TRUNC, 0);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (off_t) 100 << 20), ==, 0);
    close (fd);
  }
  g_assert_null (ntk_experiment_new (config, &error));
  g_test_message ("100 MiB file: %s", error->message);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "MiB"));

  g_unlink (path);
  g_rmdir (dir);
}

/* A data path that is a device or a folder: a clear error, not an endless read. */
static void
test_csv_not_a_file (void)
{
  static const char *paths[] = { "/dev/zero", "/dev/null", "/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(NtkConfig) config = csv_config (paths[i], 10);
      g_autoptr(GError) error = NULL;

      if (!g_file_test (paths[i], G_FILE_TEST_EXISTS))
        continue;
      g_assert_null (ntk_experiment_new (config, &error));
      g_test_message ("%s: %s", paths[i], error->message);
      g_assert_true (g_error_matches (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE) ||
                     g_error_matches (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO));
      g_assert_nonnull (strstr (error->message, paths[i]));
    }
}

/* ------------------------------------------------------------------ memory */

static void
test_memory_limit (void)
{
  g_autoptr(GError) error = NULL;

  /* an explicit limit */
  {
    g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_RELU, 4, 4096, 64, 10);

    config->memory_limit = 16 << 20;
    g_assert_null (ntk_experiment_new (config, &error));
    g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "4096"));
    g_assert_nonnull (strstr (error->message, "memory-limit"));
    g_clear_error (&error);
  }

  /* the default limit (half the RAM): the largest network there is, 16 layers of 16384, needs
   * ~ 100 GB and is refused before anything is allocated */
  {
    g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_RELU, 16, 16384, 4096, 10);
    guint64 ram = ntk_physical_memory ();

    config->n_test = 4096;
    g_test_message ("RAM (or cgroup limit): %" G_GUINT64_FORMAT " MiB, estimate %" G_GUINT64_FORMAT " MiB",
                    ram >> 20, ntk_config_estimate_memory (config, 4096, 2) >> 20);
    if (ram == 0 || ntk_config_estimate_memory (config, 4096, 2) <= ram / 2)
      g_test_message ("this machine has room for the largest network; default-limit case skipped");
    else
      {
        g_assert_null (ntk_experiment_new (config, &error));
        g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);
        g_clear_error (&error);
      }
  }

  /* a sweep checks its widest network before training any */
  {
    g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_RELU, 2, 64, 16, 10);
    static const guint widths[] = { 8, 16, 16384 };
    g_autoptr(NtkWidthSweep) sweep = NULL;

    config->memory_limit = 64 << 20;
    sweep = ntk_width_sweep_run (config, widths, G_N_ELEMENTS (widths), 2, NULL, NULL, NULL, &error);
    g_assert_null (sweep);
    g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);
    g_assert_nonnull (strstr (error->message, "16384"));
    g_clear_error (&error);
  }
}

/* ------------------------------------------------------------------ cancellation */

typedef struct {
  GCancellable *cancellable;
  guint         cancel_at;     /* cancel at the start of this phase (0-based), G_MAXUINT: never */
  guint         n_phases;
  char         *phases[16];
} PhaseCancel;

static void
cancel_at_phase (double      fraction,
                 const char *phase,
                 gpointer    user_data)
{
  PhaseCancel *pc = user_data;

  g_assert_nonnull (phase);
  if (pc->n_phases > 0 && g_strcmp0 (pc->phases[pc->n_phases - 1], phase) == 0)
    return;
  g_assert_cmpuint (pc->n_phases, <, G_N_ELEMENTS (pc->phases));
  pc->phases[pc->n_phases] = g_strdup (phase);
  if (pc->n_phases == pc->cancel_at)
    g_cancellable_cancel (pc->cancellable);
  pc->n_phases++;
}

static void
phase_cancel_clear (PhaseCancel *pc)
{
  for (guint i = 0; i < pc->n_phases; i++)
    g_free (pc->phases[i]);
  g_clear_object (&pc->cancellable);
}

static void
test_cancel_prepare_phases (void)
{
  g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_TANH, 3, 64, 24, 100);
  guint n_phases;

  /* a dry run lists the phases */
  {
    g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, NULL);
    PhaseCancel pc = { g_cancellable_new (), G_MAXUINT, 0, { NULL } };

    g_assert_true (ntk_experiment_prepare (exp, pc.cancellable, cancel_at_phase, &pc, NULL));
    n_phases = pc.n_phases;
    for (guint i = 0; i < n_phases; i++)
      g_test_message ("phase %u: %s", i, pc.phases[i]);
    phase_cancel_clear (&pc);
    /* initialization, empirical NTK, analytic kernels, eigendecomposition, models, ready */
    g_assert_cmpuint (n_phases, >=, 5);
  }

  for (guint k = 0; k < n_phases; k++)
    {
      g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, NULL);
      g_autoptr(GError) error = NULL;
      PhaseCancel pc = { g_cancellable_new (), k, 0, { NULL } };
      gboolean ok;

      ok = ntk_experiment_prepare (exp, pc.cancellable, cancel_at_phase, &pc, &error);
      if (k + 1 < n_phases)
        {
          /* stops before the next phase starts, with nothing half-built visible */
          g_assert_false (ok);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_cmpuint (pc.n_phases, ==, k + 1);
          g_assert_null (ntk_experiment_get_constants (exp));
        }
      else
        {
          /* cancelled at "ready": preparation is complete, the first step is refused */
          g_assert_true (ok);
          g_assert_no_error (error);
          g_assert_false (ntk_experiment_advance (exp, 1, pc.cancellable, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_cmpuint (ntk_experiment_get_step (exp), ==, 0);
        }
      phase_cancel_clear (&pc);
    }

  /* ntk_experiment_run prepares without progress; cancelled before: nothing published */
  {
    g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ntk_snapshot_unref);
    Collect c = { snaps, 0 };

    g_cancellable_cancel (cancellable);
    g_assert_false (ntk_experiment_run (exp, cancellable, collect, &c, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (c.n_published, ==, 0);
  }
}

/* The run on one thread, the cancel from another (the app's worker does exactly this). */
typedef struct {
  NtkExperiment *exp;
  GCancellable  *cancellable;
  atomic_uint    n_published;
  gboolean       result;
  GError        *error;
} ThreadRun;

static void
count_published (NtkSnapshot *snapshot,
                 gpointer     user_data)
{
  ThreadRun *tr = user_data;

  check_snapshot (snapshot);
  atomic_fetch_add (&tr->n_published, 1);
}

static gpointer
run_thread (gpointer data)
{
  ThreadRun *tr = data;

  tr->result = ntk_experiment_run (tr->exp, tr->cancellable, count_published, tr, &tr->error);
  return NULL;
}

static void
test_cancel_advance_from_thread (void)
{
  g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_RELU, 2, 64, 16, 10000000);
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ThreadRun tr = { NULL, cancellable, 0, TRUE, NULL };
  GThread *thread;
  gint64 deadline, cancelled_at, joined_at;
  guint step;

  config->publish_every = 20;
  config->learning_rate = 0.1;
  exp = ntk_experiment_new (config, NULL);
  tr.exp = exp;
  thread = g_thread_new ("edge-run", run_thread, &tr);

  /* let it publish a few snapshots, then pull the plug */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (atomic_load (&tr.n_published) < 3 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpuint (atomic_load (&tr.n_published), >=, 3);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  joined_at = g_get_monotonic_time ();
  g_test_message ("cancel → return: %.1f ms after %u snapshots", (joined_at - cancelled_at) / 1e3,
                  atomic_load (&tr.n_published));

  g_assert_false (tr.result);
  g_assert_error (tr.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&tr.error);
  step = ntk_experiment_get_step (exp);
  g_assert_cmpuint (step, >=, 2 * 20);
  g_assert_cmpuint (step, <, config->steps);
  g_assert_cmpint (ntk_experiment_get_state (exp), ==, NTK_RUN_RUNNING);

  /* what is left is consistent: a snapshot of the step it stopped at, and it can go on */
  {
    g_autoptr(NtkSnapshot) snap = ntk_experiment_snapshot (exp);
    g_autoptr(GError) error = NULL;

    check_snapshot (snap);
    g_assert_cmpuint (snap->step, ==, step);
    g_assert_true (ntk_experiment_advance (exp, 7, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ntk_experiment_get_step (exp), ==, step + 7);
  }
}

/* A cancel from another thread in the middle of a phase of preparation (the app's worker
 * does this when a slider moves or the window closes). The progress callback, on the
 * preparing thread, tells the test thread when the phase starts; that waits a few ms more
 * and cancels, so the cancel lands inside the phase's work. The kernel phases look at the
 * cancellable every few ms (ntk-kernel.h), so prepare returns from inside the phase; the
 * eigendecompositions are whole. */
typedef struct {
  NtkExperiment *exp;
  GCancellable  *cancellable;
  GMutex         lock;
  GCond          cond;
  guint          n_phases;      /* phases started so far */
  char          *phases[16];
  gboolean       done;
  gboolean       result;
  GError        *error;
  gint64         returned_at;
} PrepareRun;

static void
note_phase (double      fraction,
            const char *phase,
            gpointer    user_data)
{
  PrepareRun *pr = user_data;

  g_mutex_lock (&pr->lock);
  g_assert_cmpuint (pr->n_phases, <, G_N_ELEMENTS (pr->phases));
  pr->phases[pr->n_phases++] = g_strdup (phase);
  g_cond_signal (&pr->cond);
  g_mutex_unlock (&pr->lock);
}

static gpointer
prepare_thread (gpointer data)
{
  PrepareRun *pr = data;
  GError *error = NULL;
  gboolean result;

  result = ntk_experiment_prepare (pr->exp, pr->cancellable, note_phase, pr, &error);
  g_mutex_lock (&pr->lock);
  pr->returned_at = g_get_monotonic_time ();
  pr->result = result;
  pr->error = error;
  pr->done = TRUE;
  g_cond_signal (&pr->cond);
  g_mutex_unlock (&pr->lock);
  return NULL;
}

static void
test_cancel_prepare_from_thread (void)
{
  /* empirical NTK, analytic kernels (train and test × train), those over the test points,
   * and the eigendecompositions: each 25–50 ms here */
  static const guint targets[] = { 1, 2, 3, 4 };
  g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_TANH, 3, 256, 256, 100);

  config->n_test = 512;
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autoptr(NtkExperiment) exp = ntk_experiment_new (config, NULL);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      PrepareRun pr = { exp, cancellable };
      g_autofree char *target_phase = NULL;
      GThread *thread;
      gint64 cancelled_at;
      guint phase_at_return;

      g_mutex_init (&pr.lock);
      g_cond_init (&pr.cond);
      thread = g_thread_new ("edge-prepare", prepare_thread, &pr);

      /* wait for the phase to start, then a few ms into its work */
      g_mutex_lock (&pr.lock);
      while (!pr.done && pr.n_phases <= targets[t])
        g_cond_wait (&pr.cond, &pr.lock);
      g_assert_false (pr.done);
      target_phase = g_strdup (pr.phases[targets[t]]);
      g_mutex_unlock (&pr.lock);
      g_usleep (3000);
      cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (cancellable);
      g_thread_join (thread);

      phase_at_return = pr.n_phases - 1;
      g_test_message ("cancelled 3 ms into phase %u (%s): prepare returned %.2f ms after the cancel, "
                      "in phase %u", targets[t], target_phase, (pr.returned_at - cancelled_at) / 1e3,
                      phase_at_return);
      g_assert_false (pr.result);
      g_assert_error (pr.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&pr.error);
      g_assert_null (ntk_experiment_get_constants (exp));
      for (guint i = 0; i < pr.n_phases; i++)
        g_free (pr.phases[i]);
      g_mutex_clear (&pr.lock);
      g_cond_clear (&pr.cond);

      /* nothing half-built is left in the way: the same experiment prepares and runs */
      g_assert_true (ntk_experiment_prepare (exp, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      check_constants (ntk_experiment_get_constants (exp));
      g_assert_true (ntk_experiment_advance (exp, 3, NULL, &error));
      g_assert_no_error (error);
      {
        g_autoptr(NtkSnapshot) snap = ntk_experiment_snapshot (exp);

        check_snapshot (snap);
        g_assert_cmpuint (snap->step, ==, 3);
      }
    }
}

/* Sweeps, ensembles and slices: cancelled at every distinct progress phase (the analytic
 * kernels, then each network). */
typedef enum { SWEEP_WIDTH, SWEEP_ENSEMBLE, SWEEP_SLICE } SweepKind;

static gpointer
run_sweep (SweepKind        kind,
           const NtkConfig *config,
           PhaseCancel     *pc,
           GError         **error)
{
  static const guint widths[] = { 16, 32 };

  switch (kind)
    {
    case SWEEP_WIDTH:
      return ntk_width_sweep_run (config, widths, G_N_ELEMENTS (widths), 2, pc->cancellable,
                                  cancel_at_phase, pc, error);
    case SWEEP_ENSEMBLE:
      return ntk_ensemble_run (config, 3, pc->cancellable, cancel_at_phase, pc, error);
    case SWEEP_SLICE:
    default:
      return ntk_kernel_slice_run (config, widths, G_N_ELEMENTS (widths), 2, pc->cancellable,
                                   cancel_at_phase, pc, error);
    }
}

static void
free_sweep (SweepKind kind,
            gpointer  result)
{
  switch (kind)
    {
    case SWEEP_WIDTH:
      ntk_width_sweep_free (result);
      break;
    case SWEEP_ENSEMBLE:
      ntk_ensemble_free (result);
      break;
    case SWEEP_SLICE:
    default:
      ntk_kernel_slice_free (result);
      break;
    }
}

static void
test_cancel_sweeps (void)
{
  static const char *names[] = { "width sweep", "ensemble", "kernel slice" };
  g_autoptr(NtkConfig) config = edge_config (NTK_ACTIVATION_ERF, 2, 32, 12, 30);

  config->learning_rate = 0.1;
  for (SweepKind kind = SWEEP_WIDTH; kind <= SWEEP_SLICE; kind++)
    {
      guint n_phases;

      {
        g_autoptr(GError) error = NULL;
        PhaseCancel pc = { g_cancellable_new (), G_MAXUINT, 0, { NULL } };
        gpointer result = run_sweep (kind, config, &pc, &error);

        g_assert_no_error (error);
        g_assert_nonnull (result);
        free_sweep (kind, result);
        n_phases = pc.n_phases;
        g_test_message ("%s: %u phases", names[kind], n_phases);
        phase_cancel_clear (&pc);
        g_assert_cmpuint (n_phases, >=, 3);
      }

      for (guint k = 0; k < n_phases; k++)
        {
          g_autoptr(GError) error = NULL;
          PhaseCancel pc = { g_cancellable_new (), k, 0, { NULL } };
          gpointer result = run_sweep (kind, config, &pc, &error);

          /* the cancel lands before the next network (or the next step) */
          g_assert_null (result);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_cmpuint (pc.n_phases, ==, k + 1);
          phase_cancel_clear (&pc);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/edge/shape/width-1", test_width_1);
  g_test_add_func ("/edge/shape/depth-16", test_depth_16);
  g_test_add_func ("/edge/shape/n-train-1", test_n_train_1);
  g_test_add_func ("/edge/shape/zero-kernel", test_zero_kernel);
  g_test_add_func ("/edge/data/duplicate-inputs", test_duplicate_inputs);
  g_test_add_func ("/edge/data/constant-targets", test_constant_targets);
  g_test_add_func ("/edge/scale/sigma-w-10-depth-16", test_huge_kernels);
  g_test_add_func ("/edge/scale/erf-near-singular", test_erf_near_singular);
  g_test_add_func ("/edge/scale/eta-far-above-critical", test_eta_far_above_critical);
  g_test_add_func ("/edge/csv/bad-rows", test_csv_bad_rows);
  g_test_add_func ("/edge/csv/too-large", test_csv_too_large);
  g_test_add_func ("/edge/csv/not-a-file", test_csv_not_a_file);
  g_test_add_func ("/edge/memory-limit", test_memory_limit);
  g_test_add_func ("/edge/cancel/prepare-phases", test_cancel_prepare_phases);
  g_test_add_func ("/edge/cancel/prepare-from-thread", test_cancel_prepare_from_thread);
  g_test_add_func ("/edge/cancel/advance-from-thread", test_cancel_advance_from_thread);
  g_test_add_func ("/edge/cancel/sweeps", test_cancel_sweeps);

  return g_test_run ();
}
