/* test-cli-run.c — `ntk-lab-cli run` end to end on a small network: every file exists and
 * parses, agrees with `kernel`, is byte-identical for a seed, and a directory that exists is
 * updated file by file
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cli-test-util.h"
#include "ntk-config.h"

#define N_TRAIN 8
#define N_TEST 16
#define STEPS 20
#define EVERY 5
#define N_PUBLISHED (STEPS / EVERY + 1)

/* Small enough to take well under a second. */
static CliResult *
run_small (const char *out,
           const char *first_extra,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *small[] = { "run", "--width", "64", "--n-train", G_STRINGIFY (N_TRAIN),
                          "--steps", G_STRINGIFY (STEPS), "--n-test", G_STRINGIFY (N_TEST),
                          "--publish-every", G_STRINGIFY (EVERY), "--size", "256x192" };
  va_list ap;

  for (guint i = 0; i < G_N_ELEMENTS (small); i++)
    g_ptr_array_add (args, (gpointer) small[i]);
  va_start (ap, first_extra);
  for (const char *arg = first_extra; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  if (out != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--out");
      g_ptr_array_add (args, (gpointer) out);
    }
  g_ptr_array_add (args, NULL);

  return cli_runv ((const char *const *) args->pdata);
}

static const char *const data_files[] = {
  "config.ntk", "summary.json", "train_data.csv", "train_predictions.csv",
  "kernel_empirical_init.csv", "kernel_analytic.csv",
};
static const char *const figures[] = { "predictions", "kernel", "modes", "spectrum", "loss", "drift" };

static char *
in (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
assert_starts_with_file (const char *path,
                         const char *magic,
                         gsize       magic_len)
{
  gsize length;
  g_autofree char *contents = cli_read_file (path, &length);

  g_assert_cmpuint (length, >, magic_len);
  g_assert_cmpmem (contents, magic_len, magic, magic_len);
}

static void
check_summary (const char *dir)
{
  g_autofree char *path = in (dir, "summary.json");
  g_autoptr(GHashTable) json = cli_read_json (path);
  const char *required[] = {
    "state", "final_step", "train_loss", "test_loss", "lin_train_loss",
    "rmse_finite_vs_linearized", "kernel_drift", "eta_crit", "eta_over_eta_crit",
    "weight_drift", "lambda_min", "condition", "n_clipped", "diverged_step",
  };
  double eta_crit, ratio;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!g_hash_table_contains (json, required[i]))
      g_error ("summary.json has no “%s”", required[i]);

  g_assert_cmpstr (g_hash_table_lookup (json, "state"), ==, "finished");
  g_assert_cmpstr (g_hash_table_lookup (json, "final_step"), ==, G_STRINGIFY (STEPS));
  g_assert_cmpstr (g_hash_table_lookup (json, "diverged_step"), ==, "null");
  g_assert_cmpfloat (cli_parse_number (g_hash_table_lookup (json, "train_loss")), >=, 0);
  g_assert_cmpfloat (cli_parse_number (g_hash_table_lookup (json, "kernel_drift")), >, 0);
  eta_crit = cli_parse_number (g_hash_table_lookup (json, "eta_crit"));
  ratio = cli_parse_number (g_hash_table_lookup (json, "eta_over_eta_crit"));
  g_assert_cmpfloat (eta_crit, >, 0);
  /* default learning rate 0.6 */
  cli_assert_close (ratio, 0.6 / eta_crit, 1e-12, "η/η_crit");
}

static void
check_train_files (const char *dir)
{
  g_autofree char *data_path = in (dir, "train_data.csv");
  g_autofree char *pred_path = in (dir, "train_predictions.csv");
  g_autoptr(GPtrArray) data = cli_read_csv (data_path, FALSE, TRUE, NULL);
  g_auto(GStrv) header = NULL;
  g_autoptr(GPtrArray) pred = cli_read_csv (pred_path, TRUE, FALSE, &header);

  /* circle: (cos γ, sin γ), then the target */
  g_assert_cmpuint (data->len, ==, N_TRAIN);
  for (guint i = 0; i < data->len; i++)
    {
      GStrv row = g_ptr_array_index (data, i);
      double x1 = cli_parse_number (row[0]), x2 = cli_parse_number (row[1]);

      g_assert_cmpuint (g_strv_length (row), ==, 3);
      cli_assert_close (x1 * x1 + x2 * x2, 1, 1e-14, "circle point");
    }

  g_assert_cmpuint (g_strv_length (header), ==, 2 + N_TRAIN);
  g_assert_cmpstr (header[0], ==, "step");
  g_assert_cmpstr (header[1], ==, "kind");
  g_assert_cmpstr (header[2], ==, "f_1");
  g_assert_cmpstr (header[1 + N_TRAIN], ==, "f_" G_STRINGIFY (N_TRAIN));

  g_assert_cmpuint (pred->len, ==, 2 * N_PUBLISHED);
  for (guint k = 0; k < N_PUBLISHED; k++)
    {
      GStrv finite = g_ptr_array_index (pred, 2 * k);
      GStrv lin = g_ptr_array_index (pred, 2 * k + 1);

      g_assert_cmpuint (cli_parse_number (finite[0]), ==, k * EVERY);
      g_assert_cmpstr (finite[0], ==, lin[0]);
      g_assert_cmpstr (finite[1], ==, "finite");
      g_assert_cmpstr (lin[1], ==, "linearized");
      for (guint i = 2; i < 2 + N_TRAIN; i++)
        {
          double f = cli_parse_number (finite[i]), l = cli_parse_number (lin[i]);

          g_assert_true (isfinite (f) && isfinite (l));
          /* both start from the same network */
          if (k == 0)
            cli_assert_close (l, f, 1e-9, "linearized = finite at step 0");
        }
    }
}

/* The kernels on the training points are what `kernel` computes on the same inputs. */
static void
check_kernels (const char *dir)
{
  g_autofree char *ntk0_path = in (dir, "kernel_empirical_init.csv");
  g_autofree char *ntk_path = in (dir, "kernel_analytic.csv");
  g_autofree char *data_path = in (dir, "train_data.csv");
  g_autofree char *x_path = in (dir, "x.csv");
  g_autoptr(GPtrArray) data = cli_read_csv (data_path, FALSE, TRUE, NULL);
  g_autoptr(GString) x = g_string_new (NULL);
  g_autofree double *ntk0 = NULL, *ntk = NULL;
  guint rows, cols;

  ntk0 = cli_read_matrix (ntk0_path, &rows, &cols);
  g_assert_cmpuint (rows, ==, N_TRAIN);
  g_assert_cmpuint (cols, ==, N_TRAIN);
  ntk = cli_read_matrix (ntk_path, &rows, &cols);
  g_assert_cmpuint (rows, ==, N_TRAIN);
  g_assert_cmpuint (cols, ==, N_TRAIN);

  for (guint i = 0; i < N_TRAIN; i++)
    {
      GStrv row = g_ptr_array_index (data, i);

      g_string_append_printf (x, "%s,%s\n", row[0], row[1]);
      g_assert_cmpfloat (ntk0[i * N_TRAIN + i], >, 0);
      for (guint j = 0; j < N_TRAIN; j++)
        {
          cli_assert_close (ntk0[i * N_TRAIN + j], ntk0[j * N_TRAIN + i], 1e-12, "Θ̂_0 symmetric");
          cli_assert_close (ntk[i * N_TRAIN + j], ntk[j * N_TRAIN + i], 1e-12, "Θ symmetric");
        }
    }
  g_assert_true (g_file_set_contents (x_path, x->str, -1, NULL));

  /* the defaults: relu, depth 2, σ_w 1.5, σ_b 0.1; width 64 and seed 1 as run */
  for (guint e = 0; e < 2; e++)
    {
      g_autoptr(CliResult) r = e == 0
        ? cli_run ("kernel", "--x1", x_path, NULL)
        : cli_run ("kernel", "--x1", x_path, "--empirical", "--width", "64", "--seed", "1", NULL);
      const double *expected = e == 0 ? ntk : ntk0;
      g_auto(GStrv) lines = NULL;

      g_assert_cmpint (r->status, ==, 0);
      lines = g_strsplit (r->out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, N_TRAIN + 1);
      for (guint i = 0; i < N_TRAIN; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

          for (guint j = 0; j < N_TRAIN; j++)
            cli_assert_close (cli_parse_number (fields[j]), expected[i * N_TRAIN + j], 1e-10,
                              e == 0 ? "kernel_analytic.csv = kernel" : "kernel_empirical_init.csv = kernel --empirical");
        }
    }
  g_unlink (x_path);
}

/* The figure CSVs: a header, then rows of numbers of one length. */
static void
check_figure_csvs (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *name = g_strconcat (figures[i], ".csv", NULL);
      g_autofree char *path = in (dir, name);
      g_auto(GStrv) header = NULL;
      g_autoptr(GPtrArray) rows = cli_read_csv (path, TRUE, TRUE, &header);

      g_test_message ("%s: %u columns, %u rows", name, g_strv_length (header), rows->len);
      g_assert_cmpuint (rows->len, >, 0);
      g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, 0)), ==, g_strv_length (header));
      if (g_str_equal (figures[i], "predictions"))
        g_assert_cmpuint (rows->len, ==, N_TEST);
      if (g_str_equal (figures[i], "spectrum"))
        g_assert_cmpuint (rows->len, >=, N_TRAIN);
    }
}

