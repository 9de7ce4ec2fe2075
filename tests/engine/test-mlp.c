/* test-mlp.c — the finite MLP: layout, forward, gradients, GD step, seeding
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference implementation here is a per-example loop written straight from math.md §1;
 * gradients are checked against central finite differences of that loop, so a mistake in
 * the GEMM formulation cannot hide behind itself.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-activation.h"
#include "ntk-mlp.h"
#include "ntk-rng.h"
#include "ntk-test-util.h"

#define MAX_W 16

/* f(x) by the definition, one example at a time; *h_min gets min |h^l_j| over the hidden
 * layers (distance of this input from a kink of relu / leaky_relu / abs). */
static double
naive_forward (const NtkMlp *mlp,
               const double *theta,
               const double *x,
               double       *h_min)
{
  double in[MAX_W], out[MAX_W];
  guint k = mlp->d0;

  g_assert_cmpuint (mlp->d0, <=, MAX_W);
  g_assert_cmpuint (mlp->width, <=, MAX_W);
  memcpy (in, x, sizeof (double) * k);
  if (h_min != NULL)
    *h_min = INFINITY;

  for (guint l = 1; l <= mlp->depth + 1; l++)
    {
      const guint m = l == mlp->depth + 1 ? 1 : mlp->width;
      const double *w = theta + mlp->offset_w[l - 1];
      const double *b = theta + mlp->offset_b[l - 1];
      const double s = mlp->sigma_w / sqrt ((double) k);

      for (guint j = 0; j < m; j++)
        {
          double acc = 0.0, h;

          for (guint t = 0; t < k; t++)
            acc += w[j * k + t] * in[t];
          h = s * acc + mlp->sigma_b * b[j];
          if (l == mlp->depth + 1)
            return h;
          if (h_min != NULL)
            *h_min = MIN (*h_min, fabs (h));
          out[j] = ntk_activation_phi (mlp->activation, mlp->leaky_slope, h);
        }
      memcpy (in, out, sizeof (double) * m);
      k = m;
    }

  g_assert_not_reached ();
}

static double
naive_loss (const NtkMlp *mlp,
            const double *theta,
            const double *x,
            const double *y,
            guint         n)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    {
      double r = naive_forward (mlp, theta, x + i * mlp->d0, NULL) - y[i];
      sum += r * r;
    }
  return sum / (2.0 * n);
}

static gboolean
has_kink (NtkActivation act)
{
  return act == NTK_ACTIVATION_RELU || act == NTK_ACTIVATION_LEAKY_RELU || act == NTK_ACTIVATION_ABS;
}

/* Inputs whose pre-activations all stay ≥ 1e-3 away from 0, so a finite difference of a
 * piecewise-linear φ never straddles a kink. Deterministic: tries input seeds in order. */
static void
pick_inputs (const NtkMlp *mlp,
             double       *x,
             guint         n)
{
  for (guint64 seed = 1; seed < 1000; seed++)
    {
      gboolean ok = TRUE;

      ntk_test_fill_uniform (seed, 7, x, (gsize) n * mlp->d0);
      if (!has_kink (mlp->activation))
        return;
      for (guint i = 0; i < n && ok; i++)
        {
          double h_min;

          naive_forward (mlp, mlp->theta, x + i * mlp->d0, &h_min);
          ok = h_min > 1e-3;
        }
      if (ok)
        return;
    }
  g_assert_not_reached ();
}

