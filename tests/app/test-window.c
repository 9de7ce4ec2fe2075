/* test-window.c — the NTK Lab window end to end under Xvfb: lifecycle, controls, live
 * snapshots, drawing, export, errors shown in the window, divergence, rapid changes
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "ntk-export-dialog.h"
#include "ntk-presets.h"
#include "ntk-settings.h"
#include "ntk-theme.h"
#include "ntk-window.h"
#include "test-app-common.h"

/* ------------------------------------------------------------------ helpers */

/* Every wait below polls the main loop for the condition it needs and ends as soon as that
 * holds; the timeout only decides when to give up. It is generous because the sanitizer builds
 * run the app several times slower on a machine shared with other jobs. */
#define WAIT_TIMEOUT_S 60

typedef struct {
  NtkWindow *window;
  guint      n;
} SnapshotWait;

static gboolean
has_snapshots (gpointer data)
{
  SnapshotWait *w = data;
  return ntk_window_get_n_snapshots (w->window) >= w->n;
}

static void
wait_snapshots (NtkWindow *window,
                guint      n)
{
  SnapshotWait w = { window, n };

  g_assert_true (test_wait_for (has_snapshots, &w, WAIT_TIMEOUT_S));
}

static gboolean
banner_shown (gpointer data)
{
  return ntk_window_get_banner_text (NTK_WINDOW (data)) != NULL;
}

static NtkWindow *
new_window (guint width,
            guint steps)
{
  NtkWindow *window = ntk_window_new (NULL);
  g_autoptr(NtkConfig) config = test_small_config (width, steps);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  ntk_window_set_config (window, config);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
is_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Destroys @window and waits until it is finalized: its worker joins its thread and render
 * jobs still on the thread pool hold their views until they end, so this takes a while. */
static void
destroy_window (NtkWindow *window)
{
  gpointer weak = window;
  gint64 start = g_get_monotonic_time ();

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  if (!test_wait_for (is_cleared, &weak, WAIT_TIMEOUT_S))
    g_test_message ("window still alive, ref count %u", G_OBJECT (weak)->ref_count);
  else if (g_get_monotonic_time () - start > G_USEC_PER_SEC / 2)
    g_test_message ("window finalized after %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_null (weak);
}

/* Renders @widget the way GTK draws it into a new image surface of its size. */
static cairo_surface_t *
render_widget (GtkWidget *widget)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  cairo_surface_t *surface;
  cairo_t *cr;
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  g_assert_cmpint (w, >, 50);
  g_assert_cmpint (h, >, 50);

  /* What the parent would put into the frame for this child: the widget's real drawing
   * (CSS background, border and the figure), in the parent's coordinates. */
  gtk_widget_snapshot_child (gtk_widget_get_parent (widget), widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_translate (cr, -bounds.origin.x, -bounds.origin.y);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Share of the pixels in which two pictures of the same size differ. */
static double
pixel_difference (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guchar *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  guint differ = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (*(const guint32 *) (da + y * sa + x * 4) != *(const guint32 *) (db + y * sb + x * 4))
        differ++;
  return (double) differ / ((double) w * h);
}

/* Renders @widget the way GTK draws it and returns the share of pixels that differ from the
 * pixel in its top-left corner (the figure's background). */
static double
ink_fraction_full (GtkWidget *widget,
                   guint32   *background_out)
{
  cairo_surface_t *surface = render_widget (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  guint32 background;
  guint ink = 0;
  const guchar *data;
  int stride;

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* Sample inside the rounded frame, away from the card's border. */
  background = *(const guint32 *) (data + 6 * stride + 6 * 4);
  g_assert_cmpuint (background >> 24, ==, 0xff);   /* the figure paints an opaque background */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (*(const guint32 *) (data + y * stride + x * 4) != background)
        ink++;
  cairo_surface_destroy (surface);

  if (background_out != NULL)
    *background_out = background;
  return (double) ink / ((double) w * h);
}

static double
ink_fraction (GtkWidget *widget)
{
  return ink_fraction_full (widget, NULL);
}

static double
pixel_luminance (guint32 argb)
{
  return (0.2126 * ((argb >> 16) & 0xff) + 0.7152 * ((argb >> 8) & 0xff) + 0.0722 * (argb & 0xff)) / 255.0;
}

/* Mapped, allocated and its figure rasterized (off the main thread) at least once. */
static gboolean
is_not_stale (gpointer data)
{
  return !ntk_plot_view_is_stale (NTK_PLOT_VIEW (data));
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 50 &&
         ntk_plot_view_get_n_renders (NTK_PLOT_VIEW (widget)) > 0;
}

typedef struct {
  NtkPlotView *view;
  guint        n;
} RenderWait;

/* A picture begun after the invalidation that set w->n is on screen. A view renders one
 * picture at a time, so the second picture to finish after it was begun after it; and a view
 * that is up to date (nothing rendering, nothing left to render) shows such a picture. The
 * first picture to finish may be one that was already rendering (old data, old options, the
 * old theme): on a slow machine it finishes last. */
static gboolean
rendered_since (gpointer data)
{
  RenderWait *w = data;

  return ntk_plot_view_is_up_to_date (w->view) || ntk_plot_view_get_n_renders (w->view) >= w->n + 2;
}

/* Waits for a picture of what the view holds now. */
static void
wait_fresh_render (NtkPlotView *view)
{
  RenderWait w = { view, 0 };

  g_assert_true (test_wait_for (is_drawn, view, WAIT_TIMEOUT_S));
  w.n = ntk_plot_view_get_n_renders (view);
  ntk_plot_view_invalidate (view);
  g_assert_true (test_wait_for (rendered_since, &w, WAIT_TIMEOUT_S));
  test_spin (0.05);
}

/* ------------------------------------------------------------------ tests */

static void
test_window_lifecycle (void)
{
  NtkWindow *window = ntk_window_new (NULL);
  NtkWorker *worker = ntk_window_get_worker (window);
  gpointer weak_worker = worker;

  /* It opens on a configuration and starts training at once. */
  g_assert_nonnull (ntk_window_get_config (window));
  g_assert_cmpuint (ntk_worker_get_run_id (worker), >, 0);
  g_object_add_weak_pointer (G_OBJECT (worker), &weak_worker);

  gtk_window_present (GTK_WINDOW (window));
  test_spin (0.1);
  destroy_window (window);
  g_assert_null (weak_worker);
}

static void
test_first_figures_fast (void)
{
  NtkWindow *window = ntk_window_new (NULL);
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  /* The default experiment, as the app opens on it. */
  gtk_window_present (GTK_WINDOW (window));
  wait_snapshots (window, 1);
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("first snapshot of the default experiment after %.3f s", elapsed);
  /* Issue 4 asks for under a second on a quiet machine. Reported, not asserted: tests share
   * two cores with others and also run in builds several times slower (the latency benchmark
   * measures it). The figures themselves must come. */
  g_assert_nonnull (ntk_worker_get_snapshot (ntk_window_get_worker (window)));
  destroy_window (window);
}

static void
test_snapshots_draw (void)
{
  NtkWindow *window = new_window (64, 400);
  static const struct { NtkFigureKind kind; const char *page; } figures[] = {
    { NTK_FIGURE_PREDICTIONS, "overview" },
    { NTK_FIGURE_KERNEL, "overview" },
    { NTK_FIGURE_MODES, "overview" },
    { NTK_FIGURE_SPECTRUM, "spectrum" },
    { NTK_FIGURE_LOSS, "loss" },
    { NTK_FIGURE_DRIFT, "drift" },
  };
  NtkSnapshot *snapshot;
  guint64 run_id = ntk_worker_get_run_id (ntk_window_get_worker (window));

  wait_snapshots (window, 4);
  snapshot = ntk_worker_get_snapshot (ntk_window_get_worker (window));
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (snapshot->step, >=, 15);
  g_assert_cmpuint (ntk_worker_get_run_id (ntk_window_get_worker (window)), ==, run_id);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      GtkWidget *view = GTK_WIDGET (ntk_window_get_plot_view (window, figures[i].kind));
      double ink;

      ntk_window_show_page (window, figures[i].page);
      /* A picture of the data it holds (its first one may be of none, drawn when mapped). */
      wait_fresh_render (NTK_PLOT_VIEW (view));
      g_assert_true (ntk_plot_view_has_data (NTK_PLOT_VIEW (view)));
      ink = ink_fraction (view);
      g_test_message ("%s: %.1f %% of pixels drawn", ntk_figure_kind_to_id (figures[i].kind), 100 * ink);
      g_assert_cmpfloat (ink, >, 0.01);
      g_assert_cmpfloat (ink, <, 0.95);
    }

  /* Hovering the predictions gives a readout of the value under the pointer. */
  ntk_window_show_page (window, "overview");
  {
    NtkPlotView *view = ntk_window_get_plot_view (window, NTK_FIGURE_PREDICTIONS);
    wait_fresh_render (view);
    ntk_plot_view_hover (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (view)) / 2.0);
    g_assert_nonnull (ntk_plot_view_get_readout (view));
  }

  /* The context-menu actions change this view's options and draw again. */
  {
    NtkPlotView *kernel = ntk_window_get_plot_view (window, NTK_FIGURE_KERNEL);
    NtkPlotView *modes = ntk_window_get_plot_view (window, NTK_FIGURE_MODES);
    NtkPlotView *predictions = ntk_window_get_plot_view (window, NTK_FIGURE_PREDICTIONS);
    const NtkPlotOptions *options = ntk_plot_view_get_options (kernel);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.kernel-view", "i",
                                               (int) NTK_KERNEL_VIEW_DIFFERENCE));
    g_assert_cmpint (options->kernel_view, ==, NTK_KERNEL_VIEW_DIFFERENCE);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.kernel-view", "i",
                                               (int) NTK_KERNEL_VIEW_ANALYTIC_NTK));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.lock-range", NULL));
    g_assert_true (options->lock_range);
    g_assert_cmpfloat (options->range_min, <, options->range_max);
    wait_fresh_render (kernel);
    g_assert_cmpfloat (ink_fraction (GTK_WIDGET (kernel)), >, 0.01);

    options = ntk_plot_view_get_options (modes);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (modes), "plot.n-modes", "i", 3));
    g_assert_cmpuint (options->n_modes, ==, 3);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (modes), "plot.log-x", NULL));
    g_assert_true (options->log_x);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (modes), "plot.theory", "s", "flow"));
    g_assert_cmpint (options->theory, ==, NTK_TIME_FLOW);

    options = ntk_plot_view_get_options (predictions);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (predictions), "plot.show-linearized", NULL));
    g_assert_true (options->hidden_series & NTK_SERIES_LINEARIZED);

    /* "Export Figure…" from the menu opens the export dialog for this figure. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (predictions), "plot.export", "s", "svg"));
    {
      GListModel *toplevels = gtk_window_get_toplevels ();
      GtkWindow *dialog = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);
          if (NTK_IS_EXPORT_DIALOG (item))
            dialog = GTK_WINDOW (item);
        }
      g_assert_nonnull (dialog);
      {
        NtkExportOptions export_options;
        ntk_export_dialog_get_options (NTK_EXPORT_DIALOG (dialog), &export_options);
        g_assert_cmpint (export_options.format, ==, NTK_EXPORT_SVG);
      }
      gtk_window_destroy (dialog);
    }
  }

  destroy_window (window);
}

static gboolean
is_dark_style (gpointer data)
{
  return ntk_theme_is_dark (GTK_WIDGET (data));
}

static gboolean
is_light_style (gpointer data)
{
  return !ntk_theme_is_dark (GTK_WIDGET (data));
}

static void
test_dark_theme (void)
{
  NtkWindow *window = new_window (32, 100000);
  NtkPlotView *view = ntk_window_get_plot_view (window, NTK_FIGURE_PREDICTIONS);
  GtkSettings *settings = gtk_settings_get_default ();
  guint32 light_bg, dark_bg;
  double ink;

  ntk_window_show_page (window, "overview");
  wait_snapshots (window, 2);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  g_assert_true (test_wait_for (is_light_style, view, WAIT_TIMEOUT_S));
  wait_fresh_render (view);
  ink = ink_fraction_full (GTK_WIDGET (view), &light_bg);
  g_assert_cmpfloat (ink, >, 0.01);

  /* The figures follow the style: a dark theme gives a dark plot with light ink. The style is
   * recomputed in a coming frame; a picture begun after that is drawn in it. */
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  g_assert_true (test_wait_for (is_dark_style, view, WAIT_TIMEOUT_S));
  wait_fresh_render (view);
  ink = ink_fraction_full (GTK_WIDGET (view), &dark_bg);
  g_test_message ("plot background luminance: light %.2f, dark %.2f",
                  pixel_luminance (light_bg), pixel_luminance (dark_bg));
  g_assert_cmpfloat (pixel_luminance (light_bg), >, 0.8);
  g_assert_cmpfloat (pixel_luminance (dark_bg), <, 0.3);
  g_assert_cmpfloat (ink, >, 0.01);

  gtk_settings_reset_property (settings, "gtk-application-prefer-dark-theme");
  destroy_window (window);
}

