/* ntk-cli-command.c — the command line of each subcommand, parsed and checked before any work
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept apart from the subcommands so that everything a user can type is checked by one
 * function that neither exits (unless --help is wanted) nor creates a file: the subcommands
 * call it first, and the fuzz harness tests/fuzz/fuzz-cli-args.c calls the very same code.
 * The only file it reads is the --config file, which is part of the configuration.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"

#define DEFAULT_WIDTHS "64,256,1024,4096"
#define DEFAULT_SEEDS  4
#define MAX_WIDTHS     64
#define MAX_SEEDS      1000

/* The architecture is all the analytic kernel depends on; width and seed only with --empirical. */
static const char *const kernel_keys[] = {
  "activation", "leaky-slope", "depth", "width", "sigma-w", "sigma-b", "seed", "memory-limit", NULL
};

typedef struct {
  char     *kind;
  gboolean  empirical;
  char     *x1_path;
  char     *x2_path;
  char     *out;
} NtkCliKernelFlags;

typedef struct {
  char *widths;
  char *seeds;
} NtkCliSweepFlags;

/* All the flags of all the subcommands; each uses its part. */
typedef struct {
  NtkCliConfigFlags config;
  NtkCliExportFlags export;
  NtkCliKernelFlags kernel;
  NtkCliSweepFlags  sweep;
} NtkCliFlags;

static void
flags_clear (NtkCliFlags *flags)
{
  ntk_cli_config_flags_clear (&flags->config);
  ntk_cli_export_flags_clear (&flags->export);
  g_clear_pointer (&flags->kernel.kind, g_free);
  g_clear_pointer (&flags->kernel.x1_path, g_free);
  g_clear_pointer (&flags->kernel.x2_path, g_free);
  g_clear_pointer (&flags->kernel.out, g_free);
  g_clear_pointer (&flags->sweep.widths, g_free);
  g_clear_pointer (&flags->sweep.seeds, g_free);
}

/* ---- run --------------------------------------------------------------------------------- */

static GOptionContext *
run_context_new (NtkCliFlags *flags)
{
  GOptionContext *context;

  context = ntk_cli_option_context_new ("run", "--out DIR",
    N_("Trains the network by full-batch gradient descent beside its NTK linearization and the "
      "infinite-width limit, and writes every figure and the data behind it into DIR."),
    N_("Files written: config.ntk, summary.json, train_data.csv, train_predictions.csv,\n"
      "kernel_empirical_init.csv, kernel_analytic.csv, and predictions, kernel, modes,\n"
      "spectrum, loss, drift in each of --formats (csv: the plotted data, e.g. loss.csv).\n"
      "Values start from the defaults, then the --config file, then the flags.\n"
      "Exit status: 0 success, 1 failure, 2 bad usage or input. See ntk-lab-cli(1)."));

  ntk_cli_config_flags_add_group (&flags->config, context, NULL);
  ntk_cli_export_flags_add_entries (&flags->export, context);
  return context;
}

static gboolean
run_resolve (NtkCliFlags        *flags,
             NtkCliCommandLine  *line,
             GError            **error)
{
  if (!ntk_cli_export_flags_resolve (&flags->export, &line->export_spec, error))
    return FALSE;
  if (!(line->config = ntk_cli_config_flags_resolve (&flags->config, error)))
    return FALSE;
  return TRUE;
}

/* ---- kernel ------------------------------------------------------------------------------ */

static GOptionContext *
kernel_context_new (NtkCliFlags *flags)
{
  GOptionContext *context;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &flags->kernel.kind,
      N_("Which kernel: ntk (Θ, default) or nngp (Σ)"), N_("KIND") },
    { "empirical", 0, 0, G_OPTION_ARG_NONE, &flags->kernel.empirical,
      N_("The NTK of one network initialized with --width and --seed, instead of the limit"), NULL },
    { "x1", 0, 0, G_OPTION_ARG_FILENAME, &flags->kernel.x1_path,
      N_("CSV file of inputs, one per row, no header: the rows of the result (required)"), N_("FILE") },
    { "x2", 0, 0, G_OPTION_ARG_FILENAME, &flags->kernel.x2_path,
      N_("CSV file of inputs: the columns of the result (default: --x1)"), N_("FILE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &flags->kernel.out,
      N_("Write the matrix to FILE (atomically) instead of the standard output"), N_("FILE") },
    { NULL }
  };

  context = ntk_cli_option_context_new ("kernel", "--x1 FILE [--x2 FILE]",
    N_("Prints the analytic infinite-width NTK Θ (or NNGP Σ) of the architecture, or with "
      "--empirical the NTK of a freshly initialized network, between the rows of --x1 and --x2: "
      "one row per x1 input, one column per x2 input, no header, each number exact in its shortest form."),
    N_("Exit status: 0 success, 1 failure, 2 bad usage or input. See ntk-lab-cli(1)."));

  ntk_cli_config_flags_add_group (&flags->config, context, kernel_keys);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
