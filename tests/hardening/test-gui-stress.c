/* test-gui-stress.c — the app under load: 1000 rapid parameter changes (to the worker alone
 * and through the window's parameter panel), and shutting down in the middle of a run
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What must hold: no crash; only snapshots of the current configuration ever reach the main
 * thread; the last parameters win; every object is finalized when its owner goes (weak
 * pointers); closing a window or quitting the application mid-run (while preparing, while
 * training, during a width sweep) returns promptly. Memory leaks proper are for ASan/valgrind
 * (.ci/sanitize, TESTING.md). Runs under Xvfb like tests/app.
 */
#include "config.h"

#include <math.h>

#include "ntk-application.h"
#include "ntk-background.h"
#include "ntk-window.h"
#include "test-app-common.h"

#define N_CHANGES 1000

/* ------------------------------------------------------------------ helpers */

static void
assert_finalized (gpointer   *weak,
                  const char *what,
                  double      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (*weak != NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  if (*weak != NULL)
    g_error ("%s still alive after %.1f s (ref count %u)", what, timeout_s,
             G_OBJECT (*weak)->ref_count);
}

/* A configuration of the stream of changes: small enough that a run prepares in a few ms. */
static NtkConfig *
random_config (GRand *rand)
{
  static const char *activations[] = { "relu", "erf", "tanh", "identity", "gelu" };
  NtkConfig *config = test_small_config (g_rand_int_range (rand, 4, 96), 100000);
  g_autofree char *eta = g_strdup_printf ("%.4g", g_rand_double_range (rand, 0.01, 0.5));
  g_autofree char *depth = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 4));
  g_autofree char *n_train = g_strdup_printf ("%d", g_rand_int_range (rand, 4, 24));
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));

  g_assert_true (ntk_config_set (config, "learning-rate", eta, NULL));
  g_assert_true (ntk_config_set (config, "depth", depth, NULL));
  g_assert_true (ntk_config_set (config, "n-train", n_train, NULL));
  g_assert_true (ntk_config_set (config, "seed", seed, NULL));
  g_assert_true (ntk_config_set (config, "activation",
                                 activations[g_rand_int_range (rand, 0, G_N_ELEMENTS (activations))], NULL));
  return config;
}

/* The main loop in one of the states a person's clicks find it in: not at all, one
 * iteration, or 20 ms (long enough for a small run to prepare and publish). */
static void
random_pause (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0:
      test_spin (0.02);
      break;
    case 1:
    case 2:
    case 3:
      g_main_context_iteration (NULL, FALSE);
      break;
    default:
      break;
    }
}

/* Every snapshot delivered must belong to the configuration running at that moment. */
typedef struct {
  NtkWorker *worker;
  guint      n_delivered;
} DeliveryCheck;

static void
on_snapshot (NtkWorker   *worker,
             NtkSnapshot *snapshot,
             gpointer     user_data)
{
  DeliveryCheck *check = user_data;
  const NtkConfig *current = ntk_worker_get_config (worker);
  const NtkConfig *shown = snapshot->constants->config;

  check->n_delivered++;
  g_assert_cmpuint (shown->width, ==, current->width);
  g_assert_cmpuint (shown->depth, ==, current->depth);
  g_assert_cmpuint (shown->seed, ==, current->seed);
  g_assert_cmpfloat (shown->learning_rate, ==, current->learning_rate);
  g_assert_cmpint (shown->activation, ==, current->activation);
}

typedef struct {
  NtkWorker *worker;
  guint64    run_id;
} RunWait;

static gboolean
has_snapshot_of_run (gpointer data)
{
  RunWait *w = data;
  NtkSnapshot *snapshot = ntk_worker_get_snapshot (w->worker);

  return ntk_worker_get_run_id (w->worker) == w->run_id && snapshot != NULL && snapshot->step > 0;
}

static gboolean
has_any_snapshot (gpointer data)
{
  return ntk_worker_get_snapshot (NTK_WORKER (data)) != NULL;
}

/* ------------------------------------------------------------------ the worker alone */

