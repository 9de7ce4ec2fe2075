/* ntk-worker.c — runs experiments, sweeps and kernel slices off the main thread
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ntk-background.h"
#include "ntk-worker.h"

/* At most one snapshot per frame: "speed" is steps per frame, and drawing faster than the
 * screen refreshes would only burn the main thread. */
#define FRAME_USEC (G_USEC_PER_SEC / 60)

/* State shared by the main thread and the worker thread, refcounted because either side may
 * outlive the other for a moment (an invoke still queued after the worker object is gone). */
typedef struct {
  GMutex        mutex;
  GCond         cond;
  gboolean      quit;

  /* The next run, set by the main thread; the thread takes it when the current run ends. */
  NtkConfig    *request;
  guint64       request_id;
  GCancellable *request_cancellable;
  /* The cancellable of the newest run (running or requested). */
  GCancellable *current_cancellable;

  gboolean      paused;
  guint         step_requests;

  /* Latest-wins delivery slot. */
  NtkSnapshot  *pending;
  guint64       pending_id;
  gboolean      pending_scheduled;

  GMainContext *context;
  GWeakRef      worker;
} Shared;

struct _NtkWorker
{
  GObject         parent_instance;

  Shared         *shared;
  GThread        *thread;

  /* Main-thread view of the current run. */
  guint64         run_id;
  NtkConfig      *config;
  NtkSnapshot    *snapshot;
  NtkWorkerState  state;
  gboolean        paused;
  double          progress;
  char           *phase;
};

G_DEFINE_FINAL_TYPE (NtkWorker, ntk_worker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUN_ID,
  PROP_STATE,
  PROP_PAUSED,
  N_PROPS
};

enum {
  SNAPSHOT,
  FAILED,
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
shared_clear (gpointer data)
{
  Shared *s = data;

  g_mutex_clear (&s->mutex);
  g_cond_clear (&s->cond);
  g_clear_pointer (&s->request, ntk_config_free);
  g_clear_object (&s->request_cancellable);
  g_clear_object (&s->current_cancellable);
  g_clear_pointer (&s->pending, ntk_snapshot_unref);
  g_main_context_unref (s->context);
  g_weak_ref_clear (&s->worker);
}

static Shared *
shared_ref (Shared *s)
{
  return g_atomic_rc_box_acquire (s);
}

static void
shared_unref (gpointer s)
{
  g_atomic_rc_box_release_full (s, shared_clear);
}

/* Background computation runs below the main thread: the run loop at this niceness, figure
 * rasterization (ntk-plot-view.c) a little above it. */
#define WORKER_NICE 5

void
ntk_thread_lower_priority (int nice)
{
#ifdef __linux__
  /* On Linux, setpriority() on a thread id changes that thread only. */
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int current;

  errno = 0;
  current = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0 && current < nice)
    setpriority (PRIO_PROCESS, (id_t) tid, nice);
#endif
}

/* ------------------------------------------------------------------ main-thread side */

