/* ntk-dynamics.h — training dynamics in kernel form (math.md §5, §6): eigendecomposition,
 * the NTK-linearized model, per-eigenvalue errors and the infinite-width NTK-GP
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-config.h"

G_BEGIN_DECLS

/* K = Q Λ Qᵀ by one LAPACKE_dsyevd. Eigenvalues in DESCENDING order (rank 0 = largest);
 * negative eigenvalues (round-off of a PSD kernel) are clipped to 0 and counted. */
typedef struct {
  guint   n;
  double *eigval;      /* n, descending, ≥ 0 after clipping */
  double *eigvec;      /* n × n row-major: eigvec[j * n + i] = (q_i)_j */
  guint   n_clipped;   /* eigenvalues that were < 0 before clipping */
  double  lambda_max;
  double  lambda_min;  /* after clipping */
  double  condition;   /* λ_max / λ_min (INFINITY when λ_min = 0) */
} NtkEigen;

NtkEigen *ntk_eigen_new   (const double *K, guint n, GError **error);
NtkEigen *ntk_eigen_copy  (const NtkEigen *self);
void      ntk_eigen_free  (NtkEigen *self);

/* η_crit = 2n / λ_max(Θ̂_0) */
double    ntk_eta_crit    (const NtkEigen *eig_ntk0, guint n);

/* c = Qᵀ v  (projection on the eigenbasis, n values) */
void      ntk_eigen_project (const NtkEigen *self, const double *v, double *c);

typedef enum {
  NTK_TIME_DISCRETE,  /* discrete GD: (1 − ηλ/n)^k, exact for the linearized model under our GD */
  NTK_TIME_FLOW,      /* gradient flow: e^{−λ t / n}, t = ηk */
} NtkTimeModel;

/* The linearized network f_lin around θ_0 under the same GD (math.md §5). Setup is O(n² n_test);
 * each prediction afterwards is O(n · (n + n_test)). */
typedef struct _NtkLinearized NtkLinearized;

NtkLinearized *ntk_linearized_new     (const NtkEigen *eig_ntk0,          /* borrowed, must outlive */
                                       const double *ntk0_test_train,     /* n_test × n */
                                       const double *f0_train, const double *f0_test,
                                       const double *y, guint n, guint n_test, double eta);
void           ntk_linearized_free    (NtkLinearized *self);
/* Predictions after k steps (discrete) or at t = η k (flow). f_train (n) / f_test (n_test) may be NULL. */
void           ntk_linearized_predict (const NtkLinearized *self, NtkTimeModel model, guint k,
                                       double *f_train, double *f_test);
/* e_{i,k} = q_iᵀ (f_lin,k(X) − y) for every mode i (n values, rank order). */
void           ntk_linearized_mode_errors (const NtkLinearized *self, NtkTimeModel model, guint k,
                                           double *e);

/* Infinite-width NTK-GP (Lee et al. 2019): mean and variance of the prediction at time t,
 * t = INFINITY giving kernel regression Θ(x*,X)Θ⁻¹y. Θ's negative eigenvalues are clipped (counted). */
typedef struct _NtkInfinite NtkInfinite;

NtkInfinite *ntk_infinite_new     (const double *ntk_train,        /* n × n */
                                   const double *nngp_train,       /* n × n */
                                   const double *ntk_test_train,   /* n_test × n */
                                   const double *nngp_test_train,  /* n_test × n */
                                   const double *nngp_test_diag,   /* n_test */
                                   const double *y, guint n, guint n_test,
                                   GError **error);
void         ntk_infinite_free    (NtkInfinite *self);
const NtkEigen *ntk_infinite_get_eigen (const NtkInfinite *self);   /* of the analytic Θ */
/* mean_train (n), mean_test (n_test), var_test (n_test); any may be NULL. */
void         ntk_infinite_predict (const NtkInfinite *self, double t,
                                   double *mean_train, double *mean_test, double *var_test);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkEigen, ntk_eigen_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkLinearized, ntk_linearized_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkInfinite, ntk_infinite_free)

G_END_DECLS
