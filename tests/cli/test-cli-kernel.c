/* test-cli-kernel.c — `ntk-lab-cli kernel` against math.md §7 and the finite-width limit
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli-test-util.h"

static double *
parse_output (const char *text,
              guint       expect_rows,
              guint       expect_cols)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  double *m = g_new (double, expect_rows * expect_cols);

  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_cmpuint (g_strv_length (lines), ==, expect_rows + 1);   /* the last is "" */
  for (guint i = 0; i < expect_rows; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, expect_cols);
      for (guint j = 0; j < expect_cols; j++)
        m[i * expect_cols + j] = cli_parse_number (fields[j]);
    }
  return m;
}

/* math.md §7.1: relu, σ_w = 1, σ_b = 0, L = 1, x = (1, 0) against four points. */
static void
test_kernel_relu_reference (void)
{
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *x1 = cli_write_file (dir, "x1.csv", "1,0\n");
  /* a comment and a blank line, which the reader skips */
  g_autofree char *x2 = cli_write_file (dir, "x2.csv",
      "# x'\n1,0\n0,1\n\n0.70710678118654757,0.70710678118654757\n-1,0\n");
  const double ntk[] = { 0.5, 0.0795774715, 0.3214348127, 0 };
  const double nngp[] = { 0.25, 0.0795774715, 0.1888522912, 0 };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(CliResult) r = cli_run ("kernel", "--activation", "relu", "--depth", "1",
                                        "--sigma-w", "1", "--sigma-b", "0",
                                        "--kind", k == 0 ? "ntk" : "nngp",
                                        "--x1", x1, "--x2", x2, NULL);
      g_autofree double *m = NULL;
      const double *expected = k == 0 ? ntk : nngp;

      g_assert_cmpint (r->status, ==, 0);
      g_assert_cmpstr (r->err, ==, "");
      m = parse_output (r->out, 1, 4);
      for (guint j = 0; j < 3; j++)
        cli_assert_close (m[j], expected[j], 1e-9, k == 0 ? "relu Θ" : "relu Σ");
      cli_assert_close_abs (m[3], 0, 1e-12, "relu at opposite points");
    }

  cli_tmpdir_remove (dir);
}

/* math.md §7.3: erf, σ_w = 1.5, σ_b = 0.05, L = 2, scalar inputs. */
static void
test_kernel_erf_reference (void)
{
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *x1 = cli_write_file (dir, "x1.csv", "0\n1\n0.5\n");
  g_autofree char *x2 = cli_write_file (dir, "x2.csv", "0\n1\n-1\n2\n");
  /* (row, column, Σ, Θ) */
  const struct { guint i, j; double nngp, ntk; } ref[] = {
    { 0, 0, 0.0295582145, 0.0766533032 },
    { 1, 1, 1.1818115318, 5.0186179105 },
    { 1, 2, -1.1661616062, -4.9467585526 },
    { 2, 3, 1.0241972738, 3.8396491683 },
  };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(CliResult) r = cli_run ("kernel", "--activation", "erf", "--depth", "2",
                                        "--sigma-w", "1.5", "--sigma-b", "0.05",
                                        "--kind", k == 0 ? "ntk" : "nngp",
                                        "--x1", x1, "--x2", x2, NULL);
      g_autofree double *m = NULL;

      g_assert_cmpint (r->status, ==, 0);
      m = parse_output (r->out, 3, 4);
      for (guint t = 0; t < G_N_ELEMENTS (ref); t++)
        cli_assert_close (m[ref[t].i * 4 + ref[t].j], k == 0 ? ref[t].ntk : ref[t].nngp,
                          1e-8, k == 0 ? "erf Θ" : "erf Σ");
    }

  cli_tmpdir_remove (dir);
}

/* --out gives the bytes of the standard output; without --x2 the kernel is symmetric and
 * the same as with --x2 = --x1. */
static void
test_kernel_out_and_symmetry (void)
{
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *x = cli_write_file (dir, "x.csv", "1,0\n0.6,0.8\n-0.28,0.96\n0,-1\n");
  g_autofree char *out = g_build_filename (dir, "k.csv", NULL);
  g_autoptr(CliResult) sym = cli_run ("kernel", "--activation", "tanh", "--depth", "3",
                                      "--x1", x, NULL);
  g_autoptr(CliResult) full = cli_run ("kernel", "--activation", "tanh", "--depth", "3",
                                       "--x1", x, "--x2", x, NULL);
  g_autoptr(CliResult) to_file = cli_run ("kernel", "--activation", "tanh", "--depth", "3",
                                          "--x1", x, "--out", out, NULL);
  g_autofree double *a = NULL, *b = NULL;
  g_autofree char *written = NULL;

  g_assert_cmpint (sym->status, ==, 0);
  g_assert_cmpint (full->status, ==, 0);
  g_assert_cmpint (to_file->status, ==, 0);
  g_assert_cmpstr (to_file->out, ==, "");

  written = cli_read_file (out, NULL);
  g_assert_cmpstr (written, ==, sym->out);
  /* only the result in the directory: no temporary left */
  g_assert_cmpuint (cli_dir_count (dir), ==, 2);
  /* every entry in its shortest exact form */
  g_assert_cmpuint (cli_assert_shortest_numbers (out), ==, 16);

  a = parse_output (sym->out, 4, 4);
  b = parse_output (full->out, 4, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (a[i * 4 + i], >, 0);
      for (guint j = 0; j < 4; j++)
        {
          cli_assert_close (a[i * 4 + j], a[j * 4 + i], 1e-14, "symmetry");
          /* tanh is integrated numerically (≤ 1e-6 relative, math.md §3); the symmetric
           * path may round differently */
          cli_assert_close (a[i * 4 + j], b[i * 4 + j], 1e-7, "x2 omitted = x2 given");
        }
    }

  cli_tmpdir_remove (dir);
}