static void
set_state (NtkWorker      *self,
           NtkWorkerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
deliver_snapshot (gpointer data)
{
  Shared *s = data;
  g_autoptr(NtkWorker) self = g_weak_ref_get (&s->worker);
  g_autoptr(NtkSnapshot) snapshot = NULL;
  guint64 id;

  g_mutex_lock (&s->mutex);
  snapshot = g_steal_pointer (&s->pending);
  id = s->pending_id;
  s->pending_scheduled = FALSE;
  g_mutex_unlock (&s->mutex);

  /* A snapshot of a cancelled run is never drawn. */
  if (self == NULL || snapshot == NULL || id != self->run_id)
    return G_SOURCE_REMOVE;

  g_clear_pointer (&self->snapshot, ntk_snapshot_unref);
  self->snapshot = ntk_snapshot_ref (snapshot);

  switch (snapshot->state)
    {
    case NTK_RUN_FINISHED:
      set_state (self, NTK_WORKER_FINISHED);
      break;
    case NTK_RUN_DIVERGED:
      set_state (self, NTK_WORKER_DIVERGED);
      break;
    case NTK_RUN_RUNNING:
    default:
      set_state (self, NTK_WORKER_RUNNING);
      break;
    }

  g_signal_emit (self, signals[SNAPSHOT], 0, snapshot);

  return G_SOURCE_REMOVE;
}

typedef enum {
  EVENT_PREPARING,
  EVENT_PROGRESS,
  EVENT_FAILED,
} EventKind;

typedef struct {
  Shared    *shared;
  EventKind  kind;
  guint64    run_id;
  double     fraction;
  char      *phase;
  GError    *error;
} Event;

static void
event_free (gpointer data)
{
  Event *event = data;

  shared_unref (event->shared);
  g_free (event->phase);
  g_clear_error (&event->error);
  g_free (event);
}

static gboolean
deliver_event (gpointer data)
{
  Event *event = data;
  g_autoptr(NtkWorker) self = g_weak_ref_get (&event->shared->worker);

  if (self == NULL || event->run_id != self->run_id)
    return G_SOURCE_REMOVE;
  /* Snapshots travel through the latest-wins slot, whose delivery may have been queued before
   * this event: a run that has already shown a snapshot is past its preparation, and going
   * back to "preparing" would stick when that was its last snapshot (a run diverging at once). */
  if ((event->kind == EVENT_PREPARING || event->kind == EVENT_PROGRESS) && self->snapshot != NULL)
    return G_SOURCE_REMOVE;

  switch (event->kind)
    {
    case EVENT_PREPARING:
      set_state (self, NTK_WORKER_PREPARING);
      break;

    case EVENT_PROGRESS:
      self->progress = event->fraction;
      g_free (self->phase);
      self->phase = g_strdup (event->phase);
      g_signal_emit (self, signals[PROGRESS], 0);
      break;

    case EVENT_FAILED:
      set_state (self, NTK_WORKER_FAILED);
      g_signal_emit (self, signals[FAILED], 0, event->error);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ worker-thread side */

/* Queues @func on the main context. Not g_main_context_invoke(): that calls @func right here,
 * on the worker thread, whenever the main context happens to be free. */
static void
queue_on_main (GMainContext *context,
               GSourceFunc   func,
               gpointer      data,
               GDestroyNotify notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[ntk-worker] delivery");
  g_source_attach (source, context);
  g_source_unref (source);
}

static void
post_event (Shared     *s,
            EventKind   kind,
            guint64     run_id,
            double      fraction,
            const char *phase,
            GError     *error)      /* (transfer full) */
{
  Event *event = g_new0 (Event, 1);

  event->shared = shared_ref (s);
  event->kind = kind;
  event->run_id = run_id;
  event->fraction = fraction;
  event->phase = g_strdup (phase);
  event->error = error;
  queue_on_main (s->context, deliver_event, event, event_free);
}

static void
publish (Shared      *s,
         guint64      run_id,
         NtkSnapshot *snapshot)     /* (transfer full) */
{
  gboolean schedule;

  g_mutex_lock (&s->mutex);
  /* Latest wins: an undelivered older snapshot is simply replaced. */
  g_clear_pointer (&s->pending, ntk_snapshot_unref);
  s->pending = snapshot;
  s->pending_id = run_id;
  schedule = !s->pending_scheduled;
  s->pending_scheduled = TRUE;
  g_mutex_unlock (&s->mutex);

  if (schedule)
    queue_on_main (s->context, deliver_snapshot, shared_ref (s), shared_unref);
}

typedef struct {
  Shared  *shared;
  guint64  run_id;
  double   last_fraction;
  char    *last_phase;
} ProgressData;

static void
run_progress (double      fraction,
              const char *phase,
              gpointer    user_data)
{
  ProgressData *pd = user_data;

  /* Only what a progress bar can show: phase changes and whole per cent steps. */
  if (g_strcmp0 (phase, pd->last_phase) == 0 && fabs (fraction - pd->last_fraction) < 0.01 && fraction < 1.0)
    return;
  pd->last_fraction = fraction;
  g_free (pd->last_phase);
  pd->last_phase = g_strdup (phase);
  post_event (pd->shared, EVENT_PROGRESS, pd->run_id, fraction, phase, NULL);
}

/* Waits until the next frame may be computed. FALSE when the run has been superseded. */
static gboolean
wait_for_turn (Shared       *s,
               GCancellable *cancellable,
               gint64        deadline)
{
  gboolean go_on = TRUE;

  g_mutex_lock (&s->mutex);
  for (;;)
    {
      if (s->quit || g_cancellable_is_cancelled (cancellable) || s->request != NULL)
        {
          go_on = FALSE;
          break;
        }
      if (s->paused)
        {
          if (s->step_requests > 0)
            {
              s->step_requests--;
              break;
            }
          g_cond_wait (&s->cond, &s->mutex);
          continue;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      g_cond_wait_until (&s->cond, &s->mutex, deadline);
    }
  g_mutex_unlock (&s->mutex);

  return go_on;
}

static void
run_one (Shared       *s,
         NtkConfig    *config,
         guint64       run_id,
         GCancellable *cancellable)
{
  g_autoptr(NtkExperiment) experiment = NULL;
  g_autoptr(GError) error = NULL;
  ProgressData pd = { s, run_id, -1.0, NULL };
  gint64 last_publish;

  experiment = ntk_experiment_new (config, &error);
  if (experiment == NULL)
    {
      post_event (s, EVENT_FAILED, run_id, 0, NULL, g_steal_pointer (&error));
      return;
    }

  post_event (s, EVENT_PREPARING, run_id, 0, NULL, NULL);
  if (!ntk_experiment_prepare (experiment, cancellable, run_progress, &pd, &error))
    {
      g_free (pd.last_phase);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        post_event (s, EVENT_FAILED, run_id, 0, NULL, g_steal_pointer (&error));
      return;
    }
  g_free (pd.last_phase);

  publish (s, run_id, ntk_experiment_snapshot (experiment));
  last_publish = g_get_monotonic_time ();

  while (ntk_experiment_get_state (experiment) == NTK_RUN_RUNNING)
    {
      if (!wait_for_turn (s, cancellable, last_publish + FRAME_USEC))
        return;

      if (!ntk_experiment_advance (experiment, MAX (config->publish_every, 1), cancellable, &error))
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            post_event (s, EVENT_FAILED, run_id, 0, NULL, g_steal_pointer (&error));
          return;
        }

      if (g_cancellable_is_cancelled (cancellable))
        return;

      last_publish = g_get_monotonic_time ();
      publish (s, run_id, ntk_experiment_snapshot (experiment));
    }
}

static gpointer
worker_thread (gpointer data)
{
  Shared *s = data;

  /* Before the first BLAS call, so OpenBLAS's helper threads (created lazily from the first
   * calling thread) inherit it too. */
  ntk_thread_lower_priority (WORKER_NICE);

  for (;;)
    {
      g_autoptr(NtkConfig) config = NULL;
      g_autoptr(GCancellable) cancellable = NULL;
      guint64 run_id;

      g_mutex_lock (&s->mutex);
      while (s->request == NULL && !s->quit)
        g_cond_wait (&s->cond, &s->mutex);
      if (s->quit)
        {
          g_mutex_unlock (&s->mutex);
          break;
        }
      config = g_steal_pointer (&s->request);
      cancellable = g_steal_pointer (&s->request_cancellable);
      run_id = s->request_id;
      g_mutex_unlock (&s->mutex);

      run_one (s, config, run_id, cancellable);
    }

  shared_unref (s);
  /* quit is only set by the worker's dispose, which holds this thread for the exit wait */
  ntk_background_release ();

  return NULL;
}

/* ------------------------------------------------------------------ public API */

NtkWorker *
ntk_worker_new (void)
{
  return g_object_new (NTK_TYPE_WORKER, NULL);
}

guint64
ntk_worker_start (NtkWorker       *self,
                  const NtkConfig *config)
{
  static guint64 next_run_id = 1;
  Shared *s;

  g_return_val_if_fail (NTK_IS_WORKER (self), 0);
  g_return_val_if_fail (config != NULL, 0);

  s = self->shared;
  self->run_id = next_run_id++;
  g_clear_pointer (&self->config, ntk_config_free);
  self->config = ntk_config_copy (config);
  g_clear_pointer (&self->snapshot, ntk_snapshot_unref);
  self->progress = 0;
  g_clear_pointer (&self->phase, g_free);

  g_mutex_lock (&s->mutex);
  if (s->current_cancellable != NULL)
    g_cancellable_cancel (s->current_cancellable);
  g_clear_object (&s->current_cancellable);
  g_clear_object (&s->request_cancellable);
  g_clear_pointer (&s->request, ntk_config_free);
  s->current_cancellable = g_cancellable_new ();
  s->request_cancellable = g_object_ref (s->current_cancellable);
  s->request = ntk_config_copy (config);
  s->request_id = self->run_id;
  s->step_requests = 0;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->mutex);

  set_state (self, NTK_WORKER_PREPARING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_ID]);

  return self->run_id;
}

void
ntk_worker_stop (NtkWorker *self)
{
  static guint64 stop_id = G_MAXUINT64 / 2;
  Shared *s;

  g_return_if_fail (NTK_IS_WORKER (self));

  s = self->shared;
  g_mutex_lock (&s->mutex);
  if (s->current_cancellable != NULL)
    g_cancellable_cancel (s->current_cancellable);
  g_clear_object (&s->current_cancellable);
  g_clear_object (&s->request_cancellable);
  g_clear_pointer (&s->request, ntk_config_free);
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->mutex);

  /* An id no run has: everything still in flight is now stale. */
  self->run_id = stop_id++;
  set_state (self, NTK_WORKER_IDLE);
}

