/* test-activation.c — φ, φ', and the Gaussian expectations behind the kernel maps
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>

#include "ntk-activation.h"
#include "ntk-corr-family.h"
#include "ntk-corr-table.h"
#include "ntk-quadrature.h"

#define SLOPE 0.1

/* variances and correlations the expectations are checked on: tiny to 1e4, and c within
 * 1e-6 of ±1, where a large variance makes everything change fastest */
static const double test_q[] = { 0.01, 1.0, 50.0, 1e4 };
static const double test_c[] = { -1.0, -0.999999, -0.99, -0.5, 0.0, 0.3, 0.9, 0.9999, 0.999999, 1.0 };

/* Textbook definitions, written independently of ntk-activation.c's stable forms. */
static double
ref_phi (NtkActivation act,
         double        u)
{
  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:   return u;
    case NTK_ACTIVATION_RELU:       return MAX (u, 0.0);
    case NTK_ACTIVATION_LEAKY_RELU: return u >= 0 ? u : SLOPE * u;
    case NTK_ACTIVATION_ABS:        return fabs (u);
    case NTK_ACTIVATION_ERF:        return erf (u);
    case NTK_ACTIVATION_SIN:        return sin (u);
    case NTK_ACTIVATION_TANH:       return tanh (u);
    case NTK_ACTIVATION_SIGMOID:    return 1 / (1 + exp (-u));
    case NTK_ACTIVATION_SOFTPLUS:   return log (1 + exp (u));
    case NTK_ACTIVATION_GELU:       return u * 0.5 * (1 + erf (u / sqrt (2)));
    case NTK_ACTIVATION_SILU:       return u / (1 + exp (-u));
    case NTK_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
assert_close (double got,
              double want,
              double rtol,
              double atol,
              const char *what)
{
  if (!(fabs (got - want) <= rtol * fabs (want) + atol))
    g_error ("%s: got %.17g, want %.17g (rtol %g, atol %g)", what, got, want, rtol, atol);
}

static void
test_phi_definitions (void)
{
  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    for (double u = -6; u <= 6; u += 0.37)
      {
        g_autofree char *what = g_strdup_printf ("%s(%g)", ntk_activation_to_string (act), u);
        assert_close (ntk_activation_phi (act, SLOPE, u), ref_phi (act, u), 1e-14, 1e-15, what);
      }
}

/* φ' against a central difference, away from the kinks. */
static void
test_dphi_finite_differences (void)
{
  const double h = 1e-5;

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    for (double u = -5.05; u <= 5; u += 0.3)
      {
        g_autofree char *what = g_strdup_printf ("%s'(%g)", ntk_activation_to_string (act), u);
        double fd = (ntk_activation_phi (act, SLOPE, u + h) - ntk_activation_phi (act, SLOPE, u - h)) / (2 * h);
        double fd2 = (ntk_activation_dphi (act, SLOPE, u + h) - ntk_activation_dphi (act, SLOPE, u - h)) / (2 * h);

        assert_close (ntk_activation_dphi (act, SLOPE, u), fd, 1e-8, 1e-9, what);
        /* φ'' is used for nothing but documents the smoothness classes */
        assert_close (ntk_activation_d2phi (act, SLOPE, u), fd2, 1e-6, 1e-8, what);
      }
}

/* The documented conventions at the kinks, matched by the finite network. */
static void
test_kinks (void)
{
  g_assert_cmpfloat (ntk_activation_dphi (NTK_ACTIVATION_RELU, SLOPE, 0.0), ==, 0.0);
  g_assert_cmpfloat (ntk_activation_dphi (NTK_ACTIVATION_ABS, SLOPE, 0.0), ==, 0.0);
  g_assert_cmpfloat (ntk_activation_dphi (NTK_ACTIVATION_LEAKY_RELU, SLOPE, 0.0), ==, SLOPE);
  g_assert_cmpfloat (ntk_activation_dphi (NTK_ACTIVATION_LEAKY_RELU, 0.0, -1.0), ==, 0.0);
  g_assert_cmpfloat (ntk_activation_phi (NTK_ACTIVATION_LEAKY_RELU, -0.5, -2.0), ==, 1.0);
  g_assert_cmpfloat (ntk_activation_dphi (NTK_ACTIVATION_ABS, SLOPE, -3.0), ==, -1.0);
}

/* No overflow or cancellation far out: softplus(u) = u + log1p(e^{−u}), σ'(u) > 0 … */
static void
test_extremes (void)
{
  const double big[] = { -800, -40, 40, 800 };

  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    for (guint k = 0; k < G_N_ELEMENTS (big); k++)
      {
        g_assert_true (isfinite (ntk_activation_phi (act, SLOPE, big[k])));
        g_assert_true (isfinite (ntk_activation_dphi (act, SLOPE, big[k])));
      }
  g_assert_cmpfloat (ntk_activation_phi (NTK_ACTIVATION_SOFTPLUS, 0, 800), ==, 800);
  assert_close (ntk_activation_phi (NTK_ACTIVATION_SOFTPLUS, 0, -40), exp (-40), 1e-14, 0, "softplus(-40)");
  assert_close (ntk_activation_phi (NTK_ACTIVATION_SIGMOID, 0, -40), exp (-40) / (1 + exp (-40)), 1e-14, 0, "sigmoid(-40)");
  assert_close (ntk_activation_dphi (NTK_ACTIVATION_SIGMOID, 0, 40), exp (-40), 1e-13, 0, "sigmoid'(40)");
  assert_close (ntk_activation_dphi (NTK_ACTIVATION_SOFTPLUS, 0, 30), 1 / (1 + exp (-30)), 1e-15, 0, "softplus'(30)");
  assert_close (ntk_activation_phi (NTK_ACTIVATION_GELU, 0, -10), -10 * 0.5 * erfc (10 / sqrt (2)), 1e-13, 0, "gelu(-10)");
  assert_close (ntk_activation_phi (NTK_ACTIVATION_SILU, 0, -30), -30 * exp (-30) / (1 + exp (-30)), 1e-13, 0, "silu(-30)");
  assert_close (ntk_activation_dphi (NTK_ACTIVATION_SILU, 0, -30),
                exp (-30) / (1 + exp (-30)) * (1 - 30 / (1 + exp (-30))), 1e-12, 0, "silu'(-30)");
}

/* The batched form equals the scalar one, with and without φ'. */
static void
test_apply_matches_scalar (void)
{
  const gsize n = 257;
  g_autofree double *h = g_new (double, n);
  g_autofree double *phi = g_new (double, n);
  g_autofree double *dphi = g_new (double, n);
  g_autofree double *phi2 = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    h[i] = -30 + 60.0 * i / (n - 1) + (i == n / 2 ? 0.0 : 1e-3);
  h[0] = 0.0;
  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      ntk_activation_apply (act, SLOPE, h, phi, dphi, n);
      ntk_activation_apply (act, SLOPE, h, phi2, NULL, n);
      for (gsize i = 0; i < n; i++)
        {
          g_autofree char *what = g_strdup_printf ("apply %s(%g)", ntk_activation_to_string (act), h[i]);
          assert_close (phi[i], ntk_activation_phi (act, SLOPE, h[i]), 1e-15, 1e-300, what);
          assert_close (dphi[i], ntk_activation_dphi (act, SLOPE, h[i]), 1e-14, 1e-300, what);
          g_assert_cmpfloat (phi2[i], ==, phi[i]);
        }
    }
}