static void
test_run_outputs (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *dir = in (tmp, "out");
  g_autoptr(CliResult) r = run_small (dir, "--formats", "png,svg,pdf,csv", NULL);

  g_assert_cmpint (r->status, ==, 0);
  /* stderr is not a terminal here: no progress bar, no chatter */
  g_assert_cmpstr (r->err, ==, "");
  g_assert_cmpstr (r->out, ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *path = in (dir, data_files[i]);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *png = g_strconcat (dir, "/", figures[i], ".png", NULL);
      g_autofree char *svg = g_strconcat (dir, "/", figures[i], ".svg", NULL);
      g_autofree char *pdf = g_strconcat (dir, "/", figures[i], ".pdf", NULL);
      g_autofree char *svg_text = NULL;

      assert_starts_with_file (png, "\x89PNG\r\n\x1a\n", 8);
      assert_starts_with_file (pdf, "%PDF-", 5);
      svg_text = cli_read_file (svg, NULL);
      g_assert_nonnull (strstr (svg_text, "<svg"));
    }
  /* six data files, six figures in four formats, nothing else (no staging left) */
  g_assert_cmpuint (cli_dir_count (dir), ==, G_N_ELEMENTS (data_files) + 4 * G_N_ELEMENTS (figures));
  g_assert_cmpuint (cli_dir_count (tmp), ==, 1);

  /* config.ntk is the resolved configuration, seed included */
  {
    g_autofree char *path = in (dir, "config.ntk");
    g_autoptr(GError) error = NULL;
    g_autoptr(NtkConfig) config = ntk_config_load_file (path, &error);
    g_autofree char *text = cli_read_file (path, NULL);

    g_assert_no_error (error);
    g_assert_cmpuint (config->width, ==, 64);
    g_assert_cmpuint (config->n_train, ==, N_TRAIN);
    g_assert_cmpuint (config->steps, ==, STEPS);
    g_assert_nonnull (strstr (text, "seed"));
  }

  check_summary (dir);
  check_train_files (dir);
  check_kernels (dir);
  check_figure_csvs (dir);

  cli_tmpdir_remove (tmp);
}

