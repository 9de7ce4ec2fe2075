/* ntk-run-common.h — what the run loop and the sweeps share: the resolved configuration of a
 * data set, the divergence bound and two sums of squares
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the engine (ntk-experiment.c, ntk-sweep.c). A sweep trains its networks by the
 * same rules as the run loop, so the rules live here once.
 */
#pragma once

#include "ntk-dataset.h"

G_BEGIN_DECLS

/* Training has diverged once the loss is not finite or exceeds this factor times
 * max(ℒ_0, 1); why 10⁶ is explained at the top of ntk-experiment.c. */
#define NTK_DIVERGENCE_FACTOR 1e6

/* The largest training loss that still counts as converging, given ℒ_0 (finite). */
double     ntk_run_loss_bound      (double            loss0);

/* A copy of @config with n_train and n_test as @data has them (a CSV decides its own n). */
NtkConfig *ntk_run_resolve_config  (const NtkConfig  *config,
                                    const NtkDataset *data);

/* ℒ = 1/(2n) Σ (f − y)²; NaN as soon as one target is unknown (NaN). */
double     ntk_half_mse            (const double     *f,
                                    const double     *y,
                                    guint             n);

/* ‖a − b‖₂ over n entries (the Frobenius distance of two matrices). */
double     ntk_frobenius_distance  (const double     *a,
                                    const double     *b,
                                    gsize             n);

G_END_DECLS
