/* ntk-export-dialog.c — choose format, size, scale and background, then where to save
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ntk-export-dialog.h"

struct _NtkExportDialog
{
  GtkWindow        parent_instance;

  GtkWidget       *figure_label;
  GtkDropDown     *figure_dropdown;
  GtkDropDown     *format_dropdown;
  GtkSpinButton   *width_spin;
  GtkSpinButton   *height_spin;
  GtkWidget       *size_label;
  GtkWidget       *times_label;
  GtkWidget       *scale_label;
  GtkSpinButton   *scale_spin;
  GtkWidget       *transparent_label;
  GtkSwitch       *transparent_switch;

  GSettings       *settings;
  gboolean         all;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (NtkExportDialog, ntk_export_dialog, GTK_TYPE_WINDOW)

enum {
  EXPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ntk_export_dialog_get_options (NtkExportDialog  *self,
                               NtkExportOptions *options)
{
  g_return_if_fail (NTK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  ntk_export_options_init (options);
  options->format = MIN (gtk_drop_down_get_selected (self->format_dropdown), NTK_N_EXPORT_FORMATS - 1);
  options->width = gtk_spin_button_get_value_as_int (self->width_spin);
  options->height = gtk_spin_button_get_value_as_int (self->height_spin);
  options->scale = gtk_spin_button_get_value (self->scale_spin);
  options->transparent = gtk_switch_get_active (self->transparent_switch);
}

static void
on_format_selected (GtkDropDown     *dropdown,
                    GParamSpec      *pspec,
                    NtkExportDialog *self)
{
  guint format = gtk_drop_down_get_selected (dropdown);
  gboolean image = format != NTK_EXPORT_CSV;

  /* CSV has no size or background; only PNG has pixels to scale. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->width_spin), image);
  gtk_widget_set_sensitive (GTK_WIDGET (self->height_spin), image);
  gtk_widget_set_sensitive (self->size_label, image);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_spin), format == NTK_EXPORT_PNG);
  gtk_widget_set_sensitive (self->scale_label, format == NTK_EXPORT_PNG);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transparent_switch), image);
  gtk_widget_set_sensitive (self->transparent_label, image);
}

static void
remember (NtkExportDialog *self,
          GFile           *folder)
{
  NtkExportOptions options;

  if (self->settings == NULL)
    return;

  ntk_export_dialog_get_options (self, &options);
  g_settings_set_enum (self->settings, "export-format", options.format);
  g_settings_set_int (self->settings, "export-width", options.width);
  g_settings_set_int (self->settings, "export-height", options.height);
  g_settings_set_double (self->settings, "export-scale", options.scale);
  if (folder != NULL)
    {
      g_autofree char *path = g_file_get_path (folder);
      if (path != NULL)
        g_settings_set_string (self->settings, "last-export-folder", path);
    }
}

static void
on_chooser_response (GtkNativeDialog *native,
                     int              response,
                     NtkExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  NtkExportOptions options;
  int kind;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;   /* back to the dialog */

  folder = self->all ? g_object_ref (file) : g_file_get_parent (file);
  remember (self, folder);

  ntk_export_dialog_get_options (self, &options);
  kind = self->all ? -1 : (int) gtk_drop_down_get_selected (self->figure_dropdown);

  /* Keep ourselves alive through the handler, which may close other windows. */
  g_object_ref (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[EXPORT], 0, kind, path, &options);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
on_export_clicked (GtkButton       *button,
                   NtkExportDialog *self)
{
  GtkFileChooserNative *native;
  NtkExportOptions options;
  g_autofree char *last = NULL;

  if (self->chooser != NULL)
    return;

  ntk_export_dialog_get_options (self, &options);

  if (self->all)
    native = gtk_file_chooser_native_new (_("Export All Figures to Folder"), GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                          _("_Select"), _("_Cancel"));
  else
    {
      NtkFigureKind kind = gtk_drop_down_get_selected (self->figure_dropdown);
      g_autofree char *name = g_strdup_printf ("ntk-%s.%s", ntk_figure_kind_to_id (kind),
                                               ntk_export_format_to_string (options.format));

      native = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self),
                                            GTK_FILE_CHOOSER_ACTION_SAVE,
                                            _("_Export"), _("_Cancel"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-export-folder");
  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (last);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (self->chooser);
}

NtkExportDialog *
ntk_export_dialog_new (GtkWindow *parent,
                       GSettings *settings,
                       int        kind,
                       int        format)
{
  NtkExportDialog *self;
  g_autoptr(GtkStringList) figures = gtk_string_list_new (NULL);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (kind >= -1 && kind < NTK_N_FIGURES, NULL);
  g_return_val_if_fail (format >= -1 && format < NTK_N_EXPORT_FORMATS, NULL);

  self = g_object_new (NTK_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->all = kind < 0;

  for (int i = 0; i < NTK_N_FIGURES; i++)
    gtk_string_list_append (figures, ntk_figure_kind_title (i));
  gtk_drop_down_set_model (self->figure_dropdown, G_LIST_MODEL (figures));
  gtk_drop_down_set_selected (self->figure_dropdown, MAX (kind, 0));
  gtk_widget_set_visible (GTK_WIDGET (self->figure_dropdown), !self->all);
  gtk_widget_set_visible (self->figure_label, !self->all);
  gtk_window_set_title (GTK_WINDOW (self), self->all ? _("Export All Figures") : _("Export Figure"));

  if (settings != NULL)
    {
      if (format < 0)
        format = g_settings_get_enum (settings, "export-format");
      gtk_spin_button_set_value (self->width_spin, g_settings_get_int (settings, "export-width"));
      gtk_spin_button_set_value (self->height_spin, g_settings_get_int (settings, "export-height"));
      gtk_spin_button_set_value (self->scale_spin, g_settings_get_double (settings, "export-scale"));
      g_settings_bind (settings, "export-transparent", self->transparent_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
    }
  gtk_drop_down_set_selected (self->format_dropdown, MAX (format, 0));
  on_format_selected (self->format_dropdown, NULL, self);

  return self;
}

static void
ntk_export_dialog_dispose (GObject *object)
{
  NtkExportDialog *self = NTK_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ntk_export_dialog_parent_class)->dispose (object);
}

static void
ntk_export_dialog_class_init (NtkExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ntk_export_dialog_dispose;

  /* (int kind, const char *path, const NtkExportOptions *options) */
  signals[EXPORT] =
    g_signal_new ("export", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_STRING, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ntk-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, figure_label);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, figure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, times_label);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, scale_label);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, transparent_label);
  gtk_widget_class_bind_template_child (widget_class, NtkExportDialog, transparent_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_format_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ntk_export_dialog_init (NtkExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
