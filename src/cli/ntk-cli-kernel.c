/* ntk-cli-kernel.c — `ntk-lab-cli kernel`: Θ or Σ between the rows of two input files
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analytic (the infinite-width limit, math.md §3) or, with --empirical, the NTK of one freshly
 * initialized network of the given width and seed (math.md §4). The NNGP has no empirical
 * counterpart at initialization in this sense, so --empirical --kind nngp is refused.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ntk-cli-private.h"
#include "ntk-dataset.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"

typedef struct {
  const NtkConfig *config;
  gboolean         nngp;
  gboolean         empirical;
  guint            d0, n1, n2;
  double          *x1, *x2;    /* x2 NULL: x2 = x1 */
  double          *out;        /* n1 × n2 */
} NtkCliKernelJob;

static gboolean
compute_kernel (gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  NtkCliKernelJob *job = user_data;

  if (job->empirical)
    {
      g_autoptr(NtkMlp) mlp = ntk_mlp_new (job->config, job->d0);

      ntk_empirical_ntk (mlp, job->x1, job->n1, job->x2, job->n2, job->out);
    }
  else
    {
      ntk_analytic_kernel (job->config, job->d0, job->x1, job->n1, job->x2, job->n2,
                           job->nngp ? NULL : job->out,
                           job->nngp ? job->out : NULL);
    }
  return TRUE;
}

static gboolean
read_inputs (const char  *flag,
             const char  *path,
             double     **x,
             guint       *n,
             guint       *d0,
             GError     **error)
{
  GError *local_error = NULL;

  if (!ntk_read_inputs_csv (path, x, n, d0, &local_error))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_USAGE, flag);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_memory (const NtkConfig  *config,
              guint             n1,
              guint             n2,
              guint             d0,
              gboolean          empirical,
              GError          **error)
{
  guint64 limit = config->memory_limit ? config->memory_limit : ntk_physical_memory () / 2;
  guint64 need = (guint64) n1 * n2 * sizeof (double);

  if (empirical)
    need += ntk_mlp_estimate_memory (d0, config->depth, config->width, n1 + n2);

  if (need > limit)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--x1/--x2: a %u×%u kernel needs %llu MiB, more than the "
                     "memory limit of %llu MiB (--memory-limit)"),
                   n1, n2, (unsigned long long) (need >> 20), (unsigned long long) (limit >> 20));
      return FALSE;
    }
  return TRUE;
}

static void
write_matrix (FILE          *stream,
              const double  *matrix,
              guint          rows,
              guint          cols)
{
  for (guint i = 0; i < rows; i++)
    ntk_cli_write_csv_row (stream, matrix + (gsize) i * cols, cols);
}

static gboolean
kernel_main (const NtkCliCommandLine  *line,
             GError                  **error)
{
  const NtkConfig *config = line->config;
  g_autoptr(NtkCliFile) file = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree double *x1 = NULL;
  g_autofree double *x2 = NULL;
  g_autofree double *out = NULL;
  NtkCliKernelJob job = { 0 };
  guint n1, n2 = 0, d0, d0_2 = 0;

  if (!read_inputs ("--x1", line->x1_path, &x1, &n1, &d0, error))
    return FALSE;
  if (line->x2_path != NULL)
    {
      if (!read_inputs ("--x2", line->x2_path, &x2, &n2, &d0_2, error))
        return FALSE;
      if (d0_2 != d0)
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--x2: “%s” has inputs of dimension %u, but those of --x1 “%s” have dimension %u"),
                       line->x2_path, d0_2, line->x1_path, d0);
          return FALSE;
        }
    }
  else
    n2 = n1;

  if (!check_memory (config, n1, n2, d0, line->empirical, error))
    return FALSE;

  /* An unwritable --out fails before the work, not after it. */
  if (line->out_path != NULL)
    {
      if (!(file = ntk_cli_file_new (line->out_path, error)))
        {
          g_prefix_error (error, "--out: ");
          return FALSE;
        }
    }
  else if (!(file = ntk_cli_file_new_stdout (error)))
    return FALSE;

  out = g_try_malloc ((gsize) n1 * n2 * sizeof (double));
  if (out == NULL)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("not enough memory for a %u×%u kernel"), n1, n2);
      return FALSE;
    }

  job = (NtkCliKernelJob) { config, line->nngp, line->empirical, d0, n1, n2, x1, x2, out };
  cancellable = g_cancellable_new ();
  ntk_cli_cancel_on_signals (cancellable);
  if (!ntk_cli_run_job (compute_kernel, &job, cancellable, error))
    return FALSE;

  write_matrix (ntk_cli_file_stream (file), out, n1, n2);
  if (!ntk_cli_file_commit (g_steal_pointer (&file), error))
    {
      if (line->out_path != NULL)
        g_prefix_error (error, "--out: ");
      return FALSE;
    }

  return TRUE;
}

int
ntk_cli_kernel_main (int    argc,
                     char **argv)
{
  g_auto(NtkCliCommandLine) line = { 0 };
  g_autoptr(GError) error = NULL;

  if (!ntk_cli_command_line_parse (NTK_CLI_COMMAND_KERNEL, &argc, &argv, TRUE, &line, &error) ||
      !kernel_main (&line, &error))
    return ntk_cli_report_error ("kernel", error);
  return NTK_CLI_EXIT_OK;
}
