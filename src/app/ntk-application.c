/* ntk-application.c — the NTK Lab GtkApplication: app actions, accelerators, style
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Command line (besides files to open):
 *   --preset ID        start on a preset instead of the remembered experiment
 *   --screenshot FILE  debug: wait for the figures, write the window as PNG to FILE and quit
 *   --page NAME        show a figure page first (overview spectrum loss drift width-sweep kernel-slice)
 *   --size WxH         debug: open the window at this size (to look at narrow windows)
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ntk-application.h"
#include "ntk-window.h"

/* The screenshot waits for this many snapshots, so the curves have moved a little. */
#define SCREENSHOT_SNAPSHOTS 12
#define SCREENSHOT_TIMEOUT_S 180

struct _NtkApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  GtkCssProvider *css;
  char           *preset;
  char           *page;
  char           *screenshot;
  char           *size;
  guint           screenshot_source;
  gint64          screenshot_deadline;

  /* The desktop's colour-scheme preference (the settings portal): GTK 4.8 does not read it,
   * so without this a dark GNOME session would show the app light. */
  GDBusConnection *bus;
  guint            portal_signal;
  gboolean         portal_known;
  gboolean         portal_dark;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (NtkApplication, ntk_application, GTK_TYPE_APPLICATION)

static void
apply_style_variant (NtkApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  int variant = g_settings_get_enum (self->settings, "style-variant");

  if (gtk_settings == NULL)
    return;
  /* 0 follows the desktop: the portal's preference when there is one, else GTK's own setting. */
  if (variant == 1)
    g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  else if (variant == 2)
    g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  else if (self->portal_known)
    g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", self->portal_dark, NULL);
  else
    gtk_settings_reset_property (gtk_settings, "gtk-application-prefer-dark-theme");

  /* Plots read their palette from the style: redraw them all. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    gtk_widget_queue_draw (GTK_WIDGET (l->data));
}

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS "org.freedesktop.portal.Settings"

static void
portal_apply (NtkApplication *self,
              GVariant       *value)
{
  g_autoptr(GVariant) inner = g_variant_ref (value);

  /* Read() wraps the value in one more variant than SettingChanged does. */
  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *unboxed = g_variant_get_variant (inner);
      g_variant_unref (inner);
      inner = unboxed;
    }
  if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    return;

  /* 0: no preference, 1: prefer dark, 2: prefer light */
  self->portal_known = TRUE;
  self->portal_dark = g_variant_get_uint32 (inner) == 1;
  apply_style_variant (self);
}

static void
on_portal_setting_changed (GDBusConnection *connection,
                           const char      *sender,
                           const char      *path,
                           const char      *interface,
                           const char      *signal,
                           GVariant        *parameters,
                           gpointer         user_data)
{
  const char *namespace, *key;
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, "org.freedesktop.appearance") && g_str_equal (key, "color-scheme"))
    portal_apply (user_data, value);
}

