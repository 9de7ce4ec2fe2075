/* ntk-sweep.h — many networks at once: width sweeps, seed ensembles and kernel slices
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is cancellable (checked between networks and between steps) and reports progress.
 */
#pragma once

#include <gio/gio.h>
#include "ntk-experiment.h"

G_BEGIN_DECLS

/* Width sweep: for every width × seed, kernel drift after config->steps GD steps and
 * ‖Θ̂_0 − Θ‖_F / ‖Θ‖_F; with least-squares slopes of log(mean) against log(width)
 * (≈ −1/2 for the initial error; the drift of a trained net falls faster, between −1/2 and
 * −1: measured ≈ −0.9 for erf, depth 2, η = η_crit/2, cf. Dyer & Gur-Ari 2019).
 * Every network trains on the data set of @base; a network that diverges ends the sweep with
 * an NTK_CONFIG_ERROR_INVALID naming its width and seed. */
typedef struct {
  guint   n_widths, n_seeds;
  guint  *widths;               /* n_widths, as given */
  double *kernel_drift;         /* n_widths × n_seeds */
  double *init_error;           /* n_widths × n_seeds */
  double *kernel_drift_mean;    /* n_widths */
  double *init_error_mean;      /* n_widths */
  double  drift_slope, init_error_slope;
  guint   steps;
  NtkConfig *config;            /* the base configuration */
} NtkWidthSweep;

NtkWidthSweep *ntk_width_sweep_run  (const NtkConfig *base, const guint *widths, guint n_widths,
                                     guint n_seeds, GCancellable *cancellable,
                                     NtkProgressFunc progress, gpointer user_data, GError **error);
void           ntk_width_sweep_free (NtkWidthSweep *self);

/* Seed ensemble: the trained finite net's test predictions over seeds seed … seed+n_seeds−1. */
typedef struct {
  guint   n_seeds, n_test;
  double *mean, *std;           /* n_test */
  double *predictions;          /* n_seeds × n_test */
  NtkDataset *data;
  NtkConfig  *config;
} NtkEnsemble;

NtkEnsemble *ntk_ensemble_run  (const NtkConfig *base, guint n_seeds, GCancellable *cancellable,
                                NtkProgressFunc progress, gpointer user_data, GError **error);
void         ntk_ensemble_free (NtkEnsemble *self);

/* Kernel slice Θ(x_0, ·) over the test grid (Jacot et al. 2018 Fig. 1): x_0 is the grid point
 * whose coordinate is nearest 0; the analytic limit and n_seeds empirical NTKs at initialization
 * (and after config->steps steps) for each width. */
typedef struct {
  guint   n_widths, n_seeds, n_test;
  guint  *widths;
  guint   x0_index;
  double *analytic;             /* n_test */
  double *empirical_init;       /* n_widths × n_seeds × n_test */
  double *empirical_trained;    /* n_widths × n_seeds × n_test */
  NtkDataset *data;
  NtkConfig  *config;
} NtkKernelSlice;

NtkKernelSlice *ntk_kernel_slice_run  (const NtkConfig *base, const guint *widths, guint n_widths,
                                       guint n_seeds, GCancellable *cancellable,
                                       NtkProgressFunc progress, gpointer user_data, GError **error);
void            ntk_kernel_slice_free (NtkKernelSlice *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkWidthSweep, ntk_width_sweep_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkEnsemble, ntk_ensemble_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkKernelSlice, ntk_kernel_slice_free)

G_END_DECLS
