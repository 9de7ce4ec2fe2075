/* test-cli-man.c — ntk-lab-cli(1) documents every flag the program has, renders without
 * warnings, and its kernel example prints what the page says
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <gio/gio.h>

#include "cli-test-util.h"
#include "ntk-config.h"

static char *
read_page (void)
{
  return cli_read_file (cli_test_arg (1), NULL);
}

/* "--sigma-w" as written in roff source: "\-\-sigma\-w". */
static char *
roff_flag (const char *flag)
{
  GString *s = g_string_new (NULL);

  for (const char *p = flag; *p != '\0'; p++)
    if (*p == '-')
      g_string_append (s, "\\-");
    else
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static void
assert_documented (const char *page,
                   const char *flag)
{
  g_autofree char *roff = roff_flag (flag);

  if (strstr (page, roff) == NULL)
    g_error ("the man page does not document %s (looked for “%s”)", flag, roff);
}

static void
test_man_config_fields (void)
{
  g_autofree char *page = read_page ();
  const char *const *fields = ntk_config_field_names ();
  const char *sections[] = { ".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH FILES",
                             ".SH EXIT STATUS", ".SH EXAMPLES" };

  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *flag = g_strconcat ("--", fields[i], NULL);
      assert_documented (page, flag);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_assert_nonnull (strstr (page, sections[i]));
}

/* Every --flag of every subcommand's --help is in the page. */
static void
test_man_help_flags (void)
{
  g_autofree char *page = read_page ();
  const char *subcommands[] = { "run", "kernel", "sweep" };
  g_autoptr(GRegex) regex = g_regex_new ("--[a-z0-9][a-z0-9-]*", 0, 0, NULL);
  guint n_checked = 0;

  for (guint s = 0; s < G_N_ELEMENTS (subcommands); s++)
    {
      g_autoptr(CliResult) r = cli_run (subcommands[s], "--help", NULL);
      g_autoptr(GMatchInfo) match = NULL;

      g_assert_cmpint (r->status, ==, 0);
      g_regex_match (regex, r->out, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *flag = g_match_info_fetch (match, 0);

          if (!g_str_has_prefix (flag, "--help"))
            {
              assert_documented (page, flag);
              n_checked++;
            }
          g_match_info_next (match, NULL);
        }
    }
  g_test_message ("%u flags checked", n_checked);
  g_assert_cmpuint (n_checked, >, 30);
}

/* groff's own warnings (-ww) are errors; the ASCII rendering shows the flags. */
static void
test_man_renders (void)
{
  g_autofree char *groff = g_find_program_in_path ("groff");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  if (groff == NULL)
    {
      g_test_skip ("groff is not installed");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              groff, "-man", "-Tascii", "-ww", "-P", "-cbu", cli_test_arg (1), NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("groff stderr: %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "--learning-rate"));
  g_assert_nonnull (strstr (out, "ntk-lab-cli run --out"));
}

/* The page's kernel example, run: its output is quoted in the page. */
static void
test_man_example (void)
{
  g_autofree char *page = read_page ();
  g_autofree char *dir = cli_tmpdir_new ();
  g_autofree char *x1 = cli_write_file (dir, "x1.csv", "1,0\n");
  g_autofree char *x2 = cli_write_file (dir, "x2.csv", "1,0\n0,1\n-1,0\n");
  g_autoptr(CliResult) r = cli_run ("kernel", "--activation", "relu", "--depth", "1",
                                    "--sigma-w", "1", "--sigma-b", "0",
                                    "--x1", x1, "--x2", x2, NULL);
  g_autofree char *line = NULL;

  g_assert_cmpint (r->status, ==, 0);
  line = g_strndup (r->out, strcspn (r->out, "\n"));
  g_test_message ("example prints %s", line);
  if (strstr (page, line) == NULL)
    g_error ("the man page does not show the example's output “%s”", line);
  cli_tmpdir_remove (dir);
}

int
main (int argc, char **argv)
{
  cli_test_init (&argc, &argv);
  cli_test_arg (1);

  g_test_add_func ("/cli/man/config-fields", test_man_config_fields);
  g_test_add_func ("/cli/man/help-flags", test_man_help_flags);
  g_test_add_func ("/cli/man/renders", test_man_renders);
  g_test_add_func ("/cli/man/example", test_man_example);

  return g_test_run ();
}
