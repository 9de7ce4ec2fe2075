/* ntk-kernel-analytic.c — analytic infinite-width kernels: NNGP Σ and NTK Θ (math.md §3)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   Σ¹ = σ_w² x·x'/d0 + σ_b²,  Θ¹ = Σ¹
 *   Σ^{l+1} = σ_w² 𝔼[φ(u)φ(v)] + σ_b²,  Θ^{l+1} = Σ^{l+1} + σ_w² 𝔼[φ'(u)φ'(v)] Θ^l
 *
 * Every entry needs the layer-l variances of both of its points, so the diagonals of x1
 * and x2 are carried along layer by layer (1-d adaptive quadrature for the numerical φ).
 * Closed forms are evaluated entry by entry (math.md §3).
 *
 * Numerical activations: the expectations depend on (q11, q22, c). The distinct variances
 * of a layer are found (circle data: one). Each gets its Chebyshev–Mehler coefficients
 * (ntk-corr-table.c) — or, when there are many, an interpolant of them in log σ
 * (ntk-corr-family.c). Every pair of variances that occurs gets its series in c; a pair
 * with many entries turns it into a piece-wise table (two 16-term Clenshaw sums per entry),
 * a pair with few evaluates the series directly. With a family, a row group's series against
 * all the column groups it meets come from one matrix product (ntk_corr_half_series_many):
 * with every point its own variance that product is most of the work; the shorter side of a
 * non-symmetric call gives the row groups. Accuracy ~1e-11 relative, tested against an
 * independent adaptive quadrature (tests/engine/test-activation.c, test-analytic-kernel.c),
 * up to a variance cap (1e5) for softplus gelu silu; pairs above it take the homogeneous (relu)
 * limit, within 1e-5 (𝔼) and 2e-3 (𝔼') at the cap and less beyond (numeric_layer_strided).
 *
 * No global state: every call allocates what it needs, so calls on several threads are safe.
 *
 * Cancellation: the cancellable is looked at per layer, per row (a row is at most max(n1, n2)
 * entries, ~0.2 ms at 4096) and per coefficient set or Gaussian integral of a variance (the
 * largest take a few ms), never per entry. A cancelled call leaves its outputs unspecified.
 */
#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "ntk-activation.h"
#include "ntk-corr-family.h"
#include "ntk-corr-table.h"
#include "ntk-kernel.h"
#include "ntk-quadrature.h"

/* Variances closer than this (relative) share a table: on the circle they differ only by
 * rounding, and the error this makes is of the same relative size. */
#define SAME_VARIANCE_RTOL 1e-12
#define DIAG_TOL           1e-13
/* Above this many distinct variances in a layer, interpolate their coefficient sets
 * (ntk-corr-family.c) rather than computing each. */
#define FAMILY_MIN_VARIANCES 24

typedef struct {
  NtkActivation act;
  double        slope;
  double        sw2, sb2;
  guint         depth;
} Arch;

/* Variance above which an asymptotically linear φ is treated as homogeneous (see
 * numeric_layer); +inf for bounded φ, whose variances never get large (≤ σ_w² + σ_b²). */
static double
ntk_activation_variance_cap (NtkActivation act)
{
  switch (act)
    {
    case NTK_ACTIVATION_SOFTPLUS:
    case NTK_ACTIVATION_GELU:
    case NTK_ACTIVATION_SILU:
      return 1e5;
    default:
      return INFINITY;
    }
}

static void
arch_from_config (const NtkConfig *config,
                  Arch            *arch)
{
  arch->act = config->activation;
  arch->slope = config->leaky_slope;
  arch->sw2 = config->sigma_w * config->sigma_w;
  arch->sb2 = config->sigma_b * config->sigma_b;
  arch->depth = config->depth;
}

/* 𝔼[φ(u)²], 𝔼[φ'(u)²] for u ~ N(0, q). */
static void
diag_moments (const Arch *arch,
              double      q,
              double     *m,
              double     *md)
{
  if (ntk_activation_is_closed_form (arch->act))
    ntk_activation_expect_closed (arch->act, arch->slope, q, q, q, m, md);
  else if (!(q >= 0 && isfinite (q)))
    *m = *md = NAN;     /* overflowed upstream: propagate, don't integrate */
  else
    ntk_quadrature_expect_diag (arch->act, arch->slope, q, DIAG_TOL, m, md);
}

