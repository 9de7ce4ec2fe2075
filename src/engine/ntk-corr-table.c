/* ntk-corr-table.c — private: fast 𝔼[φ(u)φ(v)], 𝔼[φ'(u)φ'(v)] as functions of the correlation
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The series (a "Chebyshev–Mehler" expansion). In polar coordinates z = r (cos α, sin α)
 * of the Cholesky factor, u = a r cos α and v = b r cos(α − θ) with a = √q11, b = √q22,
 * c = cos θ. Expand x ↦ φ(ρ x) on [−1, 1] in Chebyshev polynomials,
 * φ(ρ cos α) = Σ_k A_k(ρ) cos kα (A_0 halved); the angular integral of a product of two
 * such cosine series is diagonal, and cos kθ = T_k(c), so
 *
 *   𝔼(c) = Σ_k E_k T_k(c),   E_k = ∫_0^∞ r e^{−r²/2} γ_k A_k(a r) B_k(b r) dr,   γ_0 = 1, γ_k = ½
 *
 * (B for b; the A_0 halving is folded into the stored coefficient). The r integral is
 * Gauss–Legendre on panels graded geometrically towards 0: A_k(ρ) is analytic in the right
 * half-plane, so on [ρ0, 2ρ0] a 10-point rule is exact to ~1e-14. Each A_k(ρ) is a DCT of
 * φ at M Chebyshev points, M grown until the tail of the coefficients is below 1e-15 of
 * their size: φ(ρ x) is nearly a step (or a kink) when ρ is large, and M ~ 20 ρ resolves it.
 * One series costs (r nodes) × M log M — no 2-D quadrature at all, and every c at once.
 *
 * The table. 𝔼 and 𝔼' are analytic in c, but with a singularity at a distance ~1/q
 * outside [−1, 1] (for erf exactly at c = 1 + 1/(2q)). Panels [2^{−j−1}, 2^{−j}] in
 * x = 1 − |c|, with the last one [0, 2^{−J}] ≤ 1/(16 q), keep every panel's Bernstein
 * ellipse ratio ≥ 5.8, so 16 points per panel interpolate to ~1e-12.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-activation.h"
#include "ntk-corr-table.h"
#include "ntk-quadrature.h"

#define R_MAX       9.0         /* r e^{−r²/2} · r² < 3e-16 beyond */
#define GL_N        10
#define M_MIN       32
#define M_MAX       65536
#define TAIL_TOL    1e-15       /* for the heaviest r node; lighter ones get less */

/* 10-point Gauss–Legendre on [−1, 1] (positive half; symmetric). */
static const double gl_x[GL_N / 2] = {
  0.1488743389816312108848260, 0.4333953941292471907992659, 0.6794095682990244062343274,
  0.8650633666889845107320967, 0.9739065285171717200779640,
};
static const double gl_w[GL_N / 2] = {
  0.2955242247147528701738930, 0.2692667193099963550912269, 0.2190863625159820439955349,
  0.1494513491505805931457763, 0.0666713443086881375935688,
};

static guint
initial_size (NtkActivation act,
              double        rho,
              double        tol)
{
  /* Chebyshev coefficients of φ(ρx) decay like (1 + d/ρ)^{−k}, d the distance of φ's
   * nearest complex singularity from the real axis (π/2 for tanh, π for the logistic
   * family; gelu is entire and decays faster still): ln(1/tol) ρ/d terms reach tol.
   * The tail check corrects the guess. */
  double d = act == NTK_ACTIVATION_TANH ? G_PI / 2 : G_PI;
  double want = log (1 / tol) / d * rho + M_MIN;
  guint m = M_MIN;

  while (m < want && m < M_MAX)
    m <<= 1;
  return m;
}

/* Grows *plan to at least n points. */
static NtkChebyshevPlan *
ensure_plan (NtkChebyshevPlan *plan,
             guint             n)
{
  if (plan != NULL && ntk_chebyshev_plan_max (plan) >= n)
    return plan;
  ntk_chebyshev_plan_free (plan);
  return ntk_chebyshev_plan_new (n);
}

