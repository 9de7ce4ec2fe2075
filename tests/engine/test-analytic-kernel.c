/* test-analytic-kernel.c — the infinite-width NNGP Σ and NTK Θ (math.md §3, §7)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <lapacke.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ntk-activation.h"
#include "ntk-kernel.h"
#include "ntk-test-util.h"

static NtkConfig *
make_config (NtkActivation act,
             double        sigma_w,
             double        sigma_b,
             guint         depth)
{
  NtkConfig *config = ntk_config_new ();

  config->activation = act;
  config->sigma_w = sigma_w;
  config->sigma_b = sigma_b;
  config->depth = depth;
  return config;
}

static void
assert_close (double      got,
              double      want,
              double      rtol,
              const char *what)
{
  double tol = want == 0 ? rtol : rtol * fabs (want);

  if (!(fabs (got - want) <= tol))
    g_error ("%s: got %.12g, want %.12g (relative tolerance %g)", what, got, want, rtol);
}

/* math.md §7 prints 10 decimals: agree to 1e-9 relative, or to the rounding of the last
 * printed digit (±5e-11) where that is larger. */
static void
assert_reference (double got,
                  double want,
                  const char *what)
{
  double tol = MAX (1e-9 * fabs (want), 5e-11 + 1e-15);

  if (!(fabs (got - want) <= tol))
    g_error ("%s: got %.12g, want %.10f (tolerance %g)", what, got, want, tol);
}

static void
kernel_pair (const NtkConfig *config,
             guint            d0,
             const double    *x,
             const double    *xp,
             double          *ntk,
             double          *nngp)
{
  ntk_analytic_kernel (config, d0, x, 1, xp, 1, ntk, nngp);
}

