/* ntk-corr-family.c — private: Chebyshev–Mehler coefficients for many variances at once
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See ntk-corr-family.h. The node count K follows the convergence rate of Chebyshev
 * interpolation for a function analytic in the strip |Im log a| < π/2 over a log-range of
 * half-width h: ρ = β + √(β² + 1), β = π/(2h), and K ≈ ln(1/tol)/ln ρ. That is a bound, not
 * a promise (the coefficients are tamer than that for small a), so the family is verified
 * against exact sets at probe points between the nodes, where interpolation errs most.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <cblas.h>

#include "ntk-corr-family.h"

#define FAMILY_TOL  1e-11    /* relative, on the pair series (a bound on the error of 𝔼, 𝔼') */
#define K_MIN       8
#define K_MAX       48

struct _NtkCorrFamily {
  const NtkCorrGrid *grid;
  guint              k;
  double             t_lo, t_hi;     /* log a */
  double            *t;              /* nodes */
  double            *bw;             /* barycentric weights */
  NtkCorrCoeffs    **node;           /* exact sets at the nodes */
  guint             *len_max;        /* per r node: longest node set */
};

struct _NtkCorrHalf {
  const NtkCorrFamily *family;
  guint                n;            /* longest half series */
  double              *e, *ed;       /* k × n each, row m = H_m */
};

/* Barycentric weights L_m(t) of the Chebyshev interpolant (first-kind points). */
static void
lagrange_weights (const NtkCorrFamily *fam,
                  double               a,
                  double              *l)
{
  double t = log (a), sum = 0;

  for (guint m = 0; m < fam->k; m++)
    if (t == fam->t[m])
      {
        for (guint j = 0; j < fam->k; j++)
          l[j] = j == m ? 1.0 : 0.0;
        return;
      }
  for (guint m = 0; m < fam->k; m++)
    {
      l[m] = fam->bw[m] / (t - fam->t[m]);
      sum += l[m];
    }
  for (guint m = 0; m < fam->k; m++)
    l[m] /= sum;
}

static void
family_clear_nodes (NtkCorrFamily *fam)
{
  if (fam->node != NULL)
    for (guint m = 0; m < fam->k; m++)
      ntk_corr_coeffs_free (fam->node[m]);
  g_clear_pointer (&fam->node, g_free);
  g_clear_pointer (&fam->t, g_free);
  g_clear_pointer (&fam->bw, g_free);
  g_clear_pointer (&fam->len_max, g_free);
}

/* FALSE when cancelled (the family is then incomplete: free it). */
static gboolean
family_build (NtkCorrFamily  *fam,
              guint           k,
              NtkCorrScratch *scratch,
              GCancellable   *cancellable)
{
  const NtkCorrGrid *grid = fam->grid;
  double mid = 0.5 * (fam->t_lo + fam->t_hi), half = 0.5 * (fam->t_hi - fam->t_lo);

  family_clear_nodes (fam);
  fam->k = k;
  fam->t = g_new (double, k);
  fam->bw = g_new (double, k);
  fam->node = g_new0 (NtkCorrCoeffs *, k);
  fam->len_max = g_new0 (guint, grid->n_nodes);
  for (guint m = 0; m < k; m++)
    {
      double angle = G_PI * (m + 0.5) / k;

      fam->t[m] = mid + half * cos (angle);
      fam->bw[m] = (m % 2 ? -1.0 : 1.0) * sin (angle);
      fam->node[m] = ntk_corr_coeffs_new_cancellable (grid, exp (fam->t[m]), scratch, cancellable);
      if (fam->node[m] == NULL)
        return FALSE;
      for (guint i = 0; i < grid->n_nodes; i++)
        fam->len_max[i] = MAX (fam->len_max[i], fam->node[m]->len[i]);
    }
  return TRUE;
}

