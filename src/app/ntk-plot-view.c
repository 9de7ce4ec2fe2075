/* ntk-plot-view.c — a widget that draws one NTK Lab figure, with hover readout and context menu
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ntk-plot-view.h"
#include "ntk-theme.h"
#include "ntk-worker.h"

/* A sweep or slice shared between the view and a render job on another thread. */
typedef struct {
  gpointer       data;
  GDestroyNotify free_func;
} Shared;

static void
shared_clear (gpointer p)
{
  Shared *shared = p;

  shared->free_func (shared->data);
}

static Shared *
shared_new (gpointer       data,
            GDestroyNotify free_func)
{
  Shared *shared = g_atomic_rc_box_new0 (Shared);

  shared->data = data;
  shared->free_func = free_func;
  return shared;
}

static void
shared_unref (gpointer p)
{
  g_atomic_rc_box_release_full (p, shared_clear);
}

struct _NtkPlotView
{
  GtkWidget        parent_instance;

  NtkFigureKind    kind;
  NtkSnapshot     *snapshot;
  Shared          *sweep;
  Shared          *slice;
  NtkPlotOptions   options;
  /* Where the figure shown (texture) put its data areas: the readout reads this. */
  NtkFigureLayout *layout;

  /* The figure is rasterized on a thread-pool thread; the main thread only shows the result.
   * One render at a time per view; changes while it runs mark the view dirty (latest wins). */
  GdkTexture      *texture;
  int              texture_width, texture_height, texture_scale;
  GCancellable    *render_cancellable;
  gboolean         rendering;
  gboolean         dirty;
  guint            n_renders;
  /* Counts data changes, so a finished render knows whether it shows the current data. */
  guint            data_serial;
  /* The picture shows data that has been superseded (a run restarted with new parameters):
   * it stays on screen, dimmed and marked, until a picture of new data replaces it. */
  gboolean         stale;
  /* data_serial when the view went stale: a picture of any later data is of the new run. */
  guint            stale_serial;
  NtkPlotTheme     theme;            /* of the last render requested */

  GSimpleActionGroup *actions;
  GtkWidget       *popover;

  char            *readout;
  double           pointer_x, pointer_y;
  gboolean         pointer_inside;
};

G_DEFINE_FINAL_TYPE (NtkPlotView, ntk_plot_view, GTK_TYPE_WIDGET)

/* How much of a stale picture shows through: still readable for comparison, clearly faded. */
#define STALE_OPACITY 0.4

enum {
  PROP_0,
  PROP_FIGURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *action;
  NtkSeries   series;
} series_actions[] = {
  { "show-train-points",      NTK_SERIES_TRAIN_POINTS },
  { "show-target",            NTK_SERIES_TARGET },
  { "show-finite",            NTK_SERIES_FINITE },
  { "show-linearized",        NTK_SERIES_LINEARIZED },
  { "show-infinite",          NTK_SERIES_INFINITE },
  { "show-kernel-regression", NTK_SERIES_KERNEL_REGRESSION },
};

/* ------------------------------------------------------------------ drawing */

static void
update_readout (NtkPlotView *self)
{
  NtkFigureSource source;
  char *text = NULL;

  if (self->pointer_inside)
    {
      ntk_plot_view_get_source (self, &source);
      if (ntk_figure_has_data (self->kind, &source))
        text = ntk_figure_readout (self->kind, &source, &self->options, self->layout,
                                   self->pointer_x, self->pointer_y);
    }

  g_free (self->readout);
  self->readout = text;
  /* The box follows the pointer even when its text stays the same. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The readout sits beside the pointer, like a tooltip, kept inside the widget and flipped to
 * the other side of the pointer near the right and bottom edges. */
static void
snapshot_readout (NtkPlotView *self,
                  GtkSnapshot *snapshot,
                  int          width,
                  int          height)
{
  g_autoptr(PangoLayout) layout = NULL;
  NtkPlotTheme theme;
  int tw, th;
  double pad = 6, offset = 14, w, h, x, y;
  cairo_t *cr;

  ntk_theme_from_widget (GTK_WIDGET (self), &theme);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->readout);
  pango_layout_get_pixel_size (layout, &tw, &th);
  w = tw + 2 * pad;
  h = th + 2 * pad;

  x = self->pointer_x + offset;
  if (x + w > width - 2)
    x = self->pointer_x - offset - w;
  x = CLAMP (x, 2, MAX (2, width - w - 2));
  y = self->pointer_y + offset;
  if (y + h > height - 2)
    y = self->pointer_y - offset - h;
  y = CLAMP (y, 2, MAX (2, height - h - 2));

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 1, y - 1, w + 2, h + 2));
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - 4, y + 4, 4, -G_PI / 2, 0);
  cairo_arc (cr, x + w - 4, y + h - 4, 4, 0, G_PI / 2);
  cairo_arc (cr, x + 4, y + h - 4, 4, G_PI / 2, G_PI);
  cairo_arc (cr, x + 4, y + 4, 4, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, theme.background.r, theme.background.g, theme.background.b, 0.94);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, theme.foreground.r, theme.foreground.g, theme.foreground.b, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  cairo_move_to (cr, x + pad, y + pad);
  cairo_set_source_rgba (cr, theme.foreground.r, theme.foreground.g, theme.foreground.b, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
}

