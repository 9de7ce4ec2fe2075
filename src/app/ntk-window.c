/* ntk-window.c — the main window: parameters, live figures, status line
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ntk-export-dialog.h"
#include "ntk-presets.h"
#include "ntk-settings.h"
#include "ntk-squeezer.h"
#include "ntk-window.h"

/* Sweeps cost many networks: a few moderate widths give the 1/√m slope in seconds. */
static const guint sweep_widths[] = { 32, 64, 128, 256, 512, 1024 };
#define SWEEP_SEEDS 3
#define SWEEP_MAX_STEPS 100
static const guint slice_widths[] = { 100, 1000 };
#define SLICE_SEEDS 4
#define SLICE_MAX_STEPS 200
/* While a slider is dragged, the run restarts at most this often (and once at the release):
 * each restart recomputes the kernels, and more often than this nobody can see the result. */
#define RESTART_INTERVAL_MS 120

struct _NtkWindow
{
  GtkApplicationWindow  parent_instance;

  /* template */
  GtkWidget          *play_button;
  GtkWidget          *step_button;
  NtkSqueezer        *page_switcher;
  GtkDropDown        *page_dropdown;
  GtkRevealer        *banner_revealer;
  GtkWidget          *banner;
  GtkImage           *banner_icon;
  GtkLabel           *banner_label;
  GtkWidget          *banner_open_button;
  GtkWidget          *sidebar;
  NtkParameterPanel  *panel;
  GtkStack           *plot_stack;
  NtkPlotView        *predictions_view;
  NtkPlotView        *kernel_view;
  NtkPlotView        *modes_view;
  NtkPlotView        *spectrum_view;
  NtkPlotView        *loss_view;
  NtkPlotView        *drift_view;
  NtkPlotView        *sweep_view;
  NtkPlotView        *slice_view;
  GtkWidget          *sweep_progress_box;
  GtkLabel           *sweep_progress_label;
  GtkProgressBar     *sweep_progress;
  GtkWidget          *slice_progress_box;
  GtkLabel           *slice_progress_label;
  GtkProgressBar     *slice_progress;
  GtkLabel           *state_label;
  GtkLabel           *status_label;
  GtkProgressBar     *prepare_progress;

  GSettings          *settings;
  NtkWorker          *worker;
  guint               n_snapshots;
  guint               save_source;
  /* A restart held back while a slider is dragged, and when the last one happened. */
  guint               restart_source;
  gint64              last_restart;
  guint               n_restarts;
  gboolean            syncing_page;

  /* A preset that sets η relative to η_crit waits for the first snapshot of its run. */
  double              pending_eta_factor;
  guint64             pending_eta_run;

  NtkConfig          *sweep_config;      /* what the sweep shown (or running) was made from */
  NtkConfig          *slice_config;
  GCancellable       *sweep_cancellable;
  GCancellable       *slice_cancellable;
  guint               sweeps_source;

  char               *banner_folder;
  GtkNativeDialog    *chooser;
};

G_DEFINE_FINAL_TYPE (NtkWindow, ntk_window, GTK_TYPE_APPLICATION_WINDOW)

static void start_run (NtkWindow *self);
static void schedule_sweeps (NtkWindow *self);

/* ------------------------------------------------------------------ banner */

