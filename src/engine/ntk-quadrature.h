/* ntk-quadrature.h — private: Gaussian expectations of activations by adaptive quadrature
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by ntk-activation.c (single expectations, the reference quadrature) and by
 * ntk-kernel-analytic.c (diagonals, and the nodes of its correlation tables).
 */
#pragma once

#include "ntk-config.h"

G_BEGIN_DECLS

/* Relative tolerances (relative to the Cauchy–Schwarz scale √(𝔼φ(u)² 𝔼φ(v)²) of the result). */
#define NTK_QUADRATURE_REFERENCE_TOL 1e-12

/* 𝔼[φ(u)φ(v)], 𝔼[φ'(u)φ'(v)] for (u,v) ~ N(0, [[q11,q12],[q12,q22]]) by nested adaptive
 * Gauss–Kronrod over the Cholesky factor, split where φ changes fast. Any activation. */
void   ntk_quadrature_expect       (NtkActivation act, double leaky_slope,
                                    double q11, double q22, double q12, double tol,
                                    double *e, double *ed);

/* 1-d: *m = 𝔼[φ(u)²], *md = 𝔼[φ'(u)²] for u ~ N(0, q) (the kernel diagonal). Any activation. */
void   ntk_quadrature_expect_diag  (NtkActivation act, double leaky_slope,
                                    double q, double tol, double *m, double *md);

/* The closed forms of math.md §3 (identity relu leaky_relu abs erf sin only). */
void   ntk_activation_expect_closed (NtkActivation act, double leaky_slope,
                                     double q11, double q22, double q12,
                                     double *e, double *ed);

/* φ'' (for the exact c-derivative of 𝔼[φ'(u)φ'(v)], Price's theorem); 0 at kinks. */
double ntk_activation_d2phi        (NtkActivation act, double leaky_slope, double u);

/* Half-width, in units of u, of the region where φ differs from its asymptotes by more than
 * ~1e-13 of its scale: outside it φ is (piece-wise) linear or constant. 0 for piece-wise
 * linear φ (a kink only), +inf for sin (never asymptotic). */
double ntk_activation_transition_width (NtkActivation act);

G_END_DECLS