/* A_k(ρ), A'_k(ρ) (coefficients of φ(ρx), φ'(ρx)) for k < *m_out, grown until the last
 * eighth of both is below @tol of their largest coefficient. FALSE when cancelled (looked at
 * before each size: at the largest, 65536 points, a try takes several ms). */
static gboolean
activation_coefficients (NtkActivation      act,
                         double             slope,
                         double             rho,
                         double             tol,
                         NtkChebyshevPlan **plan,
                         double            *samples,
                         double            *a,
                         double            *ad,
                         guint             *m_out,
                         GCancellable      *cancellable)
{
  guint m = initial_size (act, rho, tol);

  for (;;)
    {
      double amax = 0, admax = 0, tail = 0, tail_d = 0;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      *plan = ensure_plan (*plan, m);
      for (guint j = 0; j < m; j++)
        samples[j] = ntk_activation_phi (act, slope, rho * ntk_chebyshev_plan_point (*plan, m, j));
      ntk_chebyshev_coefficients (*plan, m, samples, a);
      for (guint j = 0; j < m; j++)
        samples[j] = ntk_activation_dphi (act, slope, rho * ntk_chebyshev_plan_point (*plan, m, j));
      ntk_chebyshev_coefficients (*plan, m, samples, ad);

      for (guint k = 0; k < m; k++)
        {
          amax = MAX (amax, fabs (a[k]));
          admax = MAX (admax, fabs (ad[k]));
          if (k >= m - m / 8)
            {
              tail = MAX (tail, fabs (a[k]));
              tail_d = MAX (tail_d, fabs (ad[k]));
            }
        }
      if ((tail <= tol * amax && tail_d <= tol * admax) || m >= M_MAX)
        break;
      m <<= 1;
    }
  *m_out = m;
  return TRUE;
}


NtkCorrGrid *
ntk_corr_grid_new (NtkActivation act,
                   double        leaky_slope,
                   double        a_max)
{
  NtkCorrGrid *grid = g_new0 (NtkCorrGrid, 1);
  double edges[64];
  double w_max = 0;
  guint n_edges = 0;

  grid->act = act;
  grid->slope = leaky_slope;
  grid->a_max = a_max;

  /* Panel edges of the r integral: R, R/2, R/4 … down to ≲ 1/(8 a_max), then 0. */
  edges[n_edges++] = R_MAX;
  while (n_edges < G_N_ELEMENTS (edges) - 1 && edges[n_edges - 1] * a_max > 0.125)
    {
      edges[n_edges] = 0.5 * edges[n_edges - 1];
      n_edges++;
    }
  edges[n_edges++] = 0.0;

  for (guint p = 0; p + 1 < n_edges; p++)
    {
      double hi = edges[p], lo = edges[p + 1];
      double mid = 0.5 * (hi + lo), half = 0.5 * (hi - lo);

      for (guint g = 0; g < GL_N; g++)
        {
          double x = g < GL_N / 2 ? -gl_x[g] : gl_x[g - GL_N / 2];
          double w = gl_w[g < GL_N / 2 ? g : g - GL_N / 2];
          double r = mid + half * x;

          grid->r[grid->n_nodes] = r;
          grid->w[grid->n_nodes] = half * w * r * exp (-0.5 * r * r);
          w_max = MAX (w_max, grid->w[grid->n_nodes] * (1 + r * r));
          grid->n_nodes++;
        }
    }

  /* A node whose Gaussian weight is 1e-9 of the heaviest needs its coefficients only to
   * 1e-6 (the 1 + r² allows for φ growing linearly). */
  for (guint i = 0; i < grid->n_nodes; i++)
    {
      double r = grid->r[i];
      grid->tol[i] = CLAMP (TAIL_TOL * w_max / (grid->w[i] * (1 + r * r)), TAIL_TOL, 1e-4);
    }
  return grid;
}

