/* ntk-corr-table.h — private: fast 𝔼[φ(u)φ(v)], 𝔼[φ'(u)φ'(v)] as functions of the correlation
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For fixed variances (q11, q22) both expectations are smooth functions of the correlation
 * c ∈ [−1, 1]. NtkCorrSeries holds them as Chebyshev series in c (exact up to ~1e-13);
 * NtkCorrTable turns a series into piece-wise Chebyshev interpolants on panels graded
 * geometrically towards c = ±1, where a large variance makes them change fast, so that one
 * evaluation costs two short Clenshaw sums.
 */
#pragma once

#include <gio/gio.h>

#include "ntk-config.h"
#include "ntk-chebyshev.h"

G_BEGIN_DECLS

/* Chebyshev–Mehler series: 𝔼(c) = Σ_k e[k] T_k(c), 𝔼'(c) = Σ_k ed[k] T_k(c). */
typedef struct {
  guint   n;
  double *e;
  double *ed;
} NtkCorrSeries;

/* Any smooth activation (tanh sigmoid softplus gelu silu, also erf and sin for testing);
 * not for the piece-wise linear ones (their φ' jumps). */
NtkCorrSeries *ntk_corr_series_new  (NtkActivation act, double leaky_slope,
                                     double q11, double q22);

/* The same in pieces, so that many pairs of variances share the work: the radial
 * quadrature grid (good for every standard deviation ≤ a_max), the Chebyshev coefficients
 * of one standard deviation a on it, and the series of a pair from two of those. */
typedef struct _NtkCorrGrid NtkCorrGrid;
typedef struct _NtkCorrCoeffs NtkCorrCoeffs;
typedef struct {
  NtkChebyshevPlan *plan;
  double           *samples, *a, *ad;
} NtkCorrScratch;    /* per thread */

/* Open to the files of this family (ntk-corr-*.c) only. */
#define NTK_CORR_MAX_NODES (64 * 10)

struct _NtkCorrGrid {
  NtkActivation act;
  double        slope;
  double        a_max;
  guint         n_nodes;
  double        r[NTK_CORR_MAX_NODES];
  double        w[NTK_CORR_MAX_NODES];     /* GL weight × r e^{−r²/2} */
  double        tol[NTK_CORR_MAX_NODES];   /* tail tolerance of the coefficients at this node */
};

struct _NtkCorrCoeffs {
  guint   n_nodes;
  guint  *len;        /* coefficients kept at node i */
  gsize  *offset;     /* of node i in c and cd */
  double *c;          /* A_k(a r_i) */
  double *cd;         /* A'_k(a r_i) */
};

NtkCorrGrid   *ntk_corr_grid_new      (NtkActivation act, double leaky_slope, double a_max);
void           ntk_corr_grid_free     (NtkCorrGrid *grid);
double         ntk_corr_grid_a_max    (const NtkCorrGrid *grid);
NtkCorrScratch *ntk_corr_scratch_new  (void);
void           ntk_corr_scratch_free  (NtkCorrScratch *scratch);
NtkCorrCoeffs *ntk_corr_coeffs_new    (const NtkCorrGrid *grid, double a, NtkCorrScratch *scratch);
/* The same, looking at @cancellable (may be NULL) between radial nodes (at most a few ms
 * each, at the largest variances): NULL when cancelled. */
NtkCorrCoeffs *ntk_corr_coeffs_new_cancellable (const NtkCorrGrid *grid, double a,
                                                NtkCorrScratch *scratch,
                                                GCancellable *cancellable);
void           ntk_corr_coeffs_free   (NtkCorrCoeffs *coeffs);
NtkCorrSeries *ntk_corr_series_new_from_coeffs (const NtkCorrGrid *grid,
                                                const NtkCorrCoeffs *ca,
                                                const NtkCorrCoeffs *cb);
void           ntk_corr_series_free (NtkCorrSeries *series);
/* The length a series keeps once the terms whose sum is below 1e-15 of Σ|e_k| (and of
 * Σ|ed_k|) are dropped from its end; ntk_corr_series_new_from_coeffs returns series so
 * trimmed. */
