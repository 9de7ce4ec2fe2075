/* ntk-cli-sweep.c — `ntk-lab-cli sweep`: kernel drift and initial kernel error over widths
 * and seeds (the lazy regime: both shrink like ~1/√width)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"
#include "ntk-dataset.h"
#include "ntk-sweep.h"

#define DEFAULT_WIDTHS "64,256,1024,4096"
#define DEFAULT_SEEDS  4
#define MAX_WIDTHS     64
#define MAX_SEEDS      1000

typedef struct {
  char *widths;
  char *seeds;
} NtkCliSweepFlags;

typedef struct {
  const NtkConfig *config;
  guint           *widths;
  guint            n_widths, n_seeds;
  NtkCliProgress  *progress;
  NtkWidthSweep   *result;
} NtkCliSweepJob;

static gboolean
run_sweep (gpointer       user_data,
           GCancellable  *cancellable,
           GError       **error)
{
  NtkCliSweepJob *job = user_data;
  GError *local_error = NULL;

  job->result = ntk_width_sweep_run (job->config, job->widths, job->n_widths, job->n_seeds,
                                     cancellable, ntk_cli_progress_func, job->progress,
                                     &local_error);
  if (job->result == NULL)
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_FAILED, NULL);
      return FALSE;
    }
  return TRUE;
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

/* The largest network decides the memory; the data set (maybe a --data file) its input size. */
static gboolean
check_inputs (const NtkConfig  *config,
              const GArray     *widths,
              GError          **error)
{
  g_autoptr(NtkDataset) data = NULL;
  g_autoptr(NtkConfig) largest = ntk_config_copy (config);
  GError *local_error = NULL;

  if (!(data = ntk_dataset_new_from_config (config, &local_error)))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_USAGE,
                               config->dataset == NTK_DATASET_CSV ? "--data" : NULL);
      return FALSE;
    }

  largest->width = 0;
  for (guint i = 0; i < widths->len; i++)
    largest->width = MAX (largest->width, g_array_index (widths, guint, i));

  if (!ntk_config_check_memory (largest, data->n, data->d0, &local_error))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_USAGE, "--memory-limit");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_sweep_csv (const char           *path,
                 const NtkWidthSweep  *sweep,
                 GError              **error)
{
  g_autoptr(NtkCliFile) file = NULL;
  FILE *stream;

  if (!(file = ntk_cli_file_new (path, error)))
    return FALSE;

  stream = ntk_cli_file_stream (file);
  fputs ("width,seed,kernel_drift,init_error\n", stream);
  for (guint w = 0; w < sweep->n_widths; w++)
    for (guint s = 0; s < sweep->n_seeds; s++)
      {
        double values[2] = {
          sweep->kernel_drift[w * sweep->n_seeds + s],
          sweep->init_error[w * sweep->n_seeds + s],
        };

        /* network s of every width is initialized from seed + s (ntk-sweep.c) */
        fprintf (stream, "%u,%" G_GUINT64_FORMAT ",", sweep->widths[w], sweep->config->seed + s);
        ntk_cli_write_csv_row (stream, values, 2);
      }

  return ntk_cli_file_commit (g_steal_pointer (&file), error);
}

static gboolean
write_summary (const char           *path,
               const NtkWidthSweep  *sweep,
               GError              **error)
{
  g_autoptr(NtkCliJson) json = ntk_cli_json_new ();

  ntk_cli_json_add_string (json, "ntk_lab_version", PACKAGE_VERSION);
  ntk_cli_json_add_uint_array (json, "widths", sweep->widths, sweep->n_widths);
  ntk_cli_json_add_uint (json, "seeds", sweep->n_seeds);
  ntk_cli_json_add_uint (json, "steps", sweep->steps);
  ntk_cli_json_add_double_array (json, "kernel_drift_mean", sweep->kernel_drift_mean, sweep->n_widths);
  ntk_cli_json_add_double_array (json, "init_error_mean", sweep->init_error_mean, sweep->n_widths);
  /* ≈ −1/2 in the lazy regime */
  ntk_cli_json_add_double (json, "drift_slope", sweep->drift_slope);
  ntk_cli_json_add_double (json, "init_error_slope", sweep->init_error_slope);

  return ntk_cli_json_write (json, path, error);
}

static gboolean
write_results (NtkCliOutputDir         *dir,
               const NtkCliExportSpec  *spec,
               NtkWidthSweep           *sweep,
               GError                 **error)
{
  NtkFigureSource source = { NULL, sweep, NULL };
  g_autofree char *config_path = ntk_cli_output_dir_path (dir, "config.ntk");
  g_autofree char *csv_path = ntk_cli_output_dir_path (dir, "sweep.csv");
  g_autofree char *summary_path = ntk_cli_output_dir_path (dir, "summary.json");
  GError *local_error = NULL;

  if (!ntk_config_save_file (sweep->config, config_path, &local_error))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_FAILED, "config.ntk");
      return FALSE;
    }

  return write_sweep_csv (csv_path, sweep, error) &&
         write_summary (summary_path, sweep, error) &&
         ntk_cli_export_figure (dir, spec, NTK_FIGURE_WIDTH_SWEEP, &source, error);
}