typedef struct {
  NtkFigureKind    kind;
  NtkSnapshot     *snapshot;
  Shared          *sweep;
  Shared          *slice;
  NtkPlotOptions   options;
  NtkPlotTheme     theme;
  char            *font_family;
  int              width, height, scale;
  guint            data_serial;
  gboolean         has_data;
  /* results */
  NtkFigureLayout *layout;
  cairo_surface_t *surface;
} RenderJob;

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  g_clear_pointer (&job->snapshot, ntk_snapshot_unref);
  g_clear_pointer (&job->sweep, shared_unref);
  g_clear_pointer (&job->slice, shared_unref);
  g_free (job->font_family);
  g_clear_pointer (&job->layout, ntk_figure_layout_free);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_free (job);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  NtkFigureSource source = {
    job->snapshot,
    job->sweep ? job->sweep->data : NULL,
    job->slice ? job->slice->data : NULL,
  };
  cairo_t *cr;

  /* Below the main thread, above the run loop: pictures of a run should keep up with it. */
  ntk_thread_lower_priority (2);
  job->theme.font_family = job->font_family;
  job->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width * job->scale,
                                             job->height * job->scale);
  cairo_surface_set_device_scale (job->surface, job->scale, job->scale);
  cr = cairo_create (job->surface);
  ntk_figure_render (cr, job->width, job->height, job->kind, &source, &job->options, &job->theme,
                     job->layout);
  cairo_destroy (cr);
  cairo_surface_flush (job->surface);

  g_task_return_boolean (task, TRUE);
}

static void start_render (NtkPlotView *self);

static gboolean
holds_data (NtkPlotView *self)
{
  return self->snapshot != NULL || self->sweep != NULL || self->slice != NULL;
}

static void
set_stale (NtkPlotView *self,
           gboolean     stale)
{
  if (self->stale == stale)
    return;
  self->stale = stale;
  /* Screen readers hear that the figure is being recomputed. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, stale, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Serials count up and may wrap around: @a is later than @b if it is less than half the
 * range ahead. */
static gboolean
serial_is_later (guint a,
                 guint b)
{
  return a != b && a - b < G_MAXUINT / 2;
}

static void
render_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  NtkPlotView *self = NTK_PLOT_VIEW (object);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: the view is going away */

  self->rendering = FALSE;
  g_clear_object (&self->render_cancellable);

  /* Hand the pixels to GDK without copying: cairo's ARGB32 is GDK's default memory format. */
  surface = g_steal_pointer (&job->surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      cairo_image_surface_get_stride (surface) * job->height * job->scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (job->width * job->scale, job->height * job->scale,
                                          GDK_MEMORY_DEFAULT, bytes,
                                          cairo_image_surface_get_stride (surface));
  self->texture_width = job->width;
  self->texture_height = job->height;
  self->texture_scale = job->scale;
  g_clear_pointer (&self->layout, ntk_figure_layout_free);
  self->layout = g_steal_pointer (&job->layout);
  self->n_renders++;

  /* A picture of data set after the view went stale ends the stale state, even if newer data
   * has come meanwhile: a run publishes faster than a slow machine rasterizes, and waiting for
   * a picture of the very latest data kept the new run's pictures dimmed for as long as it
   * ran. One of the old data, still being rasterized when the view went stale, stays dimmed. */
  if (self->stale && job->has_data && serial_is_later (job->data_serial, self->stale_serial))
    set_stale (self, FALSE);

  /* Keep the readout in step with the data under a pointer that does not move. */
  if (self->pointer_inside)
    update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->dirty)
    start_render (self);
}