static void
show_banner (NtkWindow  *self,
             const char *css_class,
             const char *icon,
             const char *text,
             const char *folder)
{
  gtk_widget_remove_css_class (self->banner, "error");
  gtk_widget_remove_css_class (self->banner, "info");
  gtk_widget_add_css_class (self->banner, css_class);
  gtk_image_set_from_icon_name (self->banner_icon, icon);
  gtk_label_set_text (self->banner_label, text);
  g_free (self->banner_folder);
  self->banner_folder = g_strdup (folder);
  gtk_widget_set_visible (self->banner_open_button, folder != NULL);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

void
ntk_window_show_error (NtkWindow    *self,
                       const GError *error)
{
  g_return_if_fail (NTK_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  show_banner (self, "error", "dialog-error-symbolic", error->message, NULL);
}

void
ntk_window_show_message (NtkWindow  *self,
                         const char *message,
                         const char *folder)
{
  g_return_if_fail (NTK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_banner (self, "info", "emblem-ok-symbolic", message, folder);
}

const char *
ntk_window_get_banner_text (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

static void
dismiss_banner (NtkWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
on_banner_open_clicked (GtkButton *button,
                        NtkWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (self->banner_folder == NULL)
    return;
  folder = g_file_new_for_path (self->banner_folder);
  uri = g_file_get_uri (folder);
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
G_GNUC_END_IGNORE_DEPRECATIONS
}

/* ------------------------------------------------------------------ status line */

static char *
format_number (double v)
{
  if (!isfinite (v))
    return g_strdup ("–");
  return g_strdup_printf ("%.3g", v);
}

static const char *
state_text (NtkWindow *self,
            char     **owned)
{
  NtkSnapshot *snapshot = ntk_worker_get_snapshot (self->worker);

  *owned = NULL;
  switch (ntk_worker_get_state (self->worker))
    {
    case NTK_WORKER_IDLE:
      return _("idle");
    case NTK_WORKER_PREPARING:
      return _("preparing");
    case NTK_WORKER_FAILED:
      return _("failed");
    case NTK_WORKER_FINISHED:
      return _("finished");
    case NTK_WORKER_DIVERGED:
      *owned = g_strdup_printf (_("diverged at step %u"), snapshot ? snapshot->diverged_step : 0);
      return *owned;
    case NTK_WORKER_RUNNING:
    default:
      return ntk_worker_get_paused (self->worker) ? _("paused") : _("running");
    }
}

/* The status line as Pango markup (η<sub>crit</sub>, λ<sub>min</sub>), values escaped. */
static char *
status_details_markup (NtkWindow *self)
{
  NtkSnapshot *s = ntk_worker_get_snapshot (self->worker);
  NtkWorkerState state = ntk_worker_get_state (self->worker);
  g_autofree char *train = NULL, *test = NULL, *lin = NULL, *inf = NULL;
  g_autofree char *drift = NULL, *ratio = NULL, *lmin = NULL;

  if (state == NTK_WORKER_PREPARING)
    {
      const char *phase = NULL;
      double fraction = ntk_worker_get_progress (self->worker, &phase);

      return g_markup_printf_escaped ("%s (%.0f %%)", phase ? phase : _("Computing kernels"), 100 * fraction);
    }
  if (state == NTK_WORKER_FAILED)
    return g_markup_escape_text (gtk_label_get_text (self->banner_label), -1);
  if (s == NULL)
    return g_strdup ("");

  train = format_number (s->loss[NTK_LOSS_FINITE_TRAIN]);
  test = format_number (s->loss[NTK_LOSS_FINITE_TEST]);
  lin = format_number (s->loss[NTK_LOSS_LIN_TRAIN]);
  inf = format_number (s->loss[NTK_LOSS_INF_TRAIN]);
  drift = format_number (s->kernel_drift);
  ratio = format_number (s->eta_over_eta_crit);
  lmin = format_number (s->constants && s->constants->eig0 ? s->constants->eig0->lambda_min : NAN);

  /* Translators: the status line; keep the Pango markup: η<sub>crit</sub> is the critical
   * learning rate, λ<sub>min</sub> the smallest eigenvalue */
  return g_markup_printf_escaped (_("step %u · t = %.4g · loss %s train, %s test · linearized %s · "
                                    "infinite width %s · kernel drift %s · "
                                    "η/η<sub>crit</sub> = %s · λ<sub>min</sub>(Θ̂₀) = %s"),
                                  s->step, s->t, train, test, lin, inf, drift, ratio, lmin);
}

/* The status line as plain text (for ntk_window_get_status_text()); NULL when the markup of a
 * translation does not parse. */
static char *
markup_to_text (const char *markup)
{
  char *text = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return NULL;
  return text;
}

static char *
status_details (NtkWindow *self)
{
  g_autofree char *markup = status_details_markup (self);
  char *text = markup_to_text (markup);

  /* A translation with broken markup still says something. */
  return text != NULL ? text : g_steal_pointer (&markup);
}

/* Pango 1.50 warns "Leftover font scales" whenever it ellipsizes text with <sub> (its font
 * scale attribute), and the status line ellipsizes in a narrow window. A smaller font shifted
 * to the subscript baseline looks the same and has no such trouble; translators still write
 * the plain <sub>. */
static char *
ellipsis_safe_markup (const char *markup)
{
  g_autoptr(GString) out = g_string_new (markup);

  g_string_replace (out, "<sub>", "<span baseline_shift=\"subscript\" size=\"smaller\">", 0);
  g_string_replace (out, "</sub>", "</span>", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
update_status (NtkWindow *self)
{
  g_autofree char *owned = NULL;
  g_autofree char *details_markup = status_details_markup (self);
  g_autofree char *details = ellipsis_safe_markup (details_markup);
  g_autofree char *details_text = markup_to_text (details);
  const char *state = state_text (self, &owned);
  NtkWorkerState wstate = ntk_worker_get_state (self->worker);
  NtkSnapshot *s = ntk_worker_get_snapshot (self->worker);
  g_autofree char *state_cap = NULL;

  /* Capitalized for display (in any script a translation uses); the lower-case words stay in
   * ntk_window_get_status_text(). */
  if (state[0] != '\0')
    {
      char first[8] = { 0 };

      g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (state)), first);
      state_cap = g_strconcat (first, g_utf8_next_char (state), NULL);
    }
  else
    state_cap = g_strdup (state);
  gtk_label_set_text (self->state_label, state_cap);
  if (details_text != NULL)
    {
      gtk_label_set_markup (self->status_label, details);
      if (s != NULL && s->message != NULL)
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), s->message);
      else
        gtk_widget_set_tooltip_markup (GTK_WIDGET (self->status_label), details);
    }
  else
    {
      gtk_label_set_text (self->status_label, details);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label),
                                   s != NULL && s->message != NULL ? s->message : details);
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "state-diverged");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "state-finished");
  if (wstate == NTK_WORKER_DIVERGED || wstate == NTK_WORKER_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "state-diverged");
  else if (wstate == NTK_WORKER_FINISHED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "state-finished");

  if (wstate == NTK_WORKER_PREPARING)
    {
      gtk_progress_bar_set_fraction (self->prepare_progress, ntk_worker_get_progress (self->worker, NULL));
      gtk_widget_set_visible (GTK_WIDGET (self->prepare_progress), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->prepare_progress), FALSE);
}

