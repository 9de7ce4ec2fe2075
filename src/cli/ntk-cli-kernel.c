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

#include <errno.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"
#include "ntk-dataset.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"

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
                   _("--x1/--x2: a %u×%u kernel needs %" G_GUINT64_FORMAT " MiB, more than the "
                     "memory limit of %" G_GUINT64_FORMAT " MiB (--memory-limit)"),
                   n1, n2, need >> 20, limit >> 20);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_matrix (FILE          *stream,
              const double  *matrix,
              guint          rows,
              guint          cols)
{
  for (guint i = 0; i < rows; i++)
    ntk_cli_write_csv_row (stream, matrix + (gsize) i * cols, cols);
  return fflush (stream) == 0 && !ferror (stream);
}

static gboolean
kernel_main (NtkCliConfigFlags  *config_flags,
             NtkCliKernelFlags  *flags,
             GError            **error)
{
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(NtkCliFile) file = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree double *x1 = NULL;
  g_autofree double *x2 = NULL;
  g_autofree double *out = NULL;
  g_autofree char *out_path = NULL;
  NtkCliKernelJob job = { 0 };
  guint n1, n2 = 0, d0, d0_2 = 0;
  gboolean nngp;

  if (flags->kind == NULL || g_str_equal (flags->kind, "ntk"))
    nngp = FALSE;
  else if (g_str_equal (flags->kind, "nngp"))
    nngp = TRUE;
  else
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--kind: “%s” is not allowed: ntk or nngp"), flags->kind);
      return FALSE;
    }

  if (flags->x1_path == NULL)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--x1: missing: give a CSV file of inputs, one per row, no header"));
      return FALSE;
    }

  if (nngp && flags->empirical)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--kind nngp: only the analytic NNGP is available; --empirical computes the NTK of a finite network"));
      return FALSE;
    }

  if (!flags->empirical)
    {
      /* The analytic kernel is the infinite-width limit: no width, no seed. Silently ignoring
       * them would suggest a finite-width result. */
      if (ntk_cli_config_flags_has (config_flags, "width"))
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--width: only used with --empirical (the analytic kernel is the infinite-width limit)"));
          return FALSE;
        }
      if (ntk_cli_config_flags_has (config_flags, "seed"))
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--seed: only used with --empirical (the analytic kernel has no random initialization)"));
          return FALSE;
        }
    }

  if (!(config = ntk_cli_config_flags_resolve (config_flags, error)))
    return FALSE;

  if (!read_inputs ("--x1", flags->x1_path, &x1, &n1, &d0, error))
    return FALSE;
  if (flags->x2_path != NULL)
    {
      if (!read_inputs ("--x2", flags->x2_path, &x2, &n2, &d0_2, error))
        return FALSE;
      if (d0_2 != d0)
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--x2: “%s” has inputs of dimension %u, but those of --x1 “%s” have dimension %u"),
                       flags->x2_path, d0_2, flags->x1_path, d0);
          return FALSE;
        }
    }
  else
    n2 = n1;

  if (!check_memory (config, n1, n2, d0, flags->empirical, error))
    return FALSE;

  /* An unwritable --out fails before the work, not after it. */
  if (flags->out != NULL)
    {
      out_path = g_canonicalize_filename (flags->out, NULL);
      if (!(file = ntk_cli_file_new (out_path, error)))
        {
          g_prefix_error (error, "--out: ");
          return FALSE;
        }
    }

  out = g_try_malloc ((gsize) n1 * n2 * sizeof (double));
  if (out == NULL)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("not enough memory for a %u×%u kernel"), n1, n2);
      return FALSE;
    }

  job = (NtkCliKernelJob) { config, nngp, flags->empirical, d0, n1, n2, x1, x2, out };
  cancellable = g_cancellable_new ();
  ntk_cli_cancel_on_signals (cancellable);
  if (!ntk_cli_run_job (compute_kernel, &job, cancellable, error))
    return FALSE;

  if (file != NULL)
    {
      write_matrix (ntk_cli_file_stream (file), out, n1, n2);
      if (!ntk_cli_file_commit (g_steal_pointer (&file), error))
        {
          g_prefix_error (error, "--out: ");
          return FALSE;
        }
    }
  else if (!write_matrix (stdout, out, n1, n2))
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot write to the standard output: %s"), g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

int
ntk_cli_kernel_main (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  NtkCliConfigFlags config_flags;
  NtkCliKernelFlags flags = { 0 };
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &flags.kind,
      N_("Which kernel: ntk (Θ, default) or nngp (Σ)"), N_("KIND") },
    { "empirical", 0, 0, G_OPTION_ARG_NONE, &flags.empirical,
      N_("The NTK of one network initialized with --width and --seed, instead of the limit"), NULL },
    { "x1", 0, 0, G_OPTION_ARG_FILENAME, &flags.x1_path,
      N_("CSV file of inputs, one per row, no header: the rows of the result (required)"), N_("FILE") },
    { "x2", 0, 0, G_OPTION_ARG_FILENAME, &flags.x2_path,
      N_("CSV file of inputs: the columns of the result (default: --x1)"), N_("FILE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &flags.out,
      N_("Write the matrix to FILE (atomically) instead of the standard output"), N_("FILE") },
    { NULL }
  };
  int status = NTK_CLI_EXIT_OK;

  context = ntk_cli_option_context_new ("kernel", "--x1 FILE [--x2 FILE]",
    N_("Prints the analytic infinite-width NTK Θ (or NNGP Σ) of the architecture, or with "
      "--empirical the NTK of a freshly initialized network, between the rows of --x1 and --x2: "
      "one row per x1 input, one column per x2 input, no header, 17 significant digits."),
    N_("Exit status: 0 success, 1 failure, 2 bad usage or input. See ntk-lab-cli(1)."));

  ntk_cli_config_flags_init (&config_flags);
  ntk_cli_config_flags_add_group (&config_flags, context, kernel_keys);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!ntk_cli_parse_args (context, &argc, &argv, &error) ||
      !kernel_main (&config_flags, &flags, &error))
    status = ntk_cli_report_error ("kernel", error);

  ntk_cli_config_flags_clear (&config_flags);
  g_free (flags.kind);
  g_free (flags.x1_path);
  g_free (flags.x2_path);
  g_free (flags.out);
  return status;
}
