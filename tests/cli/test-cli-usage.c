/* test-cli-usage.c — --help, --version, and every bad input: exit 2 with a message naming the
 * flag (or file:line) and nothing written; an unwritable --out: non-zero and nothing left
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "cli-test-util.h"
#include "ntk-config.h"

static void
test_version_and_help (void)
{
  const char *const *fields = ntk_config_field_names ();

  {
    g_autoptr(CliResult) r = cli_run ("--version", NULL);

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->out, ==, "ntk-lab-cli " PACKAGE_VERSION "\n");
  }
  {
    g_autoptr(CliResult) r = cli_run ("--help", NULL);

    g_assert_cmpint (r->status, ==, 0);
    g_assert_nonnull (strstr (r->out, "run"));
    g_assert_nonnull (strstr (r->out, "kernel"));
    g_assert_nonnull (strstr (r->out, "sweep"));
  }
  {
    g_autoptr(CliResult) none = cli_run (NULL, NULL);
    g_autoptr(CliResult) unknown = cli_run ("train", NULL);

    g_assert_cmpint (none->status, ==, 2);
    g_assert_cmpint (unknown->status, ==, 2);
    g_assert_nonnull (strstr (unknown->err, "train"));
  }

  /* run and sweep take every experiment field as a flag */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(CliResult) r = cli_run (s == 0 ? "run" : "sweep", "--help", NULL);
      const char *extra[] = { "--config", "--out", "--formats", "--size", "--scale",
                              s == 0 ? "--out" : "--widths", s == 0 ? "--out" : "--seeds" };

      g_assert_cmpint (r->status, ==, 0);
      for (guint i = 0; fields[i] != NULL; i++)
        {
          g_autofree char *flag = g_strdup_printf ("--%s=", fields[i]);
          if (!strstr (r->out, flag))
            g_error ("%s --help does not list %s", s == 0 ? "run" : "sweep", flag);
        }
      for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
        g_assert_nonnull (strstr (r->out, extra[i]));
    }
  {
    g_autoptr(CliResult) r = cli_run ("kernel", "--help", NULL);
    g_autoptr(CliResult) h = cli_run ("help", "kernel", NULL);
    const char *flags[] = { "--x1", "--x2", "--kind", "--empirical", "--out", "--activation",
                            "--depth", "--sigma-w", "--sigma-b", "--width", "--seed" };

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->out, ==, h->out);
    for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
      g_assert_nonnull (strstr (r->out, flags[i]));
  }
}

typedef struct {
  const char *args[6];
  const char *expect;   /* in the message: the flag, or file:line */
} BadRun;

/* Each case on top of a valid small run: exit 2, the message names the flag, and the parent
 * of --out stays empty (no DIR, no staging). */