/* math.md §7.1: relu, σ_w = 1, σ_b = 0, L = 1, d0 = 2, x = (1, 0). */
static void
test_reference_relu_single_layer (void)
{
  g_autoptr(NtkConfig) config = make_config (NTK_ACTIVATION_RELU, 1.0, 0.0, 1);
  const double x[2] = { 1, 0 };
  const struct { double xp[2], sigma, theta; } cases[] = {
    { { 1, 0 }, 0.25, 0.5 },
    { { 0, 1 }, 0.0795774715, 0.0795774715 },
    { { G_SQRT2 / 2, G_SQRT2 / 2 }, 0.1888522912, 0.3214348127 },
    { { -1, 0 }, 0.0, 0.0 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      double ntk, nngp;

      kernel_pair (config, 2, x, cases[k].xp, &ntk, &nngp);
      /* the reference values have 10 digits */
      assert_reference (nngp, cases[k].sigma, "relu L=1 Σ");
      assert_reference (ntk, cases[k].theta, "relu L=1 Θ");
      if (cases[k].sigma == 0)
        g_assert_cmpfloat (fabs (nngp) + fabs (ntk), <, 1e-15);
    }
}

/* math.md §7.2: the limit curve of Jacot et al. 2018, Fig. 1. */
static void
test_reference_jacot (void)
{
  g_autoptr(NtkConfig) config = make_config (NTK_ACTIVATION_RELU, 1.0, 0.1, 3);
  const double x0[2] = { 1, 0 };
  const struct { double gamma, theta, sigma; } cases[] = {
    { 0, 0.2825, 0.08125 },
    { G_PI / 4, 0.1699705091, NAN },
    { G_PI / 2, 0.0927021102, NAN },
    { 3 * G_PI / 4, 0.0660364290, NAN },
    { G_PI, 0.0643537701, 0.0480965898 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      double x[2] = { cos (cases[k].gamma), sin (cases[k].gamma) };
      double ntk, nngp;

      kernel_pair (config, 2, x0, x, &ntk, &nngp);
      assert_reference (ntk, cases[k].theta, "Jacot Fig. 1 Θ");
      if (!isnan (cases[k].sigma))
        assert_reference (nngp, cases[k].sigma, "Jacot Fig. 1 Σ");
    }
}

/* math.md §7.3: erf, σ_w = 1.5, σ_b = 0.05, L = 2, scalar inputs. */
static void
test_reference_erf (void)
{
  g_autoptr(NtkConfig) config = make_config (NTK_ACTIVATION_ERF, 1.5, 0.05, 2);
  const struct { double x, xp, sigma, theta; } cases[] = {
    { 0, 0, 0.0295582145, 0.0766533032 },
    { 1, 1, 1.1818115318, 5.0186179105 },
    { 1, -1, -1.1661616062, -4.9467585526 },
    { 0.5, 2, 1.0241972738, 3.8396491683 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      double ntk, nngp;

      kernel_pair (config, 1, &cases[k].x, &cases[k].xp, &ntk, &nngp);
      assert_reference (nngp, cases[k].sigma, "erf Σ");
      assert_reference (ntk, cases[k].theta, "erf Θ");
    }
}

/* Points with different norms (so that every layer has several distinct variances), in 3-d. */
static double *
make_points (guint n,
             guint seed)
{
  double *x = g_new (double, 3 * n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < 3 * n; i++)
    x[i] = g_rand_double_range (rand, -1.5, 1.5);
  return x;
}

/* The numerical kernel (the correlation tables, many distinct variances) against the
 * recursion evaluated entry by entry with the reference quadrature: ≤ 1e-6 relative. */
static void
test_numerical_vs_reference_recursion (void)
{
  const guint n = 3, depth = 2, d0 = 3;
  g_autofree double *x = make_points (n, 7);

  for (NtkActivation act = NTK_ACTIVATION_TANH; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autoptr(NtkConfig) config = make_config (act, 1.7, 0.3, depth);
      double sw2 = 1.7 * 1.7, sb2 = 0.09;
      double Q[3][3], T[3][3], ntk[9], nngp[9], worst = 0;

      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            double dot = 0;
            for (guint k = 0; k < d0; k++)
              dot += x[i * d0 + k] * x[j * d0 + k];
            Q[i][j] = T[i][j] = sw2 * dot / d0 + sb2;
          }
      for (guint l = 0; l < depth; l++)
        {
          double Qn[3][3];

          for (guint i = 0; i < n; i++)
            for (guint j = 0; j < n; j++)
              {
                double e, ed;

                ntk_activation_expect_quadrature (act, 0, Q[i][i], Q[j][j], Q[i][j], &e, &ed);
                Qn[i][j] = sw2 * e + sb2;
                T[i][j] = Qn[i][j] + sw2 * ed * T[i][j];
              }
          memcpy (Q, Qn, sizeof Q);
        }

      ntk_analytic_kernel (config, d0, x, n, NULL, n, ntk, nngp);
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            assert_close (nngp[i * n + j], Q[i][j], 1e-6, "numerical Σ vs reference");
            assert_close (ntk[i * n + j], T[i][j], 1e-6, "numerical Θ vs reference");
            worst = MAX (worst, fabs (ntk[i * n + j] / T[i][j] - 1));
          }
      g_test_message ("%s: kernel vs reference recursion, worst relative error %.2g",
                      ntk_activation_to_string (act), worst);
    }
}

/* Many distinct variances (points of different norms): the path that interpolates the
 * coefficient sets in the variance. Sampled entries against the recursion evaluated entry
 * by entry with the reference quadrature, ≤ 1e-6 relative. */
static void
test_many_variances (void)
{
  const guint n1 = 90, n2 = 70, d0 = 3, depth = 2;
  const NtkActivation acts[] = { NTK_ACTIVATION_TANH, NTK_ACTIVATION_SOFTPLUS, NTK_ACTIVATION_GELU };
  g_autofree double *x1 = make_points (n1, 31), *x2 = make_points (n2, 32);
  g_autofree double *k = g_new (double, n1 * n2), *s = g_new (double, n1 * n2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (33);

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      g_autoptr(NtkConfig) config = make_config (acts[a], 1.6, 0.2, depth);
      double sw2 = 1.6 * 1.6, sb2 = 0.04, worst = 0;

      ntk_analytic_kernel (config, d0, x1, n1, x2, n2, k, s);
      for (guint sample = 0; sample < 10; sample++)
        {
          guint i = g_rand_int_range (rand, 0, n1), j = g_rand_int_range (rand, 0, n2);
          double dot = 0, n1sq = 0, n2sq = 0, q11, q22, q12, t12;

          for (guint c = 0; c < d0; c++)
            {
              dot += x1[i * d0 + c] * x2[j * d0 + c];
              n1sq += x1[i * d0 + c] * x1[i * d0 + c];
              n2sq += x2[j * d0 + c] * x2[j * d0 + c];
            }
          q11 = sw2 * n1sq / d0 + sb2;
          q22 = sw2 * n2sq / d0 + sb2;
          q12 = t12 = sw2 * dot / d0 + sb2;
          for (guint l = 0; l < depth; l++)
            {
              double e, ed, m1, md1, m2, md2;

              ntk_activation_expect_quadrature (acts[a], 0, q11, q22, q12, &e, &ed);
              ntk_activation_expect_quadrature (acts[a], 0, q11, q11, q11, &m1, &md1);
              ntk_activation_expect_quadrature (acts[a], 0, q22, q22, q22, &m2, &md2);
              q12 = sw2 * e + sb2;
              t12 = q12 + sw2 * ed * t12;
              q11 = sw2 * m1 + sb2;
              q22 = sw2 * m2 + sb2;
            }
          assert_close (s[i * n2 + j], q12, 1e-6, "Σ, many variances");
          assert_close (k[i * n2 + j], t12, 1e-6, "Θ, many variances");
          worst = MAX (worst, fabs (k[i * n2 + j] / t12 - 1));
        }
      g_test_message ("%s, %u×%u points of different norms: worst relative error %.2g",
                      ntk_activation_to_string (acts[a]), n1, n2, worst);
    }
}

/* Θ(x, x') = Θ(x', x); the symmetric call (x2 = NULL) equals the general one; the diagonal
 * function equals the kernel's diagonal. For every activation. */
static void
test_symmetry_and_diagonal (void)
{
  const guint n1 = 7, n2 = 5, d0 = 3;
  g_autofree double *x1 = make_points (n1, 11);
  g_autofree double *x2 = make_points (n2, 12);
  g_autofree double *k12 = g_new (double, n1 * n2), *k21 = g_new (double, n1 * n2);
  g_autofree double *s12 = g_new (double, n1 * n2), *s21 = g_new (double, n1 * n2);
  g_autofree double *ksym = g_new (double, n1 * n1), *kgen = g_new (double, n1 * n1);
  g_autofree double *ssym = g_new (double, n1 * n1);
  g_autofree double *dk = g_new (double, n1), *ds = g_new (double, n1);

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autoptr(NtkConfig) config = make_config (act, 1.4, 0.2, 3);
      /* closed forms are exact functions of the same numbers; tables agree to ~1e-11 */
      double tol = ntk_activation_is_closed_form (act) ? 1e-13 : 1e-9;

      ntk_analytic_kernel (config, d0, x1, n1, x2, n2, k12, s12);
      ntk_analytic_kernel (config, d0, x2, n2, x1, n1, k21, s21);
      for (guint i = 0; i < n1; i++)
        for (guint j = 0; j < n2; j++)
          {
            assert_close (k12[i * n2 + j], k21[j * n1 + i], tol, "Θ(x,x') = Θ(x',x)");
            assert_close (s12[i * n2 + j], s21[j * n1 + i], tol, "Σ(x,x') = Σ(x',x)");
          }

      ntk_analytic_kernel (config, d0, x1, n1, NULL, n1, ksym, ssym);
      ntk_analytic_kernel (config, d0, x1, n1, x1, n1, kgen, NULL);
      ntk_analytic_kernel_diag (config, d0, x1, n1, dk, ds);
      for (guint i = 0; i < n1; i++)
        {
          /* the symmetric call writes the diagonal recursion itself */
          g_assert_cmpfloat (ksym[i * n1 + i], ==, dk[i]);
          g_assert_cmpfloat (ssym[i * n1 + i], ==, ds[i]);
          for (guint j = 0; j < n1; j++)
            {
              g_assert_cmpfloat (ksym[i * n1 + j], ==, ksym[j * n1 + i]);
              assert_close (kgen[i * n1 + j], ksym[i * n1 + j], tol, "general call = symmetric call");
            }
        }
    }
}