static void
start_render (NtkPlotView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GTask) task = NULL;
  RenderJob *job;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* Hidden pages cost nothing: they render when mapped. */
  if (self->rendering || !gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
    return;
  /* A stale view keeps its old picture (stretched if the size changed) until new data comes:
   * an empty figure in between is exactly the blank flash it exists to avoid. */
  if (self->stale && !holds_data (self))
    return;

  job = g_new0 (RenderJob, 1);
  job->kind = self->kind;
  job->snapshot = self->snapshot ? ntk_snapshot_ref (self->snapshot) : NULL;
  job->sweep = self->sweep ? g_atomic_rc_box_acquire (self->sweep) : NULL;
  job->slice = self->slice ? g_atomic_rc_box_acquire (self->slice) : NULL;
  job->options = self->options;
  ntk_theme_from_widget (widget, &job->theme);
  self->theme = job->theme;
  job->font_family = g_strdup (job->theme.font_family);
  job->width = width;
  job->height = height;
  job->scale = MAX (gtk_widget_get_scale_factor (widget), 1);
  job->layout = ntk_figure_layout_new ();
  job->data_serial = self->data_serial;
  job->has_data = holds_data (self);

  self->dirty = FALSE;
  self->rendering = TRUE;
  self->render_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->render_cancellable, render_done, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

/* Something the figure shows changed: draw it again (soon, off the main thread). */
void
ntk_plot_view_invalidate (NtkPlotView *self)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));

  self->dirty = TRUE;
  start_render (self);
}

guint
ntk_plot_view_get_n_renders (NtkPlotView *self)
{
  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), 0);
  return self->n_renders;
}

gboolean
ntk_plot_view_is_up_to_date (NtkPlotView *self)
{
  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), FALSE);
  return self->texture != NULL && !self->rendering && !self->dirty && !self->stale;
}

void
ntk_plot_view_mark_stale (NtkPlotView *self)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));

  /* Nothing on screen to keep: the figure simply shows that it has no data. */
  if (self->texture == NULL)
    {
      ntk_plot_view_set_snapshot (self, NULL);
      ntk_plot_view_set_width_sweep (self, NULL);
      ntk_plot_view_set_kernel_slice (self, NULL);
      return;
    }

  /* Drop the old data itself: it can then be neither drawn again undimmed (after a resize or
   * a theme change), nor exported, nor read out under the pointer as if it were current. */
  g_clear_pointer (&self->snapshot, ntk_snapshot_unref);
  g_clear_pointer (&self->sweep, shared_unref);
  g_clear_pointer (&self->slice, shared_unref);
  self->data_serial++;
  self->stale_serial = self->data_serial;
  set_stale (self, TRUE);
  if (self->pointer_inside)
    update_readout (self);
}

gboolean
ntk_plot_view_is_stale (NtkPlotView *self)
{
  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), FALSE);
  return self->stale;
}

/* The note on a stale figure: a small pill at the top centre, in the widget's colours. */
static void
snapshot_stale_note (NtkPlotView *self,
                     GtkSnapshot *snapshot,
                     int          width,
                     int          height)
{
  g_autoptr(PangoLayout) layout = NULL;
  NtkPlotTheme theme;
  int tw, th;
  double pad_x = 10, pad_y = 4, w, h, x, y, r;
  cairo_t *cr;

  ntk_theme_from_widget (GTK_WIDGET (self), &theme);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Updating…"));
  pango_layout_get_pixel_size (layout, &tw, &th);
  w = tw + 2 * pad_x;
  h = th + 2 * pad_y;
  r = h / 2;
  x = floor ((width - w) / 2);
  y = MIN (36, MAX (0, height - h) / 2);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 1, y - 1, w + 2, h + 2));
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, x + r, y + r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, theme.foreground.r, theme.foreground.g, theme.foreground.b, 0.8);
  cairo_fill (cr);
  cairo_move_to (cr, x + pad_x, y + pad_y);
  cairo_set_source_rgba (cr, theme.background.r, theme.background.g, theme.background.b, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
}

static void
ntk_plot_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  NtkPlotView *self = NTK_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  /* A resize shows the last picture stretched for the moment its successor takes. A stale
   * picture is dimmed and marked, so it never passes for the current run. */
  if (self->texture != NULL)
    {
      if (self->stale)
        gtk_snapshot_push_opacity (snapshot, STALE_OPACITY);
      gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
      if (self->stale)
        {
          gtk_snapshot_pop (snapshot);
          snapshot_stale_note (self, snapshot, width, height);
        }
    }

  if (self->readout != NULL)
    snapshot_readout (self, snapshot, width, height);
}