void
ntk_corr_grid_free (NtkCorrGrid *grid)
{
  g_free (grid);
}

double
ntk_corr_grid_a_max (const NtkCorrGrid *grid)
{
  return grid->a_max;
}


NtkCorrCoeffs *
ntk_corr_coeffs_new_cancellable (const NtkCorrGrid *grid,
                                 double             a,
                                 NtkCorrScratch    *scratch,
                                 GCancellable      *cancellable)
{
  g_autoptr(NtkCorrCoeffs) co = g_new0 (NtkCorrCoeffs, 1);
  gsize total = 0, cap = 1024;

  co->n_nodes = grid->n_nodes;
  co->len = g_new (guint, grid->n_nodes);
  co->offset = g_new (gsize, grid->n_nodes);
  co->c = g_new (double, cap);
  co->cd = g_new (double, cap);

  for (guint i = 0; i < grid->n_nodes; i++)
    {
      guint m;

      if (!activation_coefficients (grid->act, grid->slope, a * grid->r[i], grid->tol[i],
                                    &scratch->plan, scratch->samples, scratch->a, scratch->ad, &m,
                                    cancellable))
        return NULL;
      /* trailing coefficients below the tolerance are dropped: they cost work later */
      {
        double amax = 0;
        for (guint k = 0; k < m; k++)
          amax = MAX (amax, MAX (fabs (scratch->a[k]), fabs (scratch->ad[k])));
        while (m > 1 && fabs (scratch->a[m - 1]) <= grid->tol[i] * amax &&
               fabs (scratch->ad[m - 1]) <= grid->tol[i] * amax)
          m--;
      }
      if (total + m > cap)
        {
          while (total + m > cap)
            cap *= 2;
          co->c = g_renew (double, co->c, cap);
          co->cd = g_renew (double, co->cd, cap);
        }
      memcpy (co->c + total, scratch->a, m * sizeof (double));
      memcpy (co->cd + total, scratch->ad, m * sizeof (double));
      co->len[i] = m;
      co->offset[i] = total;
      total += m;
    }
  return g_steal_pointer (&co);
}

NtkCorrCoeffs *
ntk_corr_coeffs_new (const NtkCorrGrid *grid,
                     double             a,
                     NtkCorrScratch    *scratch)
{
  return ntk_corr_coeffs_new_cancellable (grid, a, scratch, NULL);
}

void
ntk_corr_coeffs_free (NtkCorrCoeffs *co)
{
  if (co == NULL)
    return;
  g_free (co->len);
  g_free (co->offset);
  g_free (co->c);
  g_free (co->cd);
  g_free (co);
}

NtkCorrScratch *
ntk_corr_scratch_new (void)
{
  NtkCorrScratch *scratch = g_new0 (NtkCorrScratch, 1);

  scratch->samples = g_new (double, M_MAX);
  scratch->a = g_new (double, M_MAX);
  scratch->ad = g_new (double, M_MAX);
  return scratch;
}

void
ntk_corr_scratch_free (NtkCorrScratch *scratch)
{
  if (scratch == NULL)
    return;
  ntk_chebyshev_plan_free (scratch->plan);
  g_free (scratch->samples);
  g_free (scratch->a);
  g_free (scratch->ad);
  g_free (scratch);
}

/* The pair series are computed as long as the longer coefficient sets reach, but their
 * terms decay geometrically well before that (the A_k B_k products of the heavy r nodes end
 * first): at q = 1e4–1e5 only 40–70 % of them are above 1e-16 of the sum. Terms are dropped
 * from the end while all the dropped ones together stay below SERIES_TRIM_TOL of Σ|E_k| (and
 * likewise for 𝔼'): since |T_k(c)| ≤ 1 that bounds the change of 𝔼(c) for every c, in the
 * same measure as the family's check (ntk-corr-family.c), far below its 1e-11. Every pass
 * over a series (evaluations, tables, the family's matrix products) gets shorter by as much. */