/* A fresh network's NTK: reproducible per seed, different across seeds, and near the limit
 * when wide (relative fluctuations ~ 1/√width: a few per cent at 4096). */
static void
test_kernel_empirical (void)
{
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *x1 = cli_write_file (dir, "x1.csv", "1,0\n");
  g_autofree char *x2 = cli_write_file (dir, "x2.csv", "1,0\n0,1\n0.70710678118654757,0.70710678118654757\n");
  const char *arch[] = { "kernel", "--activation", "relu", "--depth", "1", "--sigma-w", "1",
                         "--sigma-b", "0", "--x1", NULL, "--x2", NULL, "--empirical",
                         "--width", NULL, "--seed", NULL, NULL };
  const double analytic[] = { 0.5, 0.0795774715, 0.3214348127 };
  g_autofree double *m3 = NULL, *m4 = NULL, *wide = NULL;
  g_autofree char *out3 = NULL, *out3_again = NULL, *out4 = NULL;

  arch[10] = x1;
  arch[12] = x2;

  arch[15] = "64"; arch[17] = "3";
  {
    g_autoptr(CliResult) r = cli_runv (arch);
    g_autoptr(CliResult) again = cli_runv (arch);

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->out, ==, again->out);
    out3 = g_strdup (r->out);
    m3 = parse_output (r->out, 1, 3);
  }

  arch[17] = "4";
  {
    g_autoptr(CliResult) r = cli_runv (arch);

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->out, !=, out3);
    m4 = parse_output (r->out, 1, 3);
    g_assert_cmpfloat (m3[0], !=, m4[0]);
  }

  arch[15] = "4096"; arch[17] = "1";
  {
    g_autoptr(CliResult) r = cli_runv (arch);

    g_assert_cmpint (r->status, ==, 0);
    wide = parse_output (r->out, 1, 3);
    for (guint j = 0; j < 3; j++)
      {
        g_test_message ("width 4096: %.6f vs limit %.6f", wide[j], analytic[j]);
        cli_assert_close (wide[j], analytic[j], 0.15, "empirical NTK at width 4096");
      }
  }

  cli_tmpdir_remove (dir);
}

typedef struct {
  const char *args[8];
  const char *flag;      /* must appear in the message */
} BadKernel;

static void
test_kernel_invalid (void)
{
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *x1 = cli_write_file (dir, "x1.csv", "1,0\n0,1\n");
  g_autofree char *x3 = cli_write_file (dir, "x3.csv", "1,0,0\n");
  g_autofree char *bad = cli_write_file (dir, "bad.csv", "1,0\n0,abc\n");
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autofree char *bad_line = g_strdup_printf ("%s:2", bad);
  const BadKernel cases[] = {
    { { "--x1", x1, "--empirical", "--kind", "nngp" }, "--kind" },
    { { "--x1", x1, "--kind", "both" }, "--kind" },
    { { "--x1", x1, "--width", "64" }, "--width" },
    { { "--x1", x1, "--seed", "3" }, "--seed" },
    { { "--x1", x1, "--empirical", "--width", "0" }, "--width" },
    { { "--x1", x1, "--depth", "0" }, "--depth" },
    { { "--x1", x1, "--sigma-w", "abc" }, "--sigma-w" },
    { { "--x1", x1, "--activation", "cube" }, "--activation" },
    { { "--x1", x1, "--learning-rate", "1" }, "--learning-rate" },   /* not a kernel flag */
    { { "--x1", x1, "--x2", x3 }, "--x2" },
    { { "--x1", bad }, bad_line },
    { { "--x1", missing }, "--x1" },
    { { "--x2", x1 }, "--x1" },
    { { "--x1", x1, "stray" }, "stray" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(CliResult) r = NULL;

      g_ptr_array_add (args, (gpointer) "kernel");
      for (guint i = 0; cases[c].args[i] != NULL; i++)
        g_ptr_array_add (args, (gpointer) cases[c].args[i]);
      g_ptr_array_add (args, NULL);

      r = cli_runv ((const char *const *) args->pdata);
      g_assert_cmpint (r->status, ==, 2);
      g_assert_cmpstr (r->out, ==, "");
      if (strstr (r->err, cases[c].flag) == NULL)
        g_error ("case %u: the message does not name “%s”: %s", c, cases[c].flag, r->err);
    }

  /* a --out that cannot be written: exit 1, nothing left */
  {
    g_autoptr(CliResult) r = cli_run ("kernel", "--x1", x1, "--out", "/proc/ntk-lab-cli-test.csv", NULL);

    g_assert_cmpint (r->status, ==, 1);
    g_assert_nonnull (strstr (r->err, "--out"));
    g_assert_false (g_file_test ("/proc/ntk-lab-cli-test.csv", G_FILE_TEST_EXISTS));
  }

  /* x1.csv, x3.csv, bad.csv: nothing else appeared */
  g_assert_cmpuint (cli_dir_count (dir), ==, 3);
  cli_tmpdir_remove (dir);
}

int
main (int argc, char **argv)
{
  cli_test_init (&argc, &argv);

  g_test_add_func ("/cli/kernel/relu-reference", test_kernel_relu_reference);
  g_test_add_func ("/cli/kernel/erf-reference", test_kernel_erf_reference);
  g_test_add_func ("/cli/kernel/out-and-symmetry", test_kernel_out_and_symmetry);
  g_test_add_func ("/cli/kernel/empirical", test_kernel_empirical);
  g_test_add_func ("/cli/kernel/invalid", test_kernel_invalid);

  return g_test_run ();
}