static void
on_portal_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  /* No portal (or an old one): GTK's own setting stays in charge. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply == NULL)
    return;
  g_variant_get (reply, "(v)", &value);
  portal_apply (user_data, value);
}

static void
on_session_bus (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  NtkApplication *self;
  GDBusConnection *bus = g_bus_get_finish (result, NULL);

  if (bus == NULL)
    return;
  self = user_data;
  self->bus = bus;
  self->portal_signal =
    g_dbus_connection_signal_subscribe (bus, PORTAL_NAME, PORTAL_SETTINGS, "SettingChanged",
                                        PORTAL_PATH, "org.freedesktop.appearance",
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_portal_setting_changed,
                                        self, NULL);
  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH, PORTAL_SETTINGS, "Read",
                          g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                          self->cancellable, on_portal_read, self);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *authors[] = { "The NTK Lab authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("NTK Lab"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See the Neural Tangent Kernel: train a finite network beside its "
                                       "linearization and the infinite-width limit, and watch predictions, "
                                       "kernels and the per-eigenvalue error decay move live."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The NTK Lab authors",
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) gives each window the chance to remember its state. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
  g_application_quit (G_APPLICATION (app));
}

static gboolean
screenshot_tick (gpointer data)
{
  NtkApplication *self = data;
  NtkWindow *window = NTK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self)));
  NtkWorkerState state;
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    return G_SOURCE_CONTINUE;

  state = ntk_worker_get_state (ntk_window_get_worker (window));
  if (g_get_monotonic_time () < self->screenshot_deadline &&
      ((ntk_window_get_n_snapshots (window) < SCREENSHOT_SNAPSHOTS &&
        state != NTK_WORKER_FINISHED && state != NTK_WORKER_DIVERGED && state != NTK_WORKER_FAILED) ||
       !ntk_window_is_page_ready (window)))
    return G_SOURCE_CONTINUE;

  self->screenshot_source = 0;
  if (!ntk_window_save_screenshot (window, self->screenshot, &error))
    {
      g_printerr ("%s\n", error->message);
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_REMOVE;
    }
  g_print ("%s\n", self->screenshot);
  gtk_window_close (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static NtkWindow *
ensure_window (NtkApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (ntk_window_new (GTK_APPLICATION (self)));
      if (self->preset != NULL && !ntk_window_apply_preset (NTK_WINDOW (window), self->preset))
        g_printerr (_("Unknown preset “%s”: use lazy, rich, spectral-bias, jacot-2018 or unstable\n"),
                    self->preset);
      if (self->page != NULL)
        ntk_window_show_page (NTK_WINDOW (window), self->page);
      if (self->size != NULL)
        {
          int width = 0, height = 0;

          if (sscanf (self->size, "%dx%d", &width, &height) == 2 && width > 0 && height > 0)
            gtk_window_set_default_size (window, width, height);
          else
            g_printerr (_("Invalid size “%s”: use WIDTHxHEIGHT in pixels, e.g. 800x600\n"), self->size);
        }
    }
  return NTK_WINDOW (window);
}

static void
ntk_application_activate (GApplication *app)
{
  NtkApplication *self = NTK_APPLICATION (app);
  NtkWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->screenshot != NULL && self->screenshot_source == 0)
    {
      self->screenshot_deadline = g_get_monotonic_time () + SCREENSHOT_TIMEOUT_S * G_USEC_PER_SEC;
      self->screenshot_source = g_timeout_add (250, screenshot_tick, self);
    }
}

static void
ntk_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  NtkApplication *self = NTK_APPLICATION (app);
  NtkWindow *window = ensure_window (self);

  /* One experiment at a time: the last file wins. */
  if (n_files > 0)
    ntk_window_open_file (window, files[n_files - 1], NULL);
  ntk_application_activate (app);
}

static int
ntk_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  NtkApplication *self = NTK_APPLICATION (app);

  g_variant_dict_lookup (options, "preset", "s", &self->preset);
  g_variant_dict_lookup (options, "page", "s", &self->page);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "size", "s", &self->size);
  if (self->screenshot != NULL)
    {
      /* A screenshot run must not talk to (or be) another running instance. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
ntk_application_startup (GApplication *app)
{
  NtkApplication *self = NTK_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "about", about_activated, NULL, NULL, NULL },
    { "quit", quit_activated, NULL, NULL, NULL },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit",       { "<Control>q", NULL } },
    { "win.reset",      { "<Control>r", NULL } },
    { "win.export",     { "<Control>e", NULL } },
    { "win.export-all", { "<Control><Shift>e", NULL } },
    { "win.open",       { "<Control>o", NULL } },
    { "win.show-sidebar", { "F9", NULL } },
    { "win.save",       { "<Control>s", NULL } },
  };
  g_autoptr(GAction) style = NULL;

  G_APPLICATION_CLASS (ntk_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  style = g_settings_create_action (self->settings, "style-variant");
  g_action_map_add_action (G_ACTION_MAP (app), style);
  g_signal_connect_swapped (self->settings, "changed::style-variant",
                            G_CALLBACK (apply_style_variant), self);
  apply_style_variant (self);

  /* Only a session that has a bus can have a portal; without one this just fails quietly. */
  self->cancellable = g_cancellable_new ();
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_session_bus, self);

  self->css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->css, APP_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
ntk_application_finalize (GObject *object)
{
  NtkApplication *self = NTK_APPLICATION (object);

  g_clear_handle_id (&self->screenshot_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->portal_signal != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->portal_signal);
  g_clear_object (&self->bus);
  g_clear_object (&self->settings);
  g_clear_object (&self->css);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->size, g_free);

  G_OBJECT_CLASS (ntk_application_parent_class)->finalize (object);
}

static void
ntk_application_class_init (NtkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ntk_application_finalize;
  app_class->startup = ntk_application_startup;
  app_class->activate = ntk_application_activate;
  app_class->open = ntk_application_open;
  app_class->handle_local_options = ntk_application_handle_local_options;
}

static void
ntk_application_init (NtkApplication *self)
{
  static const GOptionEntry options[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Start on a preset: lazy, rich, spectral-bias, jacot-2018 or unstable"), N_("ID") },
    { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show a figure page first: overview, spectrum, loss, drift, width-sweep or kernel-slice"), N_("NAME") },
    { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
      N_("Write a PNG of the window once the figures have moved, then quit"), N_("FILE") },
    { "size", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("Open the window at this size in pixels"), N_("WIDTHxHEIGHT") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.ntk]"));
}

NtkApplication *
ntk_application_new (void)
{
  return g_object_new (NTK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", APP_PATH,
                       NULL);
}
