/* test-cli-sweep.c — `ntk-lab-cli sweep` end to end on small widths
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cli-test-util.h"

static void
test_sweep_outputs (void)
{
  g_autofree char *tmp = cli_tmpdir_new ();
  g_autofree char *dir = g_build_filename (tmp, "sweep", NULL);
  g_autofree char *csv = g_build_filename (dir, "sweep.csv", NULL);
  g_autofree char *summary = g_build_filename (dir, "summary.json", NULL);
  g_autofree char *png = g_build_filename (dir, "width-sweep.png", NULL);
  g_autofree char *fig_csv = g_build_filename (dir, "width-sweep.csv", NULL);
  g_autofree char *config = g_build_filename (dir, "config.ntk", NULL);
  g_autoptr(CliResult) r = cli_run ("sweep", "--widths", "16,64,256", "--seeds", "2",
                                    "--steps", "10", "--n-train", "8", "--n-test", "16",
                                    "--formats", "png,csv", "--size", "256x192",
                                    "--out", dir, NULL);
  g_auto(GStrv) header = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) json = NULL;
  double drift_by_width[3] = { 0 };

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (fig_csv, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (config, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (cli_dir_count (dir), ==, 5);
  g_assert_cmpuint (cli_dir_count (tmp), ==, 1);

  rows = cli_read_csv (csv, TRUE, TRUE, &header);
  g_assert_cmpuint (g_strv_length (header), ==, 4);
  g_assert_cmpstr (header[0], ==, "width");
  g_assert_cmpuint (rows->len, ==, 3 * 2);
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);
      const double widths[] = { 16, 64, 256 };
      double drift = cli_parse_number (row[2]), init_error = cli_parse_number (row[3]);

      g_assert_cmpfloat (cli_parse_number (row[0]), ==, widths[i / 2]);
      g_assert_cmpfloat (cli_parse_number (row[1]), ==, 1 + i % 2);   /* default seed 1, then 2 */
      g_assert_true (drift > 0 && isfinite (drift));
      g_assert_true (init_error > 0 && isfinite (init_error));
      drift_by_width[i / 2] += drift / 2;
    }
  /* the lazy regime: 16× wider moves the kernel clearly less */
  g_test_message ("mean drift: %g %g %g", drift_by_width[0], drift_by_width[1], drift_by_width[2]);
  g_assert_cmpfloat (drift_by_width[2], <, drift_by_width[0]);

  json = cli_read_json (summary);
  g_assert_cmpstr (g_hash_table_lookup (json, "widths"), ==, "[16, 64, 256]");
  g_assert_cmpstr (g_hash_table_lookup (json, "seeds"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (json, "steps"), ==, "10");
  g_assert_cmpfloat (cli_parse_number (g_hash_table_lookup (json, "drift_slope")), <, 0);
  g_assert_true (g_hash_table_contains (json, "init_error_slope"));
  g_assert_true (g_hash_table_contains (json, "kernel_drift_mean"));

  /* numbers in their shortest exact form: 6 rows × 2 values; 2 × 3 means and 2 slopes */
  g_assert_cmpuint (cli_assert_shortest_numbers (csv), ==, 12);
  g_assert_cmpuint (cli_assert_shortest_numbers (summary), ==, 8);

  cli_tmpdir_remove (tmp);
}

int
main (int argc, char **argv)
{
  cli_test_init (&argc, &argv);

  g_test_add_func ("/cli/sweep/outputs", test_sweep_outputs);

  return g_test_run ();
}