/* Kernels are positive semi-definite: smallest eigenvalue ≥ −1e-10 · largest. */
static void
test_positive_semidefinite (void)
{
  const guint n = 16, d0 = 3;
  g_autofree double *x = make_points (n, 3);
  g_autofree double *k = g_new (double, n * n);
  g_autofree double *s = g_new (double, n * n);
  double w[16];

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autoptr(NtkConfig) config = make_config (act, 1.5, 0.1, 3);

      ntk_analytic_kernel (config, d0, x, n, NULL, n, k, s);
      for (guint which = 0; which < 2; which++)
        {
          double *m = which == 0 ? k : s;

          g_assert_cmpint (LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'N', 'U', n, m, n, w), ==, 0);
          g_test_message ("%s %s: eigenvalues %.3g … %.3g", ntk_activation_to_string (act),
                          which == 0 ? "Θ" : "Σ", w[0], w[n - 1]);
          g_assert_cmpfloat (w[n - 1], >, 0);
          g_assert_cmpfloat (w[0], >=, -1e-10 * w[n - 1]);
        }
    }
}

/* σ_w = 10 makes the variances ~50 after one layer and ~1e3 (tanh) to ~1e5 (softplus,
 * gelu, silu) after two: the kernel at one entry against the recursion evaluated with the
 * reference quadrature, ≤ 1e-6 relative. */
