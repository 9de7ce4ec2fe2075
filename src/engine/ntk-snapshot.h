/* ntk-snapshot.h — what one moment of a run looks like, for plots, the status line and files
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot is immutable and refcounted (g_atomic_rc_box), so the worker thread can hand
 * it to the main thread and forget it. What does not change during a run (data, Θ̂_0, Θ, Σ,
 * eigenpairs, η_crit) lives in NtkRunConstants, shared by every snapshot of the run.
 * The run's history (losses, drifts, tracked mode errors per published step) is one
 * append-only NtkHistory allocated at full capacity when the run starts: a snapshot reads
 * only its first history_len entries, which are never written again.
 *
 * All matrices are row-major. Training points are in data set order; test points in grid order.
 */
#pragma once

#include "ntk-config.h"
#include "ntk-dataset.h"
#include "ntk-dynamics.h"

G_BEGIN_DECLS

#define NTK_MAX_TRACKED_MODES 32

/* Kernels over the test points (test × test) are kept up to this many test points: 1024² doubles
 * are 8 MiB per kernel, and the heatmap shows at most 1024 cells per side anyway. */
#define NTK_TEST_KERNEL_MAX_POINTS 1024

typedef enum {
  NTK_RUN_RUNNING,
  NTK_RUN_FINISHED,   /* reached config->steps */
  NTK_RUN_DIVERGED,   /* NaN/Inf or loss beyond the bound: see diverged_step and message */
} NtkRunState;

typedef enum {
  NTK_LOSS_FINITE_TRAIN,
  NTK_LOSS_FINITE_TEST,
  NTK_LOSS_LIN_TRAIN,
  NTK_LOSS_LIN_TEST,
  NTK_LOSS_INF_TRAIN,
  NTK_LOSS_INF_TEST,
  NTK_N_LOSSES
} NtkLossKind;
/* Test losses compare with the target function on the grid (NaN when it is unknown). */

typedef struct {
  NtkConfig  *config;            /* resolved configuration (csv: n_train from the file) */
  NtkDataset *data;
  guint       n, n_test;
  double     *ntk0;              /* Θ̂_0, n × n */
  double     *ntk0_test;         /* Θ̂_0(test, train), n_test × n */
  double     *ntk;               /* analytic Θ, n × n */
  double     *ntk_test;          /* n_test × n */
  double     *nngp;              /* analytic Σ, n × n */
  double     *nngp_test;         /* n_test × n */
  double     *nngp_test_diag;    /* n_test */
  NtkEigen   *eig0;              /* of Θ̂_0 */
  NtkEigen   *eig;               /* of Θ (analytic) */
  double      eta_crit;          /* 2n / λ_max(Θ̂_0) */
  double     *f0_train, *f0_test;/* network outputs at initialization */
  double     *kernel_regression_test;  /* t → ∞ infinite-width prediction Θ(x*,X)Θ⁻¹y, n_test */
  double     *mode0;             /* e_{i,0} = q_iᵀ(f_0 − y), n, rank order of eig0 */
  double      theta0_norm;       /* ‖θ_0‖ */
  double      ntk0_norm;         /* ‖Θ̂_0‖_F */
  double      init_kernel_error; /* ‖Θ̂_0 − Θ‖_F / ‖Θ‖_F */
  guint       n_modes_tracked;   /* min(n, NTK_MAX_TRACKED_MODES) */

  /* Kernels over the test points, n_test × n_test in grid order, symmetric; all three NULL when
   * n_test > NTK_TEST_KERNEL_MAX_POINTS. */
  double     *ntk0_test_test;    /* Θ̂_0(test, test) */
  double     *ntk_test_test;     /* analytic Θ(test, test) */
  double     *nngp_test_test;    /* analytic Σ(test, test); its diagonal is nngp_test_diag */
  /* Θ̂_k over the test points costs a backward pass and a Gram product per snapshot, so the
   * snapshots carry it (NtkSnapshot.ntk_k_test) on the grid points 0, s, 2s, … only, with the
   * smallest stride s whose cost fits a budget (ntk-run-common.c); n_ntk_k_test = ⌈n_test / s⌉
   * points. Both 0 when it is not tracked (test kernels NULL, or too costly for this size). */
  guint       ntk_k_test_stride;
  guint       n_ntk_k_test;
} NtkRunConstants;

typedef struct {
  guint   capacity;              /* published steps the run can have */
  guint  *step;                  /* capacity */
  double *t;                     /* capacity: η · step */
  double *loss[NTK_N_LOSSES];    /* capacity each */
  double *kernel_drift;          /* ‖Θ̂_k − Θ̂_0‖_F / ‖Θ̂_0‖_F */
  double *weight_drift;          /* ‖θ_k − θ_0‖ / ‖θ_0‖ */
  double *rmse_lin;              /* RMSE finite vs linearized on the test grid */
  double *mode_finite;           /* capacity × n_modes_tracked: q_iᵀ(f_k − y) */
  double *mode_lin;              /* capacity × n_modes_tracked: discrete-GD theory */
} NtkHistory;

typedef struct {
  guint64          run_id;       /* unique per process; the app drops snapshots of stale runs */
  NtkRunState      state;
  guint            step;         /* GD steps taken */
  double           t;            /* η · step */
  guint            diverged_step;/* state DIVERGED: the step where it was detected */
  char            *message;      /* one translated line for the status bar, e.g. "Diverged at step 12 (loss 3.1e+14)" */

  NtkRunConstants *constants;    /* shared, owned by the snapshot */
  NtkHistory      *history;      /* shared; valid entries: [0, history_len) */
  guint            history_len;

  /* current values (state DIVERGED: the last finite values before divergence) */
  double          *f_train, *f_test;      /* finite network */
  double          *lin_train, *lin_test;  /* linearized, discrete GD at the same step */
  double          *inf_train, *inf_test;  /* infinite-width NTK-GP mean at t */
  double          *inf_var_test;          /* its variance (≥ 0) */
  double          *ntk_k;                 /* Θ̂_k, n × n */
  double          *mode_finite;           /* n: q_iᵀ(f_k − y) */
  double          *mode_lin;              /* n: (1 − ηλ_i/n)^k e_{i,0} */
  double           loss[NTK_N_LOSSES];
  double           kernel_drift, weight_drift, rmse_finite_vs_lin;
  double           eta_over_eta_crit;

  /* Θ̂_k over the test points 0, s, 2s, … (s = constants->ntk_k_test_stride),
   * n_ntk_k_test × n_ntk_k_test; NULL when constants->n_ntk_k_test is 0 */
  double          *ntk_k_test;
} NtkSnapshot;

NtkSnapshot *ntk_snapshot_ref   (NtkSnapshot *self);
void         ntk_snapshot_unref (NtkSnapshot *self);
const char  *ntk_run_state_to_string (NtkRunState state);  /* "running" "finished" "diverged" */

/* The constants and the history are shared by every snapshot of a run (g_atomic_rc_box);
 * take a ref to keep one beyond the snapshot it came with. */
NtkRunConstants *ntk_run_constants_ref   (NtkRunConstants *self);
void             ntk_run_constants_unref (NtkRunConstants *self);
NtkHistory      *ntk_history_ref         (NtkHistory *self);
void             ntk_history_unref       (NtkHistory *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkSnapshot, ntk_snapshot_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkRunConstants, ntk_run_constants_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkHistory, ntk_history_unref)

G_END_DECLS