static void
ntk_plot_view_map (GtkWidget *widget)
{
  NtkPlotView *self = NTK_PLOT_VIEW (widget);

  GTK_WIDGET_CLASS (ntk_plot_view_parent_class)->map (widget);
  if (self->dirty || self->texture == NULL)
    start_render (self);
}

static void
ntk_plot_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  NtkPlotView *self = NTK_PLOT_VIEW (widget);
  NtkPlotTheme theme;

  GTK_WIDGET_CLASS (ntk_plot_view_parent_class)->css_changed (widget, change);

  /* Light or dark: the palette comes from the style. Hover and focus change the style too,
   * but not the colours the figure uses; those need no new picture. */
  ntk_theme_from_widget (widget, &theme);
  if (memcmp (&theme.background, &self->theme.background, sizeof theme.background) != 0 ||
      memcmp (&theme.foreground, &self->theme.foreground, sizeof theme.foreground) != 0 ||
      theme.dark != self->theme.dark)
    ntk_plot_view_invalidate (self);
}

/* ------------------------------------------------------------------ pointer */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           NtkPlotView              *self)
{
  ntk_plot_view_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          NtkPlotView              *self)
{
  self->pointer_inside = FALSE;
  update_readout (self);
}

static void
popup_menu_at (NtkPlotView *self,
               double       x,
               double       y)
{
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    NtkPlotView     *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static void
on_primary_press (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  NtkPlotView     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
menu_popup_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NtkPlotView *self = NTK_PLOT_VIEW (widget);

  popup_menu_at (self, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

/* ------------------------------------------------------------------ actions */

static void
changed_options (NtkPlotView *self)
{
  ntk_plot_view_invalidate (self);
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  NtkPlotView *self = user_data;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.export-figure", "(ss)",
                              ntk_figure_kind_to_id (self->kind),
                              g_variant_get_string (parameter, NULL));
}

static void
lock_range_changed (GSimpleAction *action,
                    GVariant      *state,
                    gpointer       user_data)
{
  NtkPlotView *self = user_data;
  gboolean lock = g_variant_get_boolean (state);
  NtkFigureSource source;
  double lo, hi;

  /* The range of the kernel the heatmap shows now (over the training or the test points). */
  ntk_plot_view_get_source (self, &source);
  if (lock && !ntk_figure_kernel_range (&source, &self->options, &lo, &hi))
    return;   /* nothing to lock to yet */

  if (lock)
    {
      self->options.range_min = lo;
      self->options.range_max = hi;
    }
  self->options.lock_range = lock;
  g_simple_action_set_state (action, state);
  changed_options (self);
}

/* A range locked for one kernel means nothing for another. */
static void
unlock_range (NtkPlotView *self)
{
  GAction *lock;

  if (!self->options.lock_range)
    return;
  lock = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "lock-range");
  self->options.lock_range = FALSE;
  g_simple_action_set_state (G_SIMPLE_ACTION (lock), g_variant_new_boolean (FALSE));
}

static void
kernel_view_changed (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  NtkPlotView *self = user_data;
  int view = g_variant_get_int32 (state);

  if (view < 0 || view >= NTK_N_KERNEL_VIEWS)
    return;
  self->options.kernel_view = view;
  g_simple_action_set_state (action, state);
  unlock_range (self);
  changed_options (self);
}

static void
kernel_on_test_changed (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  NtkPlotView *self = user_data;

  self->options.kernel_on_test = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
  /* The same kernel over other points has another range. */
  unlock_range (self);
  changed_options (self);
}

static void
n_modes_changed (GSimpleAction *action,
                 GVariant      *state,
                 gpointer       user_data)
{
  NtkPlotView *self = user_data;
  int n = g_variant_get_int32 (state);

  if (n < 1 || n > NTK_MAX_TRACKED_MODES)
    return;
  self->options.n_modes = n;
  g_simple_action_set_state (action, state);
  changed_options (self);
}

static void
theory_changed (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  NtkPlotView *self = user_data;
  const char *theory = g_variant_get_string (state, NULL);

  if (g_str_equal (theory, "flow"))
    self->options.theory = NTK_TIME_FLOW;
  else if (g_str_equal (theory, "discrete"))
    self->options.theory = NTK_TIME_DISCRETE;
  else
    return;
  g_simple_action_set_state (action, state);
  changed_options (self);
}

static void
log_x_changed (GSimpleAction *action,
               GVariant      *state,
               gpointer       user_data)
{
  NtkPlotView *self = user_data;

  self->options.log_x = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
  changed_options (self);
}

static void
time_axis_changed (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  NtkPlotView *self = user_data;

  self->options.x_is_time = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
  changed_options (self);
}

static void
series_changed (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  NtkPlotView *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));

  for (guint i = 0; i < G_N_ELEMENTS (series_actions); i++)
    if (g_str_equal (name, series_actions[i].action))
      {
        if (g_variant_get_boolean (state))
          self->options.hidden_series &= ~series_actions[i].series;
        else
          self->options.hidden_series |= series_actions[i].series;
      }
  g_simple_action_set_state (action, state);
  changed_options (self);
}