static void
test_worker_rapid_starts (void)
{
  NtkWorker *worker = ntk_worker_new ();
  gpointer weak = worker;
  GRand *rand = g_rand_new_with_seed (2026);
  DeliveryCheck check = { worker, 0 };
  g_autoptr(NtkConfig) last = NULL;
  RunWait wait;
  gint64 start;

  g_object_add_weak_pointer (G_OBJECT (worker), &weak);
  g_signal_connect (worker, "snapshot", G_CALLBACK (on_snapshot), &check);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CHANGES; i++)
    {
      g_autoptr(NtkConfig) config = random_config (rand);

      wait.run_id = ntk_worker_start (worker, config);
      g_clear_pointer (&last, ntk_config_free);
      last = g_steal_pointer (&config);

      /* pause, step and stop as a person would, now and then */
      if (i % 97 == 0)
        ntk_worker_set_paused (worker, !ntk_worker_get_paused (worker));
      if (i % 89 == 0)
        ntk_worker_step (worker);
      if (i % 151 == 0)
        ntk_worker_stop (worker);
      /* every hundredth change lets a run get as far as publishing (the worker runs niced,
       * so on a busy machine it may need a while), so deliveries race with the changes */
      if (i % 100 == 50 && !ntk_worker_get_paused (worker) && ntk_worker_get_state (worker) != NTK_WORKER_IDLE)
        g_assert_true (test_wait_for (has_any_snapshot, worker, 30));
      random_pause (rand);
    }
  ntk_worker_set_paused (worker, FALSE);
  g_test_message ("%u starts in %.2f s, %u snapshots delivered meanwhile", N_CHANGES,
                  (g_get_monotonic_time () - start) / 1e6, check.n_delivered);

  /* the last configuration runs, and its snapshots arrive */
  g_assert_true (ntk_config_equal (ntk_worker_get_config (worker), last));
  wait.worker = worker;
  g_assert_true (test_wait_for (has_snapshot_of_run, &wait, 30));
  g_assert_true (ntk_config_equal (ntk_worker_get_snapshot (worker)->constants->config, last));

  /* stop: nothing of the run arrives afterwards */
  {
    guint before;

    ntk_worker_stop (worker);
    before = check.n_delivered;
    test_spin (0.2);
    g_assert_cmpuint (check.n_delivered, ==, before);
    g_assert_cmpint (ntk_worker_get_state (worker), ==, NTK_WORKER_IDLE);
  }

  /* going away mid-run joins the thread promptly */
  ntk_worker_start (worker, last);
  test_spin (0.05);
  start = g_get_monotonic_time ();
  g_object_unref (worker);
  g_test_message ("worker finalized %.1f ms after the last unref", (g_get_monotonic_time () - start) / 1e3);
  g_assert_null (weak);
  test_spin (0.1);   /* deliveries still queued find no worker */
  g_rand_free (rand);
}

/* ------------------------------------------------------------------ the window */

typedef struct {
  const char *key;
  char     *(*value) (GRand *rand);
} Change;

static char *v_width (GRand *r) { return g_strdup_printf ("%d", g_rand_int_range (r, 4, 96)); }
static char *v_depth (GRand *r) { return g_strdup_printf ("%d", g_rand_int_range (r, 1, 4)); }
static char *v_eta (GRand *r) { return g_strdup_printf ("%.4g", g_rand_double_range (r, 0.01, 0.5)); }
static char *v_sigma_w (GRand *r) { return g_strdup_printf ("%.3g", g_rand_double_range (r, 0.5, 2.5)); }
static char *v_sigma_b (GRand *r) { return g_strdup_printf ("%.3g", g_rand_double_range (r, 0.0, 1.0)); }
static char *v_n_train (GRand *r) { return g_strdup_printf ("%d", g_rand_int_range (r, 4, 24)); }
static char *v_seed (GRand *r) { return g_strdup_printf ("%u", g_rand_int (r)); }
static char *v_activation (GRand *r)
{
  static const char *names[] = { "relu", "erf", "tanh", "leaky_relu", "silu" };
  return g_strdup (names[g_rand_int_range (r, 0, G_N_ELEMENTS (names))]);
}

typedef struct {
  NtkWindow *window;
  NtkWorker *worker;
} WindowWait;

static gboolean
window_shows_current_run (gpointer data)
{
  WindowWait *w = data;
  NtkSnapshot *snapshot = ntk_worker_get_snapshot (w->worker);

  return snapshot != NULL && snapshot->step > 0 &&
         ntk_config_equal (snapshot->constants->config, ntk_window_get_config (w->window));
}

