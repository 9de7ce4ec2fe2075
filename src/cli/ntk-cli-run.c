/* ntk-cli-run.c — `ntk-lab-cli run`: one experiment, its figures and its data files
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order matters: every flag, the --config file, the data set and the memory estimate are
 * checked before anything is created on disk; then the run streams train_predictions.csv into
 * the staging directory (one row pair per published step, so a long run does not pile up
 * snapshots in memory), the rest is written from the last snapshot, and only then does
 * the result appear at --out.
 */
#include "config.h"

#include <unistd.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"
#include "ntk-experiment.h"

typedef struct {
  NtkExperiment   *experiment;
  NtkCliFile      *train_predictions;
  NtkSnapshot     *last;
  NtkCliProgress  *progress;
  GCancellable    *cancellable;
  GError          *write_error;
  guint            steps;
  guint            n;
} NtkCliRun;

static void
write_prediction_row (FILE         *stream,
                      guint         step,
                      const char   *kind,
                      const double *f,
                      guint         n)
{
  fprintf (stream, "%u,%s,", step, kind);
  ntk_cli_write_csv_row (stream, f, n);
}

/* Runs on the job thread, between GD steps. */
static void
on_publish (NtkSnapshot *snapshot,
            gpointer     user_data)
{
  NtkCliRun *run = user_data;
  FILE *stream = ntk_cli_file_stream (run->train_predictions);

  g_clear_pointer (&run->last, ntk_snapshot_unref);
  run->last = ntk_snapshot_ref (snapshot);

  if (run->write_error == NULL)
    {
      write_prediction_row (stream, snapshot->step, "finite", snapshot->f_train, run->n);
      write_prediction_row (stream, snapshot->step, "linearized", snapshot->lin_train, run->n);
      if (!ntk_cli_file_check (run->train_predictions, &run->write_error))
        {
          /* No point in training on when the results cannot be kept. */
          g_cancellable_cancel (run->cancellable);
        }
    }

  ntk_cli_progress_update (run->progress,
                           run->steps > 0 ? (double) snapshot->step / run->steps : 1.0,
                           _("Training"));
}

static gboolean
run_experiment (gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  NtkCliRun *run = user_data;
  GError *local_error = NULL;

  if (!ntk_experiment_run (run->experiment, cancellable, on_publish, run, &local_error))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_FAILED, NULL);
      return FALSE;
    }
  return TRUE;
}

static NtkExperiment *
new_experiment (const NtkConfig  *config,
                GError          **error)
{
  GError *local_error = NULL;
  NtkExperiment *experiment = ntk_experiment_new (config, &local_error);

  if (experiment == NULL)
    {
      /* A malformed --data file names its line; say which flag brought it in. */
      gboolean about_data = config->dataset == NTK_DATASET_CSV &&
                            g_error_matches (local_error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
      gboolean unreadable = g_error_matches (local_error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO);
      gboolean too_big = g_error_matches (local_error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);

      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_USAGE,
                               (about_data || unreadable) ? "--data" :
                               too_big ? "--memory-limit" : NULL);
    }
  return experiment;
}

static gboolean
run_main (const NtkCliCommandLine  *line,
          GError                  **error)
{
  const NtkCliExportSpec *spec = &line->export_spec;
  const NtkConfig *config = line->config;
  g_autoptr(NtkExperiment) experiment = NULL;
  g_autoptr(NtkCliOutputDir) dir = NULL;
  g_autoptr(NtkCliProgress) progress = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *predictions_path = NULL;
  NtkCliRun run = { 0 };
  FILE *stream;
  gboolean ok;

  if (!(experiment = new_experiment (config, error)))
    return FALSE;

  /* Everything the user gave is valid: from here on, failures are runtime failures. */
  cancellable = g_cancellable_new ();
  ntk_cli_cancel_on_signals (cancellable);

  if (!(dir = ntk_cli_output_dir_begin (spec->out, error)))
    return FALSE;

  predictions_path = ntk_cli_output_dir_path (dir, "train_predictions.csv");
  if (!(run.train_predictions = ntk_cli_file_new (predictions_path, error)))
    {
      ntk_cli_output_dir_fix_error (dir, *error);
      return FALSE;
    }

  run.experiment = experiment;
  run.cancellable = cancellable;
  run.steps = config->steps;
  run.n = ntk_experiment_get_dataset (experiment)->n;
  run.progress = progress = ntk_cli_progress_new ();

  stream = ntk_cli_file_stream (run.train_predictions);
  fputs ("step,kind", stream);
  for (guint i = 1; i <= run.n; i++)
    fprintf (stream, ",f_%u", i);
  fputc ('\n', stream);

  ntk_cli_progress_update (progress, 0, _("Preparing the network and the kernels"));
  ok = ntk_cli_run_job (run_experiment, &run, cancellable, error);

  if (run.write_error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&run.write_error));
      ok = FALSE;
    }
  if (ok && run.last == NULL)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED, _("the run published no snapshot"));
      ok = FALSE;
    }

  if (ok)
    {
      ntk_cli_progress_update (progress, 1, _("Writing figures and data"));
      ok = ntk_cli_file_commit (g_steal_pointer (&run.train_predictions), error) &&
           ntk_cli_run_write_results (dir, spec, run.last, error) &&
           ntk_cli_check_cancelled (cancellable, error) &&
           ntk_cli_output_dir_commit (dir, error);
    }

  g_clear_pointer (&run.train_predictions, ntk_cli_file_abort);
  g_clear_pointer (&progress, ntk_cli_progress_free);

  /* The files were written into the hidden staging directory: name them where they were to be. */
  if (!ok)
    ntk_cli_output_dir_fix_error (dir, *error);

  if (ok && isatty (STDERR_FILENO))
    {
      /* On a terminal only: scripts get silence on success. */
      if (run.last->message != NULL)
        g_printerr ("%s\n", run.last->message);
      g_printerr (_("Results in %s\n"), ntk_cli_output_dir_get_final_path (dir));
    }

  g_clear_pointer (&run.last, ntk_snapshot_unref);
  return ok;
}

int
ntk_cli_run_main (int    argc,
                  char **argv)
{
  g_auto(NtkCliCommandLine) line = { 0 };
  g_autoptr(GError) error = NULL;

  if (!ntk_cli_command_line_parse (NTK_CLI_COMMAND_RUN, &argc, &argv, TRUE, &line, &error) ||
      !run_main (&line, &error))
    return ntk_cli_report_error ("run", error);
  return NTK_CLI_EXIT_OK;
}