#define SERIES_TRIM_TOL 1e-15

guint
ntk_corr_series_trimmed_length (const double *e,
                                const double *ed,
                                guint         n)
{
  double s = 0, sd = 0, tail = 0, tail_d = 0;
  guint len = n;

  for (guint k = 0; k < n; k++)
    {
      s += fabs (e[k]);
      sd += fabs (ed[k]);
    }
  while (len > 1)
    {
      double te = tail + fabs (e[len - 1]), td = tail_d + fabs (ed[len - 1]);

      if (!(te <= SERIES_TRIM_TOL * s && td <= SERIES_TRIM_TOL * sd))
        break;
      tail = te;
      tail_d = td;
      len--;
    }
  return len;
}

NtkCorrSeries *
ntk_corr_series_new_from_coeffs (const NtkCorrGrid   *grid,
                                 const NtkCorrCoeffs *ca,
                                 const NtkCorrCoeffs *cb)
{
  NtkCorrSeries *series = g_new0 (NtkCorrSeries, 1);
  guint n_max = 1;

  for (guint i = 0; i < grid->n_nodes; i++)
    n_max = MAX (n_max, MIN (ca->len[i], cb->len[i]));
  series->n = n_max;
  series->e = g_new0 (double, n_max);
  series->ed = g_new0 (double, n_max);

  for (guint i = 0; i < grid->n_nodes; i++)
    {
      const double *a = ca->c + ca->offset[i], *ad = ca->cd + ca->offset[i];
      const double *b = cb->c + cb->offset[i], *bd = cb->cd + cb->offset[i];
      double w = grid->w[i], hw = 0.5 * grid->w[i];
      /* products beyond the shorter expansion are below its tail */
      guint m = MIN (ca->len[i], cb->len[i]);

      series->e[0] += w * a[0] * b[0];
      series->ed[0] += w * ad[0] * bd[0];
      for (guint k = 1; k < m; k++)
        {
          series->e[k] += hw * a[k] * b[k];
          series->ed[k] += hw * ad[k] * bd[k];
        }
    }
  series->n = ntk_corr_series_trimmed_length (series->e, series->ed, n_max);
  return series;
}

NtkCorrSeries *
ntk_corr_series_new (NtkActivation act,
                     double        leaky_slope,
                     double        q11,
                     double        q22)
{
  double a = sqrt (q11), b = sqrt (q22);
  g_autoptr(NtkCorrGrid) grid = NULL;
  g_autoptr(NtkCorrScratch) scratch = ntk_corr_scratch_new ();
  g_autoptr(NtkCorrCoeffs) ca = NULL;
  g_autoptr(NtkCorrCoeffs) cb = NULL;

  g_return_val_if_fail (q11 >= 0 && q22 >= 0, NULL);

  grid = ntk_corr_grid_new (act, leaky_slope, MAX (a, b));
  ca = ntk_corr_coeffs_new (grid, a, scratch);
  if (b != a)
    cb = ntk_corr_coeffs_new (grid, b, scratch);
  return ntk_corr_series_new_from_coeffs (grid, ca, cb != NULL ? cb : ca);
}

void
ntk_corr_series_free (NtkCorrSeries *series)
{
  if (series == NULL)
    return;
  g_free (series->e);
  g_free (series->ed);
  g_free (series);
}

void
ntk_corr_series_eval (const NtkCorrSeries *series,
                      double               c,
                      double              *e,
                      double              *ed)
{
  const double *a = series->e, *b = series->ed;
  double a1 = 0, a2 = 0, b1 = 0, b2 = 0, c2;

  c = CLAMP (c, -1.0, 1.0);
  c2 = 2 * c;
  /* both Clenshaw recurrences in one loop: twice the instruction-level parallelism */
  for (guint k = series->n; k-- > 1;)
    {
      double ta = c2 * a1 - a2 + a[k];
      double tb = c2 * b1 - b2 + b[k];
      a2 = a1;
      a1 = ta;
      b2 = b1;
      b1 = tb;
    }
  *e = c * a1 - a2 + a[0];
  *ed = c * b1 - b2 + b[0];
}