char *
ntk_window_get_status_text (NtkWindow *self)
{
  g_autofree char *owned = NULL;
  g_autofree char *details = NULL;
  const char *state;

  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);

  details = status_details (self);
  state = state_text (self, &owned);
  return g_strdup_printf ("%s — %s", state, details);
}

static void
update_play_button (NtkWindow *self)
{
  gboolean paused = ntk_worker_get_paused (self->worker);
  GAction *step = g_action_map_lookup_action (G_ACTION_MAP (self), "step");

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, paused ? _("Play (Space)") : _("Pause (Space)"));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (step), paused);
}

/* ------------------------------------------------------------------ worker signals */

static NtkPlotView *
run_views (NtkWindow *self,
           guint      i)
{
  NtkPlotView *views[] = {
    self->predictions_view, self->kernel_view, self->modes_view,
    self->spectrum_view, self->loss_view, self->drift_view,
  };

  return i < G_N_ELEMENTS (views) ? views[i] : NULL;
}

static void
on_worker_snapshot (NtkWorker   *worker,
                    NtkSnapshot *snapshot,
                    NtkWindow   *self)
{
  NtkPlotView *view;

  /* The sidebar has moved on while a restart waits for its turn: this run's pictures would
   * pass for the new parameters. */
  if (self->restart_source != 0)
    return;

  self->n_snapshots++;
  for (guint i = 0; (view = run_views (self, i)) != NULL; i++)
    ntk_plot_view_set_snapshot (view, snapshot);

  if (snapshot->constants != NULL)
    ntk_parameter_panel_set_eta_crit (self->panel, snapshot->constants->eta_crit);

  /* A preset asked for η as a multiple of η_crit, which this first snapshot tells. */
  if (self->pending_eta_factor > 0 && self->pending_eta_run == ntk_worker_get_run_id (worker) &&
      snapshot->constants != NULL && isfinite (snapshot->constants->eta_crit))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double eta = self->pending_eta_factor * snapshot->constants->eta_crit;

      self->pending_eta_factor = 0;
      ntk_parameter_panel_apply (self->panel, "learning-rate", g_ascii_dtostr (buf, sizeof buf, eta));
      return;
    }

  update_status (self);
}

static void
on_worker_failed (NtkWorker    *worker,
                  const GError *error,
                  NtkWindow    *self)
{
  NtkPlotView *view;

  for (guint i = 0; (view = run_views (self, i)) != NULL; i++)
    ntk_plot_view_set_snapshot (view, NULL);
  ntk_window_show_error (self, error);
  update_status (self);
}

static void
on_worker_changed (NtkWindow *self)
{
  update_status (self);
}

/* ------------------------------------------------------------------ configuration */

static gboolean
save_settings_cb (gpointer data)
{
  NtkWindow *self = data;

  self->save_source = 0;
  ntk_settings_save_config (self->settings, ntk_parameter_panel_get_config (self->panel));
  return G_SOURCE_REMOVE;
}

/* The figures of the run shown no longer match the sidebar: they stay, dimmed and marked as
 * updating, until the new run's first snapshot replaces them (no blank flash at every change),
 * and cannot pass for the new run meanwhile. */
static void
mark_run_views_stale (NtkWindow *self)
{
  NtkPlotView *view;

  for (guint i = 0; (view = run_views (self, i)) != NULL; i++)
    ntk_plot_view_mark_stale (view);
}

static void
start_run (NtkWindow *self)
{
  const NtkConfig *config = ntk_parameter_panel_get_config (self->panel);

  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->last_restart = g_get_monotonic_time ();
  self->n_restarts++;

  mark_run_views_stale (self);
  self->n_snapshots = 0;
  ntk_parameter_panel_set_eta_crit (self->panel, NAN);

  ntk_worker_start (self->worker, config);
  /* One line per run (G_MESSAGES_DEBUG=NtkLab): enough to follow how slider drags coalesce
   * into runs and which parameters a run had, without a debugger. */
  g_debug ("Run %" G_GUINT64_FORMAT " started (restart %u%s): width %u, depth %u, η %g, seed %" G_GUINT64_FORMAT,
           ntk_worker_get_run_id (self->worker), self->n_restarts,
           ntk_parameter_panel_get_adjusting (self->panel) ? ", slider held" : "",
           config->width, config->depth, config->learning_rate, (guint64) config->seed);

  /* Writing every slider step to dconf would be wasteful: remember after a pause. */
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (500, save_settings_cb, self);

  schedule_sweeps (self);
  update_status (self);
}

static gboolean
restart_cb (gpointer data)
{
  NtkWindow *self = data;

  self->restart_source = 0;
  start_run (self);
  return G_SOURCE_REMOVE;
}

static void
on_panel_changed (NtkParameterPanel *panel,
                  NtkWindow         *self)
{
  gint64 since;

  /* A person changed η by hand: forget what a preset asked for. */
  self->pending_eta_factor = 0;

  if (!ntk_parameter_panel_get_adjusting (panel))
    {
      start_run (self);
      return;
    }

  /* A slider is being dragged: restart at once if the last restart is a while ago, else
   * once its interval is over (with the values of then), and at the release. */
  mark_run_views_stale (self);
  if (self->restart_source != 0)
    return;
  since = (g_get_monotonic_time () - self->last_restart) / 1000;
  if (since >= RESTART_INTERVAL_MS)
    start_run (self);
  else
    self->restart_source = g_timeout_add (RESTART_INTERVAL_MS - since, restart_cb, self);
}

