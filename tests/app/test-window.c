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
#include "ntk-window.h"
#include "test-app-common.h"

/* ------------------------------------------------------------------ helpers */

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

  g_assert_true (test_wait_for (has_snapshots, &w, 30));
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

static void
destroy_window (NtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (0.05);
  if (weak != NULL)
    g_test_message ("window still alive, ref count %u", G_OBJECT (weak)->ref_count);
  test_spin (0.5);
  g_assert_null (weak);
}

/* Renders @widget the way GTK draws it and returns the share of pixels that differ from the
 * pixel in its top-left corner (the figure's background). */
static double
ink_fraction_full (GtkWidget *widget,
                   guint32   *background_out)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  cairo_surface_t *surface;
  cairo_t *cr;
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  guint32 background;
  guint ink = 0;
  const guchar *data;
  int stride;

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

static gboolean
rendered_since (gpointer data)
{
  RenderWait *w = data;
  return ntk_plot_view_get_n_renders (w->view) > w->n;
}

/* Waits for a picture of what the view holds now. */
static void
wait_fresh_render (NtkPlotView *view)
{
  RenderWait w = { view, 0 };

  g_assert_true (test_wait_for (is_drawn, view, 10));
  w.n = ntk_plot_view_get_n_renders (view);
  ntk_plot_view_invalidate (view);
  g_assert_true (test_wait_for (rendered_since, &w, 10));
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
  /* Issue 4 asks for under a second on a quiet machine; tests share two cores with others,
   * so allow slack here and report the number. */
  g_assert_cmpfloat (elapsed, <, 5.0);
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
      g_assert_true (test_wait_for (is_drawn, view, 10));
      test_spin (0.05);
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
    g_assert_true (test_wait_for (is_drawn, view, 10));
    test_spin (0.05);
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
  wait_fresh_render (view);
  ink = ink_fraction_full (GTK_WIDGET (view), &light_bg);
  g_assert_cmpfloat (ink, >, 0.01);

  /* The figures follow the style: a dark theme gives a dark plot with light ink. */
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  test_spin (0.3);   /* the style is recomputed in the next frame */
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
  g_assert_true (test_wait_for ((TestCondition) ntk_plot_view_has_data, sweep, 50));
  wait_fresh_render (sweep);
  g_assert_cmpfloat (ink_fraction (GTK_WIDGET (sweep)), >, 0.01);
  ntk_window_show_page (window, "kernel-slice");
  g_assert_true (test_wait_for ((TestCondition) ntk_plot_view_has_data, slice, 50));
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
  guint step, n;

  wait_snapshots (window, 2);
  g_action_group_activate_action (G_ACTION_GROUP (window), "play-pause", NULL);
  g_assert_true (ntk_worker_get_paused (worker));
  /* A frame in flight may still land; then nothing more does. */
  do
    {
      n = ntk_window_get_n_snapshots (window);
      test_spin (0.4);
    }
  while (ntk_window_get_n_snapshots (window) != n);
  step = ntk_worker_get_snapshot (worker)->step;
  test_spin (0.3);
  g_assert_cmpuint (ntk_window_get_n_snapshots (window), ==, n);
  g_assert_cmpuint (ntk_worker_get_snapshot (worker)->step, ==, step);

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

  g_assert_true (test_wait_for (banner_shown, window, 20));
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
    g_assert_true (test_wait_for (banner_shown, window, 20));
    g_test_message ("banner: %s", ntk_window_get_banner_text (window));
    g_assert_cmpint (ntk_worker_get_state (ntk_window_get_worker (window)), ==, NTK_WORKER_FAILED);
  }

  g_unlink (path);
  g_rmdir (dir);
  destroy_window (window);
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
  g_assert_true (test_wait_for (is_diverged, window, 30));
  {
    g_autofree char *status = ntk_window_get_status_text (window);
    g_test_message ("status: %s", status);
    g_assert_nonnull (strstr (status, "diverged"));
  }
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
    g_assert_true (test_wait_for (has_snapshots, &w, 30));
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

int
main (int   argc,
      char *argv[])
{
  /* Headless and deterministic: software rendering, in-memory settings, no a11y bus. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
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
  g_test_add_func ("/app/window/presets", test_presets);
  g_test_add_func ("/app/window/open-save", test_open_save);
  g_test_add_func ("/app/window/settings", test_settings_roundtrip);

  return g_test_run ();
}