static void
test_sweep_and_slice_draw (void)
{
  NtkWindow *window = new_window (32, 20);
  NtkPlotView *sweep = ntk_window_get_plot_view (window, NTK_FIGURE_WIDTH_SWEEP);
  NtkPlotView *slice = ntk_window_get_plot_view (window, NTK_FIGURE_KERNEL_SLICE);

  if (!g_test_slow ())
    {
      /* Fast mode still checks that showing the page starts the computation off the main
       * thread and that leaving it early cancels cleanly. */
      ntk_window_show_page (window, "width-sweep");
      test_spin (0.5);
      ntk_window_show_page (window, "overview");
      destroy_window (window);
      return;
    }

  ntk_window_show_page (window, "width-sweep");
  g_assert_true (test_wait_for ((TestCondition) ntk_plot_view_has_data, sweep, 2 * WAIT_TIMEOUT_S));
  wait_fresh_render (sweep);
  g_assert_cmpfloat (ink_fraction (GTK_WIDGET (sweep)), >, 0.01);
  ntk_window_show_page (window, "kernel-slice");
  g_assert_true (test_wait_for ((TestCondition) ntk_plot_view_has_data, slice, 2 * WAIT_TIMEOUT_S));
  wait_fresh_render (slice);
  g_assert_cmpfloat (ink_fraction (GTK_WIDGET (slice)), >, 0.01);
  destroy_window (window);
}

typedef struct {
  const char *key;
  void      (*change) (GtkWidget *control);
} ControlChange;

static void change_dropdown (GtkWidget *w)
{
  GtkDropDown *dd = GTK_DROP_DOWN (w);
  gtk_drop_down_set_selected (dd, gtk_drop_down_get_selected (dd) == 1 ? 4 : 1);
}
static void change_dataset (GtkWidget *w)
{
  GtkDropDown *dd = GTK_DROP_DOWN (w);
  /* circle ↔ interval (csv would open a file chooser) */
  gtk_drop_down_set_selected (dd, gtk_drop_down_get_selected (dd) == 0 ? 1 : 0);
}
static void change_spin (GtkWidget *w)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (w);
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
  double v = gtk_spin_button_get_value (spin);
  double step = gtk_adjustment_get_step_increment (adj);
  double nv = v + step <= gtk_adjustment_get_upper (adj) ? v + step : v - step;
  gtk_spin_button_set_value (spin, nv);
}
static void change_scale (GtkWidget *w)
{
  GtkRange *range = GTK_RANGE (w);
  gtk_range_set_value (range, gtk_range_get_value (range) - 1.0);
}
static void change_seed (GtkWidget *w)
{
  gtk_editable_set_text (GTK_EDITABLE (w), "987654321");
  g_signal_emit_by_name (w, "activate");
}
static void change_target (GtkWidget *w)
{
  gtk_editable_set_text (GTK_EDITABLE (w), "sines:2:1,5:0.25");
  g_signal_emit_by_name (w, "activate");
}