static void
test_closed_form_list (void)
{
  const NtkActivation closed[] = { NTK_ACTIVATION_IDENTITY, NTK_ACTIVATION_RELU, NTK_ACTIVATION_LEAKY_RELU,
                                   NTK_ACTIVATION_ABS, NTK_ACTIVATION_ERF, NTK_ACTIVATION_SIN };
  guint n_closed = 0;

  for (guint k = 0; k < G_N_ELEMENTS (closed); k++)
    g_assert_true (ntk_activation_is_closed_form (closed[k]));
  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    n_closed += ntk_activation_is_closed_form (act);
  g_assert_cmpuint (n_closed, ==, G_N_ELEMENTS (closed));
}

/* |got − want| relative to the natural size of the expectation, the Cauchy–Schwarz bound
 * √(𝔼φ(u)² 𝔼φ(v)²), must be ≤ tol (a plain relative error is meaningless where 𝔼 crosses 0,
 * e.g. odd φ at c = 0); and the plain relative error ≤ 1e-6 (the requirement of math.md §3)
 * wherever the value is not small against that bound. */
static void
check_pair (NtkActivation act,
            double q11, double q22, double c,
            double e, double ed, double e_ref, double ed_ref,
            double tol, double *worst)
{
  double m1, md1, m2, md2, scale, scale_d, err, err_d, rel = 0, rel_d = 0;

  ntk_quadrature_expect_diag (act, SLOPE, q11, 1e-13, &m1, &md1);
  ntk_quadrature_expect_diag (act, SLOPE, q22, 1e-13, &m2, &md2);
  scale = sqrt (m1 * m2);
  scale_d = sqrt (md1 * md2);
  err = fabs (e - e_ref) / MAX (scale, 1e-300);
  err_d = fabs (ed - ed_ref) / MAX (scale_d, 1e-300);
  if (fabs (e_ref) > 1e-3 * scale)
    rel = fabs (e - e_ref) / fabs (e_ref);
  if (fabs (ed_ref) > 1e-3 * scale_d)
    rel_d = fabs (ed - ed_ref) / fabs (ed_ref);
  *worst = MAX (*worst, MAX (err, err_d));
  if (err > tol || err_d > tol || rel > 1e-6 || rel_d > 1e-6)
    g_error ("%s q11=%g q22=%g c=%.9g: E %.15g vs %.15g, E' %.15g vs %.15g "
             "(scaled errors %.3g, %.3g; relative %.3g, %.3g)",
             ntk_activation_to_string (act), q11, q22, c, e, e_ref, ed, ed_ref, err, err_d, rel, rel_d);
}

