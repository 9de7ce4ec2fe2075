/* ntk-activation.h — the nonlinearities φ, their derivatives and the Gaussian expectations
 * that define the infinite-width kernel maps (math.md §3)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-config.h"

G_BEGIN_DECLS

/* φ and φ' applied elementwise; @leaky_slope is used by leaky_relu only. */
void     ntk_activation_apply      (NtkActivation act, double leaky_slope,
                                    const double *h, double *phi, double *dphi, gsize n); /* dphi may be NULL */
double   ntk_activation_phi        (NtkActivation act, double leaky_slope, double u);
double   ntk_activation_dphi       (NtkActivation act, double leaky_slope, double u);

/* TRUE when math.md §3 gives a closed form (identity relu leaky_relu abs erf sin);
 * FALSE for the ones integrated numerically (legends mark those). */
gboolean ntk_activation_is_closed_form (NtkActivation act);

/* The 2-d Gaussian expectations for (u,v) ~ N(0, [[q11,q12],[q12,q22]]):
 *   *e   = 𝔼[φ(u)φ(v)]      *ed = 𝔼[φ'(u)φ'(v)]
 * closed form or quadrature (≤ 1e-6 relative for variances up to 1e4). */
void     ntk_activation_expect     (NtkActivation act, double leaky_slope,
                                    double q11, double q22, double q12,
                                    double *e, double *ed);
/* Reference quadrature (slow, accurate) for any activation: used by tests to check closed forms. */
void     ntk_activation_expect_quadrature (NtkActivation act, double leaky_slope,
                                           double q11, double q22, double q12,
                                           double *e, double *ed);

G_END_DECLS