guint64
ntk_worker_get_run_id (NtkWorker *self)
{
  g_return_val_if_fail (NTK_IS_WORKER (self), 0);
  return self->run_id;
}

const NtkConfig *
ntk_worker_get_config (NtkWorker *self)
{
  g_return_val_if_fail (NTK_IS_WORKER (self), NULL);
  return self->config;
}

NtkWorkerState
ntk_worker_get_state (NtkWorker *self)
{
  g_return_val_if_fail (NTK_IS_WORKER (self), NTK_WORKER_IDLE);
  return self->state;
}

NtkSnapshot *
ntk_worker_get_snapshot (NtkWorker *self)
{
  g_return_val_if_fail (NTK_IS_WORKER (self), NULL);
  return self->snapshot;
}

double
ntk_worker_get_progress (NtkWorker   *self,
                         const char **phase)
{
  g_return_val_if_fail (NTK_IS_WORKER (self), 0);
  if (phase != NULL)
    *phase = self->phase;
  return self->progress;
}

void
ntk_worker_set_paused (NtkWorker *self,
                       gboolean   paused)
{
  g_return_if_fail (NTK_IS_WORKER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;

  g_mutex_lock (&self->shared->mutex);
  self->shared->paused = paused;
  self->shared->step_requests = 0;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->mutex);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
ntk_worker_get_paused (NtkWorker *self)
{
  g_return_val_if_fail (NTK_IS_WORKER (self), FALSE);
  return self->paused;
}

void
ntk_worker_step (NtkWorker *self)
{
  g_return_if_fail (NTK_IS_WORKER (self));

  if (!self->paused)
    return;
  g_mutex_lock (&self->shared->mutex);
  self->shared->step_requests++;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->mutex);
}

