/* tsan-glib-shim.c — makes GLib's locks and atomic refcounts visible to ThreadSanitizer
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: on Linux, GLib 2.74 implements GMutex/GCond/GRecMutex/GRWLock with futexes and atomics
 * inside libglib, which is not built with -fsanitize=thread. TSan sees neither the lock nor the
 * atomics, so every field our code protects with a GMutex is reported as a data race (hundreds
 * of false reports in the worker tests). Rebuilding GLib with TSan is the clean answer; this is
 * the cheap one. LD_PRELOADed into a TSan-built program (.ci/sanitize-thread does that), it
 * replaces those functions for every caller that reaches them through the PLT — our code, GIO,
 * GObject, GTK — with pthread equivalents, which TSan intercepts. libglib's own internal calls
 * (GMainContext, GAsyncQueue, GThreadPool) are bound inside libglib and stay invisible; the
 * suppressions in tsan.supp name what that leaves.
 *
 * Atomic refcounts (g_atomic_rc_box_*, used by snapshots and the worker's shared state) get
 * the classic annotation: every release publishes the releasing thread's writes, and the
 * thread that drops the last reference acquires them before it clears and frees.
 *
 * Storage: a GMutex (and the other lock types) is a union whose pointer member p holds a
 * lazily allocated pthread object here, created with a compare-and-swap like GLib's own
 * non-futex implementation. A lock must therefore never be shared between libglib's internal
 * code and shimmed callers; GLib keeps its internal locks to itself, so that holds.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include <gio/gio.h>

/* From the TSan runtime linked into the program. */
void __tsan_acquire (void *addr) __attribute__ ((weak));
void __tsan_release (void *addr) __attribute__ ((weak));

/* The shim is built with -fsanitize=thread like the program (its pthread calls and atomics
 * must count as instrumented), so it cannot load into other processes: take it out of the
 * environment before the program spawns any (TSan's llvm-symbolizer, ntk-lab-cli). */
__attribute__ ((constructor)) static void
forget_preload (void)
{
  unsetenv ("LD_PRELOAD");
}

#define TSAN_ACQUIRE(addr) G_STMT_START { if (__tsan_acquire != NULL) __tsan_acquire (addr); } G_STMT_END
#define TSAN_RELEASE(addr) G_STMT_START { if (__tsan_release != NULL) __tsan_release (addr); } G_STMT_END

/* ------------------------------------------------------------------ lazy pthread objects */

typedef void *(*Creator) (void);

