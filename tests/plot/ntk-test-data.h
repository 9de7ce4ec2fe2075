/* ntk-test-data.h — synthetic runs, sweeps and slices with known values for the plot tests
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine structs are public, so the tests fill them by hand: every plotted value is known
 * and the figures can be checked pixel by pixel, independently of the engine's numerics.
 */
#pragma once

#include "ntk-figure.h"

G_BEGIN_DECLS

typedef struct {
  NtkSnapshot      snapshot;
  NtkRunConstants  constants;
  NtkHistory       history;
  NtkDataset       data;
  NtkEigen         eig0, eig;
  NtkFigureSource  source;     /* .snapshot = &snapshot */
  GPtrArray       *blocks;     /* every array allocated for the run */
} NtkTestRun;

/* A circle data set with @n training points (in a shuffled data order, so sorting shows),
 * @n_test grid points over [0, 2π] and @history_len published steps (steps 0, 10, 20, …).
 * Values (γ = coordinate):
 *   target y(γ) = sin γ + 0.3 sin 3γ;  f = 0.9 y + 0.05;  lin = 0.85 y;  inf = 0.8 y with
 *   variance 0.01 (1 + sin² γ);  kernel regression = 0.95 y;  Θ̂₀(a, b) = e^{cos(a − b) − 1} + 0.1,
 *   Θ̂ₖ = Θ̂₀ + 0.05 cos(a − b), Θ = 1.05 Θ̂₀, Σ = 0.5 Θ̂₀;  eigenvalues 5 · 10^{−i/2};
 *   mode0[i] = (−1)^i / (i + 1), mode errors decaying as (1 − ηλ/n)^k with η = 0.5.
 * The kernels over the test points follow the same formulas at the grid's γ; Θ̂ₖ over the test
 * points is on the whole grid (stride 1). */
NtkTestRun *ntk_test_run_new  (guint n, guint n_test, guint history_len);
/* Θ̂ₖ over the test points on grid points 0, s, 2s, … (a fresh array); 0: not tracked (NULL). */
void        ntk_test_run_set_ntk_k_test_stride (NtkTestRun *run, guint stride);
void        ntk_test_run_free (NtkTestRun *run);

/* Widths 16 … 512 (×2), 3 seeds, drift ≈ 0.5/√m and initial error ≈ 1.2/√m. */
NtkWidthSweep  *ntk_test_sweep_new  (void);
void            ntk_test_sweep_free (NtkWidthSweep *sweep);

/* 96 grid points on the circle, widths 64 and 1024, 3 seeds, analytic Θ = 0.17 + 0.11 cos γ. */
NtkKernelSlice *ntk_test_slice_new  (void);
void            ntk_test_slice_free (NtkKernelSlice *slice);

/* What each figure is drawn from: the run, with @sweep and @slice for their own figures. */
void ntk_test_sources_init (NtkFigureSource sources[NTK_N_FIGURES], const NtkTestRun *run,
                            NtkWidthSweep *sweep, NtkKernelSlice *slice);

/* Image helpers: render into a fresh ARGB32 surface of width × height (1× scale). */
cairo_surface_t *ntk_test_render (NtkFigureKind kind, const NtkFigureSource *source,
                                  const NtkPlotOptions *options, const NtkPlotTheme *theme,
                                  int width, int height, NtkFigureLayout *layout);
/* Un-premultiplied colour of a pixel, components in [0, 1]. */
NtkRgba  ntk_test_pixel        (cairo_surface_t *surface, int x, int y);
double   ntk_test_color_dist   (NtkRgba a, NtkRgba b);   /* max |Δ| over r, g, b */
/* Pixels within @tol of @color (alpha > 0.9) inside the rectangle. */
guint    ntk_test_count_color  (cairo_surface_t *surface, NtkRgba color, double tol,
                                int x0, int y0, int x1, int y1);
/* Pixels that differ from @background by more than @tol. */
guint    ntk_test_count_ink    (cairo_surface_t *surface, NtkRgba background, double tol,
                                int x0, int y0, int x1, int y1);
NtkRgba  ntk_test_rgb          (guint32 hex);

G_END_DECLS
