/* bench-latency.c — main-loop latency of the NTK Lab window during a width-4096 run
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A probe timeout fires every 5 ms and records how late it runs; everything the window does
 * on the main thread (receiving snapshots, drawing three figures, the status line) delays it,
 * while the worker thread trains the width-4096 network.  Prints one JSON line:
 * {"benchmark":"main-loop-latency", "p50_ms":…, "p99_ms":…, "max_ms":…, …}.
 * Issue 4 asks for p99 < 16 ms.
 *
 * Usage: bench-latency [SECONDS] (default 20)
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "ntk-window.h"
#include "test-app-common.h"

#define PROBE_MS 5

typedef struct {
  GArray *lateness_ms;
  gint64  expected;
  guint   source;
} Probe;

static gboolean
probe_tick (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  double late = (now - probe->expected) / 1000.0;

  g_array_append_val (probe->lateness_ms, late);
  if (late > 30 && g_getenv ("NTK_BENCH_VERBOSE"))
    g_printerr ("%.3f s: probe %.1f ms late\n", now / 1e6, late);
  /* Re-arm from now: each sample measures one wait, not accumulated drift. */
  probe->expected = now + PROBE_MS * 1000;
  probe->source = g_timeout_add (PROBE_MS, probe_tick, probe);
  return G_SOURCE_REMOVE;
}

static void
on_snapshot (NtkWorker   *worker,
             NtkSnapshot *snapshot,
             gpointer     data)
{
  if (g_getenv ("NTK_BENCH_VERBOSE"))
    g_printerr ("%.3f s: snapshot step %u\n", g_get_monotonic_time () / 1e6, snapshot->step);
}

static gint64 paint_start, paint_start_cpu;

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  paint_start = g_get_monotonic_time ();
  paint_start_cpu = thread_cpu_usec ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  double ms = (g_get_monotonic_time () - paint_start) / 1000.0;
  double cpu_ms = (thread_cpu_usec () - paint_start_cpu) / 1000.0;

  if (ms > 5 && g_getenv ("NTK_BENCH_VERBOSE"))
    g_printerr ("%.3f s: frame took %.1f ms (%.1f ms of main-thread CPU)\n",
                g_get_monotonic_time () / 1e6, ms, cpu_ms);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
quantile (GArray *sorted, double q)
{
  guint i = (guint) (q * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static gboolean
has_snapshot (gpointer data)
{
  return ntk_window_get_n_snapshots (NTK_WINDOW (data)) >= 1;
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 20.0;
  g_autoptr(NtkConfig) config = NULL;
  NtkWindow *window;
  Probe probe = { 0 };
  guint snapshots_before, step_before, step_after;
  gint64 start, prepare_start;
  double prepare_s;
  NtkSnapshot *snapshot;

  /* Xvfb has no GPU: GL would be llvmpipe, whose rasterizer threads the main thread waits for.
   * The cairo renderer is what a headless run should measure; a caller may still choose. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("{\"benchmark\": \"main-loop-latency\", \"skipped\": \"no display: run under xvfb-run\"}\n");
      return 0;
    }

  /* Width 4096, the default depth and data, publishing every step: the heaviest live load the
   * main thread sees from the worker (a new snapshot as often as the worker can make one). */
  config = ntk_config_new ();
  g_assert_true (ntk_config_set (config, "width", "4096", NULL));
  g_assert_true (ntk_config_set (config, "publish-every", "1", NULL));
  g_assert_true (ntk_config_set (config, "steps", "100000", NULL));

  window = ntk_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  ntk_window_set_config (window, config);
  gtk_window_present (GTK_WINDOW (window));

  g_signal_connect (ntk_window_get_worker (window), "snapshot", G_CALLBACK (on_snapshot), NULL);
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
    if (clock != NULL)
      {
        g_signal_connect (clock, "layout", G_CALLBACK (on_before_paint), NULL);
        g_signal_connect_after (clock, "paint", G_CALLBACK (on_after_paint), NULL);
      }
  }
  prepare_start = g_get_monotonic_time ();
  if (!test_wait_for (has_snapshot, window, 120))
    {
      g_printerr ("no snapshot of the width-4096 run within 120 s\n");
      return 1;
    }
  prepare_s = (g_get_monotonic_time () - prepare_start) / 1e6;

  snapshots_before = ntk_window_get_n_snapshots (window);
  step_before = ntk_worker_get_snapshot (ntk_window_get_worker (window))->step;
  probe.lateness_ms = g_array_new (FALSE, FALSE, sizeof (double));
  probe.expected = g_get_monotonic_time () + PROBE_MS * 1000;
  probe.source = g_timeout_add (PROBE_MS, probe_tick, &probe);

  start = g_get_monotonic_time ();
  test_spin (seconds);
  g_clear_handle_id (&probe.source, g_source_remove);

  snapshot = ntk_worker_get_snapshot (ntk_window_get_worker (window));
  step_after = snapshot ? snapshot->step : step_before;
  g_array_sort (probe.lateness_ms, compare_double);

  g_print ("{\"benchmark\": \"main-loop-latency\", \"width\": 4096, \"n_train\": %u, \"depth\": %u, "
           "\"seconds\": %.1f, \"renderer\": \"%s\", \"probe_interval_ms\": %d, \"samples\": %u, "
           "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, "
           "\"snapshots_drawn\": %u, \"gd_steps\": %u, \"first_snapshot_s\": %.2f, \"p99_under_16ms\": %s}\n",
           config->n_train, config->depth,
           (g_get_monotonic_time () - start) / 1e6, g_getenv ("GSK_RENDERER"), PROBE_MS, probe.lateness_ms->len,
           quantile (probe.lateness_ms, 0.5), quantile (probe.lateness_ms, 0.99),
           g_array_index (probe.lateness_ms, double, probe.lateness_ms->len - 1),
           ntk_window_get_n_snapshots (window) - snapshots_before, step_after - step_before, prepare_s,
           quantile (probe.lateness_ms, 0.99) < 16.0 ? "true" : "false");

  g_array_free (probe.lateness_ms, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (0.05);
  return 0;
}