static void
test_layout (void)
{
  NtkConfig c = ntk_test_mlp_config (NTK_ACTIVATION_RELU, 3, 5, 1.0, 0.1, 1);
  g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, 2);
  gsize expect = 0;

  g_assert_nonnull (mlp);
  for (guint l = 1; l <= 4; l++)
    {
      guint k = l == 1 ? 2 : 5, m = l == 4 ? 1 : 5;

      g_assert_cmpuint (mlp->fan_in[l - 1], ==, k);
      g_assert_cmpuint (mlp->fan_out[l - 1], ==, m);
      g_assert_cmpuint (mlp->offset_w[l - 1], ==, expect);
      expect += k * m;
      g_assert_cmpuint (mlp->offset_b[l - 1], ==, expect);
      expect += m;
    }
  g_assert_cmpuint (mlp->n_params, ==, expect);
  g_assert_cmpuint (expect, ==, 2 * 5 + 5 + 2 * (25 + 5) + 5 + 1);

  /* the estimate: θ plus a cache that grows linearly in n */
  {
    guint64 e0 = ntk_mlp_estimate_memory (2, 3, 5, 0);
    guint64 e1 = ntk_mlp_estimate_memory (2, 3, 5, 100);
    guint64 e2 = ntk_mlp_estimate_memory (2, 3, 5, 200);

    g_assert_cmpuint (e0, >=, sizeof (double) * mlp->n_params);
    g_assert_cmpuint (e0, <, sizeof (double) * mlp->n_params + 1024);
    g_assert_cmpuint (e2 - e1, ==, e1 - e0);
    /* per point at least A_l and φ'/Δ_l of every hidden layer and the input */
    g_assert_cmpuint ((e1 - e0) / 100, >=, sizeof (double) * (2 * 3 * 5 + 2));
  }
  /* big case of the benchmark: 2 × 4096² weights dominate, must stay well under 1 GiB */
  g_assert_cmpuint (ntk_mlp_estimate_memory (2, 3, 4096, 1024), <, G_GUINT64_CONSTANT (600) << 20);
}

static void
test_forward_naive (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_RELU, NTK_ACTIVATION_ERF, NTK_ACTIVATION_TANH,
                                 NTK_ACTIVATION_SIN, NTK_ACTIVATION_SOFTPLUS };
  const guint n = 9;

  for (guint ai = 0; ai < G_N_ELEMENTS (acts); ai++)
    for (guint depth = 1; depth <= 4; depth++)
      for (guint bias = 0; bias < 2; bias++)
        {
          NtkConfig c = ntk_test_mlp_config (acts[ai], depth, 7, 1.3, bias ? 0.4 : 0.0, 11 + depth);
          g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, 3);
          g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n + 3);
          double x[3 * 9], f[9], ref[9], err;

          ntk_test_fill_uniform (depth, 7, x, G_N_ELEMENTS (x));
          /* fewer rows than the cache holds is allowed */
          ntk_mlp_forward (mlp, x, n, cache, f);
          for (guint i = 0; i < n; i++)
            ref[i] = naive_forward (mlp, mlp->theta, x + 3 * i, NULL);
          err = ntk_test_rel_distance (f, ref, n);
          g_test_message ("forward %s L=%u bias=%u: rel err %.3g",
                          ntk_activation_to_string (acts[ai]), depth, bias, err);
          g_assert_cmpfloat (err, <=, 1e-12);
        }
}

/* ∂ℒ/∂θ by central differences of the naive loss */
static void
fd_gradient (const NtkMlp *mlp,
             const double *x,
             const double *y,
             guint         n,
             double       *g)
{
  g_autofree double *th = g_memdup2 (mlp->theta, sizeof (double) * mlp->n_params);

  for (gsize p = 0; p < mlp->n_params; p++)
    {
      const double t0 = th[p];
      const double step = 1e-5 * MAX (1.0, fabs (t0));
      double lp, lm;

      th[p] = t0 + step;
      lp = naive_loss (mlp, th, x, y, n);
      th[p] = t0 - step;
      lm = naive_loss (mlp, th, x, y, n);
      th[p] = t0;
      g[p] = (lp - lm) / (2.0 * step);
    }
}

static void
backward_gradient (const NtkMlp *mlp,
                   const double *x,
                   const double *y,
                   guint         n,
                   double       *g)
{
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
  double f[8], dout[8];

  g_assert_cmpuint (n, <=, 8);
  ntk_mlp_forward (mlp, x, n, cache, f);
  for (guint i = 0; i < n; i++)
    dout[i] = (f[i] - y[i]) / n;
  /* poison: β = 0 must overwrite, never read */
  for (gsize p = 0; p < mlp->n_params; p++)
    g[p] = NAN;
  ntk_mlp_backward (mlp, cache, dout, g);
}