static int
compare_by_value (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  const double *v = data;
  double x = v[*(const guint *) a], y = v[*(const guint *) b];

  return (x > y) - (x < y);
}

/* Sorted distinct values (within SAME_VARIANCE_RTOL) of v[0 … n−1]; id[i] is the index of
 * v[i]'s representative (the smallest of its group) in the returned array. */
static double *
distinct_values (const double *v,
                 guint         n,
                 guint        *id,
                 guint        *n_distinct)
{
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  double *rep = g_new (double, MAX (n, 1));
  guint k = 0;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_by_value, (gpointer) v);
  for (guint i = 0; i < n; i++)
    {
      double x = v[order[i]];

      if (k == 0 || x - rep[k - 1] > SAME_VARIANCE_RTOL * fabs (rep[k - 1]))
        rep[k++] = x;
      id[order[i]] = k - 1;
    }
  *n_distinct = k;
  return rep;
}

/* Propagate the variances q[i] = Σ^l(x_i, x_i) (and, if th != NULL, Θ^l(x_i, x_i)) one
 * layer up. Distinct values are integrated once. FALSE when cancelled (q, th unspecified). */
static gboolean
diag_step (const Arch   *arch,
           double       *q,
           double       *th,
           guint         n,
           GCancellable *cancellable)
{
  if (ntk_activation_is_closed_form (arch->act))
    {
      for (guint i = 0; i < n; i++)
        {
          double m, md;

          diag_moments (arch, q[i], &m, &md);
          q[i] = arch->sw2 * m + arch->sb2;
          if (th != NULL)
            th[i] = q[i] + arch->sw2 * md * th[i];
        }
    }
  else
    {
      g_autofree guint *id = g_new (guint, MAX (n, 1));
      g_autofree double *rep = NULL;
      g_autofree double *m = NULL, *md = NULL;
      guint n_distinct;

      rep = distinct_values (q, n, id, &n_distinct);
      m = g_new (double, MAX (n_distinct, 1));
      md = g_new (double, MAX (n_distinct, 1));
      for (guint g = 0; g < n_distinct; g++)
        {
          if (g_cancellable_is_cancelled (cancellable))
            return FALSE;
          diag_moments (arch, rep[g], &m[g], &md[g]);
        }
      for (guint i = 0; i < n; i++)
        {
          q[i] = arch->sw2 * m[id[i]] + arch->sb2;
          if (th != NULL)
            th[i] = q[i] + arch->sw2 * md[id[i]] * th[i];
        }
    }
  return TRUE;
}

/* One layer of the closed forms along row i, columns j0 … n2−1: q (the row of Σ^l) becomes
 * the row of Σ^{l+1}, t (the row of Θ^l, may be NULL) that of Θ^{l+1}. The switch is outside
 * the loops so that each loop body is straight-line code. */
#define CLOSED_ROW(BODY)                                        \
  for (guint j = j0; j < n2; j++)                               \
    {                                                           \
      double q12 = q[j], e, ed, s_new;                          \
      BODY                                                      \
      s_new = sw2 * e + sb2;                                    \
      if (t != NULL)                                            \
        t[j] = s_new + sw2 * ed * t[j];                         \
      q[j] = s_new;                                             \
    }

/* c = q12/√(q11 q22), clamped. Computed this way (not with products of 1/√q) because
 * √(q·q) = q exactly: identical points get c = 1 and antipodal ones c = −1 exactly, and
 * near c = ±1 one ulp of c moves θ by ~1e-8 (relu's 𝔼' = (π − θ)/2π sees it). */
#define CORRELATION                                             \
  double r = sqrt (d_i * d2[j]);                                \
  double c = r > 0 ? q12 / r : 0.0;                             \
  c = c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);

