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
void           ntk_corr_family_free  (NtkCorrFamily *family);
/* The node count a family over [a_lo, a_hi] will start from (it may grow when verifying). */
guint          ntk_corr_family_estimate_size (double a_lo, double a_hi);
guint          ntk_corr_family_size  (const NtkCorrFamily *family);

/* The (interpolated) coefficient set of standard deviation a in the family's range. */
NtkCorrCoeffs *ntk_corr_family_coeffs (const NtkCorrFamily *family, double a);

/* The half-series of a row set against every node, then the pair series for a column. */
NtkCorrHalf   *ntk_corr_half_new     (const NtkCorrFamily *family, const NtkCorrCoeffs *row);
void           ntk_corr_half_free    (NtkCorrHalf *half);
NtkCorrSeries *ntk_corr_half_series  (const NtkCorrHalf *half, double b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrFamily, ntk_corr_family_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCorrHalf, ntk_corr_half_free)

G_END_DECLS