/* Only the requested formats; the data files always. */
static void
test_run_formats (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *dir = in (tmp, "out");
  g_autoptr(CliResult) r = run_small (dir, "--formats", "svg", "--steps", "5", NULL);
  g_autofree char *png = in (dir, "loss.png");
  g_autofree char *csv = in (dir, "loss.csv");
  g_autofree char *svg = in (dir, "loss.svg");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cli_dir_count (dir), ==, G_N_ELEMENTS (data_files) + G_N_ELEMENTS (figures));

  cli_tmpdir_remove (tmp);
}

static void
assert_same_file (const char *a_dir,
                  const char *b_dir,
                  const char *name)
{
  g_autofree char *a_path = in (a_dir, name);
  g_autofree char *b_path = in (b_dir, name);
  gsize a_len, b_len;
  g_autofree char *a = cli_read_file (a_path, &a_len);
  g_autofree char *b = cli_read_file (b_path, &b_len);

  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", name, a_len);
  g_assert_cmpmem (a, a_len, b, b_len);
}

/* Numbers a person reads are written in their shortest exact form: a learning rate given as
 * 0.6 is 0.6 in summary.json (%.17g wrote 0.59999999999999998), 1.1 is 1.1, and every other
 * number in the data files (label noise makes the targets arbitrary doubles) is the shortest
 * text that reads back to the same double. */