static void
test_large_variance (void)
{
  const double x[2] = { 1.0, 0.0 }, xp[2] = { 0.999, 0.0447101778 };

  for (NtkActivation act = NTK_ACTIVATION_TANH; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autoptr(NtkConfig) config = make_config (act, 10.0, 1.0, 2);
      double sw2 = 100, sb2 = 1;
      double q11 = sw2 * 1.0 / 2 + sb2, q22 = sw2 * (xp[0] * xp[0] + xp[1] * xp[1]) / 2 + sb2;
      double q12 = sw2 * xp[0] / 2 + sb2, t12 = q12;
      double ntk, nngp;

      for (guint l = 0; l < 2; l++)
        {
          double e, ed, m1, md1, m2, md2;

          ntk_activation_expect_quadrature (act, 0, q11, q22, q12, &e, &ed);
          ntk_activation_expect_quadrature (act, 0, q11, q11, q11, &m1, &md1);
          ntk_activation_expect_quadrature (act, 0, q22, q22, q22, &m2, &md2);
          q12 = sw2 * e + sb2;
          t12 = q12 + sw2 * ed * t12;
          q11 = sw2 * m1 + sb2;
          q22 = sw2 * m2 + sb2;
        }
      kernel_pair (config, 2, x, xp, &ntk, &nngp);
      g_test_message ("%s at σ_w = 10: Σ %.6g (q ≈ %.3g), Θ %.6g", ntk_activation_to_string (act), nngp, q11, ntk);
      assert_close (nngp, q12, 1e-6, "Σ at large variance");
      assert_close (ntk, t12, 1e-6, "Θ at large variance");
    }
}

/* The reference recursion for one pair of inputs: Σ and Θ after @depth layers with every
 * expectation from the reference quadrature. */
static void
reference_pair (const NtkConfig *config,
                guint            d0,
                const double    *x,
                const double    *xp,
                double          *ntk,
                double          *nngp)
{
  double sw2 = config->sigma_w * config->sigma_w, sb2 = config->sigma_b * config->sigma_b;
  double q11 = 0, q22 = 0, q12 = 0, t12;

  for (guint k = 0; k < d0; k++)
    {
      q11 += x[k] * x[k];
      q22 += xp[k] * xp[k];
      q12 += x[k] * xp[k];
    }
  q11 = sw2 * q11 / d0 + sb2;
  q22 = sw2 * q22 / d0 + sb2;
  q12 = t12 = sw2 * q12 / d0 + sb2;
  for (guint l = 0; l < config->depth; l++)
    {
      double e, ed, m1, md1, m2, md2;

      ntk_activation_expect_quadrature (config->activation, 0, q11, q22, q12, &e, &ed);
      ntk_activation_expect_quadrature (config->activation, 0, q11, q11, q11, &m1, &md1);
      ntk_activation_expect_quadrature (config->activation, 0, q22, q22, q22, &m2, &md2);
      q12 = sw2 * e + sb2;
      t12 = q12 + sw2 * ed * t12;
      q11 = sw2 * m1 + sb2;
      q22 = sw2 * m2 + sb2;
    }
  *ntk = t12;
  *nngp = q12;
}