NtkCorrCoeffs *
ntk_corr_family_coeffs_cancellable (const NtkCorrFamily *fam,
                                    double               a,
                                    GCancellable        *cancellable)
{
  const NtkCorrGrid *grid = fam->grid;
  g_autoptr(NtkCorrCoeffs) co = g_new0 (NtkCorrCoeffs, 1);
  g_autofree double *l = g_new (double, fam->k);
  gsize total = 0;

  lagrange_weights (fam, a, l);
  co->n_nodes = grid->n_nodes;
  co->len = g_new (guint, grid->n_nodes);
  co->offset = g_new (gsize, grid->n_nodes);
  for (guint i = 0; i < grid->n_nodes; i++)
    {
      co->len[i] = fam->len_max[i];
      co->offset[i] = total;
      total += fam->len_max[i];
    }
  co->c = g_new0 (double, MAX (total, 1));
  co->cd = g_new0 (double, MAX (total, 1));

  for (guint m = 0; m < fam->k; m++)
    {
      const NtkCorrCoeffs *nm = fam->node[m];

      /* a pass over one node set: milliseconds at the largest variances */
      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      for (guint i = 0; i < grid->n_nodes; i++)
        {
          const double *src = nm->c + nm->offset[i], *srcd = nm->cd + nm->offset[i];
          double *dst = co->c + co->offset[i], *dstd = co->cd + co->offset[i];

          for (guint j = 0; j < nm->len[i]; j++)
            {
              dst[j] += l[m] * src[j];
              dstd[j] += l[m] * srcd[j];
            }
        }
    }
  return g_steal_pointer (&co);
}

NtkCorrCoeffs *
ntk_corr_family_coeffs (const NtkCorrFamily *fam,
                        double               a)
{
  return ntk_corr_family_coeffs_cancellable (fam, a, NULL);
}

/* Σ_k |x_k − y_k| / Σ_k |y_k| over both series: a bound on the relative error of 𝔼 and 𝔼'
 * over all correlations, since |T_k(c)| ≤ 1. */
static double
series_distance (const NtkCorrSeries *x,
                 const NtkCorrSeries *y)
{
  double d = 0, s = 0, dd = 0, sd = 0;
  guint n = MAX (x->n, y->n);

  for (guint k = 0; k < n; k++)
    {
      double xe = k < x->n ? x->e[k] : 0, ye = k < y->n ? y->e[k] : 0;
      double xd = k < x->n ? x->ed[k] : 0, yd = k < y->n ? y->ed[k] : 0;

      d += fabs (xe - ye);
      s += fabs (ye);
      dd += fabs (xd - yd);
      sd += fabs (yd);
    }
  return MAX (d / MAX (s, 1e-300), dd / MAX (sd, 1e-300));
}

/* Exact against interpolated at the midpoints (in the Chebyshev angle) of the outermost
 * and the central gaps between nodes. */
static gboolean
family_verify (const NtkCorrFamily *fam,
               NtkCorrScratch      *scratch,
               GCancellable        *cancellable)
{
  double mid = 0.5 * (fam->t_lo + fam->t_hi), half = 0.5 * (fam->t_hi - fam->t_lo);
  guint k = fam->k;
  const double probes[] = { G_PI * 1.0 / k, G_PI * (k / 2) / k, G_PI * (k - 1.0) / k };

  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    {
      double a = exp (mid + half * cos (probes[p]));
      g_autoptr(NtkCorrCoeffs) exact = ntk_corr_coeffs_new_cancellable (fam->grid, a, scratch, cancellable);
      g_autoptr(NtkCorrCoeffs) interp = NULL;
      g_autoptr(NtkCorrSeries) se = NULL;
      g_autoptr(NtkCorrSeries) si = NULL;

      if (exact == NULL)
        return FALSE;   /* cancelled */
      interp = ntk_corr_family_coeffs (fam, a);
      se = ntk_corr_series_new_from_coeffs (fam->grid, exact, exact);
      si = ntk_corr_series_new_from_coeffs (fam->grid, interp, exact);
      if (!(series_distance (si, se) <= FAMILY_TOL))
        return FALSE;
    }
  return TRUE;
}

guint
ntk_corr_family_estimate_size (double a_lo,
                               double a_hi)
{
  double h = MAX (0.5 * log (a_hi / a_lo), 1e-3);
  double beta = G_PI / (2 * h);
  double rho = beta + sqrt (beta * beta + 1);

  return (guint) CLAMP (ceil (log (1 / FAMILY_TOL) / log (rho)) + 2, K_MIN, K_MAX);
}

NtkCorrFamily *
ntk_corr_family_new_cancellable (const NtkCorrGrid *grid,
                                 double             a_lo,
                                 double             a_hi,
                                 NtkCorrScratch    *scratch,
                                 GCancellable      *cancellable)
{
  g_autoptr(NtkCorrFamily) fam = g_new0 (NtkCorrFamily, 1);
  guint k;

  g_return_val_if_fail (a_lo > 0 && a_lo <= a_hi, NULL);

  fam->grid = grid;
  fam->t_lo = log (a_lo);
  fam->t_hi = log (a_hi);
  k = ntk_corr_family_estimate_size (a_lo, a_hi);

  for (;;)
    {
      if (!family_build (fam, k, scratch, cancellable))
        return NULL;
      if (family_verify (fam, scratch, cancellable))
        return g_steal_pointer (&fam);
      if (k >= K_MAX || g_cancellable_is_cancelled (cancellable))
        return NULL;
      k = MIN (K_MAX, k + k / 2);
    }
}