static void
on_panel_adjusting (NtkParameterPanel *panel,
                    GParamSpec        *pspec,
                    NtkWindow         *self)
{
  /* Released: the values it was let go at run now. */
  if (!ntk_parameter_panel_get_adjusting (panel) && self->restart_source != 0)
    start_run (self);
}

static void
on_panel_invalid (NtkParameterPanel *panel,
                  const GError      *error,
                  NtkWindow         *self)
{
  ntk_window_show_error (self, error);
}

void
ntk_window_set_config (NtkWindow       *self,
                       const NtkConfig *config)
{
  g_return_if_fail (NTK_IS_WINDOW (self));
  g_return_if_fail (config != NULL);

  self->pending_eta_factor = 0;
  ntk_parameter_panel_set_config (self->panel, config);
  start_run (self);
}

const NtkConfig *
ntk_window_get_config (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);
  return ntk_parameter_panel_get_config (self->panel);
}

gboolean
ntk_window_apply_preset (NtkWindow  *self,
                         const char *id)
{
  const NtkPreset *preset;
  g_autoptr(NtkConfig) config = NULL;

  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  preset = ntk_presets_lookup (id);
  if (preset == NULL)
    return FALSE;

  config = ntk_preset_build_config (preset);
  ntk_window_set_config (self, config);
  if (preset->eta_crit_factor > 0)
    {
      self->pending_eta_factor = preset->eta_crit_factor;
      self->pending_eta_run = ntk_worker_get_run_id (self->worker);
    }

  switch (preset->page_figure)
    {
    case NTK_FIGURE_SPECTRUM:     ntk_window_show_page (self, "spectrum"); break;
    case NTK_FIGURE_LOSS:         ntk_window_show_page (self, "loss"); break;
    case NTK_FIGURE_DRIFT:        ntk_window_show_page (self, "drift"); break;
    case NTK_FIGURE_WIDTH_SWEEP:  ntk_window_show_page (self, "width-sweep"); break;
    case NTK_FIGURE_KERNEL_SLICE: ntk_window_show_page (self, "kernel-slice"); break;
    case NTK_FIGURE_PREDICTIONS:
    case NTK_FIGURE_KERNEL:
    case NTK_FIGURE_MODES:
    case NTK_N_FIGURES:
    default:
      ntk_window_show_page (self, "overview");
      break;
    }

  {
    g_autofree char *message = g_strdup_printf ("%s: %s", _(preset->title), _(preset->description));

    /* What the preset shows, not a confirmation of something done: an information icon. */
    show_banner (self, "info", "dialog-information-symbolic", message, NULL);
  }

  return TRUE;
}

void
ntk_window_show_page (NtkWindow  *self,
                      const char *name)
{
  g_return_if_fail (NTK_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->plot_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->plot_stack, name);
}

/* ------------------------------------------------------------------ sweeps and slices */

static void
sweep_progress_cb (double      fraction,
                   const char *phase,
                   gpointer    user_data)
{
  NtkWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->sweep_progress, CLAMP (fraction, 0, 1));
  gtk_label_set_text (self->sweep_progress_label, phase ? phase : _("Training networks of several widths"));
}

static void
slice_progress_cb (double      fraction,
                   const char *phase,
                   gpointer    user_data)
{
  NtkWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->slice_progress, CLAMP (fraction, 0, 1));
  gtk_label_set_text (self->slice_progress_label, phase ? phase : _("Computing empirical kernels"));
}

static void
sweep_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(NtkWindow) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  NtkWidthSweep *sweep = ntk_worker_width_sweep_finish (NTK_WORKER (source), result, &error);

  g_weak_ref_clear (weak);
  g_free (weak);

  /* Cancelled: a newer sweep replaces it. A window being closed has no page to show it on. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self == NULL || self->worker == NULL)
    {
      g_clear_pointer (&sweep, ntk_width_sweep_free);
      return;
    }

  g_clear_object (&self->sweep_cancellable);
  gtk_widget_set_visible (self->sweep_progress_box, FALSE);
  if (sweep == NULL)
    {
      ntk_window_show_error (self, error);
      return;
    }
  ntk_plot_view_set_width_sweep (self->sweep_view, sweep);
}

static void
slice_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(NtkWindow) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  NtkKernelSlice *slice = ntk_worker_kernel_slice_finish (NTK_WORKER (source), result, &error);

  g_weak_ref_clear (weak);
  g_free (weak);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self == NULL || self->worker == NULL)
    {
      g_clear_pointer (&slice, ntk_kernel_slice_free);
      return;
    }

  g_clear_object (&self->slice_cancellable);
  gtk_widget_set_visible (self->slice_progress_box, FALSE);
  if (slice == NULL)
    {
      ntk_window_show_error (self, error);
      return;
    }
  ntk_plot_view_set_kernel_slice (self->slice_view, slice);
}

/* Sweeps run for seconds: a closed window must not wait for them, so they hold it weakly. */
static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, object);
  return weak;
}