/* last panel [0, 2^{−J}] with 2^{−J} ≤ 1/(16 q_max), J ≥ 3 */
static guint
last_panel (double q_max)
{
  guint last = 3;

  while (last < 60 && ldexp (1.0, -(int) last) * 16 * q_max > 1.0)
    last++;
  return last;
}

guint
ntk_corr_table_n_nodes (double q_max)
{
  return 2 * (last_panel (q_max) + 1) * NTK_CORR_TABLE_ORDER;
}

NtkCorrTable *
ntk_corr_table_new_from_series_cancellable (const NtkCorrSeries *series,
                                            double               q_max,
                                            GCancellable        *cancellable)
{
  const guint order = NTK_CORR_TABLE_ORDER;
  g_autoptr(NtkChebyshevPlan) plan = ntk_chebyshev_plan_new (order);
  g_autofree double *cs = NULL, *ve = NULL, *ved = NULL;
  g_autoptr(NtkCorrTable) table = NULL;
  guint last = last_panel (q_max), n_nodes;

  table = g_new0 (NtkCorrTable, 1);
  table->n_panels = last + 1;
  table->q_max = q_max;
  table->coef = g_new (double, 2 * table->n_panels * 2 * order);

  /* all panel nodes of both sides, then one interleaved pass over the (long) series */
  n_nodes = 2 * table->n_panels * order;
  cs = g_new (double, n_nodes);
  ve = g_new (double, n_nodes);
  ved = g_new (double, n_nodes);
  for (guint side = 0; side < 2; side++)
    for (guint panel = 0; panel <= last; panel++)
      {
        double hi = ldexp (1.0, -(int) panel);
        double lo = panel == last ? 0.0 : 0.5 * hi;

        for (guint j = 0; j < order; j++)
          {
            double x = 0.5 * (lo + hi) + 0.5 * (hi - lo) * ntk_chebyshev_point (order, j);

            cs[(side * table->n_panels + panel) * order + j] = side == 0 ? 1.0 - x : x - 1.0;
          }
      }
  /* panel by panel: at the largest variances the series have ~10⁴–10⁵ terms and the pass
   * takes ~0.1 s. The 16 nodes of a panel are two whole lane groups of eval_many, so the
   * values are those of one pass over all nodes. */
  for (guint p = 0; p < 2 * table->n_panels; p++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      ntk_chebyshev_eval_many (series->e, series->n, cs + p * order, ve + p * order, order);
      ntk_chebyshev_eval_many (series->ed, series->n, cs + p * order, ved + p * order, order);
    }

  for (guint p = 0; p < 2 * table->n_panels; p++)
    {
      double *dst = table->coef + p * 2 * order;

      ntk_chebyshev_coefficients (plan, order, ve + p * order, dst);
      ntk_chebyshev_coefficients (plan, order, ved + p * order, dst + order);
    }

  return g_steal_pointer (&table);
}

NtkCorrTable *
ntk_corr_table_new_from_series (const NtkCorrSeries *series,
                                double               q_max)
{
  return ntk_corr_table_new_from_series_cancellable (series, q_max, NULL);
}

NtkCorrTable *
ntk_corr_table_new (NtkActivation act,
                    double        leaky_slope,
                    double        q11,
                    double        q22)
{
  g_autoptr(NtkCorrSeries) series = ntk_corr_series_new (act, leaky_slope, q11, q22);

  return ntk_corr_table_new_from_series (series, MAX (q11, q22));
}

void
ntk_corr_table_free (NtkCorrTable *table)
{
  if (table == NULL)
    return;
  g_free (table->coef);
  g_free (table);
}