/* σ_w = 10, depth 4: the variances of a unit input pass the kernel's cap (1e5, softplus
 * gelu silu) in the third layer (~51, 2.6e3, 1.3e5, 6.5e6), those of a small input a layer
 * later, so the kernel uses the homogeneous limit (both points above the cap) and the
 * rescaled capped set (one above, one below). Against the reference recursion: Σ within
 * 1e-4 and Θ within 2e-3 relative. Why these bounds: above the cap 𝔼 errs by ≤ 1e-5 of
 * √(q11 q22) and 𝔼' by ≤ 2e-3 absolutely, ≤ 1e-4 at |c| ≤ 0.999 (test-activation.c,
 * /activation/homogeneous-limit); at c ≥ 0 relu's 𝔼 ≥ √(q11 q22)/2π and 𝔼' ≥ 1/4, and σ_b²
 * and the earlier (exact) layers only dilute the error, so Σ errs ≤ 2π·1e-5 ≈ 6e-5 relative;
 * the pairs below have 0.37 ≤ c ≤ 0.75 in the two approximate layers, so Θ errs ≤ 4·1e-4
 * per layer, ~1e-3 over both. Measured: ≤ 1.1e-5 (see the messages). */
static void
test_above_variance_cap (void)
{
  const double x[2] = { 1.0, 0.0 };
  const double xps[][2] = { { 0.5, 0.8660254037844386 }, { 0.01, 0.017 }, { -0.6, 0.8 } };
  const NtkActivation acts[] = { NTK_ACTIVATION_SOFTPLUS, NTK_ACTIVATION_GELU, NTK_ACTIVATION_SILU };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      g_autoptr(NtkConfig) config = make_config (acts[a], 10.0, 1.0, 4);
      double worst_s = 0, worst_t = 0;

      for (guint p = 0; p < G_N_ELEMENTS (xps); p++)
        {
          double ntk, nngp, ntk_ref, nngp_ref;

          kernel_pair (config, 2, x, xps[p], &ntk, &nngp);
          reference_pair (config, 2, x, xps[p], &ntk_ref, &nngp_ref);
          worst_s = MAX (worst_s, fabs (nngp / nngp_ref - 1));
          worst_t = MAX (worst_t, fabs (ntk / ntk_ref - 1));
          assert_close (nngp, nngp_ref, 1e-4, "Σ above the variance cap");
          assert_close (ntk, ntk_ref, 2e-3, "Θ above the variance cap");
        }
      g_test_message ("%s at σ_w = 10, depth 4 (variances to ~6e6): worst relative error Σ %.2g, Θ %.2g",
                      ntk_activation_to_string (acts[a]), worst_s, worst_t);
    }
}

/* A zero input without bias has zero variance in the first layer (and in all of them when
 * φ(0) = 0): everything stays finite, and then Θ(0, ·) = 0 exactly as for the finite net. */
static void
test_zero_variance (void)
{
  const double x[3] = { 0.0, 0.5, -1.0 };
  double k[9], s[9];

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autoptr(NtkConfig) config = make_config (act, 1.5, 0.0, 2);

      ntk_analytic_kernel (config, 1, x, 3, NULL, 3, k, s);
      for (guint i = 0; i < 9; i++)
        g_assert_true (isfinite (k[i]) && isfinite (s[i]));
      if (ntk_activation_phi (act, 0, 0.0) == 0)
        for (guint j = 0; j < 3; j++)
          {
            g_assert_cmpfloat (k[j], ==, 0.0);
            g_assert_cmpfloat (s[j], ==, 0.0);
          }
      else
        g_assert_cmpfloat (k[0], >, 0.0);
    }
}

typedef struct {
  NtkConfig *config;
  double    *x1, *x2;
  guint      n1, n2;
  double    *out;
} Job;

static gpointer
run_job (gpointer data)
{
  Job *job = data;

  ntk_analytic_kernel (job->config, 3, job->x1, job->n1, job->x2, job->n2, job->out, NULL);
  return NULL;
}