static void
test_window_rapid_changes (void)
{
  static const Change changes[] = {
    { "width", v_width }, { "depth", v_depth }, { "learning-rate", v_eta },
    { "sigma-w", v_sigma_w }, { "sigma-b", v_sigma_b }, { "n-train", v_n_train },
    { "seed", v_seed }, { "activation", v_activation },
  };
  NtkWindow *window = ntk_window_new (NULL);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  NtkWorker *worker = ntk_window_get_worker (window);
  gpointer weak_window = window, weak_worker = worker, weak_panel = panel;
  gpointer weak_views[NTK_N_FIGURES];
  GRand *rand = g_rand_new_with_seed (4242);
  DeliveryCheck check = { worker, 0 };
  g_autoptr(NtkConfig) small = test_small_config (32, 100000);
  guint applied = 0;
  gint64 start;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_object_add_weak_pointer (G_OBJECT (worker), &weak_worker);
  g_object_add_weak_pointer (G_OBJECT (panel), &weak_panel);
  for (int kind = 0; kind < NTK_N_FIGURES; kind++)
    {
      weak_views[kind] = ntk_window_get_plot_view (window, kind);
      g_object_add_weak_pointer (G_OBJECT (weak_views[kind]), &weak_views[kind]);
    }
  g_signal_connect (worker, "snapshot", G_CALLBACK (on_snapshot), &check);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  ntk_window_set_config (window, small);
  gtk_window_present (GTK_WINDOW (window));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CHANGES; i++)
    {
      const Change *change = &changes[g_rand_int_range (rand, 0, G_N_ELEMENTS (changes))];
      g_autofree char *value = change->value (rand);

      if (ntk_parameter_panel_apply (panel, change->key, value))
        applied++;
      /* now and then a whole new configuration, as opening a file or a preset does */
      if (i % 250 == 249)
        {
          g_autoptr(NtkConfig) config = random_config (rand);
          ntk_window_set_config (window, config);
        }
      /* and the pages change under it (the sweep pages start background work) */
      if (i % 200 == 100)
        ntk_window_show_page (window, "width-sweep");
      if (i % 200 == 150)
        ntk_window_show_page (window, "overview");
      if (i % 100 == 50)
        g_assert_true (test_wait_for (has_any_snapshot, worker, 30));
      random_pause (rand);
    }
  g_rand_free (rand);
  g_test_message ("%u changes (%u applied) in %.2f s, %u snapshots delivered meanwhile",
                  N_CHANGES, applied, (g_get_monotonic_time () - start) / 1e6, check.n_delivered);
  g_assert_cmpuint (applied, >, N_CHANGES / 2);

  /* the last parameters win: panel, window, worker and what is drawn agree */
  g_assert_true (ntk_config_equal (ntk_parameter_panel_get_config (panel), ntk_window_get_config (window)));
  g_assert_true (ntk_config_equal (ntk_worker_get_config (worker), ntk_window_get_config (window)));
  {
    WindowWait w = { window, worker };

    g_assert_true (test_wait_for (window_shows_current_run, &w, 30));
  }
  for (int kind = 0; kind < NTK_FIGURE_WIDTH_SWEEP; kind++)
    {
      NtkFigureSource source;

      ntk_plot_view_get_source (ntk_window_get_plot_view (window, kind), &source);
      g_assert_nonnull (source.snapshot);
      g_assert_true (ntk_config_equal (source.snapshot->constants->config, ntk_window_get_config (window)));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (&weak_window, "window", 10);
  assert_finalized (&weak_worker, "worker", 10);
  assert_finalized (&weak_panel, "parameter panel", 1);
  for (int kind = 0; kind < NTK_N_FIGURES; kind++)
    assert_finalized (&weak_views[kind], ntk_figure_kind_to_id (kind), 1);
}

/* ------------------------------------------------------------------ closing mid-run */

/* Heavy enough that preparation takes a while (kernels and eigendecompositions of 768 points). */
static NtkConfig *
slow_config (void)
{
  NtkConfig *config = test_small_config (384, 100000);

  g_assert_true (ntk_config_set (config, "n-train", "768", NULL));
  g_assert_true (ntk_config_set (config, "n-test", "512", NULL));
  g_assert_true (ntk_config_set (config, "activation", "tanh", NULL));
  return config;
}

static gboolean
is_preparing (gpointer data)
{
  NtkWorker *worker = data;
  const char *phase = NULL;

  ntk_worker_get_progress (worker, &phase);
  return ntk_worker_get_state (worker) == NTK_WORKER_PREPARING && phase != NULL;
}

static gboolean
has_steps (gpointer data)
{
  NtkSnapshot *snapshot = ntk_worker_get_snapshot (NTK_WORKER (data));

  return snapshot != NULL && snapshot->step >= 10;
}

typedef enum { CLOSE_PREPARING, CLOSE_TRAINING, CLOSE_SWEEPING } CloseWhen;