/* ------------------------------------------------------------------ sweeps */

typedef struct {
  NtkConfig             *base;
  guint                 *widths;
  guint                  n_widths;
  guint                  n_seeds;
  GMainContext          *context;
  NtkWorkerProgressFunc  progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
  double                 last_fraction;
  char                  *last_phase;
} SweepJob;

static void
sweep_job_free (gpointer data)
{
  SweepJob *job = data;

  ntk_config_free (job->base);
  g_free (job->widths);
  g_main_context_unref (job->context);
  g_clear_object (&job->cancellable);
  g_free (job->last_phase);
  g_free (job);
}

typedef struct {
  NtkWorkerProgressFunc  progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
  double                 fraction;
  char                  *phase;
} SweepProgress;

static void
sweep_progress_free (gpointer data)
{
  SweepProgress *sp = data;

  g_clear_object (&sp->cancellable);
  g_free (sp->phase);
  g_free (sp);
}

static gboolean
deliver_sweep_progress (gpointer data)
{
  SweepProgress *sp = data;

  /* The caller cancels before it forgets progress_data. */
  if (sp->cancellable == NULL || !g_cancellable_is_cancelled (sp->cancellable))
    sp->progress (sp->fraction, sp->phase, sp->progress_data);
  return G_SOURCE_REMOVE;
}