static void
test_controls_restart (void)
{
  NtkWindow *window = new_window (16, 100000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  NtkWorker *worker = ntk_window_get_worker (window);
  static const ControlChange changes[] = {
    { "activation", change_dropdown },
    { "leaky-slope", change_spin },
    { "depth", change_spin },
    { "width", change_spin },
    { "width-scale", change_scale },
    { "sigma-w", change_spin },
    { "sigma-b", change_spin },
    { "seed", change_seed },
    { "learning-rate", change_spin },
    { "learning-rate-scale", change_scale },
    { "steps", change_spin },
    { "publish-every", change_spin },
    { "dataset", change_dataset },
    { "target", change_target },
    { "n-train", change_spin },
    { "n-test", change_spin },
    { "noise", change_spin },
  };

  wait_snapshots (window, 1);

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      GtkWidget *control = ntk_parameter_panel_get_control (panel, changes[i].key);
      g_autoptr(NtkConfig) before = ntk_config_copy (ntk_window_get_config (window));
      guint64 run_before = ntk_worker_get_run_id (worker);

      g_assert_nonnull (control);
      /* Every control explains itself in a tooltip. */
      g_assert_true (gtk_widget_get_tooltip_text (control) != NULL);

      changes[i].change (control);

      g_test_message ("%s changed", changes[i].key);
      g_assert_false (ntk_config_equal (before, ntk_window_get_config (window)));
      g_assert_cmpuint (ntk_worker_get_run_id (worker), >, run_before);
      g_assert_true (ntk_config_equal (ntk_worker_get_config (worker), ntk_window_get_config (window)));
    }

  /* The new run produces snapshots of the new configuration. */
  {
    guint width_now = ntk_window_get_config (window)->width;
    NtkSnapshot *snapshot;

    wait_snapshots (window, 1);
    snapshot = ntk_worker_get_snapshot (worker);
    g_assert_cmpuint (snapshot->constants->config->width, ==, width_now);
  }

  /* 0.5 × η_crit sets η from the running snapshot. */
  {
    GtkWidget *button = ntk_parameter_panel_get_control (panel, "half-eta-crit");
    double eta_crit = ntk_worker_get_snapshot (worker)->constants->eta_crit;

    g_assert_true (gtk_widget_get_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpfloat_with_epsilon (ntk_window_get_config (window)->learning_rate / (0.5 * eta_crit), 1.0, 1e-12);
  }

  destroy_window (window);
}

static void
test_pause_step (void)
{
  NtkWindow *window = new_window (16, 100000);
  NtkWorker *worker = ntk_window_get_worker (window);
  guint step, n, n_paused, step_paused;

  wait_snapshots (window, 2);
  n_paused = ntk_window_get_n_snapshots (window);
  step_paused = ntk_worker_get_snapshot (worker)->step;
  g_action_group_activate_action (G_ACTION_GROUP (window), "play-pause", NULL);
  g_assert_true (ntk_worker_get_paused (worker));
  /* Frames in flight may still land: the one waiting for delivery and the one being computed
   * (latest wins), so at most two, each 5 steps on; then nothing more does, however slowly
   * they come. A run that went on would deliver a frame every 1/60 s meanwhile. */
  do
    {
      n = ntk_window_get_n_snapshots (window);
      test_spin (0.4);
    }
  while (ntk_window_get_n_snapshots (window) != n && n - n_paused <= 2);
  test_spin (0.3);
  g_test_message ("%u frames landed after the pause", ntk_window_get_n_snapshots (window) - n_paused);
  g_assert_cmpuint (ntk_window_get_n_snapshots (window) - n_paused, <=, 2);
  g_assert_cmpuint (ntk_worker_get_snapshot (worker)->step, <=, step_paused + 2 * 5);

  /* One step: the next frame is 5 steps on (a frame in flight that lands only now is too). */
  n = ntk_window_get_n_snapshots (window);
  step = ntk_worker_get_snapshot (worker)->step;
  g_action_group_activate_action (G_ACTION_GROUP (window), "step", NULL);
  wait_snapshots (window, n + 1);
  g_assert_cmpuint (ntk_worker_get_snapshot (worker)->step, ==, step + 5);

  {
    g_autofree char *status = ntk_window_get_status_text (window);
    g_assert_nonnull (strstr (status, "paused"));
  }

  /* Reset keeps the initialization: the same step-0 training loss as the first run. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "play-pause", NULL);
  g_assert_false (ntk_worker_get_paused (worker));
  destroy_window (window);
}

static void
test_reset_same_initialization (void)
{
  NtkWindow *window = new_window (16, 100000);
  NtkWorker *worker = ntk_window_get_worker (window);
  double loss0;
  guint64 run;

  /* Paused, a run stops at its step-0 snapshot: reset once so the run starts paused. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "play-pause", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "reset", NULL);
  wait_snapshots (window, 1);
  test_spin (0.2);
  g_assert_cmpuint (ntk_window_get_n_snapshots (window), ==, 1);
  g_assert_cmpuint (ntk_worker_get_snapshot (worker)->step, ==, 0);
  loss0 = ntk_worker_get_snapshot (worker)->loss[NTK_LOSS_FINITE_TRAIN];

  run = ntk_worker_get_run_id (worker);
  g_action_group_activate_action (G_ACTION_GROUP (window), "reset", NULL);
  g_assert_cmpuint (ntk_worker_get_run_id (worker), >, run);
  wait_snapshots (window, 1);
  g_assert_cmpfloat (ntk_worker_get_snapshot (worker)->loss[NTK_LOSS_FINITE_TRAIN], ==, loss0);

  /* A new seed gives another initialization. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-seed", NULL);
  wait_snapshots (window, 1);
  g_assert_cmpfloat (ntk_worker_get_snapshot (worker)->loss[NTK_LOSS_FINITE_TRAIN], !=, loss0);

  destroy_window (window);
}

static void
test_export (void)
{
  NtkWindow *window = new_window (32, 200);
  g_autofree char *dir = g_dir_make_tmp ("ntk-app-export-XXXXXX", NULL);
  NtkExportOptions options;
  static const char *png_magic = "\x89PNG";

  wait_snapshots (window, 3);

  for (int format = 0; format < NTK_N_EXPORT_FORMATS; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("predictions.%s", ntk_export_format_to_string (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      ntk_export_options_init (&options);
      options.format = format;
      options.width = 400;
      options.height = 300;
      g_assert_true (ntk_window_export_figure (window, NTK_FIGURE_PREDICTIONS, path, &options, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 100);
      if (format == NTK_EXPORT_PNG)
        g_assert_cmpmem (contents, 4, png_magic, 4);
      else if (format == NTK_EXPORT_PDF)
        g_assert_true (g_str_has_prefix (contents, "%PDF"));
      else if (format == NTK_EXPORT_SVG)
        g_assert_nonnull (strstr (contents, "<svg"));
      /* The confirmation names the written path. */
      g_assert_nonnull (strstr (ntk_window_get_banner_text (window), path));
      g_unlink (path);
    }

  /* Export all: every run figure (the sweeps are not computed in this test). */
  {
    g_autoptr(GError) error = NULL;
    guint written;

    ntk_export_options_init (&options);
    options.width = 300;
    options.height = 200;
    written = ntk_window_export_all (window, dir, &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (written, ==, 6);
    for (int kind = 0; kind < NTK_FIGURE_WIDTH_SWEEP; kind++)
      {
        g_autofree char *name = g_strdup_printf ("ntk-%s.png", ntk_figure_kind_to_id (kind));
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        g_unlink (path);
      }
  }

  /* A failed export says so in the window and leaves nothing. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *bad = g_build_filename (dir, "missing-folder", "x.png", NULL);

    ntk_export_options_init (&options);
    g_assert_false (ntk_window_export_figure (window, NTK_FIGURE_LOSS, bad, &options, &error));
    g_assert_nonnull (error);
    g_assert_cmpstr (ntk_window_get_banner_text (window), ==, error->message);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }

  g_rmdir (dir);
  destroy_window (window);
}

static void
test_bad_csv (void)
{
  NtkWindow *window = new_window (16, 50);
  g_autofree char *dir = g_dir_make_tmp ("ntk-app-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(NtkConfig) config = ntk_config_copy (ntk_window_get_config (window));
  const char *text;

  /* Line 3 has one column too few. */
  g_assert_true (g_file_set_contents (path, "0.1,0.2,1\n0.3,0.4,0\n0.5,1\n", -1, NULL));
  g_assert_true (ntk_config_set (config, "data", path, NULL));
  g_assert_true (ntk_config_set (config, "dataset", "csv", NULL));
  g_assert_true (ntk_config_set (config, "target", "step", NULL));
  ntk_window_set_config (window, config);

  g_assert_true (test_wait_for (banner_shown, window, WAIT_TIMEOUT_S));
  text = ntk_window_get_banner_text (window);
  g_test_message ("banner: %s", text);
  g_assert_nonnull (strstr (text, "bad.csv"));
  g_assert_cmpint (ntk_worker_get_state (ntk_window_get_worker (window)), ==, NTK_WORKER_FAILED);

  /* An unreadable experiment file. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.ntk", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (missing);
    g_autoptr(GError) error = NULL;

    g_action_group_activate_action (G_ACTION_GROUP (window), "dismiss-banner", NULL);
    g_assert_null (ntk_window_get_banner_text (window));
    g_assert_false (ntk_window_open_file (window, file, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (ntk_window_get_banner_text (window), "missing.ntk"));
  }

  /* A run over the memory limit is refused with a message in the window. */
  {
    g_autoptr(NtkConfig) big = test_small_config (16, 10);

    g_action_group_activate_action (G_ACTION_GROUP (window), "dismiss-banner", NULL);
    g_assert_true (ntk_config_set (big, "memory-limit", "1000", NULL));
    ntk_window_set_config (window, big);
    g_assert_true (test_wait_for (banner_shown, window, WAIT_TIMEOUT_S));
    g_test_message ("banner: %s", ntk_window_get_banner_text (window));
    g_assert_cmpint (ntk_worker_get_state (ntk_window_get_worker (window)), ==, NTK_WORKER_FAILED);
  }

  g_unlink (path);
  g_rmdir (dir);
  destroy_window (window);
}

/* The first label under @widget whose text contains @needle, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child, needle);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static gboolean
is_diverged (gpointer data)
{
  return ntk_worker_get_state (ntk_window_get_worker (NTK_WINDOW (data))) == NTK_WORKER_DIVERGED;
}

static void
test_divergence (void)
{
  NtkWindow *window = new_window (64, 2000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double eta_crit;

  wait_snapshots (window, 1);
  eta_crit = ntk_worker_get_snapshot (ntk_window_get_worker (window))->constants->eta_crit;
  g_assert_true (isfinite (eta_crit) && eta_crit > 0);

  /* Far above η_crit: between η_crit and a few times it, a finite ReLU network may instead
   * "catapult" to a flatter region and converge. */
  g_assert_true (ntk_parameter_panel_apply (panel, "learning-rate", g_ascii_dtostr (buf, sizeof buf, 20 * eta_crit)));
  g_assert_true (test_wait_for (is_diverged, window, WAIT_TIMEOUT_S));
  {
    g_autofree char *status = ntk_window_get_status_text (window);
    GtkLabel *label;

    g_test_message ("status: %s", status);
    g_assert_nonnull (strstr (status, "diverged"));
    /* Subscripts, not underscores: the line is markup, its text reads "η/ηcrit", "λmin". */
    g_assert_nonnull (strstr (status, "η/ηcrit = "));
    g_assert_nonnull (strstr (status, "λmin(Θ̂₀) = "));
    g_assert_null (strchr (status, '_'));
    label = find_label (GTK_WIDGET (window), "kernel drift");
    g_assert_nonnull (label);
    g_assert_true (gtk_label_get_use_markup (label));
    g_test_message ("status markup: %s", gtk_label_get_label (label));
    g_assert_nonnull (strstr (gtk_label_get_label (label), "baseline_shift=\"subscript\""));
    g_assert_nonnull (strstr (gtk_label_get_text (label), "η/ηcrit = "));
    g_assert_null (strchr (gtk_label_get_text (label), '_'));
  }
  destroy_window (window);
}