static NtkConfig *
bounded_config (const NtkConfig *config,
                guint            max_steps)
{
  NtkConfig *copy = ntk_config_copy (config);
  g_autofree char *steps = g_strdup_printf ("%u", MIN (config->steps, max_steps));

  ntk_config_set (copy, "steps", steps, NULL);
  return copy;
}

static gboolean
start_sweeps_cb (gpointer data)
{
  NtkWindow *self = data;
  const NtkConfig *config = ntk_parameter_panel_get_config (self->panel);
  const char *page = gtk_stack_get_visible_child_name (self->plot_stack);

  self->sweeps_source = 0;

  if (g_strcmp0 (page, "width-sweep") == 0 &&
      (self->sweep_config == NULL || !ntk_config_equal (self->sweep_config, config)))
    {
      g_autoptr(NtkConfig) base = bounded_config (config, SWEEP_MAX_STEPS);

      g_clear_pointer (&self->sweep_config, ntk_config_free);
      self->sweep_config = ntk_config_copy (config);
      self->sweep_cancellable = g_cancellable_new ();
      gtk_progress_bar_set_fraction (self->sweep_progress, 0);
      gtk_label_set_text (self->sweep_progress_label, _("Training networks of several widths"));
      gtk_widget_set_visible (self->sweep_progress_box, TRUE);
      ntk_worker_width_sweep_async (self->worker, base, sweep_widths, G_N_ELEMENTS (sweep_widths),
                                    SWEEP_SEEDS, self->sweep_cancellable, sweep_progress_cb, self,
                                    sweep_done, weak_ref_new (self));
    }

  if (g_strcmp0 (page, "kernel-slice") == 0 &&
      (self->slice_config == NULL || !ntk_config_equal (self->slice_config, config)))
    {
      g_autoptr(NtkConfig) base = bounded_config (config, SLICE_MAX_STEPS);

      g_clear_pointer (&self->slice_config, ntk_config_free);
      self->slice_config = ntk_config_copy (config);
      self->slice_cancellable = g_cancellable_new ();
      gtk_progress_bar_set_fraction (self->slice_progress, 0);
      gtk_label_set_text (self->slice_progress_label, _("Computing empirical kernels"));
      gtk_widget_set_visible (self->slice_progress_box, TRUE);
      ntk_worker_kernel_slice_async (self->worker, base, slice_widths, G_N_ELEMENTS (slice_widths),
                                     SLICE_SEEDS, self->slice_cancellable, slice_progress_cb, self,
                                     slice_done, weak_ref_new (self));
    }

  return G_SOURCE_REMOVE;
}

/* Results of another configuration are dropped at once; new ones start when their page is
 * shown and the parameters have stopped moving for a moment. */
static void
schedule_sweeps (NtkWindow *self)
{
  const NtkConfig *config = ntk_parameter_panel_get_config (self->panel);

  if (self->sweep_config != NULL && !ntk_config_equal (self->sweep_config, config))
    {
      if (self->sweep_cancellable != NULL)
        g_cancellable_cancel (self->sweep_cancellable);
      g_clear_object (&self->sweep_cancellable);
      gtk_widget_set_visible (self->sweep_progress_box, FALSE);
      ntk_plot_view_mark_stale (self->sweep_view);
      g_clear_pointer (&self->sweep_config, ntk_config_free);
    }
  if (self->slice_config != NULL && !ntk_config_equal (self->slice_config, config))
    {
      if (self->slice_cancellable != NULL)
        g_cancellable_cancel (self->slice_cancellable);
      g_clear_object (&self->slice_cancellable);
      gtk_widget_set_visible (self->slice_progress_box, FALSE);
      ntk_plot_view_mark_stale (self->slice_view);
      g_clear_pointer (&self->slice_config, ntk_config_free);
    }

  g_clear_handle_id (&self->sweeps_source, g_source_remove);
  self->sweeps_source = g_timeout_add (300, start_sweeps_cb, self);
}

/* The drop-down that replaces the tabs in a narrow window follows the stack, and back. */
static void
sync_page_dropdown (NtkWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->plot_stack);
  GtkWidget *visible = gtk_stack_get_visible_child (self->plot_stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (page)) == visible)
        {
          self->syncing_page = TRUE;
          gtk_drop_down_set_selected (self->page_dropdown, i);
          self->syncing_page = FALSE;
          break;
        }
    }
}

static void
on_page_dropdown_selected (GtkDropDown *dropdown,
                           GParamSpec  *pspec,
                           NtkWindow   *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autoptr(GObject) page = NULL;
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing_page || selected == GTK_INVALID_LIST_POSITION)
    return;
  pages = gtk_stack_get_pages (self->plot_stack);
  page = g_list_model_get_item (G_LIST_MODEL (pages), selected);
  if (page != NULL)
    gtk_stack_set_visible_child (self->plot_stack, gtk_stack_page_get_child (GTK_STACK_PAGE (page)));
}

static void
on_page_changed (GtkStack   *stack,
                 GParamSpec *pspec,
                 NtkWindow  *self)
{
  sync_page_dropdown (self);
  schedule_sweeps (self);
}

/* ------------------------------------------------------------------ export */