static void
test_run_invalid (void)
{
  g_autofree char *inputs = cli_tmpdir_new ();
  g_autofree char *bad_ntk = cli_write_file (inputs, "bad.ntk", "[experiment]\nwidth=64\nthis is not a setting\n");
  g_autofree char *bad_value = cli_write_file (inputs, "range.ntk", "[experiment]\nsteps=10\ndepth=99\n");
  g_autofree char *bad_csv = cli_write_file (inputs, "bad.csv", "0.1,1\n0.2,2\n0.3,abc\n");
  g_autofree char *ragged = cli_write_file (inputs, "ragged.csv", "0.1,1\n0.2,2,3\n");
  g_autofree char *good_csv = cli_write_file (inputs, "good.csv", "0.1,1\n0.2,2\n0.3,3\n");
  g_autofree char *missing = g_build_filename (inputs, "missing.csv", NULL);
  g_autofree char *bad_ntk_line = g_strdup_printf ("%s:3", bad_ntk);
  g_autofree char *bad_value_line = g_strdup_printf ("%s:3", bad_value);
  g_autofree char *bad_csv_line = g_strdup_printf ("%s:3", bad_csv);
  g_autofree char *ragged_line = g_strdup_printf ("%s:2", ragged);
  const BadRun cases[] = {
    { { "--width", "0" }, "--width" },
    { { "--width", "abc" }, "--width" },
    { { "--width", "16385" }, "--width" },
    { { "--depth", "17" }, "--depth" },
    { { "--depth", "0" }, "--depth" },
    { { "--sigma-w", "0" }, "--sigma-w" },
    { { "--sigma-w", "11" }, "--sigma-w" },
    { { "--sigma-b", "-0.1" }, "--sigma-b" },
    { { "--learning-rate", "-1" }, "--learning-rate" },
    { { "--learning-rate", "nan" }, "--learning-rate" },
    { { "--learning-rate", "inf" }, "--learning-rate" },
    { { "--learning-rate", "0" }, "--learning-rate" },
    { { "--leaky-slope", "11" }, "--leaky-slope" },
    { { "--steps", "-5" }, "--steps" },
    { { "--seed", "-1" }, "--seed" },
    { { "--seed", "1.5" }, "--seed" },
    { { "--activation", "foo" }, "--activation" },
    { { "--dataset", "x" }, "--dataset" },
    { { "--target", "sines:1" }, "--target" },
    { { "--target", "x1*x2", "--dataset", "interval" }, "target" },
    { { "--n-train", "0" }, "--n-train" },
    { { "--n-train", "4097" }, "--n-train" },
    { { "--n-test", "1" }, "--n-test" },
    { { "--noise", "-1" }, "--noise" },
    { { "--publish-every", "0" }, "--publish-every" },
    { { "--memory-limit", "lots" }, "--memory-limit" },
    { { "--memory-limit", "1" }, "--memory-limit" },
    { { "--formats", "png,gif" }, "--formats" },
    { { "--formats", "" }, "--formats" },
    { { "--size", "10x10" }, "--size" },
    { { "--size", "1200" }, "--size" },
    { { "--size", "1200x800x2" }, "--size" },
    { { "--scale", "0" }, "--scale" },
    { { "--scale", "9" }, "--scale" },
    { { "--scale", "nan" }, "--scale" },
    { { "--frobnicate", "1" }, "--frobnicate" },
    { { "--width" }, "--width" },                     /* value missing */
    { { "extra" }, "extra" },                         /* stray word */
    { { "--dataset", "csv" }, "data" },               /* csv without --data */
    { { "--data", good_csv }, "data" },               /* --data without csv */
    { { "--dataset", "csv", "--data", missing }, "--data" },
    { { "--dataset", "csv", "--data", bad_csv }, bad_csv_line },
    { { "--dataset", "csv", "--data", ragged }, ragged_line },
    { { "--config", missing }, "--config" },
    { { "--config", bad_ntk }, bad_ntk_line },
    { { "--config", bad_value }, bad_value_line },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *tmp = cli_tmpdir_new ();
      g_autofree char *out = g_build_filename (tmp, "out", NULL);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(CliResult) r = NULL;

      g_ptr_array_add (args, (gpointer) "run");
      g_ptr_array_add (args, (gpointer) "--steps");
      g_ptr_array_add (args, (gpointer) "5");
      g_ptr_array_add (args, (gpointer) "--out");
      g_ptr_array_add (args, out);
      for (guint i = 0; cases[c].args[i] != NULL; i++)
        g_ptr_array_add (args, (gpointer) cases[c].args[i]);
      g_ptr_array_add (args, NULL);

      r = cli_runv ((const char *const *) args->pdata);
      if (r->status != 2)
        g_error ("case %u (%s): exit status %d, expected 2", c, cases[c].args[0], r->status);
      if (strstr (r->err, cases[c].expect) == NULL)
        g_error ("case %u: the message does not name “%s”: %s", c, cases[c].expect, r->err);
      /* one message (plus the --help hint), nothing on stdout, nothing on disk */
      g_assert_cmpstr (r->out, ==, "");
      g_assert_cmpuint (cli_dir_count (tmp), ==, 0);
      cli_tmpdir_remove (tmp);
    }

  /* --out missing altogether */
  {
    g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", NULL);

    g_assert_cmpint (r->status, ==, 2);
    g_assert_nonnull (strstr (r->err, "--out"));
  }

  cli_tmpdir_remove (inputs);
}