/* Two threads at once give what one gives (no shared mutable state). */
static void
test_thread_safety (void)
{
  const guint n1 = 40, n2 = 30;
  g_autofree double *x1 = make_points (n1, 21), *x2 = make_points (n2, 22);
  g_autoptr(NtkConfig) c_tanh = make_config (NTK_ACTIVATION_TANH, 1.5, 0.1, 3);
  g_autoptr(NtkConfig) c_gelu = make_config (NTK_ACTIVATION_GELU, 1.2, 0.3, 2);
  g_autofree double *a = g_new (double, n1 * n2), *b = g_new (double, n1 * n2);
  g_autofree double *a_ref = g_new (double, n1 * n2), *b_ref = g_new (double, n1 * n2);
  Job ja = { c_tanh, x1, x2, n1, n2, a }, jb = { c_gelu, x1, x2, n1, n2, b };
  GThread *ta, *tb;

  ntk_analytic_kernel (c_tanh, 3, x1, n1, x2, n2, a_ref, NULL);
  ntk_analytic_kernel (c_gelu, 3, x1, n1, x2, n2, b_ref, NULL);
  for (guint round = 0; round < 3; round++)
    {
      ta = g_thread_new ("kernel-a", run_job, &ja);
      tb = g_thread_new ("kernel-b", run_job, &jb);
      g_thread_join (ta);
      g_thread_join (tb);
      g_assert_cmpmem (a, n1 * n2 * sizeof (double), a_ref, n1 * n2 * sizeof (double));
      g_assert_cmpmem (b, n1 * n2 * sizeof (double), b_ref, n1 * n2 * sizeof (double));
    }
}

/* Either output may be NULL; empty inputs are fine. */
static void
test_optional_outputs (void)
{
  g_autoptr(NtkConfig) config = make_config (NTK_ACTIVATION_SIGMOID, 1.5, 0.1, 2);
  g_autofree double *x = make_points (6, 5);
  double k[36], s[36], k2[36], s2[36];

  ntk_analytic_kernel (config, 3, x, 6, NULL, 6, k, s);
  ntk_analytic_kernel (config, 3, x, 6, NULL, 6, k2, NULL);
  ntk_analytic_kernel (config, 3, x, 6, NULL, 6, NULL, s2);
  g_assert_cmpmem (k, sizeof k, k2, sizeof k2);
  g_assert_cmpmem (s, sizeof s, s2, sizeof s2);
  ntk_analytic_kernel (config, 3, x, 0, NULL, 0, k, s);
  ntk_analytic_kernel_diag (config, 3, x, 6, NULL, s2);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat (s2[i], ==, s[i * 6 + i]);
}

/* ------------------------------------------------------------------ cancellation */

/* An already-cancelled cancellable: FALSE at once, the outputs untouched. */
static void
test_cancel_already_cancelled (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_RELU, NTK_ACTIVATION_TANH };
  const guint n1 = 50, n2 = 40;
  g_autofree double *x1 = make_points (n1, 41), *x2 = make_points (n2, 42);
  g_autofree double *k = g_new (double, n1 * n1), *s = g_new (double, n1 * n1);
  g_autofree double *untouched = g_new (double, n1 * n1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  for (guint i = 0; i < n1 * n1; i++)
    untouched[i] = -7.0 - i;
  g_cancellable_cancel (cancellable);
  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      g_autoptr(NtkConfig) config = make_config (acts[a], 1.5, 0.1, 3);

      memcpy (k, untouched, n1 * n1 * sizeof (double));
      memcpy (s, untouched, n1 * n1 * sizeof (double));
      g_assert_false (ntk_analytic_kernel_cancellable (config, 3, x1, n1, NULL, n1, k, s, cancellable));
      g_assert_false (ntk_analytic_kernel_cancellable (config, 3, x1, n1, x2, n2, k, s, cancellable));
      g_assert_false (ntk_analytic_kernel_diag_cancellable (config, 3, x1, n1, k, s, cancellable));
      g_assert_cmpmem (k, n1 * n1 * sizeof (double), untouched, n1 * n1 * sizeof (double));
      g_assert_cmpmem (s, n1 * n1 * sizeof (double), untouched, n1 * n1 * sizeof (double));
    }
}

/* A cancel from another thread 20 ms into computations that take 0.4–2.5 s here: the call
 * gives up (FALSE). The latency from the cancel to the return is reported, not asserted. */