NtkPlotView *
ntk_window_get_plot_view (NtkWindow     *self,
                          NtkFigureKind  kind)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);

  switch (kind)
    {
    case NTK_FIGURE_PREDICTIONS:  return self->predictions_view;
    case NTK_FIGURE_KERNEL:       return self->kernel_view;
    case NTK_FIGURE_MODES:        return self->modes_view;
    case NTK_FIGURE_SPECTRUM:     return self->spectrum_view;
    case NTK_FIGURE_LOSS:         return self->loss_view;
    case NTK_FIGURE_DRIFT:        return self->drift_view;
    case NTK_FIGURE_WIDTH_SWEEP:  return self->sweep_view;
    case NTK_FIGURE_KERNEL_SLICE: return self->slice_view;
    case NTK_N_FIGURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
export_one (NtkWindow              *self,
            NtkFigureKind           kind,
            const char             *path,
            const NtkExportOptions *options,
            GError                **error)
{
  NtkPlotView *view = ntk_window_get_plot_view (self, kind);
  NtkFigureSource source;
  NtkPlotTheme theme;

  /* Files go into papers and slides: always the light palette, whatever the screen shows. */
  ntk_plot_theme_init_light (&theme);
  ntk_plot_view_get_source (view, &source);
  return ntk_figure_export (path, kind, &source, ntk_plot_view_get_options (view), &theme,
                            options, error);
}

gboolean
ntk_window_export_figure (NtkWindow              *self,
                          NtkFigureKind           kind,
                          const char             *path,
                          const NtkExportOptions *options,
                          GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (kind < NTK_N_FIGURES, FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  if (!export_one (self, kind, path, options, &local_error))
    {
      ntk_window_show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Saved %s to %s"), ntk_figure_kind_title (kind), path);
    g_autofree char *folder = g_path_get_dirname (path);
    ntk_window_show_message (self, message, folder);
  }
  return TRUE;
}

guint
ntk_window_export_all (NtkWindow              *self,
                       const char             *folder,
                       const NtkExportOptions *options,
                       GError                **error)
{
  g_autoptr(GString) skipped = g_string_new (NULL);
  guint written = 0;

  g_return_val_if_fail (NTK_IS_WINDOW (self), 0);
  g_return_val_if_fail (folder != NULL && options != NULL, 0);

  for (int kind = 0; kind < NTK_N_FIGURES; kind++)
    {
      NtkPlotView *view = ntk_window_get_plot_view (self, kind);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!ntk_plot_view_has_data (view))
        {
          if (skipped->len > 0)
            g_string_append (skipped, ", ");
          g_string_append (skipped, ntk_figure_kind_title (kind));
          continue;
        }

      name = g_strdup_printf ("ntk-%s.%s", ntk_figure_kind_to_id (kind),
                              ntk_export_format_to_string (options->format));
      path = g_build_filename (folder, name, NULL);
      if (!export_one (self, kind, path, options, &local_error))
        {
          ntk_window_show_error (self, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return written;
        }
      written++;
    }

  {
    g_autofree char *message = NULL;

    if (skipped->len > 0)
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Saved %u figure to %s (no data yet: %s)",
                                              "Saved %u figures to %s (no data yet: %s)", written),
                                 written, folder, skipped->str);
    else
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u figure to %s",
                                              "Saved %u figures to %s", written),
                                 written, folder);
    ntk_window_show_message (self, message, folder);
  }

  return written;
}

static void
on_export_dialog_export (NtkExportDialog        *dialog,
                         int                     kind,
                         const char             *path,
                         const NtkExportOptions *options,
                         NtkWindow              *self)
{
  if (kind < 0)
    ntk_window_export_all (self, path, options, NULL);
  else
    ntk_window_export_figure (self, kind, path, options, NULL);
}

static void
open_export_dialog (NtkWindow *self,
                    int        kind,
                    int        format)
{
  NtkExportDialog *dialog = ntk_export_dialog_new (GTK_WINDOW (self), self->settings, kind, format);

  g_signal_connect_object (dialog, "export", G_CALLBACK (on_export_dialog_export), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The figure the person looks at: the focused one, else the first of the visible page. */
static NtkFigureKind
current_figure (NtkWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  const char *page = gtk_stack_get_visible_child_name (self->plot_stack);
  NtkFigureKind kind;

  if (focus != NULL && NTK_IS_PLOT_VIEW (focus))
    return ntk_plot_view_get_kind (NTK_PLOT_VIEW (focus));
  if (page != NULL && ntk_figure_kind_from_id (page, &kind))
    return kind;
  return NTK_FIGURE_PREDICTIONS;
}

/* ------------------------------------------------------------------ files */

gboolean
ntk_window_open_file (NtkWindow  *self,
                      GFile      *file,
                      GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (&local_error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Cannot open “%s”: not a local file"), uri);
    }
  else
    config = ntk_config_load_file (path, &local_error);

  if (config == NULL)
    {
      ntk_window_show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ntk_window_set_config (self, config);
  dismiss_banner (self);
  return TRUE;
}

gboolean
ntk_window_save_file (NtkWindow  *self,
                      GFile      *file,
                      GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (&local_error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Cannot save to “%s”: not a local file"), uri);
    }
  else
    ntk_config_save_file (ntk_parameter_panel_get_config (self->panel), path, &local_error);

  if (local_error != NULL)
    {
      ntk_window_show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Saved the experiment to %s"), path);
    g_autofree char *folder = g_path_get_dirname (path);
    ntk_window_show_message (self, message, folder);
  }
  return TRUE;
}

static void
on_file_chooser_response (GtkNativeDialog *native,
                          int              response,
                          NtkWindow       *self)
{
  gboolean save = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (native)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;
  if (save)
    ntk_window_save_file (self, file, NULL);
  else
    ntk_window_open_file (self, file, NULL);
}

static void
run_file_chooser (NtkWindow *self,
                  gboolean   save)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  if (self->chooser != NULL)
    return;

  native = gtk_file_chooser_native_new (save ? _("Save Experiment") : _("Open Experiment"),
                                        GTK_WINDOW (self),
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        save ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("NTK Lab experiments"));
  gtk_file_filter_add_suffix (filter, "ntk");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("experiment.ntk"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (on_file_chooser_response), self);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------------ screenshot */

gboolean
ntk_window_save_screenshot (NtkWindow   *self,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The window is not shown yet: nothing to take a screenshot of"));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the screenshot to “%s”"), path);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ actions */

static void
play_pause_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NtkWindow *self = user_data;

  ntk_worker_set_paused (self->worker, !ntk_worker_get_paused (self->worker));
}

static void
step_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NtkWindow *self = user_data;

  ntk_worker_step (self->worker);
}

