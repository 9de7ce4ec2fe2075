/* ntk-corr-family.h — private: Chebyshev–Mehler coefficients for many variances at once
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a layer has many distinct variances (inputs of different norms: interval, CSV or
 * random data), computing every one's coefficient set (ntk_corr_coeffs_new) dominates.
 * A family computes the sets at K Chebyshev nodes in log a (a = √q) over the layer's range
 * and interpolates: the coefficients A_k(a r) are analytic in a in the right half-plane,
 * i.e. in a strip around the real axis of log a, so the interpolation converges
 * geometrically. The family checks itself against exact sets at probe points and refuses
 * (returns NULL) when it cannot reach its tolerance; the caller then uses exact sets.
 *
 * For a row with set A and a column of standard deviation b, the pair series is
 *   E_k = Σ_m L_m(b) H_{m,k},   H_m = series(A, C_m)   (C_m the node sets),
 * so a row costs K half-series and every pair then only K·n multiply-adds.
 */
#pragma once

#include "ntk-corr-table.h"

G_BEGIN_DECLS

typedef struct _NtkCorrFamily NtkCorrFamily;
typedef struct _NtkCorrHalf NtkCorrHalf;

/* Standard deviations in [a_lo, a_hi], 0 < a_lo ≤ a_hi ≤ ntk_corr_grid_a_max (grid). */
NtkCorrFamily *ntk_corr_family_new   (const NtkCorrGrid *grid, double a_lo, double a_hi,
                                      NtkCorrScratch *scratch);
/* The same, looking at @cancellable (may be NULL) before each coefficient set it computes:
 * NULL when cancelled too (the caller tells the two apart by the cancellable). */
NtkCorrFamily *ntk_corr_family_new_cancellable (const NtkCorrGrid *grid,
                                                double a_lo, double a_hi,
                                                NtkCorrScratch *scratch,
                                                GCancellable *cancellable);
void           ntk_corr_family_free  (NtkCorrFamily *family);
/* The node count a family over [a_lo, a_hi] will start from (it may grow when verifying). */
guint          ntk_corr_family_estimate_size (double a_lo, double a_hi);
guint          ntk_corr_family_size  (const NtkCorrFamily *family);

/* The (interpolated) coefficient set of standard deviation a in the family's range. */
NtkCorrCoeffs *ntk_corr_family_coeffs (const NtkCorrFamily *family, double a);
/* The same, looking at @cancellable (may be NULL) per node: NULL when cancelled. */
NtkCorrCoeffs *ntk_corr_family_coeffs_cancellable (const NtkCorrFamily *family, double a,
                                                   GCancellable *cancellable);

/* The half-series of a row set against every node; pair series for columns come from it
 * by interpolation (ntk_corr_half_series_many below). */
NtkCorrHalf   *ntk_corr_half_new     (const NtkCorrFamily *family, const NtkCorrCoeffs *row);
/* The same, looking at @cancellable (may be NULL) per node: NULL when cancelled. */
NtkCorrHalf   *ntk_corr_half_new_cancellable (const NtkCorrFamily *family,
                                              const NtkCorrCoeffs *row,
                                              GCancellable *cancellable);
void           ntk_corr_half_free    (NtkCorrHalf *half);

/* The pair series of n_b columns at once, as matrix products. @weights holds the n_b rows of
 * interpolation weights (ntk_corr_family_weights, K = ntk_corr_family_size each) of the
 * columns' standard deviations; e and ed (n_b × ntk_corr_half_length) receive the series'
 * coefficients, one column per row. FALSE when @cancellable (may be NULL) is cancelled. */
void           ntk_corr_family_weights   (const NtkCorrFamily *family, double b, double *l);
guint          ntk_corr_half_length      (const NtkCorrHalf *half);
gboolean       ntk_corr_half_series_many (const NtkCorrHalf *half, const double *weights,
                                          guint n_b, double *e, double *ed,
                                          GCancellable *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrFamily, ntk_corr_family_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrHalf, ntk_corr_half_free)

G_END_DECLS
