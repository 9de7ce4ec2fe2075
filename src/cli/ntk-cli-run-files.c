/* ntk-cli-run-files.c — the result files of `ntk-lab-cli run`, from the last snapshot
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All are written into the staging directory; the caller commits it.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"

static const NtkFigureKind run_figures[] = {
  NTK_FIGURE_PREDICTIONS,
  NTK_FIGURE_KERNEL,
  NTK_FIGURE_MODES,
  NTK_FIGURE_SPECTRUM,
  NTK_FIGURE_LOSS,
  NTK_FIGURE_DRIFT,
};

static gboolean
write_summary (const char   *path,
               NtkSnapshot  *last,
               GError      **error)
{
  const NtkRunConstants *c = last->constants;
  const NtkConfig *config = c->config;
  g_autoptr(NtkCliJson) json = ntk_cli_json_new ();
  g_autofree char *target = ntk_target_to_string (&config->target);

  ntk_cli_json_add_string (json, "ntk_lab_version", PACKAGE_VERSION);
  ntk_cli_json_add_string (json, "state", ntk_run_state_to_string (last->state));
  ntk_cli_json_add_uint (json, "final_step", last->step);
  if (last->state == NTK_RUN_DIVERGED)
    ntk_cli_json_add_uint (json, "diverged_step", last->diverged_step);
  else
    ntk_cli_json_add_null (json, "diverged_step");
  ntk_cli_json_add_string (json, "message", last->message);
  ntk_cli_json_add_double (json, "t", last->t);

  /* Losses ½·mean squared error (math.md §2); test losses are null when the target is unknown. */
  ntk_cli_json_add_double (json, "train_loss", last->loss[NTK_LOSS_FINITE_TRAIN]);
  ntk_cli_json_add_double (json, "test_loss", last->loss[NTK_LOSS_FINITE_TEST]);
  ntk_cli_json_add_double (json, "lin_train_loss", last->loss[NTK_LOSS_LIN_TRAIN]);
  ntk_cli_json_add_double (json, "lin_test_loss", last->loss[NTK_LOSS_LIN_TEST]);
  ntk_cli_json_add_double (json, "inf_train_loss", last->loss[NTK_LOSS_INF_TRAIN]);
  ntk_cli_json_add_double (json, "inf_test_loss", last->loss[NTK_LOSS_INF_TEST]);
  ntk_cli_json_add_double (json, "rmse_finite_vs_linearized", last->rmse_finite_vs_lin);
  ntk_cli_json_add_double (json, "kernel_drift", last->kernel_drift);
  ntk_cli_json_add_double (json, "weight_drift", last->weight_drift);

  ntk_cli_json_add_double (json, "learning_rate", config->learning_rate);
  ntk_cli_json_add_double (json, "eta_crit", c->eta_crit);
  ntk_cli_json_add_double (json, "eta_over_eta_crit", last->eta_over_eta_crit);
  if (c->eig0 != NULL)
    {
      ntk_cli_json_add_double (json, "lambda_max", c->eig0->lambda_max);
      ntk_cli_json_add_double (json, "lambda_min", c->eig0->lambda_min);
      ntk_cli_json_add_double (json, "condition", c->eig0->condition);
      ntk_cli_json_add_uint (json, "n_clipped", c->eig0->n_clipped);
    }
  ntk_cli_json_add_double (json, "init_kernel_error", c->init_kernel_error);
  ntk_cli_json_add_double (json, "theta0_norm", c->theta0_norm);
  ntk_cli_json_add_double (json, "ntk0_norm", c->ntk0_norm);

  ntk_cli_json_add_uint (json, "published_steps", last->history_len);
  ntk_cli_json_add_uint (json, "n_train", c->n);
  ntk_cli_json_add_uint (json, "n_test", c->n_test);
  ntk_cli_json_add_uint (json, "input_dim", c->data->d0);
  ntk_cli_json_add_string (json, "activation", ntk_activation_to_string (config->activation));
  ntk_cli_json_add_uint (json, "depth", config->depth);
  ntk_cli_json_add_uint (json, "width", config->width);
  ntk_cli_json_add_double (json, "sigma_w", config->sigma_w);
  ntk_cli_json_add_double (json, "sigma_b", config->sigma_b);
  ntk_cli_json_add_uint (json, "steps", config->steps);
  ntk_cli_json_add_uint (json, "seed", config->seed);
  ntk_cli_json_add_string (json, "dataset", ntk_dataset_kind_to_string (config->dataset));
  ntk_cli_json_add_string (json, "target", target);

  return ntk_cli_json_write (json, path, error);
}

/* One row per training point: its inputs, then the target (with the label noise it was
 * trained on), no header — the same layout --dataset csv reads back. */
static gboolean
write_train_data (const char        *path,
                  const NtkDataset  *data,
                  GError           **error)
{
  g_autoptr(NtkCliFile) file = NULL;
  g_autofree double *row = g_new (double, data->d0 + 1);

  if (!(file = ntk_cli_file_new (path, error)))
    return FALSE;

  for (guint i = 0; i < data->n; i++)
    {
      memcpy (row, data->x + (gsize) i * data->d0, data->d0 * sizeof (double));
      row[data->d0] = data->y[i];
      ntk_cli_write_csv_row (ntk_cli_file_stream (file), row, data->d0 + 1);
    }

  return ntk_cli_file_commit (g_steal_pointer (&file), error);
}

gboolean
ntk_cli_run_write_results (NtkCliOutputDir        *dir,
                           const NtkCliExportSpec *spec,
                           NtkSnapshot            *last,
                           GError                **error)
{
  const NtkRunConstants *c = last->constants;
  NtkFigureSource source = { last, NULL, NULL };
  g_autofree char *config_path = ntk_cli_output_dir_path (dir, "config.ntk");
  g_autofree char *summary_path = ntk_cli_output_dir_path (dir, "summary.json");
  g_autofree char *data_path = ntk_cli_output_dir_path (dir, "train_data.csv");
  g_autofree char *ntk0_path = ntk_cli_output_dir_path (dir, "kernel_empirical_init.csv");
  g_autofree char *ntk_path = ntk_cli_output_dir_path (dir, "kernel_analytic.csv");
  GError *local_error = NULL;

  /* The resolved configuration (csv: n-train from the file) reproduces the run with
   * `ntk-lab-cli run --config config.ntk`. */
  if (!ntk_config_save_file (c->config, config_path, &local_error))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_FAILED, "config.ntk");
      return FALSE;
    }

  if (!write_summary (summary_path, last, error) ||
      !write_train_data (data_path, c->data, error) ||
      !ntk_cli_write_matrix_csv (ntk0_path, c->ntk0, c->n, c->n, error) ||
      !ntk_cli_write_matrix_csv (ntk_path, c->ntk, c->n, c->n, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (run_figures); i++)
    if (!ntk_cli_export_figure (dir, spec, run_figures[i], &source, error))
      return FALSE;

  return TRUE;
}