static void
reset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NtkWindow *self = user_data;

  /* Same configuration, same seed: the same initialization, trained again from step 0. */
  start_run (self);
}

static void
new_seed_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NtkWindow *self = user_data;
  const NtkConfig *config = ntk_parameter_panel_get_config (self->panel);
  g_autofree char *seed = NULL;
  guint64 value;

  do
    value = g_random_int_range (1, G_MAXINT32);
  while (value == config->seed);
  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  ntk_parameter_panel_apply (self->panel, "seed", seed);
}

static void
open_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  run_file_chooser (user_data, FALSE);
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  run_file_chooser (user_data, TRUE);
}

static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NtkWindow *self = user_data;

  open_export_dialog (self, current_figure (self), -1);
}

static void
export_all_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  open_export_dialog (user_data, -1, -1);
}

static void
export_figure_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NtkWindow *self = user_data;
  const char *id, *format_name;
  NtkFigureKind kind;
  NtkExportFormat format;

  g_variant_get (parameter, "(&s&s)", &id, &format_name);
  if (!ntk_figure_kind_from_id (id, &kind))
    return;
  if (!ntk_export_format_from_string (format_name, &format))
    format = NTK_EXPORT_PNG;
  open_export_dialog (self, kind, format);
}

static void
preset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ntk_window_apply_preset (user_data, g_variant_get_string (parameter, NULL));
}

static void
show_page_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ntk_window_show_page (user_data, g_variant_get_string (parameter, NULL));
}

/* In a narrow window the figures can have the whole width. (Not a GPropertyAction: that would
 * keep the sidebar, and the panel in it, alive after the window.) */
static void
show_sidebar_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  NtkWindow *self = user_data;

  gtk_widget_set_visible (self->sidebar, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
dismiss_banner_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  dismiss_banner (user_data);
}

/* ------------------------------------------------------------------ public API */

NtkWindow *
ntk_window_new (GtkApplication *application)
{
  return g_object_new (NTK_TYPE_WINDOW, "application", application, NULL);
}

NtkWorker *
ntk_window_get_worker (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);
  return self->worker;
}

NtkParameterPanel *
ntk_window_get_panel (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);
  return self->panel;
}

gboolean
ntk_window_is_page_ready (NtkWindow *self)
{
  const char *page;

  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);

  page = gtk_stack_get_visible_child_name (self->plot_stack);
  for (int kind = 0; kind < NTK_N_FIGURES; kind++)
    {
      NtkPlotView *view = ntk_window_get_plot_view (self, kind);

      if (!gtk_widget_get_mapped (GTK_WIDGET (view)))
        continue;
      if (!ntk_plot_view_has_data (view) || !ntk_plot_view_is_up_to_date (view))
        return FALSE;
    }
  return page != NULL;
}

guint
ntk_window_get_n_snapshots (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), 0);
  return self->n_snapshots;
}

guint
ntk_window_get_n_restarts (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), 0);
  return self->n_restarts;
}

gboolean
ntk_window_get_restart_pending (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), FALSE);
  return self->restart_source != 0;
}

GtkWidget *
ntk_window_get_page_switcher (NtkWindow *self)
{
  g_return_val_if_fail (NTK_IS_WINDOW (self), NULL);
  return ntk_squeezer_get_visible_child (self->page_switcher);
}

/* ------------------------------------------------------------------ GObject */

static gboolean
ntk_window_close_request (GtkWindow *window)
{
  NtkWindow *self = NTK_WINDOW (window);

  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      save_settings_cb (self);
    }

  return GTK_WINDOW_CLASS (ntk_window_parent_class)->close_request (window);
}