static void
sync_action_states (NtkPlotView *self)
{
  GActionMap *map = G_ACTION_MAP (self->actions);

#define SET_STATE(name, v) \
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, name)), v)
  SET_STATE ("kernel-view", g_variant_new_int32 (self->options.kernel_view));
  SET_STATE ("kernel-on-test", g_variant_new_boolean (self->options.kernel_on_test));
  SET_STATE ("lock-range", g_variant_new_boolean (self->options.lock_range));
  SET_STATE ("n-modes", g_variant_new_int32 (self->options.n_modes));
  SET_STATE ("theory", g_variant_new_string (self->options.theory == NTK_TIME_FLOW ? "flow" : "discrete"));
  SET_STATE ("log-x", g_variant_new_boolean (self->options.log_x));
  SET_STATE ("time-axis", g_variant_new_boolean (self->options.x_is_time));
  for (guint i = 0; i < G_N_ELEMENTS (series_actions); i++)
    SET_STATE (series_actions[i].action,
               g_variant_new_boolean (!(self->options.hidden_series & series_actions[i].series)));
#undef SET_STATE
}

static GMenuModel *
build_menu (NtkFigureKind kind)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) export = g_menu_new ();
  g_autoptr(GMenu) view = g_menu_new ();

  g_menu_append (export, _("Export Figure…"), "plot.export::png");
  g_menu_append (export, _("Export Data as CSV…"), "plot.export::csv");

  switch (kind)
    {
    case NTK_FIGURE_PREDICTIONS:
      g_menu_append (view, _("Training Points"), "plot.show-train-points");
      g_menu_append (view, _("Target Function"), "plot.show-target");
      g_menu_append (view, _("Finite Network"), "plot.show-finite");
      g_menu_append (view, _("Linearized Network"), "plot.show-linearized");
      g_menu_append (view, _("Infinite Width (±2σ)"), "plot.show-infinite");
      g_menu_append (view, _("Kernel Regression (t → ∞)"), "plot.show-kernel-regression");
      break;

    case NTK_FIGURE_KERNEL:
      {
        g_autoptr(GMenu) kernels = g_menu_new ();
        static const char *labels[NTK_N_KERNEL_VIEWS] = {
          N_("Empirical NTK at Initialization Θ̂₀"),
          N_("Empirical NTK Now Θ̂ₖ"),
          N_("Analytic NTK Θ"),
          N_("NNGP Kernel Σ"),
          N_("Change Θ̂ₖ − Θ̂₀"),
        };

        for (int i = 0; i < NTK_N_KERNEL_VIEWS; i++)
          {
            g_autoptr(GMenuItem) item = g_menu_item_new (_(labels[i]), NULL);
            g_menu_item_set_action_and_target_value (item, "plot.kernel-view", g_variant_new_int32 (i));
            g_menu_append_item (kernels, item);
          }
        g_menu_append_section (menu, _("Kernel"), G_MENU_MODEL (kernels));
        g_menu_append (view, _("Over Test Points"), "plot.kernel-on-test");
        g_menu_append (view, _("Lock Colour Range"), "plot.lock-range");
      }
      break;

    case NTK_FIGURE_MODES:
      {
        g_autoptr(GMenu) modes = g_menu_new ();
        g_autoptr(GMenu) theory = g_menu_new ();
        static const int counts[] = { 3, 6, 10, 16, 32 };

        for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
          {
            g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d Mode", "%d Modes", counts[i]), counts[i]);
            g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
            g_menu_item_set_action_and_target_value (item, "plot.n-modes", g_variant_new_int32 (counts[i]));
            g_menu_append_item (modes, item);
          }
        g_menu_append_submenu (view, _("Number of Modes"), G_MENU_MODEL (modes));
        g_menu_append (theory, _("Discrete Gradient Descent"), "plot.theory::discrete");
        g_menu_append (theory, _("Gradient Flow"), "plot.theory::flow");
        g_menu_append_submenu (view, _("Theory"), G_MENU_MODEL (theory));
        g_menu_append (view, _("Logarithmic Step Axis"), "plot.log-x");
        g_menu_append (view, _("Time t = ηk on the Axis"), "plot.time-axis");
      }
      break;

    case NTK_FIGURE_LOSS:
    case NTK_FIGURE_DRIFT:
      g_menu_append (view, _("Logarithmic Step Axis"), "plot.log-x");
      g_menu_append (view, _("Time t = ηk on the Axis"), "plot.time-axis");
      break;

    case NTK_FIGURE_SPECTRUM:
    case NTK_FIGURE_WIDTH_SWEEP:
    case NTK_FIGURE_KERNEL_SLICE:
    case NTK_N_FIGURES:
    default:
      break;
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (view)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (export));

  return G_MENU_MODEL (menu);
}