static void
sweep_progress (double      fraction,
                const char *phase,
                gpointer    user_data)
{
  SweepJob *job = user_data;
  SweepProgress *sp;

  if (job->progress == NULL)
    return;
  if (g_strcmp0 (phase, job->last_phase) == 0 && fabs (fraction - job->last_fraction) < 0.01 && fraction < 1.0)
    return;
  job->last_fraction = fraction;
  g_free (job->last_phase);
  job->last_phase = g_strdup (phase);

  sp = g_new0 (SweepProgress, 1);
  sp->progress = job->progress;
  sp->progress_data = job->progress_data;
  sp->cancellable = job->cancellable ? g_object_ref (job->cancellable) : NULL;
  sp->fraction = fraction;
  sp->phase = g_strdup (phase);
  queue_on_main (job->context, deliver_sweep_progress, sp, sweep_progress_free);
}

static void
width_sweep_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SweepJob *job = task_data;
  GError *error = NULL;
  NtkWidthSweep *sweep;

  ntk_thread_lower_priority (WORKER_NICE);
  sweep = ntk_width_sweep_run (job->base, job->widths, job->n_widths, job->n_seeds,
                               cancellable, sweep_progress, job, &error);
  if (sweep == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sweep, (GDestroyNotify) ntk_width_sweep_free);
  ntk_background_release ();
}

static void
kernel_slice_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SweepJob *job = task_data;
  GError *error = NULL;
  NtkKernelSlice *slice;

  ntk_thread_lower_priority (WORKER_NICE);
  slice = ntk_kernel_slice_run (job->base, job->widths, job->n_widths, job->n_seeds,
                                cancellable, sweep_progress, job, &error);
  if (slice == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, slice, (GDestroyNotify) ntk_kernel_slice_free);
  ntk_background_release ();
}

static GTask *
sweep_task_new (NtkWorker             *self,
                const NtkConfig       *base,
                const guint           *widths,
                guint                  n_widths,
                guint                  n_seeds,
                GCancellable          *cancellable,
                NtkWorkerProgressFunc  progress,
                gpointer               progress_data,
                GAsyncReadyCallback    callback,
                gpointer               user_data,
                gpointer               source_tag)
{
  GTask *task;
  SweepJob *job;

  job = g_new0 (SweepJob, 1);
  job->base = ntk_config_copy (base);
  job->widths = g_memdup2 (widths, n_widths * sizeof *widths);
  job->n_widths = n_widths;
  job->n_seeds = n_seeds;
  job->context = g_main_context_ref_thread_default ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->last_fraction = -1;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, sweep_job_free);
  g_task_set_return_on_cancel (task, FALSE);
  /* released by the thread function: the exit wait covers sweeps on the thread pool too */
  ntk_background_hold ();

  return task;
}