static void
closed_row (const Arch   *arch,
            double       *q,
            double       *t,
            guint         j0,
            guint         n2,
            double        d_i,
            const double *d2)
{
  const double sw2 = arch->sw2, sb2 = arch->sb2;
  const double inv_2pi = 1 / (2 * G_PI);

  switch (arch->act)
    {
    case NTK_ACTIVATION_IDENTITY:
      CLOSED_ROW (e = q12; ed = 1.0;)
      break;

    case NTK_ACTIVATION_RELU:
      /* θ = arccos c: with c exact at ±1 and glibc's acos correctly rounded this is as
       * accurate as atan2(sin θ, cos θ) from the same c, and five times faster */
      CLOSED_ROW (
        CORRELATION
        double s = sqrt ((1 - c) * (1 + c));
        double pmt = G_PI - acos (c);
        e = r * (s + pmt * c) * inv_2pi;
        ed = pmt * inv_2pi;
      )
      break;

    case NTK_ACTIVATION_LEAKY_RELU:
    case NTK_ACTIVATION_ABS:
      {
        const double a = arch->act == NTK_ACTIVATION_ABS ? -1.0 : arch->slope;
        const double amb2 = (a - 1) * (a - 1);
        const double half_sum = (a * a + 1) / 2;

        CLOSED_ROW (
          CORRELATION
          double s = sqrt ((1 - c) * (1 + c));
          double theta = acos (c);
          ed = half_sum - amb2 * theta * inv_2pi;
          e = amb2 * inv_2pi * r * s + ed * r * c;
        )
        break;
      }

    case NTK_ACTIVATION_ERF:
      {
        const double g_i = sqrt (1 + 2 * d_i);

        CLOSED_ROW (
          double dd = g_i * sqrt (1 + 2 * d2[j]);
          double x = 2 * q12 / dd;
          x = x > 1.0 ? 1.0 : (x < -1.0 ? -1.0 : x);
          e = (2 / G_PI) * asin (x);
          ed = (4 / G_PI) / (dd * sqrt ((1 - x) * (1 + x)));
        )
        break;
      }

    case NTK_ACTIVATION_SIN:
      CLOSED_ROW (
        double h = -0.5 * (d_i + d2[j]);
        double sp = exp (h + q12);
        double sm = exp (h - q12);
        e = 0.5 * (sp - sm);
        ed = 0.5 * (sp + sm);
      )
      break;

    case NTK_ACTIVATION_TANH:
    case NTK_ACTIVATION_SIGMOID:
    case NTK_ACTIVATION_SOFTPLUS:
    case NTK_ACTIVATION_GELU:
    case NTK_ACTIVATION_SILU:
    case NTK_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
closed_layer (const Arch   *arch,
              gboolean      sym,
              double       *Q,
              double       *T,
              guint         n1,
              guint         n2,
              const double *d1,
              const double *d2,
              GCancellable *cancellable)
{
  for (guint i = 0; i < n1; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      closed_row (arch, Q + (gsize) i * n2, T != NULL ? T + (gsize) i * n2 : NULL,
                  sym ? i + 1 : 0, n2, d1[i], d2);
    }
  return TRUE;
}

/* The pair series of an interpolated column group (a family, a positive variance) are
 * views into the row group's matrix product (numeric_layer), not owned. */
static inline gboolean
series_is_view (const NtkCorrFamily *family,
                double               eff)
{
  return family != NULL && eff > 0;
}

/* Numerical activations: one series per pair of distinct variances that occurs, turned into
 * a table when the pair has enough entries to pay for it. Rows are visited grouped by their
 * variance, so only one row group's series and tables are alive at a time. Entry (i, j) is
 * Q[i·rs + j·cs] (numeric_layer may pass the transpose). FALSE when cancelled. */
static gboolean
numeric_layer_strided (const Arch   *arch,
                       gboolean      sym,
                       double       *Q,
                       double       *T,
                       guint         n1,
                       guint         n2,
                       const double *d1,
                       const double *d2,
                       gsize         rs,
                       gsize         cs,
                       GCancellable *cancellable)
{
  const double sw2 = arch->sw2, sb2 = arch->sb2;
  guint n_all = sym ? n1 : n1 + n2;
  g_autofree double *all = g_new (double, n_all);
  g_autofree guint *id = g_new (guint, n_all);
  g_autofree double *rep = NULL;
  g_autofree guint *row_order = g_new (guint, n1);
  g_autofree guint *group_start = NULL;
  g_autoptr(NtkCorrGrid) grid = NULL;
  g_autoptr(NtkCorrScratch) scratch = ntk_corr_scratch_new ();
  g_autofree guint *col_count = NULL;
  NtkCorrCoeffs **coeffs;
  NtkCorrTable **tables;
  NtkCorrSeries **series;
  g_autoptr(NtkCorrFamily) family = NULL;
  g_autofree double *eff = NULL, *scale1 = NULL, *scale2_own = NULL;
  g_autofree gboolean *all_hi = NULL;
  const double cap = ntk_activation_variance_cap (arch->act);
  const double *scale2;
  guint n_lo2 = 0;
  /* with a family: interpolation weights per group, and per row group the series against
   * every column group it needs, from one matrix product (ntk_corr_half_series_many) */
  g_autofree double *weights = NULL, *w_need = NULL, *e_need = NULL, *ed_need = NULL;
  g_autofree guint *slot = NULL;
  g_autofree NtkCorrSeries *views = NULL;
  gsize need_cap = 0;
  guint n_k = 0;
  const guint *id1, *id2;
  gboolean ok = TRUE;
  guint n_g;

  memcpy (all, d1, n1 * sizeof (double));
  if (!sym)
    memcpy (all + n1, d2, n2 * sizeof (double));

  for (guint k = 0; k < n_all; k++)
    if (!isfinite (all[k]))
      {
        /* an overflowed (or NaN) variance: the kernel is not defined; say so, quickly */
        for (guint i = 0; i < n1; i++)
          for (guint j = sym ? i + 1 : 0; j < n2; j++)
            {
              Q[i * rs + j * cs] = NAN;
              if (T != NULL)
                T[i * rs + j * cs] = NAN;
            }
        return TRUE;
      }

  /* Asymptotically linear φ (softplus gelu silu) at enormous variance. A pair of points both
   * above the cap takes the homogeneous limit: φ(λu)/λ → relu(u) as λ → ∞, so 𝔼 and 𝔼' are
   * relu's closed forms at the actual (q11, q22, q12). The error falls with the variance:
   * measured against the reference quadrature at q = 1e5 (the cap), 𝔼 within 6e-6 of √(q11 q22)
   * and 𝔼' within 1.3e-3 (absolute; ~1e-4 away from c = ±1); ten times less for 𝔼 and √10
   * less for 𝔼' per decade of q (test-activation.c, /activation/homogeneous-limit).
   * A pair with one point below the cap computes the other's set at the capped variance and
   * rescales 𝔼 (φ(λu) ≈ λ φ(u); 𝔼' is scale-free), within ~1e-5 and ~2e-3 likewise.
   * Below the cap (ten times math.md's 1e4) everything is exact. The cap bounds the work,
   * which grows like √q (the coefficients of φ(ρx) need ~10ρ points): ~0.2 s per set at the
   * cap. The points are grouped by their capped variance, so all those above the cap share
   * one set, and a layer whose variances are all above it needs none. */
  scale1 = g_new (double, n1);
  for (guint i = 0; i < n1; i++)
    scale1[i] = d1[i] > cap ? sqrt (d1[i] / cap) : 1.0;
  if (sym)
    scale2 = scale1;
  else
    {
      scale2_own = g_new (double, n2);
      for (guint j = 0; j < n2; j++)
        scale2_own[j] = d2[j] > cap ? sqrt (d2[j] / cap) : 1.0;
      scale2 = scale2_own;
    }
  for (guint j = 0; j < n2; j++)
    n_lo2 += !(d2[j] > cap);
  for (guint k = 0; k < n_all; k++)
    all[k] = MIN (all[k], cap);
  rep = distinct_values (all, n_all, id, &n_g);
  id1 = id;
  id2 = sym ? id : id + n1;
  /* groups whose points are all above the cap: their pairs among each other need no series */
  all_hi = g_new (gboolean, n_g);
  for (guint g = 0; g < n_g; g++)
    all_hi[g] = TRUE;
  for (guint i = 0; i < n1; i++)
    if (!(d1[i] > cap))
      all_hi[id1[i]] = FALSE;
  for (guint j = 0; j < n2; j++)
    if (!(d2[j] > cap))
      all_hi[id2[j]] = FALSE;

  /* rows sorted by group (counting sort) */
  group_start = g_new0 (guint, n_g + 1);
  for (guint i = 0; i < n1; i++)
    group_start[id1[i] + 1]++;
  for (guint g = 0; g < n_g; g++)
    group_start[g + 1] += group_start[g];
  {
    g_autofree guint *fill = g_memdup2 (group_start, n_g * sizeof (guint));
    for (guint i = 0; i < n1; i++)
      row_order[fill[id1[i]]++] = i;
  }

  col_count = g_new0 (guint, n_g);
  for (guint j = 0; j < n2; j++)
    col_count[id2[j]]++;

  eff = g_memdup2 (rep, n_g * sizeof (double));

  grid = ntk_corr_grid_new (arch->act, arch->slope, sqrt (MAX (eff[n_g - 1], 0.0)));
  coeffs = g_new0 (NtkCorrCoeffs *, n_g);
  tables = g_new0 (NtkCorrTable *, n_g);
  series = g_new0 (NtkCorrSeries *, n_g);

  /* Many distinct variances: interpolate the coefficient sets instead of computing each
   * (zero variances, if any, keep exact sets: they are trivial). */
  {
    guint first_pos = eff[0] > 0 ? 0 : 1;
    guint n_pos = n_g - first_pos;

    /* a family costs its K node sets plus three probes; exact costs one set each */
    if (n_pos > FAMILY_MIN_VARIANCES &&
        n_pos > 3 * ntk_corr_family_estimate_size (sqrt (eff[first_pos]), sqrt (eff[n_g - 1])) / 2 + 3)
      family = ntk_corr_family_new_cancellable (grid, sqrt (eff[first_pos]), sqrt (eff[n_g - 1]),
                                                scratch, cancellable);
  }
  if (g_cancellable_is_cancelled (cancellable))
    {
      ok = FALSE;
      goto out;
    }
  if (family != NULL)
    {
      n_k = ntk_corr_family_size (family);
      weights = g_new0 (double, (gsize) n_g * n_k);
      w_need = g_new (double, (gsize) n_g * n_k);
      slot = g_new (guint, n_g);
      views = g_new0 (NtkCorrSeries, n_g);
      for (guint g = 0; g < n_g; g++)
        {
          slot[g] = G_MAXUINT;
          if (eff[g] > 0)
            ntk_corr_family_weights (family, sqrt (eff[g]), weights + (gsize) g * n_k);
        }
    }

  for (guint g1 = 0; g1 < n_g; g1++)
    {
      guint rows = group_start[g1 + 1] - group_start[g1];
      gboolean interp_row = family != NULL && eff[g1] > 0;
      /* rows all above the cap meeting only columns above it: the limit, no series */
      gboolean need_series = !all_hi[g1] || n_lo2 > 0;
      g_autoptr(NtkCorrHalf) half = NULL;

      if (rows == 0)
        continue;
      if (need_series && coeffs[g1] == NULL)
        coeffs[g1] = interp_row ? ntk_corr_family_coeffs_cancellable (family, sqrt (eff[g1]), cancellable)
                                : ntk_corr_coeffs_new_cancellable (grid, sqrt (eff[g1]), scratch, cancellable);
      if ((need_series && coeffs[g1] == NULL) || g_cancellable_is_cancelled (cancellable))
        {
          ok = FALSE;
          goto out;
        }
      if (need_series && family != NULL)
        {
          guint first = n1, n_need = 0, len;

          half = ntk_corr_half_new_cancellable (family, coeffs[g1], cancellable);
          if (half == NULL)
            {
              ok = FALSE;
              goto out;
            }
          /* the interpolated column groups the rows of this group meet */
          for (guint k = group_start[g1]; k < group_start[g1 + 1]; k++)
            first = MIN (first, row_order[k]);
          for (guint j = sym ? first + 1 : 0; j < n2; j++)
            {
              guint g2 = id2[j];

              if (eff[g2] > 0 && slot[g2] == G_MAXUINT && !(all_hi[g1] && all_hi[g2]))
                {
                  memcpy (w_need + (gsize) n_need * n_k, weights + (gsize) g2 * n_k, n_k * sizeof (double));
                  slot[g2] = n_need++;
                }
            }
          len = ntk_corr_half_length (half);
          if ((gsize) n_need * len > need_cap)
            {
              need_cap = (gsize) n_need * len;
              g_free (e_need);
              g_free (ed_need);
              e_need = g_new (double, need_cap);
              ed_need = g_new (double, need_cap);
            }
          if (!ntk_corr_half_series_many (half, w_need, n_need, e_need, ed_need, cancellable))
            {
              ok = FALSE;
              goto out;
            }
          for (guint c = 0; c < n_need; c++)
            views[c] = (NtkCorrSeries) { len, e_need + (gsize) c * len, ed_need + (gsize) c * len };
        }

      for (guint k = group_start[g1]; k < group_start[g1 + 1]; k++)
        {
          guint i = row_order[k];
          double *q = Q + i * rs;
          double *t = T != NULL ? T + i * rs : NULL;

          if (g_cancellable_is_cancelled (cancellable))
            {
              ok = FALSE;
              goto out;
            }

          for (guint j = sym ? i + 1 : 0; j < n2; j++)
            {
              guint g2 = id2[j];
              double r, c, e, ed, s_new;
              gboolean limit = d1[i] > cap && d2[j] > cap;

              if (G_UNLIKELY (!limit && tables[g2] == NULL && series[g2] == NULL))
                {
                  double q_max = MAX (eff[g1], eff[g2]);

                  /* the first row of a group may build a series for every column group:
                   * look here too (an exact one takes microseconds or more) */
                  if (g_cancellable_is_cancelled (cancellable))
                    {
                      ok = FALSE;
                      goto out;
                    }
                  if (series_is_view (family, eff[g2]))
                    series[g2] = &views[slot[g2]];
                  else
                    {
                      /* an exact set can take milliseconds: look again after it */
                      if (coeffs[g2] == NULL)
                        coeffs[g2] = ntk_corr_coeffs_new_cancellable (grid, sqrt (eff[g2]), scratch,
                                                                      cancellable);
                      if (coeffs[g2] == NULL)
                        {
                          ok = FALSE;
                          goto out;
                        }
                      series[g2] = ntk_corr_series_new_from_coeffs (grid, coeffs[g1], coeffs[g2]);
                    }
                  /* A table costs about as much to build as evaluating the series at
                   * its nodes; worth it only for pairs with more entries than that
                   * (circle data: one pair, all entries). */
                  if ((guint64) rows * col_count[g2] >= ntk_corr_table_n_nodes (q_max))
                    {
                      tables[g2] = ntk_corr_table_new_from_series_cancellable (series[g2], q_max,
                                                                               cancellable);
                      if (!series_is_view (family, eff[g2]))
                        ntk_corr_series_free (series[g2]);
                      series[g2] = NULL;
                      if (tables[g2] == NULL)
                        {
                          ok = FALSE;
                          goto out;
                        }
                    }
                }

              /* a long series (large variances, few entries per pair) costs up to ~10 µs
               * an entry: look every 64 entries (a predictable branch otherwise) */
              if (G_UNLIKELY ((j & 63) == 63) && g_cancellable_is_cancelled (cancellable))
                {
                  ok = FALSE;
                  goto out;
                }
              r = sqrt (d1[i] * d2[j]);
              c = r > 0 ? q[j * cs] / r : 0.0;
              c = c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
              if (limit)
                {
                  /* relu's closed form (as in closed_row) */
                  double sn = sqrt ((1 - c) * (1 + c));
                  double pmt = G_PI - acos (c);

                  e = r * (sn + pmt * c) * (1 / (2 * G_PI));
                  ed = pmt * (1 / (2 * G_PI));
                }
              else
                {
                  if (tables[g2] != NULL)
                    ntk_corr_table_eval (tables[g2], c, &e, &ed);
                  else
                    ntk_corr_series_eval (series[g2], c, &e, &ed);
                  e *= scale1[i] * scale2[j];
                }
              s_new = sw2 * e + sb2;
              if (t != NULL)
                t[j * cs] = s_new + sw2 * ed * t[j * cs];
              q[j * cs] = s_new;
            }
        }
      for (guint g2 = 0; g2 < n_g; g2++)
        {
          g_clear_pointer (&tables[g2], ntk_corr_table_free);
          if (!series_is_view (family, eff[g2]))
            ntk_corr_series_free (series[g2]);
          series[g2] = NULL;
          if (slot != NULL)
            slot[g2] = G_MAXUINT;
        }
      /* with a family, columns never need this row's set again (only a zero variance's) */
      if (family != NULL && eff[g1] > 0)
        g_clear_pointer (&coeffs[g1], ntk_corr_coeffs_free);
    }

out:
  for (guint g = 0; g < n_g; g++)
    {
      ntk_corr_coeffs_free (coeffs[g]);
      ntk_corr_table_free (tables[g]);
      if (!series_is_view (family, eff[g]))
        ntk_corr_series_free (series[g]);
    }
  g_free (coeffs);
  g_free (tables);
  g_free (series);
  return ok;
}

/* A row group costs an interpolated set and K half-series (ntk_corr_half_series_many) whatever
 * its size, so the side with fewer points (fewer distinct variances, as a rule) gives the row
 * groups: test × train (256 × 32) visits 32 rows, not 256, a third of the time at large
 * variances. The pair series are symmetric in the two variances, so only the order of the
 * sums differs (~1e-15 relative). */
static gboolean
numeric_layer (const Arch   *arch,
               gboolean      sym,
               double       *Q,
               double       *T,
               guint         n1,
               guint         n2,
               const double *d1,
               const double *d2,
               GCancellable *cancellable)
{
  if (!sym && n1 > n2)
    return numeric_layer_strided (arch, FALSE, Q, T, n2, n1, d2, d1, 1, n2, cancellable);
  return numeric_layer_strided (arch, sym, Q, T, n1, n2, d1, d2, n2, 1, cancellable);
}

/* First layer: Σ¹ = σ_w² x·x'/d0 + σ_b² (sym: upper triangle only) into Q and, if T is not
 * NULL, T (Θ¹ = Σ¹), and the diagonals. Q and T are usually fresh memory, and a first touch
 * costs ~11 µs a page on the development VM (12 ms for 768², 0.4 s for 4096²), so this goes
 * by blocks of rows too (a multiple of 8 rows; with OpenBLAS 0.3.21 the entries come out
 * bitwise as from one call over all rows). FALSE when cancelled. */
#define FIRST_LAYER_BLOCK 65536     /* entries */

static gboolean
first_layer (const Arch   *arch,
             guint         d0,
             const double *x1,
             guint         n1,
             const double *x2,
             guint         n2,
             gboolean      sym,
             double       *Q,
             double       *T,
             double       *d1,
             double       *d2,
             GCancellable *cancellable)
{
  double alpha = arch->sw2 / d0;
  guint rows = MAX (FIRST_LAYER_BLOCK / n2 / 8, 1) * 8;

  rows = MIN (rows, n1);
  for (guint i0 = 0; i0 < n1; i0 += rows)
    {
      guint m = MIN (rows, n1 - i0);
      double *q = Q + (gsize) i0 * n2;
      const double *a = x1 + (gsize) i0 * d0;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (gsize k = 0; k < (gsize) m * n2; k++)
        q[k] = arch->sb2;
      if (sym)
        {
          cblas_dsyrk (CblasRowMajor, CblasUpper, CblasNoTrans, m, d0,
                       alpha, a, d0, 1.0, q + i0, n1);
          if (i0 + m < n1)
            cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, m, n1 - i0 - m, d0,
                         alpha, a, d0, x1 + (gsize) (i0 + m) * d0, d0, 1.0, q + i0 + m, n1);
        }
      else
        cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, m, n2, d0,
                     alpha, a, d0, x2, d0, 1.0, q, n2);
      if (T != NULL)
        memcpy (T + (gsize) i0 * n2, q, (gsize) m * n2 * sizeof (double));
    }

  for (guint i = 0; i < n1; i++)
    d1[i] = alpha * cblas_ddot (d0, x1 + (gsize) i * d0, 1, x1 + (gsize) i * d0, 1) + arch->sb2;
  if (!sym)
    for (guint j = 0; j < n2; j++)
      d2[j] = alpha * cblas_ddot (d0, x2 + (gsize) j * d0, 1, x2 + (gsize) j * d0, 1) + arch->sb2;
  return TRUE;
}

