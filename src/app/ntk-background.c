/* ntk-background.c — computations that outlive the object that started them
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: joining a worker thread when its window closes blocked the main thread until the
 * current preparation phase ended (an eigendecomposition cannot be interrupted: seconds at
 * 4096 points). Instead the thread is cancelled and detached; it holds everything it uses.
 * The one place that must still wait is process exit: a thread still inside OpenBLAS while
 * exit() runs the library's destructor (which frees its buffers) would crash. atexit handlers
 * run before the destructors of shared libraries, so the wait lives there.
 */
#include "config.h"

#include <stdlib.h>

#include "ntk-background.h"

/* A cancelled phase ends within its longest uninterruptible step (a 4096 × 4096
 * eigendecomposition is a few seconds here); past this, exit anyway rather than hang. */
#define EXIT_WAIT_USEC (60 * G_USEC_PER_SEC)

static GMutex lock;
static GCond  done;
static guint  n_held;

static void
wait_at_exit (void)
{
  if (!ntk_background_wait (EXIT_WAIT_USEC))
    g_printerr ("ntk-lab: %u background computations still running at exit\n", ntk_background_count ());
}

void
ntk_background_hold (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      atexit (wait_at_exit);
      g_once_init_leave (&registered, 1);
    }

  g_mutex_lock (&lock);
  n_held++;
  g_mutex_unlock (&lock);
}

void
ntk_background_release (void)
{
  gboolean unbalanced;

  g_mutex_lock (&lock);
  unbalanced = n_held == 0;
  if (!unbalanced && --n_held == 0)
    g_cond_broadcast (&done);
  g_mutex_unlock (&lock);
  g_return_if_fail (!unbalanced);
}

gboolean
ntk_background_wait (gint64 timeout_usec)
{
  gint64 deadline = g_get_monotonic_time () + timeout_usec;
  gboolean idle;

  g_mutex_lock (&lock);
  while (n_held > 0 && g_cond_wait_until (&done, &lock, deadline))
    ;
  idle = n_held == 0;
  g_mutex_unlock (&lock);

  return idle;
}

guint
ntk_background_count (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = n_held;
  g_mutex_unlock (&lock);

  return n;
}