void
ntk_worker_width_sweep_async (NtkWorker             *self,
                              const NtkConfig       *base,
                              const guint           *widths,
                              guint                  n_widths,
                              guint                  n_seeds,
                              GCancellable          *cancellable,
                              NtkWorkerProgressFunc  progress,
                              gpointer               progress_data,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (NTK_IS_WORKER (self));
  g_return_if_fail (base != NULL && widths != NULL && n_widths > 0);

  task = sweep_task_new (self, base, widths, n_widths, n_seeds, cancellable, progress,
                         progress_data, callback, user_data, ntk_worker_width_sweep_async);
  g_task_run_in_thread (task, width_sweep_thread);
}

NtkWidthSweep *
ntk_worker_width_sweep_finish (NtkWorker     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ntk_worker_kernel_slice_async (NtkWorker             *self,
                               const NtkConfig       *base,
                               const guint           *widths,
                               guint                  n_widths,
                               guint                  n_seeds,
                               GCancellable          *cancellable,
                               NtkWorkerProgressFunc  progress,
                               gpointer               progress_data,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (NTK_IS_WORKER (self));
  g_return_if_fail (base != NULL && widths != NULL && n_widths > 0);

  task = sweep_task_new (self, base, widths, n_widths, n_seeds, cancellable, progress,
                         progress_data, callback, user_data, ntk_worker_kernel_slice_async);
  g_task_run_in_thread (task, kernel_slice_thread);
}

NtkKernelSlice *
ntk_worker_kernel_slice_finish (NtkWorker     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ GObject */

static void
ntk_worker_dispose (GObject *object)
{
  NtkWorker *self = NTK_WORKER (object);
  Shared *s = self->shared;

  if (self->thread != NULL)
    {
      /* Don't join: the run may be inside a phase that cannot stop at once (an
       * eigendecomposition), and the window would hang that long. The thread owns a reference
       * to everything it uses and delivers nothing once the worker is gone (weak ref);
       * ntk-background.c makes the process wait for it at exit. */
      ntk_background_hold ();
      g_mutex_lock (&s->mutex);
      s->quit = TRUE;
      if (s->current_cancellable != NULL)
        g_cancellable_cancel (s->current_cancellable);
      g_cond_broadcast (&s->cond);
      g_mutex_unlock (&s->mutex);

      g_clear_pointer (&self->thread, g_thread_unref);
    }

  G_OBJECT_CLASS (ntk_worker_parent_class)->dispose (object);
}

static void
ntk_worker_finalize (GObject *object)
{
  NtkWorker *self = NTK_WORKER (object);

  g_clear_pointer (&self->config, ntk_config_free);
  g_clear_pointer (&self->snapshot, ntk_snapshot_unref);
  g_clear_pointer (&self->phase, g_free);
  g_clear_pointer (&self->shared, shared_unref);

  G_OBJECT_CLASS (ntk_worker_parent_class)->finalize (object);
}

static void
ntk_worker_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  NtkWorker *self = NTK_WORKER (object);

  switch (prop_id)
    {
    case PROP_RUN_ID:
      g_value_set_uint64 (value, self->run_id);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ntk_worker_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  NtkWorker *self = NTK_WORKER (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      ntk_worker_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ntk_worker_class_init (NtkWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ntk_worker_dispose;
  object_class->finalize = ntk_worker_finalize;
  object_class->get_property = ntk_worker_get_property;
  object_class->set_property = ntk_worker_set_property;

  properties[PROP_RUN_ID] =
    g_param_spec_uint64 ("run-id", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, NTK_WORKER_IDLE, NTK_WORKER_FAILED, NTK_WORKER_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (NtkSnapshot *snapshot): a new snapshot of the current run. */
  signals[SNAPSHOT] =
    g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* (GError *error): the current run could not start or continue. */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* Preparation progress changed: see ntk_worker_get_progress(). */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ntk_worker_init (NtkWorker *self)
{
  Shared *s = g_atomic_rc_box_new0 (Shared);

  g_mutex_init (&s->mutex);
  g_cond_init (&s->cond);
  s->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&s->worker, self);

  self->shared = s;
  self->thread = g_thread_new ("ntk-worker", worker_thread, shared_ref (s));
}
