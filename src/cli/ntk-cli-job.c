/* ntk-cli-job.c — the heavy work runs on a thread; the main thread turns Ctrl-C into a
 * cancellation, so a stopped run still removes what it staged
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

void
ntk_cli_cancel_on_signals (GCancellable *cancellable)
{
  const int signals[] = { SIGINT, SIGTERM, SIGHUP };

  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  /* The sources hold the cancellable until the process ends. */
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_unix_signal_add_full (G_PRIORITY_HIGH, signals[i], on_signal,
                            g_object_ref (cancellable), g_object_unref);
}

gboolean
ntk_cli_check_cancelled (GCancellable  *cancellable,
                         GError       **error)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

typedef struct {
  NtkCliJobFunc  func;
  gpointer       user_data;
  GCancellable  *cancellable;
  GMainLoop     *loop;
  gboolean       ok;
  GError        *error;
} NtkCliJob;

static gboolean
quit_loop (gpointer user_data)
{
  NtkCliJob *job = user_data;

  g_main_loop_quit (job->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
job_thread (gpointer user_data)
{
  NtkCliJob *job = user_data;

  job->ok = job->func (job->user_data, job->cancellable, &job->error);
  g_idle_add (quit_loop, job);
  return NULL;
}

gboolean
ntk_cli_run_job (NtkCliJobFunc   func,
                 gpointer        user_data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  NtkCliJob job = { func, user_data, cancellable, NULL, FALSE, NULL };
  GThread *thread;

  job.loop = g_main_loop_new (NULL, FALSE);
  thread = g_thread_new ("ntk-cli-job", job_thread, &job);
  g_main_loop_run (job.loop);
  g_thread_join (thread);
  g_main_loop_unref (job.loop);

  if (!job.ok)
    {
      if (job.error == NULL)
        g_set_error_literal (&job.error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED, _("the computation failed"));
      g_propagate_error (error, job.error);
      return FALSE;
    }

  /* The engine may have finished between a Ctrl-C and its next check. */
  return ntk_cli_check_cancelled (cancellable, error);
}
