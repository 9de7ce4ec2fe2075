/* ntk-dataset.h — training points, targets and the test grid of one experiment
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-config.h"

G_BEGIN_DECLS

#define NTK_CSV_MAX_ROWS 4096   /* data rows a CSV data set may have (= the n-train limit) */

/* Immutable once built; refcounted so snapshots can share it. All matrices row-major. */
typedef struct {
  guint   d0;            /* input dimension */
  guint   n;             /* training points */
  double *x;             /* n × d0 */
  double *y;             /* n: targets (with label noise) */
  double *y_clean;       /* n: target function without noise (NaN when unknown, e.g. csv) */
  double *coord;         /* n: the scalar the plots put on the horizontal axis (γ, x, or row index) */
  guint   n_test;
  double *x_test;        /* n_test × d0 */
  double *y_test;        /* n_test: target function on the grid (NaN when unknown) */
  double *coord_test;    /* n_test, increasing */
  const char *coord_name;/* "γ" (circle), "x" (interval, 1-d csv) or "index" */
} NtkDataset;

/* Builds the data set of @config (reads the CSV when dataset = csv; label noise from the seed).
 * CSV: one point per line, comma separated, inputs then the target; '#' comment lines and blank
 * lines are skipped; an optional header line of non-numbers is skipped. Errors (NTK_CONFIG_ERROR)
 * name the file and the line: ragged rows, non-numbers, NaN/Inf, too many rows (> 4096). */
NtkDataset *ntk_dataset_new_from_config (const NtkConfig *config,
                                         GError         **error);
/* Inputs only (no target column), as used by ntk-lab-cli kernel --x1/--x2. */
gboolean    ntk_read_inputs_csv         (const char      *path,
                                         double         **x_out,
                                         guint           *n_out,
                                         guint           *d0_out,
                                         GError         **error);

/* Evaluate @target at one input of dimension d0 (circle inputs carry γ = atan2(x2, x1)). */
double      ntk_target_eval             (const NtkTarget *target,
                                         NtkDatasetKind   kind,
                                         const double    *x,
                                         guint            d0);

NtkDataset *ntk_dataset_ref             (NtkDataset *self);
void        ntk_dataset_unref           (NtkDataset *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkDataset, ntk_dataset_unref)

G_END_DECLS
