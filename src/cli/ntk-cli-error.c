/* ntk-cli-error.c — how a failure becomes one line on stderr and an exit code
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ntk-cli-private.h"

G_DEFINE_QUARK (ntk-cli-error-quark, ntk_cli_error)

void
ntk_cli_propagate_error (GError      **dest,
                         GError       *src,
                         NtkCliError   code,
                         const char   *prefix)
{
  g_autofree char *message = NULL;

  g_return_if_fail (src != NULL);

  if (g_error_matches (src, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (dest, src);
      return;
    }

  /* GOption and the file readers quote arguments and paths byte for byte; a GError message,
   * and the one line the user sees, must be UTF-8 whatever was typed. */
  message = g_utf8_make_valid (src->message, -1);
  if (prefix != NULL)
    g_set_error (dest, NTK_CLI_ERROR, code, "%s: %s", prefix, message);
  else
    g_set_error_literal (dest, NTK_CLI_ERROR, code, message);
  g_error_free (src);
}

int
ntk_cli_report_error (const char   *subcommand,
                      const GError *error)
{
  g_return_val_if_fail (error != NULL, NTK_CLI_EXIT_FAILURE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr (_("%s %s: cancelled; nothing was written\n"), NTK_CLI_NAME, subcommand);
      return NTK_CLI_EXIT_CANCELLED;
    }

  g_printerr ("%s %s: %s\n", NTK_CLI_NAME, subcommand, error->message);

  if (g_error_matches (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE) ||
      error->domain == G_OPTION_ERROR)
    {
      g_printerr (_("Run “%s %s --help” for the allowed options.\n"), NTK_CLI_NAME, subcommand);
      return NTK_CLI_EXIT_USAGE;
    }

  return NTK_CLI_EXIT_FAILURE;
}