static void
test_run_shortest_numbers (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *dir = in (tmp, "out");
  g_autoptr(CliResult) r = run_small (dir, "--learning-rate", "0.6", "--sigma-w", "1.1",
                                      "--noise", "0.3", "--formats", "csv", NULL);
  g_autofree char *summary_path = in (dir, "summary.json");
  g_autofree char *summary = NULL;
  g_autoptr(GHashTable) json = NULL;

  g_assert_cmpint (r->status, ==, 0);
  summary = cli_read_file (summary_path, NULL);
  g_assert_nonnull (strstr (summary, "\"learning_rate\": 0.6,\n"));
  g_assert_null (strstr (summary, "0.59999999999999998"));
  json = cli_read_json (summary_path);
  g_assert_cmpstr (g_hash_table_lookup (json, "learning_rate"), ==, "0.6");
  g_assert_cmpstr (g_hash_table_lookup (json, "sigma_w"), ==, "1.1");

  for (guint i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *path = in (dir, data_files[i]);
      guint n;

      if (g_str_has_suffix (path, ".ntk"))
        continue;   /* written by the engine (ntk-config.c), with the same rule */
      n = cli_assert_shortest_numbers (path);
      g_test_message ("%s: %u numbers in their shortest form", data_files[i], n);
      g_assert_cmpuint (n, >, 0);
    }

  cli_tmpdir_remove (tmp);
}

static void
test_run_deterministic (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *a = in (tmp, "a");
  g_autofree char *b = in (tmp, "b");
  g_autofree char *c = in (tmp, "c");
  g_autoptr(CliResult) ra = run_small (a, "--seed", "42", "--formats", "csv", NULL);
  g_autoptr(CliResult) rb = run_small (b, "--seed", "42", "--formats", "csv", NULL);
  g_autoptr(CliResult) rc = run_small (c, "--seed", "43", "--formats", "csv", NULL);

  g_assert_cmpint (ra->status, ==, 0);
  g_assert_cmpint (rb->status, ==, 0);
  g_assert_cmpint (rc->status, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (data_files); i++)
    assert_same_file (a, b, data_files[i]);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *name = g_strconcat (figures[i], ".csv", NULL);
      assert_same_file (a, b, name);
    }

  /* and the seed matters */
  {
    g_autofree char *a_path = in (a, "kernel_empirical_init.csv");
    g_autofree char *c_path = in (c, "kernel_empirical_init.csv");
    g_autofree char *ka = cli_read_file (a_path, NULL);
    g_autofree char *kc = cli_read_file (c_path, NULL);

    g_assert_cmpstr (ka, !=, kc);
  }

  cli_tmpdir_remove (tmp);
}

/* defaults ← --config ← flags, whatever the order of the flags. */
static void
test_run_config_precedence (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *file = cli_write_file (tmp, "exp.ntk",
      "# a small experiment\n[experiment]\nwidth=32\nsteps=10\nseed=7\nactivation=tanh\nn-train=6\n");
  g_autofree char *dir = in (tmp, "out");
  g_autofree char *resolved = in (dir, "config.ntk");
  g_autoptr(CliResult) r = cli_run ("run", "--seed", "5", "--config", file, "--width", "48",
                                    "--formats", "csv", "--n-test", "8", "--out", dir, NULL);
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (r->status, ==, 0);
  config = ntk_config_load_file (resolved, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->width, ==, 48);     /* flag after --config */
  g_assert_cmpuint (config->seed, ==, 5);       /* flag before --config */
  g_assert_cmpuint (config->steps, ==, 10);     /* from the file */
  g_assert_cmpuint (config->n_train, ==, 6);
  g_assert_cmpint (config->activation, ==, NTK_ACTIVATION_TANH);
  g_assert_cmpuint (config->n_test, ==, 8);

  /* and the written config.ntk reproduces the run byte for byte */
  {
    g_autofree char *again = in (tmp, "again");
    g_autoptr(CliResult) r2 = cli_run ("run", "--config", resolved, "--formats", "csv",
                                       "--out", again, NULL);

    g_assert_cmpint (r2->status, ==, 0);
    assert_same_file (dir, again, "train_predictions.csv");
    assert_same_file (dir, again, "summary.json");
  }

  cli_tmpdir_remove (tmp);
}