/* The closed forms of math.md §3 against the reference quadrature: ≤ 1e-6 (we ask 1e-8).
 * sin at q = 1e4 oscillates a hundred times per unit of z: checked at fewer points. */
static void
test_closed_forms_vs_quadrature (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_IDENTITY, NTK_ACTIVATION_RELU, NTK_ACTIVATION_LEAKY_RELU,
                                 NTK_ACTIVATION_ABS, NTK_ACTIVATION_ERF, NTK_ACTIVATION_SIN };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      double worst = 0;

      for (guint i = 0; i < G_N_ELEMENTS (test_q); i++)
        for (guint j = i; j < G_N_ELEMENTS (test_q); j++)
          for (guint k = 0; k < G_N_ELEMENTS (test_c); k++)
            {
              double q11 = test_q[i], q22 = test_q[j], c = test_c[k];
              double q12 = c * sqrt (q11 * q22);
              double e, ed, e_ref, ed_ref;

              if (acts[a] == NTK_ACTIVATION_SIN && q22 > 100 && k % 3 != 0)
                continue;
              ntk_activation_expect (acts[a], SLOPE, q11, q22, q12, &e, &ed);
              ntk_activation_expect_quadrature (acts[a], SLOPE, q11, q22, q12, &e_ref, &ed_ref);
              check_pair (acts[a], q11, q22, c, e, ed, e_ref, ed_ref, 1e-8, &worst);
            }
      g_test_message ("%s: closed form vs quadrature, worst scaled error %.2g",
                      ntk_activation_to_string (acts[a]), worst);
    }
}

/* The fast path of the numerical activations — the correlation table the analytic kernel
 * evaluates — against the reference quadrature: ≤ 1e-6 (we ask 1e-8). */