NtkCorrFamily *
ntk_corr_family_new (const NtkCorrGrid *grid,
                     double             a_lo,
                     double             a_hi,
                     NtkCorrScratch    *scratch)
{
  return ntk_corr_family_new_cancellable (grid, a_lo, a_hi, scratch, NULL);
}

void
ntk_corr_family_free (NtkCorrFamily *fam)
{
  if (fam == NULL)
    return;
  family_clear_nodes (fam);
  g_free (fam);
}

guint
ntk_corr_family_size (const NtkCorrFamily *fam)
{
  return fam->k;
}

NtkCorrHalf *
ntk_corr_half_new_cancellable (const NtkCorrFamily *fam,
                               const NtkCorrCoeffs *row,
                               GCancellable        *cancellable)
{
  g_autoptr(NtkCorrHalf) half = g_new0 (NtkCorrHalf, 1);
  g_autofree NtkCorrSeries **s = g_new0 (NtkCorrSeries *, fam->k);
  gboolean ok = TRUE;

  half->family = fam;
  half->n = 1;
  for (guint m = 0; m < fam->k; m++)
    {
      /* each costs a pass over both sets: milliseconds at the largest variances */
      if (g_cancellable_is_cancelled (cancellable))
        {
          ok = FALSE;
          break;
        }
      /* trimmed (ntk_corr_series_trimmed_length): the matrix products then only run over
       * the terms that count, about half of them at large variances */
      s[m] = ntk_corr_series_new_from_coeffs (fam->grid, row, fam->node[m]);
      half->n = MAX (half->n, s[m]->n);
    }
  if (ok)
    {
      half->e = g_new0 (double, (gsize) fam->k * half->n);
      half->ed = g_new0 (double, (gsize) fam->k * half->n);
      for (guint m = 0; m < fam->k; m++)
        {
          memcpy (half->e + (gsize) m * half->n, s[m]->e, s[m]->n * sizeof (double));
          memcpy (half->ed + (gsize) m * half->n, s[m]->ed, s[m]->n * sizeof (double));
        }
    }
  for (guint m = 0; m < fam->k; m++)
    ntk_corr_series_free (s[m]);
  return ok ? g_steal_pointer (&half) : NULL;
}

NtkCorrHalf *
ntk_corr_half_new (const NtkCorrFamily *fam,
                   const NtkCorrCoeffs *row)
{
  return ntk_corr_half_new_cancellable (fam, row, NULL);
}

void
ntk_corr_half_free (NtkCorrHalf *half)
{
  if (half == NULL)
    return;
  g_free (half->e);
  g_free (half->ed);
  g_free (half);
}

void
ntk_corr_family_weights (const NtkCorrFamily *fam,
                         double               b,
                         double              *l)
{
  lagrange_weights (fam, b, l);
}

guint
ntk_corr_half_length (const NtkCorrHalf *half)
{
  return half->n;
}

/* OpenBLAS runs a GEMM on one thread below this many multiply-adds (SMP_THRESHOLD_MIN ·
 * GEMM_MULTITHREAD_THRESHOLD in its interface/gemm.c). These products are small, and waking
 * the other threads for each costs more than the work: so they are cut in pieces below it.
 * (Were the threshold different, only the speed would change.) */
#define GEMM_SINGLE_THREAD_FMA 262144

gboolean
ntk_corr_half_series_many (const NtkCorrHalf *half,
                           const double      *weights,
                           guint              n_b,
                           double            *e,
                           double            *ed,
                           GCancellable      *cancellable)
{
  const guint k = half->family->k, n = half->n;
  guint rows = MAX (GEMM_SINGLE_THREAD_FMA / ((gsize) n * k), 1);

  for (guint c0 = 0; c0 < n_b; c0 += rows)
    {
      guint m = MIN (rows, n_b - c0);

      /* at the largest variances (series of ~10⁴ terms) the whole takes tens of ms */
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
                   1.0, weights + (gsize) c0 * k, k, half->e, n, 0.0, e + (gsize) c0 * n, n);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
                   1.0, weights + (gsize) c0 * k, k, half->ed, n, 0.0, ed + (gsize) c0 * n, n);
    }
  return TRUE;
}