static void
test_cancel_from_thread (void)
{
  const struct {
    const char   *what;
    NtkActivation act;
    guint         n1, n2, depth;   /* n2 = 0: symmetric; n1 = 0: the diagonal of n2 points */
  } cases[] = {
    /* every point its own variance: coefficient families, series per pair (~2.5 s here) */
    { "tanh, 512 × 256 points of different norms, depth 4", NTK_ACTIVATION_TANH, 512, 256, 4 },
    /* the closed forms, row after row (~0.4 s) */
    { "relu, 1536 points symmetric, depth 12", NTK_ACTIVATION_RELU, 1536, 0, 12 },
    /* one Gaussian integral per distinct variance and layer (~1.4 s) */
    { "tanh diagonal, 4096 points, depth 16", NTK_ACTIVATION_TANH, 0, 4096, 16 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(NtkConfig) config = make_config (cases[c].act, 1.5, 0.1, cases[c].depth);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      guint n1 = cases[c].n1, n2 = cases[c].n2, rows = MAX (n1, 1), cols = n2 > 0 ? n2 : n1;
      g_autofree double *x1 = make_points (MAX (n1, 1), 51), *x2 = make_points (MAX (n2, 1), 52);
      g_autofree double *k = g_new (double, (gsize) rows * cols);
      NtkTestCanceller canceller = { cancellable, 20000, 0 };
      GThread *thread;
      gint64 t0, returned_at;
      gboolean ok;

      t0 = g_get_monotonic_time ();
      thread = g_thread_new ("cancel-later", ntk_test_cancel_later, &canceller);
      if (n1 == 0)
        ok = ntk_analytic_kernel_diag_cancellable (config, 3, x2, n2, k, NULL, cancellable);
      else
        ok = ntk_analytic_kernel_cancellable (config, 3, x1, n1, n2 > 0 ? x2 : NULL, cols, k, NULL,
                                              cancellable);
      returned_at = g_get_monotonic_time ();
      g_thread_join (thread);

      g_assert_false (ok);
      g_assert_cmpint (canceller.cancelled_at, >, 0);
      g_test_message ("%s: cancelled after %.1f ms, returned %.2f ms after the cancel",
                      cases[c].what, (canceller.cancelled_at - t0) / 1e3,
                      (returned_at - canceller.cancelled_at) / 1e3);
    }
}

/* An uncancelled cancellable changes nothing: bitwise the results of the plain functions
 * (the closed forms at sizes that are done in several blocks of rows). */
static void
test_cancel_uncancelled_bitwise (void)
{
  /* the numerical ones (families of coefficient sets, series) on fewer points: they cost
   * ~30 µs an entry with every point its own variance */
  const struct { NtkActivation act; guint n1, n2; } acts[] = {
    { NTK_ACTIVATION_RELU, 300, 250 }, { NTK_ACTIVATION_ERF, 300, 250 },
    { NTK_ACTIVATION_TANH, 100, 80 }, { NTK_ACTIVATION_GELU, 100, 80 },
  };
  g_autofree double *x1 = make_points (300, 61), *x2 = make_points (250, 62);
  gsize nn = (gsize) 300 * 300;
  g_autofree double *k = g_new (double, nn), *s = g_new (double, nn);
  g_autofree double *k_ref = g_new (double, nn), *s_ref = g_new (double, nn);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      g_autoptr(NtkConfig) config = make_config (acts[a].act, 1.4, 0.2, 3);
      const guint n1 = acts[a].n1, n2 = acts[a].n2;
      gsize nn1 = (gsize) n1 * n1;

      ntk_analytic_kernel (config, 3, x1, n1, NULL, n1, k_ref, s_ref);
      g_assert_true (ntk_analytic_kernel_cancellable (config, 3, x1, n1, NULL, n1, k, s, cancellable));
      g_assert_cmpmem (k, nn1 * sizeof (double), k_ref, nn1 * sizeof (double));
      g_assert_cmpmem (s, nn1 * sizeof (double), s_ref, nn1 * sizeof (double));

      ntk_analytic_kernel (config, 3, x1, n1, x2, n2, k_ref, s_ref);
      g_assert_true (ntk_analytic_kernel_cancellable (config, 3, x1, n1, x2, n2, k, s, cancellable));
      g_assert_cmpmem (k, (gsize) n1 * n2 * sizeof (double), k_ref, (gsize) n1 * n2 * sizeof (double));
      g_assert_cmpmem (s, (gsize) n1 * n2 * sizeof (double), s_ref, (gsize) n1 * n2 * sizeof (double));

      ntk_analytic_kernel_diag (config, 3, x2, n2, k_ref, s_ref);
      g_assert_true (ntk_analytic_kernel_diag_cancellable (config, 3, x2, n2, k, s, cancellable));
      g_assert_cmpmem (k, n2 * sizeof (double), k_ref, n2 * sizeof (double));
      g_assert_cmpmem (s, n2 * sizeof (double), s_ref, n2 * sizeof (double));
    }
  g_assert_false (g_cancellable_is_cancelled (cancellable));
}