static void
test_numerical_vs_quadrature (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_TANH, NTK_ACTIVATION_SIGMOID, NTK_ACTIVATION_SOFTPLUS,
                                 NTK_ACTIVATION_GELU, NTK_ACTIVATION_SILU };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      double worst = 0;

      for (guint i = 0; i < G_N_ELEMENTS (test_q); i++)
        for (guint j = i; j < G_N_ELEMENTS (test_q); j++)
          {
            double q11 = test_q[i], q22 = test_q[j];
            g_autoptr(NtkCorrTable) table = ntk_corr_table_new (acts[a], SLOPE, q11, q22);

            for (guint k = 0; k < G_N_ELEMENTS (test_c); k++)
              {
                double c = test_c[k];
                double e, ed, e_ref, ed_ref;

                /* the reference is a nested adaptive integral: skip a few to keep the
                 * test within seconds, never the extreme correlations */
                if ((q11 > 100 || q22 > 100) && (k == 3 || k == 5))
                  continue;
                ntk_corr_table_eval (table, c, &e, &ed);
                ntk_activation_expect_quadrature (acts[a], SLOPE, q11, q22, c * sqrt (q11 * q22), &e_ref, &ed_ref);
                check_pair (acts[a], q11, q22, c, e, ed, e_ref, ed_ref, 1e-8, &worst);
              }
          }
      g_test_message ("%s: table vs quadrature, worst scaled error %.2g",
                      ntk_activation_to_string (acts[a]), worst);
    }
}

/* ntk_activation_expect for a numerical activation (one series per call) agrees too. */
static void
test_numerical_expect (void)
{
  const double cases[][3] = { { 1.0, 1.0, 0.3 }, { 0.5, 3.0, -0.9 }, { 50.0, 20.0, 0.9999 }, { 2.0, 2.0, 1.0 } };

  for (NtkActivation act = NTK_ACTIVATION_TANH; act < NTK_N_ACTIVATIONS; act++)
    for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
      {
        double q11 = cases[k][0], q22 = cases[k][1], c = cases[k][2];
        double e, ed, e_ref, ed_ref, worst = 0;

        ntk_activation_expect (act, SLOPE, q11, q22, c * sqrt (q11 * q22), &e, &ed);
        ntk_activation_expect_quadrature (act, SLOPE, q11, q22, c * sqrt (q11 * q22), &e_ref, &ed_ref);
        check_pair (act, q11, q22, c, e, ed, e_ref, ed_ref, 1e-8, &worst);
      }
}

/* Many variances at once: the coefficient sets interpolated in log σ (ntk-corr-family.c)
 * give the same pair series as exact ones, to 1e-10 in Σ_k |ΔE_k| (a bound on the error of
 * 𝔼 and 𝔼' at every correlation). */
static void
test_family_interpolation (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (NtkActivation act = NTK_ACTIVATION_TANH; act < NTK_N_ACTIVATIONS; act++)
    {
      g_autoptr(NtkCorrScratch) scratch = ntk_corr_scratch_new ();
      g_autoptr(NtkCorrGrid) grid = ntk_corr_grid_new (act, SLOPE, 3.0);
      g_autoptr(NtkCorrFamily) family = ntk_corr_family_new (grid, 0.2, 3.0, scratch);
      double worst = 0;

      g_assert_nonnull (family);
      for (guint k = 0; k < 4; k++)
        {
          double a = exp (g_rand_double_range (rand, log (0.2), log (3.0)));
          double b = exp (g_rand_double_range (rand, log (0.2), log (3.0)));
          g_autoptr(NtkCorrCoeffs) ea = ntk_corr_coeffs_new (grid, a, scratch);
          g_autoptr(NtkCorrCoeffs) eb = ntk_corr_coeffs_new (grid, b, scratch);
          g_autoptr(NtkCorrCoeffs) ia = ntk_corr_family_coeffs (family, a);
          g_autoptr(NtkCorrHalf) half = ntk_corr_half_new (family, ia);
          g_autoptr(NtkCorrSeries) exact = ntk_corr_series_new_from_coeffs (grid, ea, eb);
          /* the interpolated column series as the engine gets them: one row of a product */
          guint n = ntk_corr_half_length (half);
          g_autofree double *l = g_new (double, ntk_corr_family_size (family));
          g_autofree double *e = g_new (double, n), *ed = g_new (double, n);
          double d = 0, sum = 0, dd = 0, sumd = 0;

          ntk_corr_family_weights (family, b, l);
          g_assert_true (ntk_corr_half_series_many (half, l, 1, e, ed, NULL));
          for (guint j = 0; j < MAX (exact->n, n); j++)
            {
              double xe = j < n ? e[j] : 0, ye = j < exact->n ? exact->e[j] : 0;
              double xd = j < n ? ed[j] : 0, yd = j < exact->n ? exact->ed[j] : 0;

              d += fabs (xe - ye);
              sum += fabs (ye);
              dd += fabs (xd - yd);
              sumd += fabs (yd);
            }
          worst = MAX (worst, MAX (d / sum, dd / sumd));
        }
      g_test_message ("%s: family of %u nodes over σ ∈ [0.2, 3], worst relative series distance %.2g",
                      ntk_activation_to_string (act), ntk_corr_family_size (family), worst);
      g_assert_cmpfloat (worst, <=, 1e-10);
    }
}

