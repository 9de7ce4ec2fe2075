/* test-app-common.h — helpers shared by the GUI tests and the latency benchmark
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "ntk-window.h"

typedef gboolean (*TestCondition) (gpointer data);

/* Runs the main loop until @cond holds; FALSE after @timeout_s seconds. */
static inline gboolean
test_wait_for (TestCondition cond,
               gpointer      data,
               double        timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

/* Lets pending idles, invokes and frames run for a moment. */
static inline void
test_spin (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* A configuration small enough for tests: the defaults with these fields set. */
static inline NtkConfig *
test_small_config (guint width,
                   guint steps)
{
  NtkConfig *config = ntk_config_new ();
  g_autofree char *w = g_strdup_printf ("%u", width);
  g_autofree char *s = g_strdup_printf ("%u", steps);

  g_assert_true (ntk_config_set (config, "width", w, NULL));
  g_assert_true (ntk_config_set (config, "steps", s, NULL));
  g_assert_true (ntk_config_set (config, "depth", "2", NULL));
  g_assert_true (ntk_config_set (config, "n-train", "16", NULL));
  g_assert_true (ntk_config_set (config, "n-test", "64", NULL));
  g_assert_true (ntk_config_set (config, "publish-every", "5", NULL));
  return config;
}