static void
test_gradient_fd (void)
{
  const guint n = 5, d0 = 2;

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    for (guint depth = 1; depth <= 3; depth++)
      for (guint bias = 0; bias < 2; bias++)
        {
          NtkConfig c = ntk_test_mlp_config (act, depth, 4, 1.4, bias ? 0.3 : 0.0, 100 + depth + 10 * act);
          g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, d0);
          g_autofree double *g = g_new (double, mlp->n_params);
          g_autofree double *gfd = g_new (double, mlp->n_params);
          double x[5 * 2], y[5], gmax = 0.0, err;

          pick_inputs (mlp, x, n);
          for (guint i = 0; i < n; i++)
            y[i] = sin (3.0 * i);

          backward_gradient (mlp, x, y, n, g);
          fd_gradient (mlp, x, y, n, gfd);

          for (gsize p = 0; p < mlp->n_params; p++)
            gmax = MAX (gmax, fabs (gfd[p]));
          g_assert_cmpfloat (gmax, >, 1e-6);
          for (gsize p = 0; p < mlp->n_params; p++)
            g_assert_cmpfloat (fabs (g[p] - gfd[p]), <=, 1e-6 * MAX (fabs (gfd[p]), 1e-2 * gmax));
          err = ntk_test_rel_distance (g, gfd, mlp->n_params);
          g_test_message ("gradient %s L=%u bias=%u: rel err %.3g",
                          ntk_activation_to_string (act), depth, bias, err);
          g_assert_cmpfloat (err, <=, 1e-6);

          /* σ_b = 0: the biases do not influence f, their gradient is exactly 0 */
          if (!bias)
            for (guint l = 1; l <= depth + 1; l++)
              for (guint j = 0; j < mlp->fan_out[l - 1]; j++)
                g_assert_cmpfloat (g[mlp->offset_b[l - 1] + j], ==, 0.0);
        }
}

static void
test_gd_step (void)
{
  const guint n = 6, d0 = 2;
  const NtkActivation acts[] = { NTK_ACTIVATION_RELU, NTK_ACTIVATION_TANH, NTK_ACTIVATION_GELU };

  for (guint ai = 0; ai < G_N_ELEMENTS (acts); ai++)
    for (guint depth = 1; depth <= 3; depth += 2)
      {
        NtkConfig c = ntk_test_mlp_config (acts[ai], depth, 5, 1.5, 0.2, 7 + depth);
        g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, d0);
        g_autoptr(NtkMlp) stepped = NULL;
        g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
        g_autofree double *g = g_new (double, mlp->n_params);
        g_autofree double *gfd = g_new (double, mlp->n_params);
        const double eta = 0.3;
        double x[6 * 2], y[6], f[6], loss, err;

        pick_inputs (mlp, x, n);
        for (guint i = 0; i < n; i++)
          y[i] = cos (2.0 * i);

        backward_gradient (mlp, x, y, n, g);
        fd_gradient (mlp, x, y, n, gfd);
        g_assert_cmpfloat (ntk_test_rel_distance (g, gfd, mlp->n_params), <=, 1e-6);

        stepped = ntk_mlp_copy (mlp);
        loss = ntk_mlp_gd_step (stepped, cache, x, y, n, eta, f);

        /* returned loss and outputs are those before the step */
        g_assert_cmpfloat (fabs (loss - naive_loss (mlp, mlp->theta, x, y, n)), <=, 1e-12 * loss);
        for (guint i = 0; i < n; i++)
          g_assert_cmpfloat (fabs (f[i] - naive_forward (mlp, mlp->theta, x + d0 * i, NULL)),
                             <=, 1e-12 * MAX (1.0, fabs (f[i])));

        /* θ' = θ − η ∇ℒ: entrywise up to rounding, and (θ − θ')/η recovers the FD gradient */
        for (gsize p = 0; p < mlp->n_params; p++)
          {
            double expect = mlp->theta[p] - eta * g[p];
            g_assert_cmpfloat (fabs (stepped->theta[p] - expect), <=, 1e-14 * MAX (1.0, fabs (expect)));
            gfd[p] -= (mlp->theta[p] - stepped->theta[p]) / eta;
          }
        err = 0.0;
        for (gsize p = 0; p < mlp->n_params; p++)
          err = MAX (err, fabs (gfd[p]));
        g_test_message ("gd step %s L=%u: max |FD − (θ−θ')/η| = %.3g",
                        ntk_activation_to_string (acts[ai]), depth, err);
        g_assert_cmpfloat (err, <=, 1e-6 * MAX (1.0, fabs (g[0])));
      }
}