/* The reference quadrature itself on a case with an independent answer: erf at large
 * variance is exactly the near-step integrand that defeats Gauss–Hermite (math.md §3). */
static void
test_quadrature_hard_case (void)
{
  double e, ed, e_ref, ed_ref;

  ntk_activation_expect_quadrature (NTK_ACTIVATION_ERF, 0, 50, 50, 49.9, &e, &ed);
  ntk_activation_expect (NTK_ACTIVATION_ERF, 0, 50, 50, 49.9, &e_ref, &ed_ref);
  assert_close (e, e_ref, 1e-10, 0, "erf E at q = 50");
  assert_close (ed, ed_ref, 1e-10, 0, "erf E' at q = 50");
}

/* Zero variance (a zero input without bias): u ≡ 0, so 𝔼[φ(u)φ(v)] = φ(0) 𝔼[φ(v)]. */
static void
test_zero_variance (void)
{
  for (NtkActivation act = 0; act < NTK_N_ACTIVATIONS; act++)
    {
      double e, e_ref, ed, ed_ref, m, md;

      ntk_activation_expect (act, SLOPE, 0.0, 2.0, 0.0, &e, &ed);
      ntk_activation_expect_quadrature (act, SLOPE, 0.0, 2.0, 0.0, &e_ref, &ed_ref);
      ntk_quadrature_expect_diag (act, SLOPE, 2.0, 1e-12, &m, &md);
      g_assert_true (isfinite (e) && isfinite (ed));
      assert_close (e, e_ref, 1e-9, 1e-12 * sqrt (m), ntk_activation_to_string (act));
    }
}

/* The pair series drop their negligible tail (ntk_corr_series_trimmed_length): against the
 * full sum recomputed here from the same coefficient sets, the dropped terms sum to at most
 * 1e-15 of Σ|E_k| (so, since |T_k| ≤ 1, 𝔼(c) and 𝔼'(c) move by no more at any c), the kept ones
 * are the same numbers, evaluations differ by no more than that plus Clenshaw's rounding
 * (≤ n ε of Σ|E_k| for n terms), the series gets shorter at large variances (what it is
 * for), and at q up to the kernel's cap
 * (1e5, beyond test_numerical_vs_quadrature's 1e4) the trimmed series still meets the
 * reference quadrature within 1e-8 of the Cauchy–Schwarz scale, as check_pair asks of the
 * tables at smaller variances (a few correlations only: the reference is slow there). */
