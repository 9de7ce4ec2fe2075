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
#include "ntk-snapshot.h"

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

/* Θ̂_k over the test points costs, per snapshot, a forward and backward pass over those points
 * and their Gram products: about F(M) = 4·M·P + M²·S flops for M points (P parameters,
 * S = Σ_l fan-in + fan-out). The budget is the larger of 2²⁶ flops (about 2 ms, so small runs
 * always have it) and a tenth of the GD work between two snapshots (6·n·P per step). Small
 * batches run at a lower flop rate than the GD step's, so in time that is about 15 % of the
 * GD steps (measured: 52 of 256 points at the default width 512, ~2 ms per snapshot). Returns the smallest stride s whose ⌈n_test/s⌉ points fit, with
 * their number in *n_points; 0 (and *n_points = 0) when n_test > NTK_TEST_KERNEL_MAX_POINTS or
 * fewer than NTK_NTK_K_TEST_MIN_POINTS points would fit. */
#define NTK_NTK_K_TEST_MIN_POINTS 16
guint      ntk_run_ntk_k_test_stride (const NtkConfig *config,
                                      guint            n_train,
                                      guint            n_test,
                                      guint            d0,
                                      guint           *n_points);

/* ‖a − b‖₂ over n entries (the Frobenius distance of two matrices). */
double     ntk_frobenius_distance  (const double     *a,
                                    const double     *b,
                                    gsize             n);

G_END_DECLS