static void
test_loss_decreases (void)
{
  const guint n = 16, d0 = 2;

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      NtkConfig c = ntk_test_mlp_config (act, 2, 32, 1.5, 0.1, 5);
      g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, d0);
      g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
      double x[16 * 2], y[16], first, prev, loss = 0.0;

      for (guint i = 0; i < n; i++)
        {
          double gamma = 2.0 * G_PI * i / n;
          x[2 * i] = cos (gamma);
          x[2 * i + 1] = sin (gamma);
          y[i] = sin (2.0 * gamma);
        }

      first = prev = ntk_mlp_gd_step (mlp, cache, x, y, n, 0.02, NULL);
      for (guint k = 0; k < 30; k++)
        {
          loss = ntk_mlp_gd_step (mlp, cache, x, y, n, 0.02, NULL);
          g_assert_cmpfloat (loss, <, prev);
          prev = loss;
        }
      g_test_message ("loss %s: %.6g → %.6g", ntk_activation_to_string (act), first, loss);
      g_assert_cmpfloat (loss, <, 0.95 * first);
    }
}

static void
test_seed (void)
{
  NtkConfig c = ntk_test_mlp_config (NTK_ACTIVATION_TANH, 2, 8, 1.0, 0.1, G_GUINT64_CONSTANT (0xfeedfacecafe));
  g_autoptr(NtkMlp) a = ntk_mlp_new (&c, 3);
  g_autoptr(NtkMlp) b = ntk_mlp_new (&c, 3);
  g_autoptr(NtkMlp) copy = ntk_mlp_copy (a);
  g_autoptr(NtkMlp) other = NULL;
  NtkRng rng;
  g_autofree double *expect = NULL;
  gsize same = 0;

  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_cmpmem (a->theta, a->n_params * sizeof (double), b->theta, b->n_params * sizeof (double));
  g_assert_cmpmem (a->theta, a->n_params * sizeof (double), copy->theta, copy->n_params * sizeof (double));
  g_assert_true (copy->theta != a->theta);

  /* θ is stream 0 of the seed, in storage order */
  expect = g_new (double, a->n_params);
  ntk_rng_init (&rng, c.seed, 0);
  ntk_rng_fill_normal (&rng, expect, a->n_params);
  g_assert_cmpmem (a->theta, a->n_params * sizeof (double), expect, a->n_params * sizeof (double));

  c.seed += 1;
  other = ntk_mlp_new (&c, 3);
  for (gsize p = 0; p < a->n_params; p++)
    same += a->theta[p] == other->theta[p];
  g_assert_cmpuint (same, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mlp/layout", test_layout);
  g_test_add_func ("/mlp/forward-naive", test_forward_naive);
  g_test_add_func ("/mlp/gradient-fd", test_gradient_fd);
  g_test_add_func ("/mlp/gd-step", test_gd_step);
  g_test_add_func ("/mlp/loss-decreases", test_loss_decreases);
  g_test_add_func ("/mlp/seed", test_seed);

  return g_test_run ();
}