static gboolean
is_finished (gpointer data)
{
  return ntk_worker_get_state (ntk_window_get_worker (NTK_WINDOW (data))) == NTK_WORKER_FINISHED;
}

/* "Over Test Points" in the heatmap's menu: another picture, and "Lock Colour Range" then
 * locks the range of the kernel over the test points, the one on screen. */
static void
test_kernel_on_test (void)
{
  NtkWindow *window = new_window (32, 20);
  NtkPlotView *kernel = ntk_window_get_plot_view (window, NTK_FIGURE_KERNEL);
  const NtkPlotOptions *options = ntk_plot_view_get_options (kernel);
  NtkFigureSource source;
  NtkPlotOptions probe;
  double train_lo, train_hi, test_lo, test_hi, diff;
  cairo_surface_t *train_pic, *test_pic, *again;

  ntk_window_show_page (window, "overview");
  /* A finished run: every picture of the same options is the same. */
  g_assert_true (test_wait_for (is_finished, window, WAIT_TIMEOUT_S));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.kernel-view", "i",
                                             (int) NTK_KERNEL_VIEW_EMPIRICAL_INIT));
  g_assert_false (options->kernel_on_test);
  wait_fresh_render (kernel);
  train_pic = render_widget (GTK_WIDGET (kernel));

  /* A range locked over the training points goes when the points change. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.lock-range", NULL));
  g_assert_true (options->lock_range);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.kernel-on-test", NULL));
  g_assert_true (options->kernel_on_test);
  g_assert_false (options->lock_range);

  wait_fresh_render (kernel);
  test_pic = render_widget (GTK_WIDGET (kernel));
  diff = pixel_difference (train_pic, test_pic);
  g_test_message ("over the test points: %.1f %% of the pixels change", 100 * diff);
  g_assert_cmpfloat (diff, >, 0.05);

  /* The lock takes the range of Θ̂₀ over the 64 test points, not over the 16 training points. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.lock-range", NULL));
  g_assert_true (options->lock_range);
  ntk_plot_view_get_source (kernel, &source);
  probe = *options;
  g_assert_true (ntk_figure_kernel_range (&source, &probe, &test_lo, &test_hi));
  probe.kernel_on_test = FALSE;
  g_assert_true (ntk_figure_kernel_range (&source, &probe, &train_lo, &train_hi));
  g_test_message ("Θ̂₀ over the training points [%.6g, %.6g], over the test points [%.6g, %.6g]; locked [%.6g, %.6g]",
                  train_lo, train_hi, test_lo, test_hi, options->range_min, options->range_max);
  g_assert_cmpfloat (options->range_min, ==, test_lo);
  g_assert_cmpfloat (options->range_max, ==, test_hi);
  g_assert_true (fabs (test_lo - train_lo) > 1e-6 * fabs (train_lo) ||
                 fabs (test_hi - train_hi) > 1e-6 * fabs (train_hi));
  /* Locked to its own range, the picture is the unlocked one. */
  wait_fresh_render (kernel);
  again = render_widget (GTK_WIDGET (kernel));
  g_assert_cmpfloat (pixel_difference (test_pic, again), <, 1e-3);
  cairo_surface_destroy (again);

  /* And back: the training points' picture again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kernel), "plot.kernel-on-test", NULL));
  g_assert_false (options->kernel_on_test);
  g_assert_false (options->lock_range);
  wait_fresh_render (kernel);
  again = render_widget (GTK_WIDGET (kernel));
  g_assert_cmpfloat (pixel_difference (train_pic, again), <, 1e-3);

  cairo_surface_destroy (again);
  cairo_surface_destroy (train_pic);
  cairo_surface_destroy (test_pic);
  destroy_window (window);
}

/* A main thread slowed down where a window that lays out and draws its first frames is slow:
 * while it delivers the first snapshot of the preset's run, and while it starts the next. */
typedef struct {
  guint64  preset_run;
  gboolean slowed_delivery, slowed_start;
} Slowdown;

static void
slow_first_delivery (NtkWorker  *worker,
                     GParamSpec *pspec,
                     Slowdown   *sd)
{
  /* "running": the preset run's first snapshot is being delivered. The run goes on meanwhile
   * and queues the delivery of its next snapshot. */
  if (!sd->slowed_delivery && ntk_worker_get_run_id (worker) == sd->preset_run &&
      ntk_worker_get_state (worker) == NTK_WORKER_RUNNING)
    {
      sd->slowed_delivery = TRUE;
      g_usleep (100 * 1000);
    }
}

static void
slow_restart (NtkWorker  *worker,
              GParamSpec *pspec,
              Slowdown   *sd)
{
  /* The run at 5 η_crit starts: it prepares, publishes and diverges before that queued
   * delivery runs, which then carries its last snapshot ahead of its "preparing" event. */
  if (!sd->slowed_start && ntk_worker_get_run_id (worker) > sd->preset_run)
    {
      sd->slowed_start = TRUE;
      g_usleep (1500 * 1000);
    }
}

/* The unstable preset restarts at 5 η_crit once the first snapshot tells η_crit, and that run
 * diverges within a few steps. Its "preparing" event could be delivered after its last
 * snapshot and leave the window "preparing" for good (1 in 3 starts of `ntk-lab --preset
 * unstable` did). */
static void
test_unstable_preset_diverges (void)
{
  NtkWindow *window = ntk_window_new (NULL);
  NtkWorker *worker = ntk_window_get_worker (window);
  Slowdown sd = { 0 };
  gulong h1, h2;

  g_assert_true (ntk_window_apply_preset (window, "unstable"));
  sd.preset_run = ntk_worker_get_run_id (worker);
  h1 = g_signal_connect (worker, "notify::state", G_CALLBACK (slow_first_delivery), &sd);
  h2 = g_signal_connect (worker, "notify::run-id", G_CALLBACK (slow_restart), &sd);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (test_wait_for (is_diverged, window, WAIT_TIMEOUT_S));
  /* nothing still queued moves it back to "preparing" */
  test_spin (0.5);
  {
    g_autofree char *status = ntk_window_get_status_text (window);
    g_test_message ("%s; slowed delivery %d, start %d", status, sd.slowed_delivery, sd.slowed_start);
  }
  g_assert_true (sd.slowed_delivery && sd.slowed_start);
  g_assert_cmpint (ntk_worker_get_state (worker), ==, NTK_WORKER_DIVERGED);
  g_signal_handler_disconnect (worker, h1);
  g_signal_handler_disconnect (worker, h2);
  destroy_window (window);
}

typedef struct {
  guint  n_app;       /* debug lines in the app's domain */
  guint  n_no_domain; /* debug lines without a domain */
  char  *last;
} DebugLog;

static void
collect_debug (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        data)
{
  DebugLog *log = data;

  if (domain == NULL)
    log->n_no_domain++;
  else
    {
      log->n_app++;
      g_free (log->last);
      log->last = g_strdup (message);
    }
}

/* One debug line per run, in the "NtkLab" domain (G_MESSAGES_DEBUG=NtkLab shows it). */
static void
test_restart_debug_line (void)
{
  NtkWindow *window = new_window (16, 100000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  DebugLog log = { 0 };
  guint app_handler, null_handler, restarts0;

  app_handler = g_log_set_handler ("NtkLab", G_LOG_LEVEL_DEBUG, collect_debug, &log);
  null_handler = g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, collect_debug, &log);
  restarts0 = ntk_window_get_n_restarts (window);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *width = g_strdup_printf ("%u", 17 + i);

      g_assert_true (ntk_parameter_panel_apply (panel, "width", width));
      test_spin (0.02);
    }
  g_log_remove_handler ("NtkLab", app_handler);
  g_log_remove_handler (NULL, null_handler);

  g_test_message ("%u restarts, %u debug lines; last: %s", ntk_window_get_n_restarts (window) - restarts0,
                  log.n_app, log.last);
  g_assert_cmpuint (ntk_window_get_n_restarts (window) - restarts0, ==, 5);
  g_assert_cmpuint (log.n_app, ==, 5);
  g_assert_cmpuint (log.n_no_domain, ==, 0);
  g_assert_nonnull (strstr (log.last, "started"));
  g_assert_nonnull (strstr (log.last, "width 21"));
  g_free (log.last);
  destroy_window (window);
}

static void
test_rapid_changes (void)
{
  NtkWindow *window = new_window (32, 100000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  NtkWorker *worker = ntk_window_get_worker (window);
  GRand *rand = g_rand_new_with_seed (7);
  guint last_width = 0;
  NtkSnapshot *snapshot;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *value = NULL;

      if (i % 2 == 0)
        {
          last_width = g_rand_int_range (rand, 4, 96);
          value = g_strdup_printf ("%u", last_width);
          ntk_parameter_panel_apply (panel, "width", value);
        }
      else
        {
          value = g_strdup_printf ("%.3g", g_rand_double_range (rand, 0.05, 0.5));
          ntk_parameter_panel_apply (panel, "learning-rate", value);
        }
      /* Some changes land while a run prepares, some while it trains. */
      if (i % 10 == 0)
        test_spin (0.01);
      else
        g_main_context_iteration (NULL, FALSE);
    }
  g_rand_free (rand);

  /* The last parameters run, and only their snapshots are shown. */
  g_assert_true (ntk_config_equal (ntk_worker_get_config (worker), ntk_window_get_config (window)));
  wait_snapshots (window, 3);
  snapshot = ntk_worker_get_snapshot (worker);
  g_assert_cmpuint (snapshot->constants->config->width, ==, last_width);
  g_assert_cmpfloat (snapshot->constants->config->learning_rate, ==, ntk_window_get_config (window)->learning_rate);
  for (int kind = 0; kind < NTK_FIGURE_WIDTH_SWEEP; kind++)
    {
      NtkFigureSource source;
      ntk_plot_view_get_source (ntk_window_get_plot_view (window, kind), &source);
      g_assert_true (source.snapshot->constants->config->width == last_width);
    }
  destroy_window (window);
}

