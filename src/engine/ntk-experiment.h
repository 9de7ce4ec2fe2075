/* ntk-experiment.h — the run loop: GD on the finite net beside its linearization and the
 * infinite-width limit, publishing snapshots
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used from one thread at a time (the app's worker, the CLI's main). Cancellation is checked
 * between steps and between the phases of preparation; a cancelled call returns FALSE with
 * G_IO_ERROR_CANCELLED and publishes nothing more.
 */
#pragma once

#include <gio/gio.h>
#include "ntk-snapshot.h"

G_BEGIN_DECLS

typedef struct _NtkExperiment NtkExperiment;

/* Called on the running thread; take a ref to keep the snapshot. */
typedef void (*NtkSnapshotFunc) (NtkSnapshot *snapshot, gpointer user_data);
/* fraction in [0, 1]; phase is a short translated description ("Computing analytic kernels"). */
typedef void (*NtkProgressFunc) (double fraction, const char *phase, gpointer user_data);

/* Validates @config, checks the memory limit and builds the data set (reads the CSV).
 * Cheap: no kernels yet. */
NtkExperiment *ntk_experiment_new      (const NtkConfig *config, GError **error);
void           ntk_experiment_free     (NtkExperiment *self);
const NtkConfig  *ntk_experiment_get_config  (NtkExperiment *self);
const NtkDataset *ntk_experiment_get_dataset (NtkExperiment *self);
guint64        ntk_experiment_get_run_id (NtkExperiment *self);

/* Initialize the network, Θ̂_0 (train and test×train), Θ, Σ, their eigendecompositions,
 * the linearized and infinite-width models. */
gboolean       ntk_experiment_prepare  (NtkExperiment *self, GCancellable *cancellable,
                                        NtkProgressFunc progress, gpointer user_data,
                                        GError **error);
/* Take up to @n_steps GD steps (fewer at config->steps or on divergence). Returns FALSE only
 * on cancellation or error; divergence is a state, not an error. */
gboolean       ntk_experiment_advance  (NtkExperiment *self, guint n_steps,
                                        GCancellable *cancellable, GError **error);
guint          ntk_experiment_get_step  (NtkExperiment *self);
NtkRunState    ntk_experiment_get_state (NtkExperiment *self);
/* After prepare: what does not change during the run (Θ̂_0, Θ, η_crit, …); NULL before.
 * Borrowed: take a ref (ntk_run_constants_ref) to keep it beyond the experiment. */
const NtkRunConstants *ntk_experiment_get_constants (NtkExperiment *self);
/* A snapshot of the current step (computes Θ̂_k, predictions, appends to the history).
 * Call at most once per step. */
NtkSnapshot   *ntk_experiment_snapshot  (NtkExperiment *self);

/* prepare, then advance by config->publish_every and publish a snapshot each time (always at
 * step 0 and at the last step), until finished or diverged. */
gboolean       ntk_experiment_run      (NtkExperiment *self, GCancellable *cancellable,
                                        NtkSnapshotFunc publish, gpointer user_data,
                                        GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkExperiment, ntk_experiment_free)

G_END_DECLS
