/* ntk-cli-figures.c — one figure in every requested format, named "<figure id>.<format>"
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same renderer as the app, with the light theme and default plot options, so a figure
 * from the CLI looks like an export from the window.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ntk-cli-private.h"

gboolean
ntk_cli_export_figure (NtkCliOutputDir        *dir,
                       const NtkCliExportSpec *spec,
                       NtkFigureKind           kind,
                       const NtkFigureSource  *source,
                       GError                **error)
{
  NtkPlotOptions options;
  NtkPlotTheme theme;

  ntk_plot_options_init (&options);
  ntk_plot_theme_init_light (&theme);

  for (guint f = 0; f < NTK_N_EXPORT_FORMATS; f++)
    {
      NtkExportOptions export_options = spec->export_options;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      GError *local_error = NULL;

      if (!spec->formats[f])
        continue;

      export_options.format = f;
      name = g_strdup_printf ("%s.%s", ntk_figure_kind_to_id (kind), ntk_export_format_to_string (f));
      path = ntk_cli_output_dir_path (dir, name);

      if (!ntk_figure_export (path, kind, source, &options, &theme, &export_options, &local_error))
        {
          ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_FAILED, name);
          return FALSE;
        }
    }

  return TRUE;
}
