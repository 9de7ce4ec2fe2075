/* ntk-snapshot-private.h — how the run loop builds snapshots, constants and the history
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-snapshot.h"

G_BEGIN_DECLS

/* All fields zero, refcount 1; the last unref frees every array and member it points to. */
NtkRunConstants *ntk_run_constants_new (void);

/* Every array allocated for @capacity published steps (mode arrays: capacity × n_modes) and
 * filled with NaN, refcount 1. */
NtkHistory      *ntk_history_new       (guint capacity,
                                        guint n_modes);

/* A snapshot of a run with the arrays for constants->n and constants->n_test (and ntk_k_test
 * when constants->n_ntk_k_test > 0) allocated (uninitialized) and refs taken on @constants and
 * @history; refcount 1. */
NtkSnapshot     *ntk_snapshot_new      (NtkRunConstants *constants,
                                        NtkHistory      *history);

/* Copy the current values (arrays, losses, drifts) of @src into @dest of the same run. */
void             ntk_snapshot_copy_values (NtkSnapshot       *dest,
                                           const NtkSnapshot *src);

G_END_DECLS
