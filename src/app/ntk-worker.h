/* ntk-worker.h — runs experiments, sweeps and kernel slices off the main thread
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One long-lived thread runs the current experiment.  Starting a new configuration cancels
 * the running one; requests that arrive while a run is still winding down replace each other
 * (latest wins), so 200 quick slider moves start at most a couple of runs.  Snapshots reach
 * the main thread latest-wins and tagged with the run id: a snapshot, error or progress report
 * of a run that is no longer current is dropped before anyone sees it.
 *
 * The main thread never calls BLAS: the experiment, width sweeps and kernel slices all run here.
 */
#pragma once

#include <gio/gio.h>
#include "ntk-experiment.h"
#include "ntk-sweep.h"

G_BEGIN_DECLS

typedef enum {
  NTK_WORKER_IDLE,        /* nothing started yet, or the run failed */
  NTK_WORKER_PREPARING,   /* computing kernels before step 0 */
  NTK_WORKER_RUNNING,
  NTK_WORKER_FINISHED,    /* reached the step limit */
  NTK_WORKER_DIVERGED,
  NTK_WORKER_FAILED,      /* an error (see the "failed" signal) */
} NtkWorkerState;

#define NTK_TYPE_WORKER (ntk_worker_get_type ())
G_DECLARE_FINAL_TYPE (NtkWorker, ntk_worker, NTK, WORKER, GObject)

NtkWorker       *ntk_worker_new          (void);

/* Cancels the current run and starts @config (copied). Returns the new run id. */
guint64          ntk_worker_start        (NtkWorker       *self,
                                          const NtkConfig *config);
/* Cancels the current run; nothing more of it is delivered. */
void             ntk_worker_stop         (NtkWorker       *self);

guint64          ntk_worker_get_run_id   (NtkWorker       *self);
const NtkConfig *ntk_worker_get_config   (NtkWorker       *self);
NtkWorkerState   ntk_worker_get_state    (NtkWorker       *self);
/* The latest snapshot of the current run, or NULL. */
NtkSnapshot     *ntk_worker_get_snapshot (NtkWorker       *self);
/* Preparation progress of the current run: fraction in [0, 1] and a translated phase. */
double           ntk_worker_get_progress (NtkWorker       *self,
                                          const char     **phase);

/* Paused runs wait between frames; ntk_worker_step() lets one frame (publish-every steps) through. */
void             ntk_worker_set_paused   (NtkWorker       *self,
                                          gboolean         paused);
gboolean         ntk_worker_get_paused   (NtkWorker       *self);
void             ntk_worker_step         (NtkWorker       *self);

/* Lowers the CPU priority of the calling thread (a background thread) to @nice, so the main
 * thread wins the cores when both want them; threads this one creates (OpenBLAS's) inherit
 * it. Only ever lowers; does nothing where threads have no priority of their own. */
void             ntk_thread_lower_priority (int nice);

/* Called on the main thread with the progress of a sweep or slice. */
typedef void (*NtkWorkerProgressFunc) (double fraction, const char *phase, gpointer user_data);

void             ntk_worker_width_sweep_async  (NtkWorker             *self,
                                                const NtkConfig       *base,
                                                const guint           *widths,
                                                guint                  n_widths,
                                                guint                  n_seeds,
                                                GCancellable          *cancellable,
                                                NtkWorkerProgressFunc  progress,
                                                gpointer               progress_data,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
NtkWidthSweep   *ntk_worker_width_sweep_finish (NtkWorker             *self,
                                                GAsyncResult          *result,
                                                GError               **error);
void             ntk_worker_kernel_slice_async (NtkWorker             *self,
                                                const NtkConfig       *base,
                                                const guint           *widths,
                                                guint                  n_widths,
                                                guint                  n_seeds,
                                                GCancellable          *cancellable,
                                                NtkWorkerProgressFunc  progress,
                                                gpointer               progress_data,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
NtkKernelSlice  *ntk_worker_kernel_slice_finish (NtkWorker            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