static void
rebuild_menu (NtkPlotView *self)
{
  g_autoptr(GMenuModel) model = build_menu (self->kind);

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), model);
}

/* ------------------------------------------------------------------ public API */

NtkPlotView *
ntk_plot_view_new (NtkFigureKind kind)
{
  g_return_val_if_fail (kind < NTK_N_FIGURES, NULL);
  return g_object_new (NTK_TYPE_PLOT_VIEW, "figure", ntk_figure_kind_to_id (kind), NULL);
}

NtkFigureKind
ntk_plot_view_get_kind (NtkPlotView *self)
{
  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), NTK_FIGURE_PREDICTIONS);
  return self->kind;
}

void
ntk_plot_view_set_kind (NtkPlotView   *self,
                        NtkFigureKind  kind)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));
  g_return_if_fail (kind < NTK_N_FIGURES);

  if (self->kind == kind)
    return;
  self->kind = kind;
  rebuild_menu (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ntk_figure_kind_title (kind),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  changed_options (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIGURE]);
}

/* New data (or none): a stale view stays dimmed until the picture of new data is ready; a
 * view cleared outright shows that it has no data. */
static void
data_changed (NtkPlotView *self)
{
  self->data_serial++;
  if (!holds_data (self))
    set_stale (self, FALSE);
  ntk_plot_view_invalidate (self);
}

void
ntk_plot_view_set_snapshot (NtkPlotView *self,
                            NtkSnapshot *snapshot)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));

  if (self->snapshot == snapshot && !(snapshot == NULL && self->stale))
    return;
  if (snapshot != NULL)
    ntk_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, ntk_snapshot_unref);
  self->snapshot = snapshot;
  data_changed (self);
}

void
ntk_plot_view_set_width_sweep (NtkPlotView   *self,
                               NtkWidthSweep *sweep)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));

  g_clear_pointer (&self->sweep, shared_unref);
  if (sweep != NULL)
    self->sweep = shared_new (sweep, (GDestroyNotify) ntk_width_sweep_free);
  data_changed (self);
}

void
ntk_plot_view_set_kernel_slice (NtkPlotView    *self,
                                NtkKernelSlice *slice)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));

  g_clear_pointer (&self->slice, shared_unref);
  if (slice != NULL)
    self->slice = shared_new (slice, (GDestroyNotify) ntk_kernel_slice_free);
  data_changed (self);
}

void
ntk_plot_view_get_source (NtkPlotView     *self,
                          NtkFigureSource *source)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));
  g_return_if_fail (source != NULL);

  source->snapshot = self->snapshot;
  source->sweep = self->sweep ? self->sweep->data : NULL;
  source->slice = self->slice ? self->slice->data : NULL;
}

const NtkPlotOptions *
ntk_plot_view_get_options (NtkPlotView *self)
{
  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), NULL);
  return &self->options;
}

gboolean
ntk_plot_view_has_data (NtkPlotView *self)
{
  NtkFigureSource source;

  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), FALSE);

  ntk_plot_view_get_source (self, &source);
  return ntk_figure_has_data (self->kind, &source);
}