static gboolean
sweep_main (NtkCliConfigFlags  *config_flags,
            NtkCliExportFlags  *export_flags,
            NtkCliSweepFlags   *flags,
            GError            **error)
{
  g_auto(NtkCliExportSpec) spec = { 0 };
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(GArray) widths = NULL;
  g_autoptr(NtkCliOutputDir) dir = NULL;
  g_autoptr(NtkCliProgress) progress = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(NtkWidthSweep) sweep = NULL;
  NtkCliSweepJob job = { 0 };
  guint n_seeds = DEFAULT_SEEDS;

  if (ntk_cli_config_flags_has (config_flags, "width"))
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--width: not used by sweep: give the widths with --widths (e.g. --widths %s)"),
                   DEFAULT_WIDTHS);
      return FALSE;
    }

  if (!ntk_cli_export_flags_resolve (export_flags, &spec, error))
    return FALSE;
  if (!(config = ntk_cli_config_flags_resolve (config_flags, error)))
    return FALSE;
  if (!(widths = parse_widths (config, flags->widths ? flags->widths : DEFAULT_WIDTHS, error)))
    return FALSE;
  if (flags->seeds != NULL &&
      !ntk_cli_parse_uint ("--seeds", flags->seeds, 1, MAX_SEEDS, &n_seeds, error))
    return FALSE;
  if (!check_inputs (config, widths, error))
    return FALSE;

  cancellable = g_cancellable_new ();
  ntk_cli_cancel_on_signals (cancellable);

  if (!(dir = ntk_cli_output_dir_begin (spec.out, error)))
    return FALSE;

  progress = ntk_cli_progress_new ();
  job = (NtkCliSweepJob) { config, (guint *) (gpointer) widths->data, widths->len, n_seeds, progress, NULL };
  ntk_cli_progress_update (progress, 0, _("Training networks"));

  if (!ntk_cli_run_job (run_sweep, &job, cancellable, error))
    {
      g_clear_pointer (&job.result, ntk_width_sweep_free);
      return FALSE;
    }
  sweep = g_steal_pointer (&job.result);

  ntk_cli_progress_update (progress, 1, _("Writing figures and data"));
  if (!write_results (dir, &spec, sweep, error) ||
      !ntk_cli_check_cancelled (cancellable, error) ||
      !ntk_cli_output_dir_commit (dir, error))
    return FALSE;

  g_clear_pointer (&progress, ntk_cli_progress_free);
  if (isatty (STDERR_FILENO))
    g_printerr (_("Results in %s\n"), ntk_cli_output_dir_get_final_path (dir));
  return TRUE;
}

int
ntk_cli_sweep_main (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  NtkCliConfigFlags config_flags;
  NtkCliExportFlags export_flags = { 0 };
  NtkCliSweepFlags flags = { 0 };
  const GOptionEntry entries[] = {
    { "widths", 0, 0, G_OPTION_ARG_STRING, &flags.widths,
      N_("Hidden widths, comma separated, each 1–16384 (default 64,256,1024,4096)"), N_("LIST") },
    { "seeds", 0, 0, G_OPTION_ARG_STRING, &flags.seeds,
      N_("Networks per width, seeds --seed, --seed+1, …, 1–1000 (default 4)"), N_("N") },
    { NULL }
  };
  int status = NTK_CLI_EXIT_OK;

  context = ntk_cli_option_context_new ("sweep", "--out DIR",
    N_("Trains one network per width and seed for --steps steps and measures the kernel drift "
      "‖Θ̂_k − Θ̂_0‖/‖Θ̂_0‖ and the initial kernel error ‖Θ̂_0 − Θ‖/‖Θ‖, with their log-log slopes "
      "(≈ −1/2 in the lazy regime)."),
    N_("Files written: config.ntk, summary.json, sweep.csv and the width-sweep figure in each of\n"
      "--formats. Exit status: 0 success, 1 failure, 2 bad usage or input. See ntk-lab-cli(1)."));

  ntk_cli_config_flags_init (&config_flags);
  ntk_cli_config_flags_add_group (&config_flags, context, NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ntk_cli_export_flags_add_entries (&export_flags, context);

  if (!ntk_cli_parse_args (context, &argc, &argv, &error) ||
      !sweep_main (&config_flags, &export_flags, &flags, &error))
    status = ntk_cli_report_error ("sweep", error);

  ntk_cli_config_flags_clear (&config_flags);
  ntk_cli_export_flags_clear (&export_flags);
  g_free (flags.widths);
  g_free (flags.seeds);
  return status;
}