static void
test_presets (void)
{
  NtkWindow *window = ntk_window_new (NULL);

  for (guint i = 0; i < ntk_presets_get_n (); i++)
    {
      const NtkPreset *preset = ntk_presets_get (i);
      g_autoptr(NtkConfig) config = ntk_preset_build_config (preset);
      g_autoptr(GError) error = NULL;

      g_assert_true (ntk_config_validate (config, &error));
      g_assert_no_error (error);
      g_assert_true (ntk_presets_lookup (preset->id) == preset);
    }

  /* A preset with η = 0.5 η_crit restarts once η_crit is known. */
  {
    g_autoptr(NtkConfig) small = NULL;
    NtkWorker *worker = ntk_window_get_worker (window);
    SnapshotWait w = { window, 1 };

    g_assert_true (ntk_window_apply_preset (window, "rich"));
    g_assert_true (test_wait_for (has_snapshots, &w, WAIT_TIMEOUT_S));
    {
      double eta_crit = ntk_worker_get_snapshot (worker)->constants->eta_crit;
      g_assert_cmpfloat_with_epsilon (ntk_window_get_config (window)->learning_rate / (0.5 * eta_crit), 1.0, 1e-12);
    }
    (void) small;
  }
  destroy_window (window);
}

static void
test_open_save (void)
{
  NtkWindow *window = new_window (24, 100);
  g_autofree char *dir = g_dir_make_tmp ("ntk-app-ntk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.ntk", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NtkConfig) saved = NULL;
  g_autoptr(GError) error = NULL;
  guint64 run;

  g_assert_true (ntk_parameter_panel_apply (ntk_window_get_panel (window), "activation", "tanh"));
  g_assert_true (ntk_window_save_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ntk_window_get_banner_text (window), path));
  saved = ntk_config_copy (ntk_window_get_config (window));
  destroy_window (window);

  /* A fresh window opens it and runs it. */
  window = new_window (16, 100);
  run = ntk_worker_get_run_id (ntk_window_get_worker (window));
  g_assert_true (ntk_window_open_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (ntk_config_equal (saved, ntk_window_get_config (window)));
  g_assert_cmpuint (ntk_worker_get_run_id (ntk_window_get_worker (window)), >, run);
  g_assert_true (ntk_config_equal (saved, ntk_worker_get_config (ntk_window_get_worker (window))));

  g_unlink (path);
  g_rmdir (dir);
  destroy_window (window);
}

static void
test_settings_roundtrip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(NtkConfig) config = test_small_config (77, 1234);
  g_autoptr(NtkConfig) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ntk_config_set (config, "learning-rate", "0.123456789012345", NULL));
  g_assert_true (ntk_config_set (config, "seed", "18446744073709551615", NULL));
  g_assert_true (ntk_config_set (config, "activation", "erf", NULL));
  ntk_settings_save_config (settings, config);
  loaded = ntk_settings_load_config (settings, &error);
  g_assert_no_error (error);
  g_assert_true (ntk_config_equal (config, loaded));

  /* A new window opens on the remembered experiment. */
  {
    NtkWindow *window = ntk_window_new (NULL);
    g_assert_true (ntk_config_equal (config, ntk_window_get_config (window)));
    destroy_window (window);
  }
  g_settings_reset (settings, "width");
  g_settings_reset (settings, "steps");
  {
    const char *const *keys = ntk_config_field_names ();
    for (guint i = 0; keys[i]; i++)
      {
        g_autoptr(GSettingsSchema) schema = NULL;
        g_object_get (settings, "settings-schema", &schema, NULL);
        if (g_settings_schema_has_key (schema, keys[i]))
          g_settings_reset (settings, keys[i]);
      }
  }
}


/* ------------------------------------------------------------------ stale figures, dragging */

/* Mean distance of the pixels below the title line from the background (the pixel near the
 * top-left corner), 0…1: how strongly a figure is drawn. The "Updating…" note sits above this
 * region. */
static double
contrast_of_pixels (const guchar *data,
                    int           stride,
                    int           w,
                    int           h)
{
  guint32 background = *(const guint32 *) (data + 6 * stride + 6 * 4);
  double sum = 0;
  guint n = 0;

  g_assert_cmpint (h, >, 120);
  for (int y = 80; y < h - 4; y++)
    for (int x = 4; x < w - 4; x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + x * 4);
        sum += fabs (pixel_luminance (p) - pixel_luminance (background));
        n++;
      }
  return sum / n;
}

static double
surface_contrast (cairo_surface_t *surface)
{
  return contrast_of_pixels (cairo_image_surface_get_data (surface),
                             cairo_image_surface_get_stride (surface),
                             cairo_image_surface_get_width (surface),
                             cairo_image_surface_get_height (surface));
}

/* The contrast of @widget as GTK draws it (dimmed, with its note, if it is stale). */
static double
ink_contrast (GtkWidget *widget)
{
  cairo_surface_t *surface = render_widget (widget);
  double contrast = surface_contrast (surface);

  cairo_surface_destroy (surface);
  return contrast;
}

/* The texture drawn under @node, and the opacity it is drawn with. */
static GdkTexture *
find_texture (GskRenderNode *node,
              double         opacity,
              double        *opacity_out)
{
  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_TEXTURE_NODE:
      *opacity_out = opacity;
      return gsk_texture_node_get_texture (node);
    case GSK_OPACITY_NODE:
      return find_texture (gsk_opacity_node_get_child (node),
                           opacity * gsk_opacity_node_get_opacity (node), opacity_out);
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        {
          GdkTexture *texture = find_texture (gsk_container_node_get_child (node, i), opacity, opacity_out);

          if (texture != NULL)
            return texture;
        }
      return NULL;
    case GSK_TRANSFORM_NODE:
      return find_texture (gsk_transform_node_get_child (node), opacity, opacity_out);
    case GSK_CLIP_NODE:
      return find_texture (gsk_clip_node_get_child (node), opacity, opacity_out);
    case GSK_ROUNDED_CLIP_NODE:
      return find_texture (gsk_rounded_clip_node_get_child (node), opacity, opacity_out);
    case GSK_DEBUG_NODE:
      return find_texture (gsk_debug_node_get_child (node), opacity, opacity_out);
    default:
      return NULL;
    }
}

/* The picture a plot view puts on screen now (the figure rasterized off the main thread), as
 * the view draws it into the frame, and the opacity it is drawn with. */
static GdkTexture *
shown_picture (GtkWidget *widget,
               double    *opacity)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;

  gtk_widget_snapshot_child (gtk_widget_get_parent (widget), widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = find_texture (node, 1.0, opacity);
  return texture != NULL ? g_object_ref (texture) : NULL;
}

static double
texture_contrast (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, data, (gsize) w * 4);
  return contrast_of_pixels (data, w * 4, w, h);
}

/* Share of the pixels of @texture that differ from @view's figure drawn without data (its title
 * and a note), at its size and in its colours: 0 for a blank figure. */