/* An existing directory: files added or replaced one by one, others left alone. */
static void
test_run_existing_dir (void)
{
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *keep = cli_write_file (dir, "keep.txt", "mine\n");
  g_autofree char *old = cli_write_file (dir, "summary.json", "old\n");
  g_autoptr(CliResult) r = run_small (dir, "--formats", "csv", "--steps", "5", NULL);
  g_autofree char *keep_text = cli_read_file (keep, NULL);
  g_autoptr(GHashTable) json = cli_read_json (old);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (keep_text, ==, "mine\n");
  g_assert_true (g_hash_table_contains (json, "state"));
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (name[0] == '.');   /* no staging directory left */
  g_assert_cmpuint (cli_dir_count (dir), ==, 1 + G_N_ELEMENTS (data_files) + G_N_ELEMENTS (figures));

  cli_tmpdir_remove (dir);
}

/* Far above η_crit: divergence is a result, not a failure. */
static void
test_run_diverged (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *dir = in (tmp, "out");
  g_autofree char *summary = in (dir, "summary.json");
  g_autoptr(CliResult) r = run_small (dir, "--learning-rate", "50", "--steps", "200",
                                      "--formats", "png,csv", NULL);
  g_autoptr(GHashTable) json = NULL;
  double ratio;
  guint64 diverged_step;

  g_assert_cmpint (r->status, ==, 0);
  json = cli_read_json (summary);
  g_assert_cmpstr (g_hash_table_lookup (json, "state"), ==, "diverged");
  ratio = cli_parse_number (g_hash_table_lookup (json, "eta_over_eta_crit"));
  g_test_message ("η/η_crit = %g", ratio);
  g_assert_cmpfloat (ratio, >, 1);
  g_assert_cmpstr (g_hash_table_lookup (json, "diverged_step"), !=, "null");
  diverged_step = g_ascii_strtoull (g_hash_table_lookup (json, "diverged_step"), NULL, 10);
  g_assert_cmpuint (diverged_step, <=, 200);
  g_assert_cmpuint (cli_dir_count (dir), ==, G_N_ELEMENTS (data_files) + 2 * G_N_ELEMENTS (figures));

  cli_tmpdir_remove (tmp);
}

static gboolean
has_hidden_entry (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] == '.')
      return TRUE;
  return FALSE;
}

/* Ctrl-C in the middle of a run (the staging directory exists): exit 130, and --out is as it
 * was — absent, or an existing directory with only its old contents. Works as root too, unlike
 * permission-based failures. */
static void
test_run_interrupted (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *existing = in (tmp, "existing");
  g_autofree char *fresh = in (tmp, "fresh");
  g_autofree char *keep = NULL;

  g_assert_cmpint (g_mkdir (existing, 0755), ==, 0);
  keep = cli_write_file (existing, "summary.json", "old\n");

  for (guint c = 0; c < 2; c++)
    {
      const char *out = c == 0 ? fresh : existing;
      const char *watch = c == 0 ? tmp : existing;   /* where the staging directory appears */
      /* the default network, many steps: long enough to be caught mid-run */
      const char *argv[] = { cli_test_arg (0), "run", "--steps", "100000", "--out", out, NULL };
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      while (!has_hidden_entry (watch) && g_get_monotonic_time () < deadline)
        g_usleep (20 * 1000);
      g_assert_true (has_hidden_entry (watch));
      g_usleep (200 * 1000);   /* into the training loop */

      g_subprocess_send_signal (process, SIGINT);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
    }

  /* fresh was never created; existing holds its one old file, untouched */
  g_assert_cmpuint (cli_dir_count (tmp), ==, 1);
  g_assert_cmpuint (cli_dir_count (existing), ==, 1);
  {
    g_autofree char *text = cli_read_file (keep, NULL);
    g_assert_cmpstr (text, ==, "old\n");
  }

  cli_tmpdir_remove (tmp);
}

int
main (int argc, char **argv)
{
  cli_test_init (&argc, &argv);

  g_test_add_func ("/cli/run/outputs", test_run_outputs);
  g_test_add_func ("/cli/run/formats", test_run_formats);
  g_test_add_func ("/cli/run/shortest-numbers", test_run_shortest_numbers);
  g_test_add_func ("/cli/run/deterministic", test_run_deterministic);
  g_test_add_func ("/cli/run/config-precedence", test_run_config_precedence);
  g_test_add_func ("/cli/run/existing-dir", test_run_existing_dir);
  g_test_add_func ("/cli/run/diverged", test_run_diverged);
  g_test_add_func ("/cli/run/interrupted", test_run_interrupted);

  return g_test_run ();
}