/* Large kernels are started in blocks of rows (so that a cancel lands soon): every block
 * lands where it belongs. Each row of the blocked symmetric and cross kernels equals the
 * kernel of that one point against all (a single block). Closed forms only, so that both
 * take the same path entry by entry. */
static void
test_row_blocks (void)
{
  const guint n = 700, m = 333;
  g_autoptr(NtkConfig) config = make_config (NTK_ACTIVATION_ERF, 1.3, 0.2, 3);
  g_autofree double *x = make_points (n, 71), *xt = make_points (m, 72);
  g_autofree double *sym = g_new (double, (gsize) n * n), *cross = g_new (double, (gsize) m * n);
  g_autofree double *row = g_new (double, n);
  double worst = 0;

  ntk_analytic_kernel (config, 3, x, n, NULL, n, sym, NULL);
  ntk_analytic_kernel (config, 3, xt, m, x, n, cross, NULL);
  for (guint i = 0; i < n; i += 7)
    {
      ntk_analytic_kernel (config, 3, x + 3 * i, 1, x, n, row, NULL);
      for (guint j = 0; j < n; j++)
        {
          assert_close (sym[(gsize) i * n + j], row[j], 1e-13, "blocked symmetric row");
          worst = MAX (worst, fabs (sym[(gsize) i * n + j] / row[j] - 1));
        }
    }
  for (guint i = 0; i < m; i += 5)
    {
      ntk_analytic_kernel (config, 3, xt + 3 * i, 1, x, n, row, NULL);
      for (guint j = 0; j < n; j++)
        assert_close (cross[(gsize) i * n + j], row[j], 1e-13, "blocked cross row");
    }
  g_test_message ("blocked symmetric rows against single rows: worst relative difference %.2g", worst);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analytic-kernel/reference/relu-single-layer", test_reference_relu_single_layer);
  g_test_add_func ("/analytic-kernel/reference/jacot-fig1", test_reference_jacot);
  g_test_add_func ("/analytic-kernel/reference/erf", test_reference_erf);
  g_test_add_func ("/analytic-kernel/numerical-vs-reference", test_numerical_vs_reference_recursion);
  g_test_add_func ("/analytic-kernel/large-variance", test_large_variance);
  g_test_add_func ("/analytic-kernel/above-variance-cap", test_above_variance_cap);
  g_test_add_func ("/analytic-kernel/many-variances", test_many_variances);
  g_test_add_func ("/analytic-kernel/symmetry-and-diagonal", test_symmetry_and_diagonal);
  g_test_add_func ("/analytic-kernel/positive-semidefinite", test_positive_semidefinite);
  g_test_add_func ("/analytic-kernel/zero-variance", test_zero_variance);
  g_test_add_func ("/analytic-kernel/thread-safety", test_thread_safety);
  g_test_add_func ("/analytic-kernel/optional-outputs", test_optional_outputs);
  g_test_add_func ("/analytic-kernel/row-blocks", test_row_blocks);
  g_test_add_func ("/analytic-kernel/cancel/already-cancelled", test_cancel_already_cancelled);
  g_test_add_func ("/analytic-kernel/cancel/from-thread", test_cancel_from_thread);
  g_test_add_func ("/analytic-kernel/cancel/uncancelled-bitwise", test_cancel_uncancelled_bitwise);

  return g_test_run ();
}