static double
difference_from_empty (NtkPlotView *view,
                       GdkTexture  *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  cairo_surface_t *empty = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_t *picture = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (empty);
  NtkPlotTheme theme;
  double difference;

  ntk_theme_from_widget (GTK_WIDGET (view), &theme);
  ntk_figure_render (cr, w, h, ntk_plot_view_get_kind (view), NULL, NULL, &theme, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (empty);
  gdk_texture_download (texture, cairo_image_surface_get_data (picture), cairo_image_surface_get_stride (picture));
  cairo_surface_mark_dirty (picture);
  difference = pixel_difference (picture, empty);
  cairo_surface_destroy (empty);
  cairo_surface_destroy (picture);
  return difference;
}

/* @view shows a picture of data, not a blank figure, drawn with @opacity (stale pictures are
 * dimmed to 0.4): the contrast on screen is @opacity times the picture's own (relative
 * tolerance 25 %), and the picture differs from the figure without data in at least 5 % of its
 * pixels (pictures of data at any step: 10–50 %; a blank one: its title and note, 0 %). Returns
 * the contrast on screen. */
static double
assert_data_picture_shown (NtkPlotView *view,
                           double       opacity)
{
  g_autoptr(GdkTexture) texture = NULL;
  double drawn_opacity = 0, plain, shown, difference;

  texture = shown_picture (GTK_WIDGET (view), &drawn_opacity);
  g_assert_nonnull (texture);
  plain = texture_contrast (texture);
  shown = ink_contrast (GTK_WIDGET (view));
  difference = difference_from_empty (view, texture);
  g_test_message ("%s: contrast %.4f on screen, %.4f of the picture (drawn at opacity %.2f), "
                  "which differs from the empty figure in %.1f %% of its pixels",
                  ntk_figure_kind_to_id (ntk_plot_view_get_kind (view)), shown, plain, drawn_opacity,
                  100 * difference);
  g_assert_cmpfloat (fabs (shown / plain - opacity), <, 0.25 * opacity);
  g_assert_cmpfloat (difference, >, 0.05);
  return shown;
}

static NtkPlotView *const *
overview_views (NtkWindow   *window,
                NtkPlotView *views[3])
{
  views[0] = ntk_window_get_plot_view (window, NTK_FIGURE_PREDICTIONS);
  views[1] = ntk_window_get_plot_view (window, NTK_FIGURE_KERNEL);
  views[2] = ntk_window_get_plot_view (window, NTK_FIGURE_MODES);
  return views;
}

/* A parameter change keeps the figures on screen, dimmed and marked, until the new run's first
 * snapshot is drawn: no blank figures, and nothing of the old run passes for the new one. */
static void
test_stale_figures_stay (void)
{
  NtkWindow *window = new_window (32, 100000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  NtkWorker *worker = ntk_window_get_worker (window);
  NtkPlotView *views[3];
  double before[3];

  ntk_window_show_page (window, "overview");
  wait_snapshots (window, 2);
  overview_views (window, views);
  for (guint i = 0; i < 3; i++)
    wait_fresh_render (views[i]);
  /* The pictures on screen now, with no main-loop turn until the change: the same pictures
   * are then compared, plain and dimmed. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (ntk_plot_view_get_n_renders (views[i]) > 0);
      g_assert_false (ntk_plot_view_is_stale (views[i]));
      before[i] = assert_data_picture_shown (views[i], 1.0);
    }

  /* Right after the change (before the main loop runs again) the new run cannot have
   * delivered anything: the old pictures show, faded, and their data is gone. */
  g_assert_true (ntk_parameter_panel_apply (panel, "width", "48"));
  for (guint i = 0; i < 3; i++)
    {
      NtkFigureSource source;
      double now = ink_contrast (GTK_WIDGET (views[i]));

      g_test_message ("%s: ink contrast %.4f before, %.4f while updating (ratio %.2f)",
                      ntk_figure_kind_to_id (ntk_plot_view_get_kind (views[i])), before[i], now,
                      now / before[i]);
      g_assert_true (ntk_plot_view_is_stale (views[i]));
      g_assert_false (ntk_plot_view_is_up_to_date (views[i]));
      ntk_plot_view_get_source (views[i], &source);
      g_assert_null (source.snapshot);
      g_assert_false (ntk_plot_view_has_data (views[i]));
      /* Not blank, clearly dimmed: opacity 0.4 gives a ratio of 0.4 (relative tolerance 25 %). */
      g_assert_cmpfloat (fabs (now / before[i] - 0.4), <, 0.1);
    }
  g_assert_false (ntk_window_is_page_ready (window));

  /* The new run's first picture replaces the faded one: drawn at full strength, of the new
   * run's data. (Its contrast is not compared with the old picture's: a figure early in a run
   * legitimately differs from one late in another.) */
  wait_snapshots (window, 1);
  for (guint i = 0; i < 3; i++)
    {
      NtkFigureSource source;

      g_assert_true (test_wait_for (is_not_stale, views[i], WAIT_TIMEOUT_S));
      ntk_plot_view_get_source (views[i], &source);
      g_assert_nonnull (source.snapshot);
      g_assert_cmpuint (source.snapshot->constants->config->width, ==, 48);
      assert_data_picture_shown (views[i], 1.0);
    }

  /* A run that fails clears the figures outright (with the error in the window). */
  {
    g_autoptr(NtkConfig) big = test_small_config (16, 10);

    g_assert_true (ntk_config_set (big, "memory-limit", "1000", NULL));
    ntk_window_set_config (window, big);
    g_assert_true (test_wait_for (banner_shown, window, WAIT_TIMEOUT_S));
    g_assert_cmpint (ntk_worker_get_state (worker), ==, NTK_WORKER_FAILED);
    for (guint i = 0; i < 3; i++)
      g_assert_false (ntk_plot_view_is_stale (views[i]));
  }
  destroy_window (window);
}

typedef struct {
  NtkPlotView *view;
  guint        n;
  gboolean     seen;
  gboolean     stale_after_first;
} FirstPicture;

/* Notes whether the view was still stale right after the first picture begun after w->n
 * finished: render_done of the next picture cannot run in the same main-loop turn, as that
 * picture starts only in this one. */
static gboolean
first_picture_done (gpointer data)
{
  FirstPicture *w = data;
  guint n = ntk_plot_view_get_n_renders (w->view);

  if (n == w->n + 1 && !w->seen)
    {
      w->seen = TRUE;
      w->stale_after_first = ntk_plot_view_is_stale (w->view);
    }
  return n > w->n;
}

/* The stale mark ends with the first picture of data set after it, even when newer data came
 * while that picture was being rasterized, as it does all the time when a run publishes faster
 * than a slow machine draws. (Ending it only with a picture of the very latest data kept the
 * new run's figures dimmed as long as snapshots kept coming: 21 pictures, 1.1 s in the ASan
 * build.) */
static void
test_stale_ends_with_first_picture (void)
{
  NtkWindow *window = new_window (32, 20);
  NtkWorker *worker = ntk_window_get_worker (window);
  NtkPlotView *view = ntk_window_get_plot_view (window, NTK_FIGURE_PREDICTIONS);
  g_autoptr(NtkSnapshot) older = NULL;
  g_autoptr(NtkSnapshot) newer = NULL;
  FirstPicture w = { view, 0, FALSE, FALSE };
  NtkFigureSource source;

  /* The last snapshots of two finished runs: nothing else arrives meanwhile. */
  ntk_window_show_page (window, "overview");
  g_assert_true (test_wait_for (is_finished, window, WAIT_TIMEOUT_S));
  older = ntk_snapshot_ref (ntk_worker_get_snapshot (worker));
  g_assert_true (ntk_parameter_panel_apply (ntk_window_get_panel (window), "width", "40"));
  g_assert_cmpint (ntk_worker_get_state (worker), ==, NTK_WORKER_PREPARING);
  g_assert_true (test_wait_for (is_finished, window, WAIT_TIMEOUT_S));
  newer = ntk_snapshot_ref (ntk_worker_get_snapshot (worker));
  g_assert_true (older != newer);
  /* The view settles: nothing is being rasterized when it goes stale below. */
  g_assert_true (test_wait_for ((TestCondition) ntk_plot_view_is_up_to_date, view, WAIT_TIMEOUT_S));

  /* Stale, then new data (its picture begins at once), then newer data while it is drawn. */
  w.n = ntk_plot_view_get_n_renders (view);
  ntk_plot_view_mark_stale (view);
  ntk_plot_view_set_snapshot (view, older);
  ntk_plot_view_set_snapshot (view, newer);
  g_assert_true (ntk_plot_view_is_stale (view));
  g_assert_true (test_wait_for (first_picture_done, &w, WAIT_TIMEOUT_S));
  g_assert_true (w.seen);
  g_assert_false (w.stale_after_first);

  /* …and the newest data is drawn next, at full strength. */
  wait_fresh_render (view);
  ntk_plot_view_get_source (view, &source);
  g_assert_true (source.snapshot == newer);
  g_assert_false (ntk_plot_view_is_stale (view));
  assert_data_picture_shown (view, 1.0);
  destroy_window (window);
}

typedef struct {
  NtkWindow *window;
  guint      n_checked;
  guint      n_stale_seen;
} DragCheck;

/* Whatever is drawn belongs to the run the worker runs now, and that run has the sidebar's
 * parameters unless a restart is being held back (then everything is marked stale). */
static void
check_nothing_stale_passes (DragCheck *check)
{
  NtkWindow *window = check->window;
  NtkWorker *worker = ntk_window_get_worker (window);
  gboolean pending = ntk_window_get_restart_pending (window);
  NtkPlotView *views[3];

  if (!pending)
    g_assert_true (ntk_config_equal (ntk_worker_get_config (worker), ntk_window_get_config (window)));
  overview_views (window, views);
  for (guint i = 0; i < 3; i++)
    {
      NtkFigureSource source;

      if (ntk_plot_view_get_n_renders (views[i]) == 0)
        continue;
      ntk_plot_view_get_source (views[i], &source);
      /* Stale: the old picture, faded, waits for the new run's (its data may have arrived
       * and be rasterizing). Not stale: it shows the running run, which is the sidebar's. */
      if (ntk_plot_view_is_stale (views[i]))
        check->n_stale_seen++;
      else
        g_assert_false (pending);
      if (source.snapshot != NULL)
        g_assert_true (ntk_config_equal (source.snapshot->constants->config, ntk_worker_get_config (worker)));
    }
  check->n_checked++;
}

/* Dragging a slider changes the parameters at every motion; the run restarts at most every
 * ~120 ms meanwhile and once at the release, with the value it was let go at. */
static void
test_slider_drag_coalesces (void)
{
  NtkWindow *window = new_window (32, 100000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  NtkWorker *worker = ntk_window_get_worker (window);
  GtkRange *scale = GTK_RANGE (ntk_parameter_panel_get_control (panel, "width-scale"));
  NtkPlotView *prediction = ntk_window_get_plot_view (window, NTK_FIGURE_PREDICTIONS);
  DragCheck check = { window, 0, 0 };
  guint restarts0, changes = 0, restarts;
  gint64 start;
  double seconds;

  ntk_window_show_page (window, "overview");
  wait_snapshots (window, 2);
  wait_fresh_render (prediction);

  /* A change with nothing held restarts at once. */
  restarts0 = ntk_window_get_n_restarts (window);
  g_assert_true (ntk_parameter_panel_apply (panel, "width", "40"));
  g_assert_cmpuint (ntk_window_get_n_restarts (window), ==, restarts0 + 1);
  wait_snapshots (window, 1);
  wait_fresh_render (prediction);

  /* Press: the slider moves through widths 16…64 and back, one step every 10 ms. */
  ntk_parameter_panel_set_adjusting (panel, TRUE);
  g_assert_true (ntk_parameter_panel_get_adjusting (panel));
  restarts0 = ntk_window_get_n_restarts (window);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    {
      double v = 4.0 + 2.0 * fabs (sin (i * 0.05 * G_PI));   /* log2 width */
      gtk_range_set_value (scale, v);
      changes++;
      check_nothing_stale_passes (&check);
      test_spin (0.01);
      check_nothing_stale_passes (&check);
    }
  /* The last position: a width no earlier step had. */
  gtk_range_set_value (scale, log2 (61));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  restarts = ntk_window_get_n_restarts (window) - restarts0;
  g_test_message ("drag: %u slider changes in %.2f s started %u runs (%.0f ms apart on average)",
                  changes + 1, seconds, restarts, 1000 * seconds / MAX (restarts, 1));
  /* Not every change (that would be 101), but the run follows the drag. */
  g_assert_cmpuint (restarts, >=, 2);
  g_assert_cmpuint (restarts, <=, (guint) (seconds / 0.120) + 2);
  /* The figures stayed on screen (stale) all along, never blank: now too, a picture of data
   * dimmed. (Not compared with the picture before the drag: how much ink a figure has depends
   * on the run and its step, which differ.) */
  g_assert_cmpuint (check.n_stale_seen, >, 0);
  g_assert_true (ntk_plot_view_is_stale (prediction));
  assert_data_picture_shown (prediction, 0.4);

  /* Release: the value let go at runs at once. */
  restarts0 = ntk_window_get_n_restarts (window);
  ntk_parameter_panel_set_adjusting (panel, FALSE);
  g_assert_false (ntk_window_get_restart_pending (window));
  g_assert_cmpuint (ntk_window_get_n_restarts (window), <=, restarts0 + 1);
  g_assert_cmpuint (ntk_window_get_config (window)->width, ==, 61);
  g_assert_true (ntk_config_equal (ntk_worker_get_config (worker), ntk_window_get_config (window)));

  wait_snapshots (window, 2);
  wait_fresh_render (prediction);
  check_nothing_stale_passes (&check);
  g_assert_false (ntk_plot_view_is_stale (prediction));
  {
    NtkFigureSource source;

    ntk_plot_view_get_source (prediction, &source);
    g_assert_cmpuint (source.snapshot->constants->config->width, ==, 61);
  }
  assert_data_picture_shown (prediction, 1.0);
  g_test_message ("%u consistency checks, %u stale figures seen", check.n_checked, check.n_stale_seen);
  destroy_window (window);
}

/* ------------------------------------------------------------------ narrow window, keyboard, names */

static gboolean
is_laid_out (gpointer data)
{
  NtkWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && ntk_window_get_page_switcher (window) != NULL &&
         gtk_widget_get_width (GTK_WIDGET (ntk_window_get_plot_view (window, NTK_FIGURE_MODES))) > 0;
}

static GtkScrolledWindow *
sidebar_of (NtkWindow *window)
{
  return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (ntk_window_get_panel (window)),
                                                       GTK_TYPE_SCROLLED_WINDOW));
}

/* The overview is the page shown, laid out. */
static gboolean
overview_shown (gpointer data)
{
  NtkWindow *window = data;
  NtkPlotView *views[3];

  overview_views (window, views);
  for (guint i = 0; i < 3; i++)
    if (!gtk_widget_get_mapped (GTK_WIDGET (views[i])) || gtk_widget_get_width (GTK_WIDGET (views[i])) <= 0)
      return FALSE;
  return TRUE;
}

/* The "noise" control, focused, has been scrolled into the sidebar's view. */
static gboolean
noise_in_view (gpointer data)
{
  NtkWindow *window = data;
  GtkScrolledWindow *sidebar = sidebar_of (window);
  GtkWidget *noise = ntk_parameter_panel_get_control (ntk_window_get_panel (window), "noise");
  graphene_rect_t b;

  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (sidebar)) > 0 &&
         gtk_widget_compute_bounds (noise, GTK_WIDGET (sidebar), &b) && b.origin.y >= 0 &&
         b.origin.y + b.size.height <= gtk_widget_get_height (GTK_WIDGET (sidebar)) + 0.5;
}