guint          ntk_corr_series_trimmed_length (const double *e, const double *ed, guint n);
void           ntk_corr_series_eval (const NtkCorrSeries *series, double c,
                                     double *e, double *ed);

#define NTK_CORR_TABLE_ORDER 16   /* Chebyshev points per panel */

typedef struct {
  guint   n_panels;     /* panels per side; the last one reaches c = ±1 */
  double  q_max;        /* the largest variance the grading was made for */
  /* coef[((side · n_panels + panel) · 2 + f) · ORDER + k]: side 0 is c ≥ 0, 1 is c < 0;
   * f = 0 for 𝔼, 1 for 𝔼'; in the panel's local variable t ∈ [−1, 1]. */
  double *coef;
} NtkCorrTable;

/* Panels for variances up to q_max (the grading depends only on that). */
NtkCorrTable  *ntk_corr_table_new_from_series (const NtkCorrSeries *series, double q_max);
/* The same, looking at @cancellable (may be NULL) per panel: NULL when cancelled. */
NtkCorrTable  *ntk_corr_table_new_from_series_cancellable (const NtkCorrSeries *series,
                                                           double q_max,
                                                           GCancellable *cancellable);
NtkCorrTable  *ntk_corr_table_new  (NtkActivation act, double leaky_slope,
                                    double q11, double q22);
void           ntk_corr_table_free (NtkCorrTable *table);
/* The number of series evaluations a table for variances up to q_max is built from. */
guint          ntk_corr_table_n_nodes (double q_max);

/* Where the panel coefficients of c live: a pointer to the 2·ORDER coefficients (𝔼 then 𝔼')
 * of the panel and the local variable t. Split out so that callers can combine several
 * tables' coefficients (interpolation in the variances) before summing. */
static inline const double *
ntk_corr_table_locate (const NtkCorrTable *table,
                       double              c,
                       double             *t)
{
  guint last = table->n_panels - 1;
  guint side = c < 0;
  double x = 1.0 - fabs (c);          /* exact for |c| ≥ ½ (Sterbenz) */
  int ex;
  guint panel;
  double lo, hi;

  if (x < 0)
    x = 0;
  (void) frexp (x, &ex);              /* x ∈ [2^{ex−1}, 2^{ex}) */
  if (x == 0 || -ex >= (int) last)
    {
      panel = last;
      lo = 0;
      hi = ldexp (1.0, -(int) last);
    }
  else if (ex >= 0)                   /* x ∈ [½, 1] */
    {
      panel = 0;
      lo = 0.5;
      hi = 1.0;
    }
  else
    {
      panel = -ex;
      hi = ldexp (1.0, ex);
      lo = 0.5 * hi;
    }
  *t = (2 * x - lo - hi) / (hi - lo);
  return table->coef + ((side * table->n_panels + panel) * 2) * NTK_CORR_TABLE_ORDER;
}

static inline void
ntk_corr_table_eval (const NtkCorrTable *table,
                     double              c,
                     double             *e,
                     double             *ed)
{
  double t;
  const double *a = ntk_corr_table_locate (table, c, &t);
  const double *b = a + NTK_CORR_TABLE_ORDER;
  double a1 = 0, a2 = 0, b1 = 0, b2 = 0, t2 = 2 * t;

  for (int k = NTK_CORR_TABLE_ORDER - 1; k >= 1; k--)
    {
      double ta = t2 * a1 - a2 + a[k];
      double tb = t2 * b1 - b2 + b[k];
      a2 = a1;
      a1 = ta;
      b2 = b1;
      b1 = tb;
    }
  *e = t * a1 - a2 + a[0];
  *ed = t * b1 - b2 + b[0];
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrSeries, ntk_corr_series_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrGrid, ntk_corr_grid_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrCoeffs, ntk_corr_coeffs_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrScratch, ntk_corr_scratch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrTable, ntk_corr_table_free)

G_END_DECLS
