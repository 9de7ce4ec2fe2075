/* ntk-parameter-panel.c — the sidebar with every experiment parameter
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ntk-parameter-panel.h"

struct _NtkParameterPanel
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkDropDown    *activation_dropdown;
  GtkWidget      *leaky_slope_label;
  GtkSpinButton  *leaky_slope_spin;
  GtkSpinButton  *depth_spin;
  GtkSpinButton  *width_spin;
  GtkRange       *width_scale;
  GtkSpinButton  *sigma_w_spin;
  GtkSpinButton  *sigma_b_spin;
  GtkEntry       *seed_entry;
  GtkSpinButton  *learning_rate_spin;
  GtkRange       *learning_rate_scale;
  GtkLabel       *eta_ratio_label;
  GtkWidget      *half_eta_button;
  GtkSpinButton  *steps_spin;
  GtkSpinButton  *speed_spin;
  GtkDropDown    *dataset_dropdown;
  GtkWidget      *csv_button;
  GtkLabel       *csv_label;
  GtkEntry       *target_entry;
  GtkSpinButton  *n_train_spin;
  GtkSpinButton  *n_test_spin;
  GtkSpinButton  *noise_spin;

  NtkConfig      *config;
  double          eta_crit;
  /* A person is in the middle of moving a continuous control (see "adjusting"). */
  gboolean        adjusting;
  gboolean        adjusting_forced;
  guint           pointer_down;
  guint           adjusting_source;
  /* > 0 while the panel itself writes into its controls: their signals are not user changes. */
  guint           updating;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (NtkParameterPanel, ntk_parameter_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  INVALID,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_ADJUSTING,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

/* Scroll wheels and held arrow keys give no "release": a pause this long ends the gesture. */
#define ADJUSTING_GRACE_MS 200

static void sync_controls (NtkParameterPanel *self);

/* Which config field a spin button edits, and whether it holds an integer. */
static const char *
spin_key (NtkParameterPanel *self,
          GtkSpinButton     *spin,
          gboolean          *integer)
{
  *integer = TRUE;
  if (spin == self->depth_spin) return "depth";
  if (spin == self->width_spin) return "width";
  if (spin == self->steps_spin) return "steps";
  if (spin == self->speed_spin) return "publish-every";
  if (spin == self->n_train_spin) return "n-train";
  if (spin == self->n_test_spin) return "n-test";
  *integer = FALSE;
  if (spin == self->leaky_slope_spin) return "leaky-slope";
  if (spin == self->sigma_w_spin) return "sigma-w";
  if (spin == self->sigma_b_spin) return "sigma-b";
  if (spin == self->learning_rate_spin) return "learning-rate";
  if (spin == self->noise_spin) return "noise";
  return NULL;
}

static char *
format_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

gboolean
ntk_parameter_panel_apply (NtkParameterPanel *self,
                           const char        *key,
                           const char        *value)
{
  g_autoptr(NtkConfig) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (NTK_IS_PARAMETER_PANEL (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  copy = ntk_config_copy (self->config);
  if (!ntk_config_set (copy, key, value, &error))
    {
      /* Put the control back to the value that is running. */
      sync_controls (self);
      g_signal_emit (self, signals[INVALID], 0, error);
      return FALSE;
    }

  if (ntk_config_equal (copy, self->config))
    return TRUE;

  ntk_config_free (self->config);
  self->config = g_steal_pointer (&copy);
  sync_controls (self);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/* ------------------------------------------------------------------ spin button text */

/* What a fractional spin button shows for @value: η in significant digits (it spans 10⁻⁵ to
 * 10⁴, where a fixed number of decimals is either too few or noise: "0.60000"), the others
 * with their fixed decimals. Locale-aware, as GTK's own formatting and parsing are. */
static char *
format_spin_value (NtkParameterPanel *self,
                   GtkSpinButton     *spin,
                   double             value)
{
  if (spin == self->learning_rate_spin)
    return g_strdup_printf ("%.6g", value);
  return g_strdup_printf ("%.*f", (int) gtk_spin_button_get_digits (spin), value);
}

static gboolean
on_spin_output (GtkSpinButton     *spin,
                NtkParameterPanel *self)
{
  g_autofree char *text = format_spin_value (self, spin, gtk_spin_button_get_value (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* GTK parses a spin button's text again whenever it loses the focus or Enter is pressed.
 * Text that is still what we showed means the value shown, exactly: without this, Tab past
 * σ_w = √2 (shown as 1.414) would set σ_w = 1.414 and restart the run. */
static int
on_spin_input (GtkSpinButton     *spin,
               double            *new_value,
               NtkParameterPanel *self)
{
  double value = gtk_spin_button_get_value (spin);
  g_autofree char *shown = format_spin_value (self, spin, value);

  if (g_strcmp0 (shown, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    return FALSE;   /* edited: GTK parses it */
  *new_value = value;
  return TRUE;
}

/* ------------------------------------------------------------------ control callbacks */

static void
on_spin_changed (GtkSpinButton     *spin,
                 NtkParameterPanel *self)
{
  g_autofree char *text = NULL;
  gboolean integer;
  const char *key;

  if (self->updating)
    return;

  key = spin_key (self, spin, &integer);
  g_return_if_fail (key != NULL);

  if (integer)
    text = g_strdup_printf ("%.0f", gtk_spin_button_get_value (spin));
  else
    text = format_double (gtk_spin_button_get_value (spin));
  ntk_parameter_panel_apply (self, key, text);
}

static void
on_width_scale_changed (GtkRange          *range,
                        NtkParameterPanel *self)
{
  g_autofree char *text = NULL;

  if (self->updating)
    return;
  text = g_strdup_printf ("%.0f", round (exp2 (gtk_range_get_value (range))));
  ntk_parameter_panel_apply (self, "width", text);
}

static void
on_learning_rate_scale_changed (GtkRange          *range,
                                NtkParameterPanel *self)
{
  g_autofree char *text = NULL;
  double eta;

  if (self->updating)
    return;
  /* Three significant digits: a slider cannot aim finer, and round numbers read better. */
  eta = pow (10.0, gtk_range_get_value (range));
  text = g_strdup_printf ("%.3g", eta);
  ntk_parameter_panel_apply (self, "learning-rate", text);
}

static void
on_activation_selected (GtkDropDown       *dropdown,
                        GParamSpec        *pspec,
                        NtkParameterPanel *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected >= NTK_N_ACTIVATIONS)
    return;
  ntk_parameter_panel_apply (self, "activation", ntk_activation_to_string (selected));
}

static void
on_csv_response (GtkNativeDialog   *dialog,
                 int                response,
                 NtkParameterPanel *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  g_clear_object (&self->chooser);

  if (path != NULL)
    {
      g_autoptr(NtkConfig) copy = ntk_config_copy (self->config);
      g_autoptr(GError) error = NULL;

      if (!ntk_config_set (copy, "data", path, &error) ||
          !ntk_config_set (copy, "dataset", "csv", &error))
        {
          sync_controls (self);
          g_signal_emit (self, signals[INVALID], 0, error);
          return;
        }
      ntk_config_free (self->config);
      self->config = g_steal_pointer (&copy);
      sync_controls (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  else
    sync_controls (self);   /* cancelled: the dropdown shows what runs */
}

static void
choose_csv (NtkParameterPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  if (self->chooser != NULL)
    return;

  native = gtk_file_chooser_native_new (_("Open Data Set"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (on_csv_response), self);
  gtk_native_dialog_show (self->chooser);
}

static void
on_dataset_selected (GtkDropDown       *dropdown,
                     GParamSpec        *pspec,
                     NtkParameterPanel *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected >= NTK_N_DATASETS)
    return;
  /* A CSV data set needs a file first; the dropdown follows once one is chosen. */
  if (selected == NTK_DATASET_CSV && self->config->data_path == NULL)
    choose_csv (self);
  else
    ntk_parameter_panel_apply (self, "dataset", ntk_dataset_kind_to_string (selected));
}

static void
on_csv_clicked (GtkButton         *button,
                NtkParameterPanel *self)
{
  choose_csv (self);
}

static void
on_entry_activate (GtkEntry          *entry,
                   NtkParameterPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (self->updating)
    return;
  if (entry == self->seed_entry)
    {
      g_autofree char *seed = g_strstrip (g_strdup (text));
      ntk_parameter_panel_apply (self, "seed", seed);
    }
  else if (entry == self->target_entry)
    ntk_parameter_panel_apply (self, "target", text);
}

static void
on_half_eta_clicked (GtkButton         *button,
                     NtkParameterPanel *self)
{
  g_autofree char *text = NULL;

  if (!isfinite (self->eta_crit) || self->eta_crit <= 0)
    return;
  text = format_double (0.5 * self->eta_crit);
  ntk_parameter_panel_apply (self, "learning-rate", text);
}

/* Entries apply on Enter; leaving one with an unapplied edit applies it too, so nothing a
 * person typed is silently lost. */
static void
on_entry_focus_leave (GtkEventControllerFocus *controller,
                      NtkParameterPanel       *self)
{
  GtkEntry *entry = GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  const char *key = entry == self->seed_entry ? "seed" : "target";
  g_autofree char *current = ntk_config_get (self->config, key);

  if (g_strcmp0 (current, gtk_editable_get_text (GTK_EDITABLE (entry))) != 0)
    on_entry_activate (entry, self);
}

/* ------------------------------------------------------------------ adjusting */

static void
update_adjusting (NtkParameterPanel *self)
{
  gboolean adjusting = self->adjusting_forced || self->pointer_down > 0 || self->adjusting_source != 0;

  if (adjusting == self->adjusting)
    return;
  self->adjusting = adjusting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADJUSTING]);
}

static gboolean
adjusting_grace_cb (gpointer data)
{
  NtkParameterPanel *self = data;

  self->adjusting_source = 0;
  update_adjusting (self);
  return G_SOURCE_REMOVE;
}

static void
extend_adjusting (NtkParameterPanel *self)
{
  g_clear_handle_id (&self->adjusting_source, g_source_remove);
  self->adjusting_source = g_timeout_add (ADJUSTING_GRACE_MS, adjusting_grace_cb, self);
  update_adjusting (self);
}

/* Watches (in the capture phase, without taking anything away from the control) the events
 * that move a slider or spin button continuously: a held pointer button or touch (dragging,
 * or holding "+"), the scroll wheel and auto-repeating arrow keys. */
static gboolean
on_control_event (GtkEventControllerLegacy *controller,
                  GdkEvent                 *event,
                  NtkParameterPanel        *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
      /* The primary button drags and repeats; the others open menus that take the release. */
      if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
        break;
      G_GNUC_FALLTHROUGH;
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      {
        GdkEventType type = gdk_event_get_event_type (event);

        if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN)
          self->pointer_down++;
        else if (self->pointer_down > 0)
          self->pointer_down--;
        update_adjusting (self);
      }
      break;

    case GDK_GRAB_BROKEN:
      self->pointer_down = 0;
      update_adjusting (self);
      break;

    case GDK_SCROLL:
      extend_adjusting (self);
      break;

    case GDK_KEY_PRESS:
      {
        guint key = gdk_key_event_get_keyval (event);

        if (key == GDK_KEY_Left || key == GDK_KEY_Right || key == GDK_KEY_Up || key == GDK_KEY_Down ||
            key == GDK_KEY_KP_Left || key == GDK_KEY_KP_Right || key == GDK_KEY_KP_Up ||
            key == GDK_KEY_KP_Down || key == GDK_KEY_Page_Up || key == GDK_KEY_Page_Down)
          extend_adjusting (self);
      }
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
watch_adjusting (NtkParameterPanel *self,
                 GtkWidget         *control)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_control_event), self);
  gtk_widget_add_controller (control, legacy);
}

gboolean
ntk_parameter_panel_get_adjusting (NtkParameterPanel *self)
{
  g_return_val_if_fail (NTK_IS_PARAMETER_PANEL (self), FALSE);
  return self->adjusting;
}

void
ntk_parameter_panel_set_adjusting (NtkParameterPanel *self,
                                   gboolean           adjusting)
{
  g_return_if_fail (NTK_IS_PARAMETER_PANEL (self));

  self->adjusting_forced = !!adjusting;
  update_adjusting (self);
}

/* ------------------------------------------------------------------ display */

static void
update_eta_readout (NtkParameterPanel *self)
{
  g_autofree char *text = NULL;
  gboolean known = isfinite (self->eta_crit) && self->eta_crit > 0;

  if (known)
    {
      double ratio = self->config->learning_rate / self->eta_crit;

      text = g_strdup_printf (_("η/η<sub>crit</sub> = %.3g  (η<sub>crit</sub> = %.3g)"), ratio, self->eta_crit);
      if (ratio >= 1.0)
        gtk_widget_add_css_class (GTK_WIDGET (self->eta_ratio_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->eta_ratio_label), "error");
    }
  else
    {
      text = g_strdup (_("η/η<sub>crit</sub> = – (computing)"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->eta_ratio_label), "error");
    }
  gtk_label_set_markup (self->eta_ratio_label, text);
  gtk_widget_set_sensitive (self->half_eta_button, known);
}

static void
sync_controls (NtkParameterPanel *self)
{
  const NtkConfig *c = self->config;
  g_autofree char *seed = NULL;
  g_autofree char *target = NULL;

  self->updating++;

  gtk_drop_down_set_selected (self->activation_dropdown, c->activation);
  gtk_spin_button_set_value (self->leaky_slope_spin, c->leaky_slope);
  gtk_widget_set_visible (GTK_WIDGET (self->leaky_slope_spin), c->activation == NTK_ACTIVATION_LEAKY_RELU);
  gtk_widget_set_visible (self->leaky_slope_label, c->activation == NTK_ACTIVATION_LEAKY_RELU);
  gtk_spin_button_set_value (self->depth_spin, c->depth);
  gtk_spin_button_set_value (self->width_spin, c->width);
  gtk_range_set_value (self->width_scale, log2 (MAX (c->width, 1)));
  gtk_spin_button_set_value (self->sigma_w_spin, c->sigma_w);
  gtk_spin_button_set_value (self->sigma_b_spin, c->sigma_b);

  seed = ntk_config_get (c, "seed");
  if (g_strcmp0 (seed, gtk_editable_get_text (GTK_EDITABLE (self->seed_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), seed);

  gtk_spin_button_set_value (self->learning_rate_spin, c->learning_rate);
  gtk_range_set_value (self->learning_rate_scale, log10 (c->learning_rate));
  gtk_spin_button_set_value (self->steps_spin, c->steps);
  gtk_spin_button_set_value (self->speed_spin, c->publish_every);

  gtk_drop_down_set_selected (self->dataset_dropdown, c->dataset);
  if (c->data_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (c->data_path);
      gtk_label_set_text (self->csv_label, base);
      gtk_widget_set_tooltip_text (self->csv_button, c->data_path);
    }
  else
    gtk_label_set_text (self->csv_label, _("Choose CSV File…"));
  gtk_widget_set_visible (self->csv_button, c->dataset == NTK_DATASET_CSV);
  /* A CSV file fixes its own number of points. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->n_train_spin), c->dataset != NTK_DATASET_CSV);

  target = ntk_config_get (c, "target");
  if (g_strcmp0 (target, gtk_editable_get_text (GTK_EDITABLE (self->target_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->target_entry), target);

  gtk_spin_button_set_value (self->n_train_spin, c->n_train);
  gtk_spin_button_set_value (self->n_test_spin, c->n_test);
  gtk_spin_button_set_value (self->noise_spin, c->noise);

  update_eta_readout (self);

  self->updating--;
}

/* ------------------------------------------------------------------ public API */

NtkParameterPanel *
ntk_parameter_panel_new (void)
{
  return g_object_new (NTK_TYPE_PARAMETER_PANEL, NULL);
}

const NtkConfig *
ntk_parameter_panel_get_config (NtkParameterPanel *self)
{
  g_return_val_if_fail (NTK_IS_PARAMETER_PANEL (self), NULL);
  return self->config;
}

void
ntk_parameter_panel_set_config (NtkParameterPanel *self,
                                const NtkConfig   *config)
{
  g_return_if_fail (NTK_IS_PARAMETER_PANEL (self));
  g_return_if_fail (config != NULL);

  if (config != self->config)
    {
      NtkConfig *copy = ntk_config_copy (config);
      ntk_config_free (self->config);
      self->config = copy;
    }
  self->eta_crit = NAN;
  sync_controls (self);
}

void
ntk_parameter_panel_set_eta_crit (NtkParameterPanel *self,
                                  double             eta_crit)
{
  g_return_if_fail (NTK_IS_PARAMETER_PANEL (self));

  if (eta_crit == self->eta_crit)
    return;
  self->eta_crit = eta_crit;
  update_eta_readout (self);
}

GtkWidget *
ntk_parameter_panel_get_control (NtkParameterPanel *self,
                                 const char        *key)
{
  static const struct { const char *key; gsize offset; } controls[] = {
    { "activation",    G_STRUCT_OFFSET (NtkParameterPanel, activation_dropdown) },
    { "leaky-slope",   G_STRUCT_OFFSET (NtkParameterPanel, leaky_slope_spin) },
    { "depth",         G_STRUCT_OFFSET (NtkParameterPanel, depth_spin) },
    { "width",         G_STRUCT_OFFSET (NtkParameterPanel, width_spin) },
    { "width-scale",   G_STRUCT_OFFSET (NtkParameterPanel, width_scale) },
    { "sigma-w",       G_STRUCT_OFFSET (NtkParameterPanel, sigma_w_spin) },
    { "sigma-b",       G_STRUCT_OFFSET (NtkParameterPanel, sigma_b_spin) },
    { "seed",          G_STRUCT_OFFSET (NtkParameterPanel, seed_entry) },
    { "learning-rate", G_STRUCT_OFFSET (NtkParameterPanel, learning_rate_spin) },
    { "learning-rate-scale", G_STRUCT_OFFSET (NtkParameterPanel, learning_rate_scale) },
    { "half-eta-crit", G_STRUCT_OFFSET (NtkParameterPanel, half_eta_button) },
    { "steps",         G_STRUCT_OFFSET (NtkParameterPanel, steps_spin) },
    { "publish-every", G_STRUCT_OFFSET (NtkParameterPanel, speed_spin) },
    { "dataset",       G_STRUCT_OFFSET (NtkParameterPanel, dataset_dropdown) },
    { "data",          G_STRUCT_OFFSET (NtkParameterPanel, csv_button) },
    { "target",        G_STRUCT_OFFSET (NtkParameterPanel, target_entry) },
    { "n-train",       G_STRUCT_OFFSET (NtkParameterPanel, n_train_spin) },
    { "n-test",        G_STRUCT_OFFSET (NtkParameterPanel, n_test_spin) },
    { "noise",         G_STRUCT_OFFSET (NtkParameterPanel, noise_spin) },
  };

  g_return_val_if_fail (NTK_IS_PARAMETER_PANEL (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (g_str_equal (key, controls[i].key))
      return G_STRUCT_MEMBER (GtkWidget *, self, controls[i].offset);
  return NULL;
}

/* ------------------------------------------------------------------ GObject */

static void
ntk_parameter_panel_dispose (GObject *object)
{
  NtkParameterPanel *self = NTK_PARAMETER_PANEL (object);

  g_clear_handle_id (&self->adjusting_source, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), NTK_TYPE_PARAMETER_PANEL);

  G_OBJECT_CLASS (ntk_parameter_panel_parent_class)->dispose (object);
}

static void
ntk_parameter_panel_finalize (GObject *object)
{
  NtkParameterPanel *self = NTK_PARAMETER_PANEL (object);

  g_clear_pointer (&self->config, ntk_config_free);

  G_OBJECT_CLASS (ntk_parameter_panel_parent_class)->finalize (object);
}

static void
ntk_parameter_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  NtkParameterPanel *self = NTK_PARAMETER_PANEL (object);

  switch (prop_id)
    {
    case PROP_ADJUSTING:
      g_value_set_boolean (value, self->adjusting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ntk_parameter_panel_class_init (NtkParameterPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ntk_parameter_panel_dispose;
  object_class->finalize = ntk_parameter_panel_finalize;
  object_class->get_property = ntk_parameter_panel_get_property;

  /* TRUE while a person moves a slider or spin button continuously (dragging, holding a
   * button, scrolling, holding an arrow key): each step still emits "changed", and the window
   * may then restart the run less often, and once more when this turns FALSE. */
  properties[PROP_ADJUSTING] =
    g_param_spec_boolean ("adjusting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The configuration changed by a person: see ntk_parameter_panel_get_config(). */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (GError *error): a value a person typed was refused; the control shows the old value. */
  signals[INVALID] =
    g_signal_new ("invalid", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ntk-parameter-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "parameterpanel");

#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, NtkParameterPanel, name)
  CHILD (box);
  CHILD (activation_dropdown);
  CHILD (leaky_slope_label);
  CHILD (leaky_slope_spin);
  CHILD (depth_spin);
  CHILD (width_spin);
  CHILD (width_scale);
  CHILD (sigma_w_spin);
  CHILD (sigma_b_spin);
  CHILD (seed_entry);
  CHILD (learning_rate_spin);
  CHILD (learning_rate_scale);
  CHILD (eta_ratio_label);
  CHILD (half_eta_button);
  CHILD (steps_spin);
  CHILD (speed_spin);
  CHILD (dataset_dropdown);
  CHILD (csv_button);
  CHILD (csv_label);
  CHILD (target_entry);
  CHILD (n_train_spin);
  CHILD (n_test_spin);
  CHILD (noise_spin);
#undef CHILD

  gtk_widget_class_bind_template_callback (widget_class, on_spin_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_width_scale_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_learning_rate_scale_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activation_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_dataset_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_csv_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_half_eta_clicked);
}

static void
ntk_parameter_panel_init (NtkParameterPanel *self)
{
  GtkEntry *entries[] = { NULL, NULL };

  self->updating = 1;   /* the template sets values before we have a configuration */
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = 0;

  /* Landmarks on the logarithmic sliders, so a position reads as a value. */
  {
    static const struct { double at; const char *label; } width_marks[] = {
      { 0, "1" }, { 4, "16" }, { 8, "256" }, { 12, "4096" }, { 14, NULL },
    };
    static const struct { double at; const char *label; } eta_marks[] = {
      { -4, "10⁻⁴" }, { -2, "0.01" }, { 0, "1" }, { 2, "100" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (width_marks); i++)
      gtk_scale_add_mark (GTK_SCALE (self->width_scale), width_marks[i].at, GTK_POS_BOTTOM,
                          width_marks[i].label);
    for (guint i = 0; i < G_N_ELEMENTS (eta_marks); i++)
      gtk_scale_add_mark (GTK_SCALE (self->learning_rate_scale), eta_marks[i].at, GTK_POS_BOTTOM,
                          eta_marks[i].label);
  }

  /* One label column across the three sections, so the controls line up. */
  {
    g_autoptr(GtkSizeGroup) labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

    for (GtkWidget *section = gtk_widget_get_first_child (self->box); section != NULL;
         section = gtk_widget_get_next_sibling (section))
      {
        if (!GTK_IS_GRID (section))
          continue;
        for (GtkWidget *child = gtk_widget_get_first_child (section); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          {
            int column, row, width, height;

            gtk_grid_query_child (GTK_GRID (section), child, &column, &row, &width, &height);
            if (GTK_IS_LABEL (child) && column == 0 && width == 1)
              gtk_size_group_add_widget (labels, child);
          }
      }
  }

  /* Fractional values: our formatting, and no change from merely passing through. */
  {
    GtkSpinButton *fractional[] = {
      self->leaky_slope_spin, self->sigma_w_spin, self->sigma_b_spin, self->learning_rate_spin,
      self->noise_spin,
    };

    for (guint i = 0; i < G_N_ELEMENTS (fractional); i++)
      {
        g_signal_connect (fractional[i], "output", G_CALLBACK (on_spin_output), self);
        g_signal_connect (fractional[i], "input", G_CALLBACK (on_spin_input), self);
      }
  }

  /* The controls a person can move continuously. */
  {
    GtkWidget *continuous[] = {
      GTK_WIDGET (self->width_scale), GTK_WIDGET (self->learning_rate_scale),
      GTK_WIDGET (self->leaky_slope_spin), GTK_WIDGET (self->depth_spin),
      GTK_WIDGET (self->width_spin), GTK_WIDGET (self->sigma_w_spin),
      GTK_WIDGET (self->sigma_b_spin), GTK_WIDGET (self->learning_rate_spin),
      GTK_WIDGET (self->steps_spin), GTK_WIDGET (self->speed_spin),
      GTK_WIDGET (self->n_train_spin), GTK_WIDGET (self->n_test_spin),
      GTK_WIDGET (self->noise_spin),
    };

    for (guint i = 0; i < G_N_ELEMENTS (continuous); i++)
      watch_adjusting (self, continuous[i]);
  }

  entries[0] = self->seed_entry;
  entries[1] = self->target_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave), self);
      gtk_widget_add_controller (GTK_WIDGET (entries[i]), focus);
    }

  self->config = ntk_config_new ();
  self->eta_crit = NAN;
  sync_controls (self);
}