typedef struct {
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
is_wider (gpointer data)
{
  WidthWait *w = data;

  return gtk_widget_get_width (w->widget) > w->width;
}

static void
test_narrow_window (void)
{
  NtkWindow *window = ntk_window_new (NULL);
  g_autoptr(NtkConfig) config = test_small_config (32, 100000);
  GtkScrolledWindow *sidebar;
  GtkAdjustment *vadj;
  GtkWidget *switcher, *noise;
  int min_w, nat_w, width;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  ntk_window_set_config (window, config);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_wait_for (is_laid_out, window, WAIT_TIMEOUT_S));
  test_spin (0.2);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  g_test_message ("window: minimum width %d px, natural %d px, shown %d px wide", min_w, nat_w, width);
  g_assert_cmpint (min_w, <=, 800);
  g_assert_cmpint (width, <=, 800);

  /* The drop-down stands in for the tabs, and switches pages both ways. */
  switcher = ntk_window_get_page_switcher (window);
  g_assert_true (GTK_IS_DROP_DOWN (switcher));
  g_assert_true (gtk_widget_get_mapped (switcher));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (switcher), 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ntk_window_get_plot_view (window, NTK_FIGURE_LOSS)),
                                                         GTK_TYPE_STACK))), ==, "loss");
  ntk_window_show_page (window, "drift");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (switcher)), ==, 3);
  ntk_window_show_page (window, "overview");
  g_assert_true (test_wait_for (overview_shown, window, WAIT_TIMEOUT_S));

  /* All three overview figures lie inside the window, at a usable size. */
  {
    NtkPlotView *views[3];

    overview_views (window, views);
    for (guint i = 0; i < 3; i++)
      {
        graphene_rect_t b;

        g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (views[i]), GTK_WIDGET (window), &b));
        g_test_message ("%s: %.0f × %.0f px at x = %.0f", ntk_figure_kind_to_id (ntk_plot_view_get_kind (views[i])),
                        b.size.width, b.size.height, b.origin.x);
        g_assert_cmpfloat (b.origin.x + b.size.width, <=, width + 0.5);
        g_assert_cmpfloat (b.size.width, >=, 150);
        g_assert_cmpfloat (b.size.height, >=, 120);
      }
  }

  /* The sidebar is taller than the window: it scrolls, and a control reached with the keyboard
   * is scrolled into view. */
  sidebar = sidebar_of (window);
  vadj = gtk_scrolled_window_get_vadjustment (sidebar);
  g_test_message ("sidebar: %.0f px of content in %.0f px", gtk_adjustment_get_upper (vadj),
                  gtk_adjustment_get_page_size (vadj));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj), >, 50);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  noise = ntk_parameter_panel_get_control (ntk_window_get_panel (window), "noise");
  g_assert_true (gtk_widget_grab_focus (noise));
  /* It scrolls when the sidebar is next laid out. */
  g_assert_true (test_wait_for (noise_in_view, window, WAIT_TIMEOUT_S));
  {
    graphene_rect_t b;

    g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);
    g_assert_true (gtk_widget_compute_bounds (noise, GTK_WIDGET (sidebar), &b));
    g_assert_cmpfloat (b.origin.y, >=, 0);
    g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_widget_get_height (GTK_WIDGET (sidebar)) + 0.5);
  }

  /* F9 (win.show-sidebar) gives the figures the whole width, and brings the sidebar back. */
  {
    GtkWidget *kernel = GTK_WIDGET (ntk_window_get_plot_view (window, NTK_FIGURE_KERNEL));
    WidthWait w = { kernel, gtk_widget_get_width (kernel) + 100 };
    int narrow = gtk_widget_get_width (kernel);

    g_action_group_activate_action (G_ACTION_GROUP (window), "show-sidebar", NULL);
    /* The figures widen when the window is next laid out. */
    test_wait_for (is_wider, &w, WAIT_TIMEOUT_S);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sidebar)));
    g_test_message ("kernel figure %d px wide with the sidebar, %d px without", narrow,
                    gtk_widget_get_width (kernel));
    g_assert_cmpint (gtk_widget_get_width (kernel), >, narrow + 100);
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-sidebar", NULL);
    test_spin (0.2);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sidebar)));
  }

  /* Nothing (an action, a controller) keeps the sidebar and its panel alive after the window. */
  {
    gpointer weak_panel = ntk_window_get_panel (window);

    g_object_add_weak_pointer (G_OBJECT (weak_panel), &weak_panel);
    destroy_window (window);
    g_assert_null (weak_panel);
  }

  /* A wide window shows the tabs. */
  window = ntk_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_wait_for (is_laid_out, window, WAIT_TIMEOUT_S));
  g_assert_true (GTK_IS_STACK_SWITCHER (ntk_window_get_page_switcher (window)));
  destroy_window (window);
}

/* The controls a person operates: what Tab must reach and what needs a name. Parts of
 * composite controls (a spin button's text and ±, a drop-down's button) count as the
 * control itself, and the window's own title-bar buttons belong to the window manager. */