const char *
ntk_plot_view_get_readout (NtkPlotView *self)
{
  g_return_val_if_fail (NTK_IS_PLOT_VIEW (self), NULL);
  return self->readout;
}

void
ntk_plot_view_hover (NtkPlotView *self,
                     double       x,
                     double       y)
{
  g_return_if_fail (NTK_IS_PLOT_VIEW (self));

  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_readout (self);
}

/* ------------------------------------------------------------------ GObject */

static void
ntk_plot_view_dispose (GObject *object)
{
  NtkPlotView *self = NTK_PLOT_VIEW (object);

  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (ntk_plot_view_parent_class)->dispose (object);
}

static void
ntk_plot_view_finalize (GObject *object)
{
  NtkPlotView *self = NTK_PLOT_VIEW (object);

  g_clear_pointer (&self->snapshot, ntk_snapshot_unref);
  g_clear_pointer (&self->sweep, shared_unref);
  g_clear_pointer (&self->slice, shared_unref);
  g_clear_pointer (&self->layout, ntk_figure_layout_free);
  g_clear_pointer (&self->readout, g_free);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (ntk_plot_view_parent_class)->finalize (object);
}

static void
ntk_plot_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  NtkPlotView *self = NTK_PLOT_VIEW (widget);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
  if (width != self->texture_width || height != self->texture_height ||
      gtk_widget_get_scale_factor (widget) != self->texture_scale)
    ntk_plot_view_invalidate (self);
}

static void
ntk_plot_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* Small enough for the overview's two columns beside the sidebar in an 800 px wide window,
   * large enough that axes, ticks and a curve still read. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 180 : 140;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 320;
}

static void
ntk_plot_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NtkPlotView *self = NTK_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIGURE:
      g_value_set_string (value, ntk_figure_kind_to_id (self->kind));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ntk_plot_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  NtkPlotView *self = NTK_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIGURE:
      {
        NtkFigureKind kind;

        if (ntk_figure_kind_from_id (g_value_get_string (value), &kind))
          ntk_plot_view_set_kind (self, kind);
        else
          g_critical ("NtkPlotView: unknown figure “%s”", g_value_get_string (value));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ntk_plot_view_class_init (NtkPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ntk_plot_view_dispose;
  object_class->finalize = ntk_plot_view_finalize;
  object_class->get_property = ntk_plot_view_get_property;
  object_class->set_property = ntk_plot_view_set_property;

  widget_class->snapshot = ntk_plot_view_snapshot;
  widget_class->measure = ntk_plot_view_measure;
  widget_class->size_allocate = ntk_plot_view_size_allocate;
  widget_class->map = ntk_plot_view_map;
  widget_class->css_changed = ntk_plot_view_css_changed;

  /* The figure id, as in ntk_figure_kind_to_id() ("predictions", "kernel", …). */
  properties[PROP_FIGURE] =
    g_param_spec_string ("figure", NULL, NULL, "predictions",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "menu.popup", NULL, menu_popup_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "menu.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "menu.popup", NULL);

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ntk_plot_view_init (NtkPlotView *self)
{
  static const GActionEntry entries[] = {
    { "export", export_activated, "s", NULL, NULL },
    { "kernel-view", NULL, "i", "0", kernel_view_changed },
    { "kernel-on-test", NULL, NULL, "false", kernel_on_test_changed },
    { "lock-range", NULL, NULL, "false", lock_range_changed },
    { "n-modes", NULL, "i", "6", n_modes_changed },
    { "theory", NULL, "s", "'discrete'", theory_changed },
    { "log-x", NULL, NULL, "false", log_x_changed },
    { "time-axis", NULL, NULL, "false", time_axis_changed },
  };
  GtkEventController *motion;
  GtkGesture *click;

  ntk_plot_options_init (&self->options);
  self->layout = ntk_figure_layout_new ();
  self->kind = NTK_FIGURE_PREDICTIONS;

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (series_actions); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (series_actions[i].action, NULL, g_variant_new_boolean (TRUE));
      g_signal_connect (action, "change-state", G_CALLBACK (series_changed), self);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }
  sync_action_states (self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "plot", G_ACTION_GROUP (self->actions));

  self->popover = gtk_popover_menu_new_from_model (NULL);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  rebuild_menu (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_primary_press), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ntk_figure_kind_title (self->kind),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Figure; open its menu with Shift+F10 for export and view options"),
                                  -1);
}