kernel_resolve (NtkCliFlags        *flags,
                NtkCliCommandLine  *line,
                GError            **error)
{
  NtkCliKernelFlags *kf = &flags->kernel;

  if (kf->kind == NULL || g_str_equal (kf->kind, "ntk"))
    line->nngp = FALSE;
  else if (g_str_equal (kf->kind, "nngp"))
    line->nngp = TRUE;
  else
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--kind: “%s” is not allowed: ntk or nngp"), kf->kind);
      return FALSE;
    }

  if (kf->x1_path == NULL)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--x1: missing: give a CSV file of inputs, one per row, no header"));
      return FALSE;
    }

  if (line->nngp && kf->empirical)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--kind nngp: only the analytic NNGP is available; --empirical computes the NTK of a finite network"));
      return FALSE;
    }

  if (!kf->empirical)
    {
      /* The analytic kernel is the infinite-width limit: no width, no seed. Silently ignoring
       * them would suggest a finite-width result. */
      if (ntk_cli_config_flags_has (&flags->config, "width"))
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--width: only used with --empirical (the analytic kernel is the infinite-width limit)"));
          return FALSE;
        }
      if (ntk_cli_config_flags_has (&flags->config, "seed"))
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--seed: only used with --empirical (the analytic kernel has no random initialization)"));
          return FALSE;
        }
    }

  if (!(line->config = ntk_cli_config_flags_resolve (&flags->config, error)))
    return FALSE;

  line->empirical = kf->empirical;
  line->x1_path = g_steal_pointer (&kf->x1_path);
  line->x2_path = g_steal_pointer (&kf->x2_path);
  if (kf->out != NULL)
    line->out_path = g_canonicalize_filename (kf->out, NULL);
  return TRUE;
}

/* ---- sweep ------------------------------------------------------------------------------- */

static GOptionContext *
sweep_context_new (NtkCliFlags *flags)
{
  GOptionContext *context;
  const GOptionEntry entries[] = {
    { "widths", 0, 0, G_OPTION_ARG_STRING, &flags->sweep.widths,
      N_("Hidden widths, comma separated, each 1–16384 (default 64,256,1024,4096)"), N_("LIST") },
    { "seeds", 0, 0, G_OPTION_ARG_STRING, &flags->sweep.seeds,
      N_("Networks per width, seeds --seed, --seed+1, …, 1–1000 (default 4)"), N_("N") },
    { NULL }
  };

  context = ntk_cli_option_context_new ("sweep", "--out DIR",
    N_("Trains one network per width and seed for --steps steps and measures the kernel drift "
      "‖Θ̂_k − Θ̂_0‖/‖Θ̂_0‖ and the initial kernel error ‖Θ̂_0 − Θ‖/‖Θ‖, with their log-log slopes "
      "(≈ −1/2 in the lazy regime)."),
    N_("Files written: config.ntk, summary.json, sweep.csv and the width-sweep figure in each of\n"
      "--formats. Exit status: 0 success, 1 failure, 2 bad usage or input. See ntk-lab-cli(1)."));

  ntk_cli_config_flags_add_group (&flags->config, context, NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ntk_cli_export_flags_add_entries (&flags->export, context);
  return context;
}

/* Each width passes the same check as --width, so the message is the engine's. */
static GArray *
parse_widths (const NtkConfig  *config,
              const char       *text,
              GError          **error)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(NtkConfig) probe = ntk_config_copy (config);
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      GError *local_error = NULL;
      const char *word = g_strstrip (parts[i]);

      if (!ntk_config_set (probe, "width", word, &local_error))
        {
          /* "width: 0 is out of range (1–16384)" → "--widths: 0 is out of range (1–16384)" */
          const char *rest = g_str_has_prefix (local_error->message, "width: ")
                             ? local_error->message + strlen ("width: ") : local_error->message;

          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE, "--widths: %s", rest);
          g_error_free (local_error);
          return NULL;
        }
      g_array_append_val (widths, probe->width);
    }

  if (widths->len == 0 || widths->len > MAX_WIDTHS)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--widths: “%s” is not allowed: give 1–%u widths, comma separated (e.g. %s)"),
                   text, MAX_WIDTHS, DEFAULT_WIDTHS);
      return NULL;
    }

  return g_steal_pointer (&widths);
}