static void
ntk_window_dispose (GObject *object)
{
  NtkWindow *self = NTK_WINDOW (object);

  if (self->sweep_cancellable != NULL)
    g_cancellable_cancel (self->sweep_cancellable);
  if (self->slice_cancellable != NULL)
    g_cancellable_cancel (self->slice_cancellable);
  g_clear_object (&self->sweep_cancellable);
  g_clear_object (&self->slice_cancellable);
  g_clear_handle_id (&self->sweeps_source, g_source_remove);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->restart_source, g_source_remove);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  if (self->worker != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->worker, self);
      ntk_worker_stop (self->worker);
      g_clear_object (&self->worker);
    }

  /* The drop-down lists the stack's pages: let go of them before the stack empties, or its
   * list items are released twice (GTK 4.8). */
  if (self->page_dropdown != NULL)
    {
      self->syncing_page = TRUE;
      gtk_drop_down_set_model (self->page_dropdown, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), NTK_TYPE_WINDOW);

  G_OBJECT_CLASS (ntk_window_parent_class)->dispose (object);
}

static void
ntk_window_finalize (GObject *object)
{
  NtkWindow *self = NTK_WINDOW (object);

  g_clear_pointer (&self->sweep_config, ntk_config_free);
  g_clear_pointer (&self->slice_config, ntk_config_free);
  g_clear_pointer (&self->banner_folder, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ntk_window_parent_class)->finalize (object);
}

static void
ntk_window_class_init (NtkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const char *pages[] = { "overview", "spectrum", "loss", "drift", "width-sweep", "kernel-slice" };

  object_class->dispose = ntk_window_dispose;
  object_class->finalize = ntk_window_finalize;
  window_class->close_request = ntk_window_close_request;

  g_type_ensure (NTK_TYPE_PARAMETER_PANEL);
  g_type_ensure (NTK_TYPE_PLOT_VIEW);
  g_type_ensure (NTK_TYPE_SQUEEZER);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ntk-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, NtkWindow, name)
  CHILD (play_button);
  CHILD (step_button);
  CHILD (page_switcher);
  CHILD (page_dropdown);
  CHILD (banner_revealer);
  CHILD (banner);
  CHILD (banner_icon);
  CHILD (banner_label);
  CHILD (banner_open_button);
  CHILD (sidebar);
  CHILD (panel);
  CHILD (plot_stack);
  CHILD (predictions_view);
  CHILD (kernel_view);
  CHILD (modes_view);
  CHILD (spectrum_view);
  CHILD (loss_view);
  CHILD (drift_view);
  CHILD (sweep_view);
  CHILD (slice_view);
  CHILD (sweep_progress_box);
  CHILD (sweep_progress_label);
  CHILD (sweep_progress);
  CHILD (slice_progress_box);
  CHILD (slice_progress_label);
  CHILD (slice_progress);
  CHILD (state_label);
  CHILD (status_label);
  CHILD (prepare_progress);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, on_panel_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_invalid);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_adjusting);
  gtk_widget_class_bind_template_callback (widget_class, on_page_dropdown_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_open_clicked);

  /* Space toggles training wherever the focus is, unless the focused widget uses it
   * (typing into an entry, pressing a focused button). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.dismiss-banner", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", pages[i]);
}

static void
ntk_window_init (NtkWindow *self)
{
  static const GActionEntry entries[] = {
    { "play-pause", play_pause_activated, NULL, NULL, NULL },
    { "step", step_activated, NULL, NULL, NULL },
    { "reset", reset_activated, NULL, NULL, NULL },
    { "new-seed", new_seed_activated, NULL, NULL, NULL },
    { "open", open_activated, NULL, NULL, NULL },
    { "save", save_activated, NULL, NULL, NULL },
    { "export", export_activated, NULL, NULL, NULL },
    { "export-all", export_all_activated, NULL, NULL, NULL },
    { "export-figure", export_figure_activated, "(ss)", NULL, NULL },
    { "preset", preset_activated, "s", NULL, NULL },
    { "show-page", show_page_activated, "s", NULL, NULL },
    { "dismiss-banner", dismiss_banner_activated, NULL, NULL, NULL },
    { "show-sidebar", NULL, NULL, "true", show_sidebar_changed },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkConfig) config = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  {
    g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->plot_stack);
    GtkExpression *title = gtk_property_expression_new (GTK_TYPE_STACK_PAGE, NULL, "title");

    self->syncing_page = TRUE;
    gtk_drop_down_set_expression (self->page_dropdown, title);
    gtk_drop_down_set_model (self->page_dropdown, G_LIST_MODEL (pages));
    self->syncing_page = FALSE;
    gtk_expression_unref (title);
    sync_page_dropdown (self);
  }

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "visible-page", self->plot_stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);

  self->worker = ntk_worker_new ();
  g_signal_connect (self->worker, "snapshot", G_CALLBACK (on_worker_snapshot), self);
  g_signal_connect (self->worker, "failed", G_CALLBACK (on_worker_failed), self);
  g_signal_connect_swapped (self->worker, "progress", G_CALLBACK (on_worker_changed), self);
  g_signal_connect_swapped (self->worker, "notify::state", G_CALLBACK (on_worker_changed), self);
  g_signal_connect_swapped (self->worker, "notify::paused", G_CALLBACK (update_play_button), self);
  g_signal_connect_swapped (self->worker, "notify::paused", G_CALLBACK (on_worker_changed), self);
  update_play_button (self);

  /* Open on the remembered experiment (or the defaults) and start training at once. */
  config = ntk_settings_load_config (self->settings, &error);
  if (error != NULL)
    ntk_window_show_error (self, error);
  ntk_parameter_panel_set_config (self->panel, config);
  start_run (self);
}
