/* ntk-kernel.h — analytic infinite-width kernels (NNGP Σ, NTK Θ; math.md §3) and the
 * empirical NTK of a finite network by the structured per-layer formula (math.md §4)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ntk-config.h"
#include "ntk-mlp.h"

G_BEGIN_DECLS

/* Analytic output kernels Σ^{L+1}, Θ^{L+1} of the architecture in @config between the rows of
 * x1 (n1 × d0) and x2 (n2 × d0). x2 = NULL means x2 = x1 (symmetric; half the work).
 * ntk / nngp (n1 × n2 row-major) may each be NULL. */
void ntk_analytic_kernel      (const NtkConfig *config, guint d0,
                               const double *x1, guint n1,
                               const double *x2, guint n2,
                               double *ntk, double *nngp);
/* Diagonal Θ(x,x), Σ(x,x) for the rows of x (n × d0); either output may be NULL. */
void ntk_analytic_kernel_diag (const NtkConfig *config, guint d0,
                               const double *x, guint n,
                               double *ntk_diag, double *nngp_diag);

/* The same two, giving up soon after @cancellable (may be NULL) is cancelled: it is looked
 * at per layer, per block of rows and per coefficient set, i.e. every few milliseconds of
 * work. Return FALSE when cancelled, the outputs then holding unspecified values; otherwise
 * TRUE with results bitwise equal to those of the functions above. */
gboolean ntk_analytic_kernel_cancellable      (const NtkConfig *config, guint d0,
                                               const double *x1, guint n1,
                                               const double *x2, guint n2,
                                               double *ntk, double *nngp,
                                               GCancellable *cancellable);
gboolean ntk_analytic_kernel_diag_cancellable (const NtkConfig *config, guint d0,
                                               const double *x, guint n,
                                               double *ntk_diag, double *nngp_diag,
                                               GCancellable *cancellable);

/* Empirical NTK Θ̂(x1, x2) = J(x1) J(x2)ᵀ of @mlp, never forming J.
 * x2 = NULL means x2 = x1 (SYRK path, symmetric result). out is n1 × n2 row-major. */
void ntk_empirical_ntk        (const NtkMlp *mlp,
                               const double *x1, guint n1,
                               const double *x2, guint n2,
                               double *out);
/* The same, reusing caches already filled by ntk_mlp_forward + ntk_mlp_backward(dout = NULL). */
void ntk_empirical_ntk_cached (const NtkMlp *mlp,
                               NtkMlpCache *c1, guint n1,
                               NtkMlpCache *c2, guint n2,   /* c2 = NULL: symmetric */
                               double *out);

/* The same two, looking at @cancellable (may be NULL) between the per-layer products, which
 * are split into blocks of rows of a few milliseconds each when large. FALSE when cancelled
 * (out unspecified), otherwise TRUE with out bitwise as above. */
gboolean ntk_empirical_ntk_cancellable        (const NtkMlp *mlp,
                                               const double *x1, guint n1,
                                               const double *x2, guint n2,
                                               double *out,
                                               GCancellable *cancellable);
gboolean ntk_empirical_ntk_cached_cancellable (const NtkMlp *mlp,
                                               NtkMlpCache *c1, guint n1,
                                               NtkMlpCache *c2, guint n2,
                                               double *out,
                                               GCancellable *cancellable);

G_END_DECLS