static gboolean
sweep_resolve (NtkCliFlags        *flags,
               NtkCliCommandLine  *line,
               GError            **error)
{
  NtkCliSweepFlags *sf = &flags->sweep;

  if (ntk_cli_config_flags_has (&flags->config, "width"))
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--width: not used by sweep: give the widths with --widths (e.g. --widths %s)"),
                   DEFAULT_WIDTHS);
      return FALSE;
    }

  if (!ntk_cli_export_flags_resolve (&flags->export, &line->export_spec, error))
    return FALSE;
  if (!(line->config = ntk_cli_config_flags_resolve (&flags->config, error)))
    return FALSE;
  if (!(line->widths = parse_widths (line->config, sf->widths ? sf->widths : DEFAULT_WIDTHS, error)))
    return FALSE;

  line->n_seeds = DEFAULT_SEEDS;
  if (sf->seeds != NULL &&
      !ntk_cli_parse_uint ("--seeds", sf->seeds, 1, MAX_SEEDS, &line->n_seeds, error))
    return FALSE;
  return TRUE;
}

/* ---- the entry point --------------------------------------------------------------------- */

gboolean
ntk_cli_command_line_parse (NtkCliCommand       command,
                            int                *argc,
                            char             ***argv,
                            gboolean            help_enabled,
                            NtkCliCommandLine  *line,
                            GError            **error)
{
  g_autoptr(GOptionContext) context = NULL;
  NtkCliFlags flags = { 0 };
  gboolean ok;

  g_return_val_if_fail (command < NTK_CLI_N_COMMANDS, FALSE);
  g_return_val_if_fail (argc != NULL && argv != NULL, FALSE);
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (line, 0, sizeof *line);
  line->command = command;
  ntk_cli_config_flags_init (&flags.config);

  switch (command)
    {
    case NTK_CLI_COMMAND_RUN:
      context = run_context_new (&flags);
      break;
    case NTK_CLI_COMMAND_KERNEL:
      context = kernel_context_new (&flags);
      break;
    case NTK_CLI_COMMAND_SWEEP:
    default:
      context = sweep_context_new (&flags);
      break;
    }
  g_option_context_set_help_enabled (context, help_enabled);

  ok = ntk_cli_parse_args (context, argc, argv, error);
  if (ok)
    {
      switch (command)
        {
        case NTK_CLI_COMMAND_RUN:
          ok = run_resolve (&flags, line, error);
          break;
        case NTK_CLI_COMMAND_KERNEL:
          ok = kernel_resolve (&flags, line, error);
          break;
        case NTK_CLI_COMMAND_SWEEP:
        default:
          ok = sweep_resolve (&flags, line, error);
          break;
        }
    }

  flags_clear (&flags);
  if (!ok)
    {
      ntk_cli_command_line_clear (line);
      line->command = command;
    }
  return ok;
}

void
ntk_cli_command_line_clear (NtkCliCommandLine *line)
{
  g_clear_pointer (&line->config, ntk_config_free);
  ntk_cli_export_spec_clear (&line->export_spec);
  g_clear_pointer (&line->x1_path, g_free);
  g_clear_pointer (&line->x2_path, g_free);
  g_clear_pointer (&line->out_path, g_free);
  g_clear_pointer (&line->widths, g_array_unref);
  memset (line, 0, sizeof *line);
}