static void
close_window_mid_run (gconstpointer data)
{
  CloseWhen when = GPOINTER_TO_INT (data);
  NtkWindow *window = ntk_window_new (NULL);
  NtkWorker *worker = ntk_window_get_worker (window);
  gpointer weak_window = window, weak_worker = worker;
  gint64 start;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_object_add_weak_pointer (G_OBJECT (worker), &weak_worker);
  gtk_window_present (GTK_WINDOW (window));

  switch (when)
    {
    case CLOSE_PREPARING:
      {
        g_autoptr(NtkConfig) config = slow_config ();

        ntk_window_set_config (window, config);
        g_assert_true (test_wait_for (is_preparing, worker, 30));
      }
      break;
    case CLOSE_TRAINING:
      {
        g_autoptr(NtkConfig) config = test_small_config (64, 100000);

        ntk_window_set_config (window, config);
        g_assert_true (test_wait_for (has_steps, worker, 30));
      }
      break;
    case CLOSE_SWEEPING:
    default:
      {
        g_autoptr(NtkConfig) config = test_small_config (32, 200);

        ntk_window_set_config (window, config);
        ntk_window_show_page (window, "width-sweep");
        test_spin (0.6);   /* the sweep starts 300 ms after the page is shown */
      }
      break;
    }

  start = g_get_monotonic_time ();
  gtk_window_close (GTK_WINDOW (window));
  assert_finalized (&weak_window, "window", 30);
  g_test_message ("window closed and finalized in %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  /* a width sweep on the thread pool may hold the worker until it sees its cancellable */
  assert_finalized (&weak_worker, "worker", 30);
  g_test_message ("worker finalized after %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  /* the cancelled computation ends on its own, off the main thread */
  g_assert_true (ntk_background_wait (60 * G_USEC_PER_SEC));
  g_test_message ("background computation ended after %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  test_spin (0.1);
}

/* The whole application: quit (app.quit, as Ctrl+Q) while its window computes. */
typedef struct {
  GApplication *app;
  CloseWhen  when;
  gint64     started;
  gpointer   weak_window;
  gpointer   weak_worker;
  gint64     quit_at;
  gboolean   quit_sent;
  guint      tick;
} QuitData;

static gboolean
quit_tick (gpointer user_data)
{
  QuitData *qd = user_data;
  NtkWindow *window = qd->weak_window;
  gboolean ready = FALSE;

  if (window != NULL)
    {
      NtkWorker *worker = ntk_window_get_worker (window);

      ready = qd->when == CLOSE_PREPARING ? is_preparing (worker) : has_steps (worker);
    }
  /* never hang the suite: after a minute quit anyway, and fail below */
  if (!ready && g_get_monotonic_time () - qd->started < 60 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  qd->quit_sent = ready;
  qd->quit_at = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (qd->app), "quit", NULL);
  qd->tick = 0;
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 QuitData       *qd)
{
  if (qd->weak_window != NULL)
    return;
  qd->weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &qd->weak_window);
  qd->weak_worker = ntk_window_get_worker (NTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (qd->weak_worker), &qd->weak_worker);
  if (qd->when == CLOSE_PREPARING)
    {
      g_autoptr(NtkConfig) config = slow_config ();
      ntk_window_set_config (NTK_WINDOW (window), config);
    }
  else
    {
      g_autoptr(NtkConfig) config = test_small_config (64, 100000);
      ntk_window_set_config (NTK_WINDOW (window), config);
    }
}

static void
quit_app_mid_run (gconstpointer data)
{
  NtkApplication *app = ntk_application_new ();
  gpointer weak_app = app;
  QuitData qd = { G_APPLICATION (app), GPOINTER_TO_INT (data), g_get_monotonic_time (), NULL, NULL, 0, FALSE, 0 };
  char *argv[] = { (char *) "ntk-lab", NULL };
  int status;

  g_object_add_weak_pointer (G_OBJECT (app), &weak_app);
  /* No session bus in a test, and no talking to a running NTK Lab. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &qd);
  qd.tick = g_timeout_add (5, quit_tick, &qd);

  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (qd.quit_sent);
  g_test_message ("g_application_run returned %.1f ms after app.quit",
                  (g_get_monotonic_time () - qd.quit_at) / 1e3);
  g_clear_handle_id (&qd.tick, g_source_remove);

  g_object_unref (app);
  assert_finalized (&weak_app, "application", 10);
  assert_finalized (&qd.weak_window, "window", 10);
  assert_finalized (&qd.weak_worker, "worker", 30);
  g_assert_true (ntk_background_wait (60 * G_USEC_PER_SEC));
  test_spin (0.1);
}

int
main (int   argc,
      char *argv[])
{
  /* Headless and deterministic, as in tests/app: software rendering, in-memory settings,
   * no accessibility or session bus. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/stress/worker/rapid-starts", test_worker_rapid_starts);
  g_test_add_func ("/stress/window/rapid-changes", test_window_rapid_changes);
  g_test_add_data_func ("/stress/window/close-while-preparing", GINT_TO_POINTER (CLOSE_PREPARING),
                        close_window_mid_run);
  g_test_add_data_func ("/stress/window/close-while-training", GINT_TO_POINTER (CLOSE_TRAINING),
                        close_window_mid_run);
  g_test_add_data_func ("/stress/window/close-while-sweeping", GINT_TO_POINTER (CLOSE_SWEEPING),
                        close_window_mid_run);
  g_test_add_data_func ("/stress/app/quit-while-preparing", GINT_TO_POINTER (CLOSE_PREPARING),
                        quit_app_mid_run);
  g_test_add_data_func ("/stress/app/quit-while-training", GINT_TO_POINTER (CLOSE_TRAINING),
                        quit_app_mid_run);

  return g_test_run ();
}