static void
test_sweep_invalid (void)
{
  const BadRun cases[] = {
    { { "--widths", "0,64" }, "--widths" },
    { { "--widths", "64,abc" }, "--widths" },
    { { "--widths", "" }, "--widths" },
    { { "--seeds", "0" }, "--seeds" },
    { { "--seeds", "many" }, "--seeds" },
    { { "--width", "64" }, "--width" },
    { { "--steps", "-1" }, "--steps" },
    { { "--formats", "jpeg" }, "--formats" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *tmp = cli_tmpdir_new ();
      g_autofree char *out = g_build_filename (tmp, "out", NULL);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(CliResult) r = NULL;

      g_ptr_array_add (args, (gpointer) "sweep");
      g_ptr_array_add (args, (gpointer) "--out");
      g_ptr_array_add (args, out);
      for (guint i = 0; cases[c].args[i] != NULL; i++)
        g_ptr_array_add (args, (gpointer) cases[c].args[i]);
      g_ptr_array_add (args, NULL);

      r = cli_runv ((const char *const *) args->pdata);
      g_assert_cmpint (r->status, ==, 2);
      if (strstr (r->err, cases[c].expect) == NULL)
        g_error ("case %u: the message does not name “%s”: %s", c, cases[c].expect, r->err);
      g_assert_cmpuint (cli_dir_count (tmp), ==, 0);
      cli_tmpdir_remove (tmp);
    }
}

/* Unwritable places: exit 1 (a runtime failure, not bad usage) and nothing left behind. */
static void
test_run_unwritable (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();

  {
    g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", "--out", "/proc/ntk-lab-cli-test/out", NULL);

    g_assert_cmpint (r->status, ==, 1);
    g_assert_nonnull (strstr (r->err, "--out"));
    g_assert_false (g_file_test ("/proc/ntk-lab-cli-test", G_FILE_TEST_EXISTS));
  }
  {
    g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", "--out", "/proc/ntk-lab-cli-test", NULL);

    g_assert_cmpint (r->status, ==, 1);
    g_assert_false (g_file_test ("/proc/ntk-lab-cli-test", G_FILE_TEST_EXISTS));
  }
  /* the parent does not exist */
  {
    g_autofree char *out = g_build_filename (tmp, "no", "such", "dir", NULL);
    g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", "--out", out, NULL);

    g_assert_cmpint (r->status, ==, 1);
    g_assert_cmpuint (cli_dir_count (tmp), ==, 0);
  }
  /* --out names a file: bad usage, and the file is untouched */
  {
    g_autofree char *file = cli_write_file (tmp, "file", "data\n");
    g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", "--out", file, NULL);
    g_autofree char *text = NULL;

    g_assert_cmpint (r->status, ==, 2);
    g_assert_nonnull (strstr (r->err, "--out"));
    text = cli_read_file (file, NULL);
    g_assert_cmpstr (text, ==, "data\n");
    g_unlink (file);
  }

  /* Permissions do not stop root: these need an ordinary user. */
  if (geteuid () != 0)
    {
      g_autofree char *ro = g_build_filename (tmp, "ro", NULL);
      g_autofree char *inside = g_build_filename (ro, "out", NULL);
      g_autofree char *existing = g_build_filename (tmp, "existing", NULL);
      g_autofree char *kept = NULL;

      g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
      {
        g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", "--out", inside, NULL);

        g_assert_cmpint (r->status, ==, 1);
        g_assert_nonnull (strstr (r->err, "--out"));
        g_assert_cmpuint (cli_dir_count (ro), ==, 0);
      }

      /* an existing, read-only DIR with a file in it stays as it was */
      g_assert_cmpint (g_mkdir (existing, 0755), ==, 0);
      kept = cli_write_file (existing, "summary.json", "old\n");
      g_assert_cmpint (g_chmod (existing, 0555), ==, 0);
      {
        g_autoptr(CliResult) r = cli_run ("run", "--steps", "5", "--out", existing, NULL);
        g_autofree char *text = cli_read_file (kept, NULL);

        g_assert_cmpint (r->status, ==, 1);
        g_assert_cmpstr (text, ==, "old\n");
        g_assert_cmpuint (cli_dir_count (existing), ==, 1);
      }
    }
  else
    g_test_message ("running as root: read-only directory cases skipped");

  cli_tmpdir_remove (tmp);
}

int
main (int argc, char **argv)
{
  cli_test_init (&argc, &argv);

  g_test_add_func ("/cli/usage/version-and-help", test_version_and_help);
  g_test_add_func ("/cli/usage/run-invalid", test_run_invalid);
  g_test_add_func ("/cli/usage/sweep-invalid", test_sweep_invalid);
  g_test_add_func ("/cli/usage/run-unwritable", test_run_unwritable);

  return g_test_run ();
}
