/* ntk-theme.c — plot colours taken from a widget's style, for light and dark themes
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 cannot tell us a widget's background colour, but the foreground colour is enough:
 * light text means a dark theme (whether it came from gtk-application-prefer-dark-theme,
 * GTK_THEME=Adwaita:dark or a dark theme name), so we pick the matching plot palette and
 * keep the exact text colour of the style for axes and labels.
 */
#include "config.h"

#include "ntk-theme.h"

static void
widget_color (GtkWidget *widget,
              GdkRGBA   *color)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  gboolean found;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
G_GNUC_END_IGNORE_DEPRECATIONS
  return found && color->alpha > 0.99;
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

gboolean
ntk_theme_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  widget_color (widget, &fg);
  return luminance (&fg) > 0.5;
}

void
ntk_theme_from_widget (GtkWidget    *widget,
                       NtkPlotTheme *theme)
{
  GdkRGBA fg, bg;
  gboolean dark;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (theme != NULL);

  widget_color (widget, &fg);
  dark = luminance (&fg) > 0.5;

  if (dark)
    ntk_plot_theme_init_dark (theme);
  else
    ntk_plot_theme_init_light (theme);

  /* Adwaita names the background of content views; older themes call it theme_base_color. */
  if (lookup_color (widget, "view_bg_color", &bg) || lookup_color (widget, "theme_base_color", &bg))
    theme->background = (NtkRgba) { bg.red, bg.green, bg.blue, 1.0 };

  theme->foreground = (NtkRgba) { fg.red, fg.green, fg.blue, fg.alpha };
  /* The grid is the text colour, faint, so it reads on either background. */
  theme->grid = (NtkRgba) { fg.red, fg.green, fg.blue, 0.12 };
  theme->dark = dark;
}