static void
test_series_trim (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_TANH, NTK_ACTIVATION_SOFTPLUS, NTK_ACTIVATION_GELU };
  const double qs[][2] = { { 1e2, 1e2 }, { 1e4, 1e3 }, { 1e5, 1e5 } };
  const double cs[] = { -1.0, -0.7, 0.0, 0.6, 0.99, 0.99999, 1.0 };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    for (guint p = 0; p < G_N_ELEMENTS (qs); p++)
      {
        double sa = sqrt (qs[p][0]), sb = sqrt (qs[p][1]);
        g_autoptr(NtkCorrGrid) grid = ntk_corr_grid_new (acts[a], SLOPE, MAX (sa, sb));
        g_autoptr(NtkCorrScratch) scratch = ntk_corr_scratch_new ();
        g_autoptr(NtkCorrCoeffs) ca = ntk_corr_coeffs_new (grid, sa, scratch);
        g_autoptr(NtkCorrCoeffs) cb = ntk_corr_coeffs_new (grid, sb, scratch);
        g_autoptr(NtkCorrSeries) trimmed = ntk_corr_series_new_from_coeffs (grid, ca, cb);
        NtkCorrSeries full = { 0 };
        g_autofree double *fe = NULL, *fed = NULL;
        double sum = 0, sum_d = 0, worst = 0, worst_d = 0, worst_ref = 0;

        /* the untrimmed sum, term by term as ntk-corr-table.c documents it */
        for (guint i = 0; i < grid->n_nodes; i++)
          full.n = MAX (full.n, MIN (ca->len[i], cb->len[i]));
        fe = g_new0 (double, full.n);
        fed = g_new0 (double, full.n);
        for (guint i = 0; i < grid->n_nodes; i++)
          for (guint k = 0; k < MIN (ca->len[i], cb->len[i]); k++)
            {
              double w = (k == 0 ? 1.0 : 0.5) * grid->w[i];

              fe[k] += w * ca->c[ca->offset[i] + k] * cb->c[cb->offset[i] + k];
              fed[k] += w * ca->cd[ca->offset[i] + k] * cb->cd[cb->offset[i] + k];
            }
        full.e = fe;
        full.ed = fed;
        for (guint k = 0; k < full.n; k++)
          {
            sum += fabs (fe[k]);
            sum_d += fabs (fed[k]);
          }
        g_assert_cmpuint (trimmed->n, <=, full.n);
        if (qs[p][0] >= 1e4)
          g_assert_cmpuint (trimmed->n, <, full.n * 9 / 10);
        {
          double tail = 0, tail_d = 0;

          for (guint k = 0; k < full.n; k++)
            if (k >= trimmed->n)
              {
                tail += fabs (fe[k]);
                tail_d += fabs (fed[k]);
              }
            else
              {
                g_assert_cmpfloat (trimmed->e[k], ==, fe[k]);
                g_assert_cmpfloat (trimmed->ed[k], ==, fed[k]);
              }
          g_assert_cmpfloat (tail, <=, 1e-15 * sum);
          g_assert_cmpfloat (tail_d, <=, 1e-15 * sum_d);
        }

        for (guint k = 0; k < G_N_ELEMENTS (cs); k++)
          {
            double e, ed, e_full, ed_full;

            ntk_corr_series_eval (trimmed, cs[k], &e, &ed);
            ntk_corr_series_eval (&full, cs[k], &e_full, &ed_full);
            worst = MAX (worst, fabs (e - e_full) / sum);
            worst_d = MAX (worst_d, fabs (ed - ed_full) / sum_d);
            if (qs[p][0] >= 1e5 && (k == 1 || k == 5))
              {
                double e_ref, ed_ref;

                ntk_activation_expect_quadrature (acts[a], SLOPE, qs[p][0], qs[p][1],
                                                  cs[k] * sa * sb, &e_ref, &ed_ref);
                check_pair (acts[a], qs[p][0], qs[p][1], cs[k], e, ed, e_ref, ed_ref, 1e-8, &worst_ref);
              }
          }
        g_test_message ("%s q = (%g, %g): %u of %u terms kept, change ≤ %.2g / %.2g of Σ|E_k|, "
                        "vs quadrature %.2g", ntk_activation_to_string (acts[a]), qs[p][0], qs[p][1],
                        trimmed->n, full.n, worst, worst_d, worst_ref);
        g_assert_cmpfloat (worst, <=, 1e-15 + full.n * DBL_EPSILON);
        g_assert_cmpfloat (worst_d, <=, 1e-15 + full.n * DBL_EPSILON);
      }
}

