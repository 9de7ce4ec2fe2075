/* tsan-shim-check.c — proves the TSan setup of .ci/sanitize-thread can see GLib locks
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two threads bump a counter under a GMutex; with an argument they also bump one without
 * it. Under ThreadSanitizer with tsan-glib-shim preloaded, the first must run clean and the
 * second must be reported: otherwise a clean TSan run of the app would mean nothing.
 * (Without the shim, the correct GMutex use is reported as a race: GLib's futex mutex is
 * invisible to TSan.)
 */
#include <glib.h>

static GMutex lock;
static int guarded, unguarded;

static gpointer
bump (gpointer racy)
{
  for (int i = 0; i < 1000; i++)
    {
      g_mutex_lock (&lock);
      guarded++;
      g_mutex_unlock (&lock);
      if (racy != NULL)
        unguarded++;   /* the deliberate race */
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  gpointer racy = argc > 1 ? GINT_TO_POINTER (1) : NULL;
  GThread *thread = g_thread_new ("bump", bump, racy);

  bump (racy);
  g_thread_join (thread);
  g_print ("guarded %d, unguarded %d\n", guarded, unguarded);
  return guarded == 2000 ? 0 : 1;
}