static void *
get_impl (gpointer *slot,
          Creator   create,
          void    (*destroy) (void *))
{
  void *impl = __atomic_load_n (slot, __ATOMIC_ACQUIRE);

  if (impl == NULL)
    {
      void *fresh = create ();

      if (__atomic_compare_exchange_n (slot, &impl, fresh, FALSE, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        impl = fresh;
      else
        destroy (fresh);
    }
  return impl;
}

static void *
mutex_create (void)
{
  pthread_mutex_t *m = malloc (sizeof *m);

  pthread_mutex_init (m, NULL);
  return m;
}

static void
mutex_destroy (void *m)
{
  pthread_mutex_destroy (m);
  free (m);
}

static void *
rec_mutex_create (void)
{
  pthread_mutex_t *m = malloc (sizeof *m);
  pthread_mutexattr_t attr;

  pthread_mutexattr_init (&attr);
  pthread_mutexattr_settype (&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init (m, &attr);
  pthread_mutexattr_destroy (&attr);
  return m;
}

static void *
cond_create (void)
{
  pthread_cond_t *c = malloc (sizeof *c);
  pthread_condattr_t attr;

  /* g_cond_wait_until takes g_get_monotonic_time() deadlines */
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (c, &attr);
  pthread_condattr_destroy (&attr);
  return c;
}

static void
cond_destroy (void *c)
{
  pthread_cond_destroy (c);
  free (c);
}

static void *
rw_lock_create (void)
{
  pthread_rwlock_t *l = malloc (sizeof *l);

  pthread_rwlock_init (l, NULL);
  return l;
}

static void
rw_lock_destroy (void *l)
{
  pthread_rwlock_destroy (l);
  free (l);
}

#define MUTEX(m)     ((pthread_mutex_t *) get_impl (&(m)->p, mutex_create, mutex_destroy))
#define REC_MUTEX(m) ((pthread_mutex_t *) get_impl (&(m)->p, rec_mutex_create, mutex_destroy))
#define COND(c)      ((pthread_cond_t *) get_impl (&(c)->p, cond_create, cond_destroy))
#define RW_LOCK(l)   ((pthread_rwlock_t *) get_impl (&(l)->p, rw_lock_create, rw_lock_destroy))

static void
clear_slot (gpointer *slot,
            void    (*destroy) (void *))
{
  void *impl = __atomic_exchange_n (slot, NULL, __ATOMIC_ACQ_REL);

  if (impl != NULL)
    destroy (impl);
}

/* ------------------------------------------------------------------ GMutex */

void g_mutex_init (GMutex *mutex) { mutex->p = NULL; (void) MUTEX (mutex); }
void g_mutex_clear (GMutex *mutex) { clear_slot (&mutex->p, mutex_destroy); }
void g_mutex_lock (GMutex *mutex) { pthread_mutex_lock (MUTEX (mutex)); }
void g_mutex_unlock (GMutex *mutex) { pthread_mutex_unlock (MUTEX (mutex)); }
gboolean g_mutex_trylock (GMutex *mutex) { return pthread_mutex_trylock (MUTEX (mutex)) == 0; }

/* ------------------------------------------------------------------ GRecMutex */

void g_rec_mutex_init (GRecMutex *m) { m->p = NULL; (void) REC_MUTEX (m); }
void g_rec_mutex_clear (GRecMutex *m) { clear_slot (&m->p, mutex_destroy); }
void g_rec_mutex_lock (GRecMutex *m) { pthread_mutex_lock (REC_MUTEX (m)); }
void g_rec_mutex_unlock (GRecMutex *m) { pthread_mutex_unlock (REC_MUTEX (m)); }
gboolean g_rec_mutex_trylock (GRecMutex *m) { return pthread_mutex_trylock (REC_MUTEX (m)) == 0; }

/* ------------------------------------------------------------------ GRWLock */

void g_rw_lock_init (GRWLock *l) { l->p = NULL; (void) RW_LOCK (l); }
void g_rw_lock_clear (GRWLock *l) { clear_slot (&l->p, rw_lock_destroy); }
void g_rw_lock_writer_lock (GRWLock *l) { pthread_rwlock_wrlock (RW_LOCK (l)); }
gboolean g_rw_lock_writer_trylock (GRWLock *l) { return pthread_rwlock_trywrlock (RW_LOCK (l)) == 0; }
void g_rw_lock_writer_unlock (GRWLock *l) { pthread_rwlock_unlock (RW_LOCK (l)); }
void g_rw_lock_reader_lock (GRWLock *l) { pthread_rwlock_rdlock (RW_LOCK (l)); }
gboolean g_rw_lock_reader_trylock (GRWLock *l) { return pthread_rwlock_tryrdlock (RW_LOCK (l)) == 0; }
void g_rw_lock_reader_unlock (GRWLock *l) { pthread_rwlock_unlock (RW_LOCK (l)); }

/* ------------------------------------------------------------------ GCond */

void g_cond_init (GCond *cond) { cond->p = NULL; (void) COND (cond); }
void g_cond_clear (GCond *cond) { clear_slot (&cond->p, cond_destroy); }
void g_cond_wait (GCond *cond, GMutex *mutex) { pthread_cond_wait (COND (cond), MUTEX (mutex)); }
void g_cond_signal (GCond *cond) { pthread_cond_signal (COND (cond)); }
void g_cond_broadcast (GCond *cond) { pthread_cond_broadcast (COND (cond)); }

gboolean
g_cond_wait_until (GCond  *cond,
                   GMutex *mutex,
                   gint64  end_time)
{
  struct timespec ts = { end_time / G_USEC_PER_SEC, (end_time % G_USEC_PER_SEC) * 1000 };

  return pthread_cond_timedwait (COND (cond), MUTEX (mutex), &ts) != ETIMEDOUT;
}

/* ------------------------------------------------------------------ atomic refcounts */

typedef void (*ReleaseFull) (gpointer mem, GDestroyNotify clear_func);

static __thread GDestroyNotify pending_clear;

/* Runs in the thread that dropped the last reference, before anything is cleared or freed. */
static void
clear_after_acquire (gpointer mem)
{
  GDestroyNotify clear = pending_clear;

  TSAN_ACQUIRE (mem);
  if (clear != NULL)
    clear (mem);
}

/* The real function behind one we replace (a benign race if two threads look it up first:
 * both store the same pointer). */
static void *
real_function (void      **cache,
               const char *name)
{
  void *f = __atomic_load_n (cache, __ATOMIC_ACQUIRE);

  if (f == NULL)
    {
      f = dlsym (RTLD_NEXT, name);
      __atomic_store_n (cache, f, __ATOMIC_RELEASE);
    }
  return f;
}

void
g_atomic_rc_box_release_full (gpointer       mem,
                              GDestroyNotify clear_func)
{
  static void *cache;
  ReleaseFull real = (ReleaseFull) real_function (&cache, "g_atomic_rc_box_release_full");
  GDestroyNotify saved = pending_clear;

  TSAN_RELEASE (mem);
  pending_clear = clear_func;
  real (mem, clear_after_acquire);
  pending_clear = saved;
}

void
g_atomic_rc_box_release (gpointer mem)
{
  g_atomic_rc_box_release_full (mem, NULL);
}

/* ------------------------------------------------------------------ hand-offs between threads */

/* An idle or timeout source attached from one thread and dispatched on another: GMainContext
 * orders the two with its own (invisible) lock. The callback and its destroy notify are wrapped
 * so the dispatching thread acquires what the attaching thread released when it set the
 * callback (after filling the data it hands over; the source is the synchronization address). Other source types call their callback with
 * other arguments and are left alone. */
typedef struct {
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify notify;
  GSource       *source;     /* synchronization address for what the real call allocates */
} Handoff;

static gboolean
handoff_dispatch (gpointer user_data)
{
  Handoff *h = user_data;

  TSAN_ACQUIRE (h);
  TSAN_ACQUIRE (h->source);
  return h->func (h->data);
}

static void
handoff_free (gpointer user_data)
{
  Handoff *h = user_data;

  TSAN_ACQUIRE (h);
  TSAN_ACQUIRE (h->source);
  if (h->notify != NULL)
    h->notify (h->data);
  free (h);
}

typedef void (*SetCallback) (GSource *, GSourceFunc, gpointer, GDestroyNotify);

void
g_source_set_callback (GSource        *source,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  static void *cache;
  SetCallback real = (SetCallback) real_function (&cache, "g_source_set_callback");
  Handoff *h;

  if (func == NULL || (source->source_funcs != &g_idle_funcs && source->source_funcs != &g_timeout_funcs))
    {
      real (source, func, data, notify);
      return;
    }
  h = malloc (sizeof *h);
  h->func = func;
  h->data = data;
  h->notify = notify;
  h->source = source;
  TSAN_RELEASE (h);
  real (source, handoff_dispatch, h, handoff_free);
  /* after the real call: what it allocated (the callback record) is handed over too */
  TSAN_RELEASE (source);
}

/* g_task_run_in_thread: the task's data go to a pool thread through GThreadPool's queue. */
typedef void (*TaskThreadFunc) (GTask *, gpointer, gpointer, GCancellable *);
typedef void (*RunInThread) (GTask *, TaskThreadFunc);

static void
task_thread_trampoline (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  TaskThreadFunc func = (TaskThreadFunc) g_object_get_data (G_OBJECT (task), "tsan-shim-task-func");

  TSAN_ACQUIRE (task);
  func (task, source_object, task_data, cancellable);
}

void
g_task_run_in_thread (GTask          *task,
                      TaskThreadFunc  task_func)
{
  static void *cache;
  RunInThread real = (RunInThread) real_function (&cache, "g_task_run_in_thread");

  g_object_set_data (G_OBJECT (task), "tsan-shim-task-func", (gpointer) task_func);
  TSAN_RELEASE (task);
  real (task, task_thread_trampoline);
}