/* Above the kernel's variance cap (ntk-kernel-analytic.c: 1e5 for softplus gelu silu) a pair
 * of variances takes the homogeneous limit, relu's closed form, instead of the series. Its
 * error against the reference quadrature, from q11, q22 = 1e5 up (equal and unequal), over c
 * from −1 to 1. The leading corrections are 𝔼[relu·δ] terms with δ = φ − relu localized
 * (|δ| ≲ e^{−|u|}): O(1) absolutely for 𝔼, i.e. O(1/q) of its scale √(q11 q22), and, for 𝔼'
 * near c = ±1 where both points sit in δ's window together, O(1/√q) absolutely. So the
 * errors are scaled by min q / 1e5 and √(min q / 1e5) and bounded by 1e-5 (𝔼, relative to
 * √(q11 q22)) and 2e-3 (𝔼', absolute; 𝔼' ≤ 1): measured worst 5.3e-6 and 1.3e-3 (softplus,
 * c = 1, q = 1e5), so the bounds have a margin of ~1.5–2 and a regression in the limit
 * (a wrong slope, a wrong scale, the wrong φ) breaks them by orders of magnitude. */
static void
test_homogeneous_limit (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_SOFTPLUS, NTK_ACTIVATION_GELU, NTK_ACTIVATION_SILU };
  const double cap = 1e5;
  const double pairs[][2] = { { 1e5, 1e5 }, { 1e5, 4e5 }, { 1e6, 1e6 }, { 3e5, 1e8 } };
  const double cs[] = { -1.0, -0.99999, -0.9, -0.3, 0.0, 0.5, 0.9, 0.999, 0.99999, 1.0 };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    {
      double worst_e = 0, worst_ed = 0;

      for (guint p = 0; p < G_N_ELEMENTS (pairs); p++)
        for (guint k = 0; k < G_N_ELEMENTS (cs); k++)
          {
            double q11 = pairs[p][0], q22 = pairs[p][1], r = sqrt (q11 * q22);
            double q_min = MIN (q11, q22);
            double e, ed, e_ref, ed_ref, err_e, err_ed;

            ntk_activation_expect_closed (NTK_ACTIVATION_RELU, 0, q11, q22, cs[k] * r, &e, &ed);
            ntk_activation_expect_quadrature (acts[a], SLOPE, q11, q22, cs[k] * r, &e_ref, &ed_ref);
            err_e = fabs (e - e_ref) / r * (q_min / cap);
            err_ed = fabs (ed - ed_ref) * sqrt (q_min / cap);
            worst_e = MAX (worst_e, err_e);
            worst_ed = MAX (worst_ed, err_ed);
            if (!(err_e <= 1e-5 && err_ed <= 2e-3))
              g_error ("%s, q11 = %g, q22 = %g, c = %g: relu limit 𝔼 %.12g 𝔼' %.12g, "
                       "reference 𝔼 %.12g 𝔼' %.12g (scaled errors %.2g, %.2g; bounds 1e-5, 2e-3)",
                       ntk_activation_to_string (acts[a]), q11, q22, cs[k], e, ed, e_ref, ed_ref,
                       err_e, err_ed);
          }
      g_test_message ("%s: homogeneous limit vs quadrature above the cap, worst scaled errors "
                      "𝔼 %.2g, 𝔼' %.2g", ntk_activation_to_string (acts[a]), worst_e, worst_ed);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/activation/phi-definitions", test_phi_definitions);
  g_test_add_func ("/activation/dphi-finite-differences", test_dphi_finite_differences);
  g_test_add_func ("/activation/kinks", test_kinks);
  g_test_add_func ("/activation/extremes", test_extremes);
  g_test_add_func ("/activation/apply", test_apply_matches_scalar);
  g_test_add_func ("/activation/closed-form-list", test_closed_form_list);
  g_test_add_func ("/activation/quadrature-hard-case", test_quadrature_hard_case);
  g_test_add_func ("/activation/closed-forms-vs-quadrature", test_closed_forms_vs_quadrature);
  g_test_add_func ("/activation/numerical-vs-quadrature", test_numerical_vs_quadrature);
  g_test_add_func ("/activation/numerical-expect", test_numerical_expect);
  g_test_add_func ("/activation/family-interpolation", test_family_interpolation);
  g_test_add_func ("/activation/series-trim", test_series_trim);
  g_test_add_func ("/activation/homogeneous-limit", test_homogeneous_limit);
  g_test_add_func ("/activation/zero-variance", test_zero_variance);

  return g_test_run ();
}