static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SCALE (widget) ||
         NTK_IS_PLOT_VIEW (widget);
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  if (!gtk_widget_is_drawable (widget) || GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_POPOVER (widget))
    return;
  if (is_control (widget))
    {
      if (gtk_widget_is_sensitive (widget))
        g_ptr_array_add (controls, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
test_keyboard_and_names (void)
{
  NtkWindow *window = ntk_window_new (NULL);
  g_autoptr(NtkConfig) config = test_small_config (32, 100000);
  NtkParameterPanel *panel = ntk_window_get_panel (window);
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) reached = g_ptr_array_new ();
  const char *const *keys = ntk_config_field_names ();
  static const char *panel_keys[] = {
    "activation", "leaky-slope", "depth", "width", "width-scale", "sigma-w", "sigma-b", "seed",
    "learning-rate", "learning-rate-scale", "half-eta-crit", "steps", "publish-every", "dataset",
    "target", "n-train", "n-test", "noise",
  };
  GtkWidget *first = NULL;
  guint n_panel = 0;
  g_autoptr(NtkConfig) config_before = NULL;
  guint64 run_before;

  /* Leaky ReLU shows its slope too; a small window makes the sidebar scroll on the way. */
  g_assert_true (ntk_config_set (config, "activation", "leaky_relu", NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  ntk_window_set_config (window, config);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_wait_for (is_laid_out, window, WAIT_TIMEOUT_S));
  wait_snapshots (window, 1);   /* "0.5 × η_crit" is active once η_crit is known */
  test_spin (0.2);

  /* Values the spin buttons show rounded (σ_w = √2 shows as 1.414). */
  g_assert_true (ntk_parameter_panel_apply (panel, "sigma-w", "1.4142135623730951"));
  g_assert_true (ntk_parameter_panel_apply (panel, "learning-rate", "0.123456789"));
  wait_snapshots (window, 1);
  test_spin (0.2);
  config_before = ntk_config_copy (ntk_window_get_config (window));
  run_before = ntk_worker_get_run_id (ntk_window_get_worker (window));

  /* Tab from the start around the whole window. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 400; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL)
        continue;
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (reached, focus);
    }
  g_test_message ("Tab visits %u widgets before it comes round", reached->len);
  /* Passing through a control with the keyboard changes nothing: the run goes on. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  test_spin (0.1);
  g_assert_true (ntk_config_equal (config_before, ntk_window_get_config (window)));
  g_assert_cmpuint (ntk_worker_get_run_id (ntk_window_get_worker (window)), ==, run_before);

  collect_controls (GTK_WIDGET (window), controls);
  g_assert_cmpuint (controls->len, >=, 25);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = controls->pdata[i];
      gboolean found = FALSE;

      for (guint j = 0; j < reached->len && !found; j++)
        found = reached->pdata[j] == control || gtk_widget_is_ancestor (reached->pdata[j], control);
      if (!found || !has_accessible_name (control))
        g_test_message ("%s %p (tooltip “%s”): %s%s", G_OBJECT_TYPE_NAME (control), control,
                        gtk_widget_get_tooltip_text (control), found ? "" : "not reached by Tab ",
                        has_accessible_name (control) ? "" : "no accessible name");
      g_assert_true (found);
      g_assert_true (has_accessible_name (control));
    }

  /* Every parameter control is among them, and also says what it is (its tooltip is the
   * accessible description). */
  for (guint i = 0; i < G_N_ELEMENTS (panel_keys); i++)
    {
      GtkWidget *control = ntk_parameter_panel_get_control (panel, panel_keys[i]);

      g_assert_nonnull (control);
      g_assert_true (g_ptr_array_find (controls, control, NULL));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (control),
                                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
      n_panel++;
    }
  /* …and every field of the configuration a person can set here has a control. */
  for (guint i = 0; keys[i] != NULL; i++)
    if (ntk_parameter_panel_get_control (panel, keys[i]) != NULL)
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (ntk_parameter_panel_get_control (panel, keys[i])),
                                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_test_message ("%u controls reached by Tab and named, %u of them parameters", controls->len, n_panel);
  destroy_window (window);
}

/* Every user-visible string in the .ui files is marked for translation. */
typedef struct {
  const char *file;
  GString    *element_text;
  gboolean    in_text;
  gboolean    translatable;
  char       *what;
  guint       n_checked;
} UiCheck;

static gboolean
is_visible_property (const char *element,
                     const char *name)
{
  static const char *properties[] = {
    "label", "title", "tooltip-text", "tooltip-markup", "text", "placeholder-text",
    "description", "subtitle", "secondary-text", "accelerator-label",
  };

  if (g_str_equal (element, "item"))
    return name == NULL;      /* a GtkStringList item */
  if (!g_str_equal (element, "property") && !g_str_equal (element, "attribute"))
    return FALSE;
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (properties); i++)
    if (g_str_equal (name, properties[i]))
      return TRUE;
  return FALSE;
}

static void
ui_start (GMarkupParseContext *context, const char *element, const char **names,
          const char **values, gpointer user_data, GError **error)
{
  UiCheck *check = user_data;
  const char *name = NULL;
  gboolean translatable = FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "name"))
        name = values[i];
      else if (g_str_equal (names[i], "translatable"))
        translatable = g_str_equal (values[i], "yes") || g_str_equal (values[i], "true");
    }
  check->in_text = is_visible_property (element, name);
  check->translatable = translatable;
  g_string_truncate (check->element_text, 0);
  g_free (check->what);
  check->what = g_strdup_printf ("<%s name=\"%s\">", element, name ? name : "");
}

static void
ui_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data, GError **error)
{
  UiCheck *check = user_data;

  if (check->in_text)
    g_string_append_len (check->element_text, text, len);
}

static void
ui_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  UiCheck *check = user_data;
  gboolean words = FALSE;

  if (!check->in_text)
    return;
  check->in_text = FALSE;
  /* Words need translating; numbers and symbols alone do not. */
  for (const char *p = check->element_text->str; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      words = TRUE;
  if (words && !check->translatable)
    g_test_message ("%s: %s%s</…> is not marked translatable", check->file, check->what,
                    check->element_text->str);
  g_assert_true (!words || check->translatable);
  check->n_checked++;
}

static void
test_ui_translatable (void)
{
  static const char *files[] = {
    "ntk-window.ui", "ntk-parameter-panel.ui", "ntk-export-dialog.ui", "gtk/help-overlay.ui",
  };
  static const GMarkupParser parser = { ui_start, ui_end, ui_text, NULL, NULL };
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat (APP_PATH "/", files[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      UiCheck check = { files[i], g_string_new (NULL), FALSE, FALSE, NULL, 0 };
      GMarkupParseContext *context;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (bytes);
      context = g_markup_parse_context_new (&parser, 0, &check, NULL);
      g_assert_true (g_markup_parse_context_parse (context, g_bytes_get_data (bytes, NULL),
                                                   g_bytes_get_size (bytes), &error));
      g_assert_no_error (error);
      g_markup_parse_context_free (context);
      g_string_free (check.element_text, TRUE);
      g_free (check.what);
      g_assert_cmpuint (check.n_checked, >, 0);
      total += check.n_checked;
    }
  g_test_message ("%u visible strings in the .ui files, all translatable", total);
}

int
main (int   argc,
      char *argv[])
{
  /* Headless and deterministic: software rendering, in-memory settings, no a11y bus. GTK's
   * "test" accessibility backend talks to no bus either, but records names, relations and
   * descriptions, which /app/window/keyboard-and-names checks. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      /* .ci/test runs us under xvfb-run; elsewhere a display may simply be missing. */
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  g_test_add_func ("/app/window/lifecycle", test_window_lifecycle);
  g_test_add_func ("/app/window/first-figures", test_first_figures_fast);
  g_test_add_func ("/app/window/snapshots-draw", test_snapshots_draw);
  g_test_add_func ("/app/window/dark-theme", test_dark_theme);
  g_test_add_func ("/app/window/sweep-and-slice", test_sweep_and_slice_draw);
  g_test_add_func ("/app/window/controls-restart", test_controls_restart);
  g_test_add_func ("/app/window/pause-step", test_pause_step);
  g_test_add_func ("/app/window/reset", test_reset_same_initialization);
  g_test_add_func ("/app/window/export", test_export);
  g_test_add_func ("/app/window/errors-in-window", test_bad_csv);
  g_test_add_func ("/app/window/divergence", test_divergence);
  g_test_add_func ("/app/window/rapid-changes", test_rapid_changes);
  g_test_add_func ("/app/window/kernel-on-test", test_kernel_on_test);
  g_test_add_func ("/app/window/unstable-preset-diverges", test_unstable_preset_diverges);
  g_test_add_func ("/app/window/restart-debug-line", test_restart_debug_line);
  g_test_add_func ("/app/window/presets", test_presets);
  g_test_add_func ("/app/window/open-save", test_open_save);
  g_test_add_func ("/app/window/settings", test_settings_roundtrip);
  g_test_add_func ("/app/window/stale-figures-stay", test_stale_figures_stay);
  g_test_add_func ("/app/window/stale-ends-with-first-picture", test_stale_ends_with_first_picture);
  g_test_add_func ("/app/window/slider-drag", test_slider_drag_coalesces);
  g_test_add_func ("/app/window/narrow", test_narrow_window);
  g_test_add_func ("/app/window/keyboard-and-names", test_keyboard_and_names);
  g_test_add_func ("/app/ui/translatable", test_ui_translatable);

  return g_test_run ();
}