gboolean
ntk_analytic_kernel_cancellable (const NtkConfig *config,
                                 guint            d0,
                                 const double    *x1,
                                 guint            n1,
                                 const double    *x2,
                                 guint            n2,
                                 double          *ntk,
                                 double          *nngp,
                                 GCancellable    *cancellable)
{
  Arch arch;
  gboolean sym = x2 == NULL;
  g_autofree double *q_own = NULL;
  g_autofree double *d1 = NULL, *d2_own = NULL, *td = NULL;
  double *Q, *T = ntk;
  const double *d2;
  gsize size;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (config->activation < NTK_N_ACTIVATIONS, FALSE);
  g_return_val_if_fail (d0 > 0, FALSE);
  g_return_val_if_fail (n1 == 0 || x1 != NULL, FALSE);
  g_return_val_if_fail (sym || n2 == 0 || x2 != NULL, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  if (sym)
    n2 = n1;
  if (n1 == 0 || n2 == 0 || (ntk == NULL && nngp == NULL))
    return TRUE;

  arch_from_config (config, &arch);
  size = (gsize) n1 * n2;
  Q = nngp != NULL ? nngp : (q_own = g_new (double, size));
  d1 = g_new (double, n1);
  if (sym)
    {
      d2 = d1;
      td = g_new (double, n1);
    }
  else
    d2 = d2_own = g_new (double, n2);

  if (!first_layer (&arch, d0, x1, n1, x2, n2, sym, Q, T, d1, d2_own, cancellable))
    return FALSE;
  if (td != NULL)
    memcpy (td, d1, n1 * sizeof (double));

  for (guint l = 0; l < arch.depth; l++)
    {
      gboolean ok;

      if (ntk_activation_is_closed_form (arch.act))
        ok = closed_layer (&arch, sym, Q, T, n1, n2, d1, d2, cancellable);
      else
        ok = numeric_layer (&arch, sym, Q, T, n1, n2, d1, d2, cancellable);

      /* the diagonals last: the entries above needed the layer-l variances */
      ok = ok && diag_step (&arch, d1, td, n1, cancellable);
      if (ok && !sym)
        ok = diag_step (&arch, d2_own, NULL, n2, cancellable);
      if (!ok)
        return FALSE;
    }

  if (sym)
    {
      /* the diagonal from the diagonal recursion (so that it equals ntk_analytic_kernel_diag
       * exactly), the lower triangle by symmetry */
      for (guint i = 0; i < n1; i++)
        {
          /* strided reads: a long pass at large n */
          if (g_cancellable_is_cancelled (cancellable))
            return FALSE;
          Q[(gsize) i * n1 + i] = d1[i];
          if (T != NULL)
            T[(gsize) i * n1 + i] = td[i];
          for (guint j = 0; j < i; j++)
            {
              Q[(gsize) i * n1 + j] = Q[(gsize) j * n1 + i];
              if (T != NULL)
                T[(gsize) i * n1 + j] = T[(gsize) j * n1 + i];
            }
        }
    }
  return TRUE;
}

void
ntk_analytic_kernel (const NtkConfig *config,
                     guint            d0,
                     const double    *x1,
                     guint            n1,
                     const double    *x2,
                     guint            n2,
                     double          *ntk,
                     double          *nngp)
{
  ntk_analytic_kernel_cancellable (config, d0, x1, n1, x2, n2, ntk, nngp, NULL);
}

gboolean
ntk_analytic_kernel_diag_cancellable (const NtkConfig *config,
                                      guint            d0,
                                      const double    *x,
                                      guint            n,
                                      double          *ntk_diag,
                                      double          *nngp_diag,
                                      GCancellable    *cancellable)
{
  Arch arch;
  g_autofree double *q = NULL, *th = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (config->activation < NTK_N_ACTIVATIONS, FALSE);
  g_return_val_if_fail (d0 > 0, FALSE);
  g_return_val_if_fail (n == 0 || x != NULL, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  if (n == 0 || (ntk_diag == NULL && nngp_diag == NULL))
    return TRUE;

  arch_from_config (config, &arch);
  q = g_new (double, n);
  th = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      q[i] = arch.sw2 / d0 * cblas_ddot (d0, x + (gsize) i * d0, 1, x + (gsize) i * d0, 1) + arch.sb2;
      th[i] = q[i];
    }
  for (guint l = 0; l < arch.depth; l++)
    if (!diag_step (&arch, q, th, n, cancellable))
      return FALSE;

  if (nngp_diag != NULL)
    memcpy (nngp_diag, q, n * sizeof (double));
  if (ntk_diag != NULL)
    memcpy (ntk_diag, th, n * sizeof (double));
  return TRUE;
}

void
ntk_analytic_kernel_diag (const NtkConfig *config,
                          guint            d0,
                          const double    *x,
                          guint            n,
                          double          *ntk_diag,
                          double          *nngp_diag)
{
  ntk_analytic_kernel_diag_cancellable (config, d0, x, n, ntk_diag, nngp_diag, NULL);
}
