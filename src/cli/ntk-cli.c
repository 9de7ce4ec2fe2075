/* ntk-cli.c — ntk-lab-cli: subcommand dispatch, --help and --version
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"

typedef struct {
  const char *name;
  int       (*main) (int argc, char **argv);
  const char *summary;   /* translated at print time */
} NtkCliSubcommand;

static const NtkCliSubcommand subcommands[] = {
  { "run",    ntk_cli_run_main,    N_("Train a network beside its linearization and the infinite-width limit; write figures and data") },
  { "kernel", ntk_cli_kernel_main, N_("Print the analytic (or a fresh network's empirical) NTK or NNGP between the rows of two files") },
  { "sweep",  ntk_cli_sweep_main,  N_("Kernel drift and initial kernel error across widths and seeds; write the figure and data") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, _("Usage:\n  %s SUBCOMMAND [OPTION…]\n  %s --version\n\n"),
           NTK_CLI_NAME, NTK_CLI_NAME);
  fprintf (stream, "%s\n", _("Subcommands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (stream, "  %-8s %s\n", subcommands[i].name, _(subcommands[i].summary));
  fprintf (stream, "\n");
  fprintf (stream, _("Run “%s SUBCOMMAND --help” for the options of a subcommand, and see %s(1).\n"),
           NTK_CLI_NAME, NTK_CLI_NAME);
}

static const NtkCliSubcommand *
find_subcommand (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (name, subcommands[i].name))
      return &subcommands[i];
  return NULL;
}

static int
unknown_subcommand (const char *name)
{
  g_printerr (_("%s: unknown subcommand “%s”: allowed are run, kernel, sweep\n"), NTK_CLI_NAME, name);
  g_printerr (_("Run “%s --help” for usage.\n"), NTK_CLI_NAME);
  return NTK_CLI_EXIT_USAGE;
}

static int
run_subcommand (const NtkCliSubcommand *sub,
                int                     argc,
                char                  **argv)
{
  /* "ntk-lab-cli run" is the program name in the subcommand's usage and messages. */
  g_autofree char *prgname = g_strdup_printf ("%s %s", NTK_CLI_NAME, sub->name);

  g_set_prgname (prgname);
  return sub->main (argc, argv);
}

int
main (int    argc,
      char **argv)
{
  const NtkCliSubcommand *sub;
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (NTK_CLI_NAME);

  if (argc < 2)
    {
      print_usage (stderr);
      return NTK_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--version") || g_str_equal (name, "-V"))
    {
      printf ("%s %s\n", NTK_CLI_NAME, PACKAGE_VERSION);
      return NTK_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      print_usage (stdout);
      return NTK_CLI_EXIT_OK;
    }

  /* "help SUBCOMMAND" is the subcommand's own --help. */
  if (g_str_equal (name, "help"))
    {
      char *help_argv[3] = { NULL, (char *) "--help", NULL };

      if (argc < 3)
        {
          print_usage (stdout);
          return NTK_CLI_EXIT_OK;
        }
      if (!(sub = find_subcommand (argv[2])))
        return unknown_subcommand (argv[2]);
      help_argv[0] = argv[2];
      return run_subcommand (sub, 2, help_argv);
    }

  if (!(sub = find_subcommand (name)))
    return unknown_subcommand (name);

  return run_subcommand (sub, argc - 1, argv + 1);
}
