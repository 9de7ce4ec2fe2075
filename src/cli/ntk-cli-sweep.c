/* ntk-cli-sweep.c — `ntk-lab-cli sweep`: kernel drift and initial kernel error over widths
 * and seeds (the lazy regime: both shrink like ~1/√width)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"
#include "ntk-dataset.h"
#include "ntk-sweep.h"

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
sweep_main (const NtkCliCommandLine  *line,
            GError                  **error)
{
  const NtkConfig *config = line->config;
  const GArray *widths = line->widths;
  g_autoptr(NtkCliOutputDir) dir = NULL;
  g_autoptr(NtkCliProgress) progress = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(NtkWidthSweep) sweep = NULL;
  NtkCliSweepJob job = { 0 };

  if (!check_inputs (config, widths, error))
    return FALSE;

  cancellable = g_cancellable_new ();
  ntk_cli_cancel_on_signals (cancellable);

  if (!(dir = ntk_cli_output_dir_begin (line->export_spec.out, error)))
    return FALSE;

  progress = ntk_cli_progress_new ();
  job = (NtkCliSweepJob) { config, (guint *) (gpointer) widths->data, widths->len, line->n_seeds, progress, NULL };
  ntk_cli_progress_update (progress, 0, _("Training networks"));

  if (!ntk_cli_run_job (run_sweep, &job, cancellable, error))
    {
      g_clear_pointer (&job.result, ntk_width_sweep_free);
      ntk_cli_output_dir_fix_error (dir, *error);
      return FALSE;
    }
  sweep = g_steal_pointer (&job.result);

  ntk_cli_progress_update (progress, 1, _("Writing figures and data"));
  if (!write_results (dir, &line->export_spec, sweep, error) ||
      !ntk_cli_check_cancelled (cancellable, error) ||
      !ntk_cli_output_dir_commit (dir, error))
    {
      /* They were written into the hidden staging directory: name them where they were to be. */
      ntk_cli_output_dir_fix_error (dir, *error);
      return FALSE;
    }

  g_clear_pointer (&progress, ntk_cli_progress_free);
  if (isatty (STDERR_FILENO))
    g_printerr (_("Results in %s\n"), ntk_cli_output_dir_get_final_path (dir));
  return TRUE;
}

int
ntk_cli_sweep_main (int    argc,
                    char **argv)
{
  g_auto(NtkCliCommandLine) line = { 0 };
  g_autoptr(GError) error = NULL;

  if (!ntk_cli_command_line_parse (NTK_CLI_COMMAND_SWEEP, &argc, &argv, TRUE, &line, &error) ||
      !sweep_main (&line, &error))
    return ntk_cli_report_error ("sweep", error);
  return NTK_CLI_EXIT_OK;
}
