/* cli-test-util.c — running ntk-lab-cli from tests and reading what it wrote
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cli-test-util.h"

static GPtrArray *test_args;

void
cli_test_init (int    *argc,
               char ***argv)
{
  /* UTF-8 messages (“…”) readable in the test log */
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);

  /* g_test_init leaves the arguments it does not know. */
  test_args = g_ptr_array_new ();
  for (int i = 1; i < *argc; i++)
    g_ptr_array_add (test_args, (*argv)[i]);

  if (test_args->len < 1 || !g_file_test (g_ptr_array_index (test_args, 0), G_FILE_TEST_IS_EXECUTABLE))
    g_error ("usage: %s PATH-TO-ntk-lab-cli [MAN-PAGE]", (*argv)[0]);
}

const char *
cli_test_arg (guint index)
{
  g_assert_cmpuint (index, <, test_args->len);
  return g_ptr_array_index (test_args, index);
}

CliResult *
cli_runv (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (cli_test_arg (0));
  CliResult *result = g_new0 (CliResult, 1);

  g_ptr_array_add (argv, (gpointer) cli_test_arg (0));
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (gpointer) args[i]);
      g_string_append_printf (line, " %s", args[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_test_message ("$ %s", line->str);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);

  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (result->err != NULL && result->err[0] != '\0')
    g_test_message ("stderr: %s", result->err);
  g_test_message ("exit status %d", result->status);
  return result;
}

CliResult *
cli_run (const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cli_runv ((const char *const *) args->pdata);
}

void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

char *
cli_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("ntk-cli-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

void
cli_tmpdir_remove (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_chmod (path, 0700);
  if ((dir = g_dir_open (path, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          cli_tmpdir_remove (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

guint
cli_dir_count (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

char *
cli_read_file (const char *path,
               gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

char *
cli_write_file (const char *dir,
                const char *name,
                const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

double
cli_parse_number (const char *text)
{
  char *end = NULL;
  double value;

  if (g_ascii_strcasecmp (text, "nan") == 0)
    return NAN;
  if (g_ascii_strcasecmp (text, "inf") == 0)
    return INFINITY;
  if (g_ascii_strcasecmp (text, "-inf") == 0)
    return -INFINITY;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    g_error ("“%s” is not a number", text);
  return value;
}

GPtrArray *
cli_read_csv (const char   *path,
              gboolean      has_header,
              gboolean      numeric,
              char       ***header)
{
  g_autofree char *contents = cli_read_file (path, NULL);
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint n_fields = 0;
  guint first = 0;

  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);

  if (has_header)
    {
      g_assert_nonnull (lines[0]);
      g_assert_cmpstr (lines[0], !=, "");
      GStrv fields = g_strsplit (lines[0], ",", -1);

      n_fields = g_strv_length (fields);
      if (header != NULL)
        *header = fields;
      else
        g_strfreev (fields);
      first = 1;
    }

  for (guint i = first; lines[i] != NULL; i++)
    {
      GStrv fields;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;   /* after the final newline */
      fields = g_strsplit (lines[i], ",", -1);
      if (n_fields == 0)
        n_fields = g_strv_length (fields);
      if (g_strv_length (fields) != n_fields)
        g_error ("%s: line %u has %u fields, expected %u", path, i + 1, g_strv_length (fields), n_fields);
      if (numeric)
        for (guint j = 0; fields[j] != NULL; j++)
          cli_parse_number (fields[j]);
      g_ptr_array_add (rows, fields);
    }

  return rows;
}

double *
cli_read_matrix (const char *path,
                 guint      *rows,
                 guint      *cols)
{
  g_autoptr(GPtrArray) lines = cli_read_csv (path, FALSE, TRUE, NULL);
  double *m;

  g_assert_cmpuint (lines->len, >, 0);
  *rows = lines->len;
  *cols = g_strv_length (g_ptr_array_index (lines, 0));
  m = g_new (double, (gsize) *rows * *cols);
  for (guint i = 0; i < *rows; i++)
    {
      GStrv fields = g_ptr_array_index (lines, i);
      for (guint j = 0; j < *cols; j++)
        m[(gsize) i * *cols + j] = cli_parse_number (fields[j]);
    }
  return m;
}

/* ---- a flat JSON object parser: enough to check what summary.json promises ----------- */

static void
skip_space (const char **p)
{
  while (g_ascii_isspace (**p))
    (*p)++;
}

static char *
parse_string (const char **p)
{
  GString *s = g_string_new (NULL);

  g_assert_cmpint (**p, ==, '"');
  (*p)++;
  while (**p != '"')
    {
      g_assert_cmpint (**p, !=, '\0');
      g_assert_cmpint ((guchar) **p, >=, 0x20);
      if (**p == '\\')
        {
          (*p)++;
          g_assert_nonnull (strchr ("\"\\/bfnrtu", **p));
        }
      g_string_append_c (s, **p);
      (*p)++;
    }
  (*p)++;
  return g_string_free (s, FALSE);
}

static char *
parse_scalar (const char **p)
{
  const char *start = *p;
  g_autofree char *text = NULL;

  while (**p != '\0' && **p != ',' && **p != '}' && **p != ']' && !g_ascii_isspace (**p))
    (*p)++;
  text = g_strndup (start, *p - start);
  if (!g_str_equal (text, "null") && !g_str_equal (text, "true") && !g_str_equal (text, "false"))
    {
      /* JSON numbers: no nan, inf, hex or leading '+' */
      g_assert_true (g_ascii_isdigit (text[0]) || (text[0] == '-' && g_ascii_isdigit (text[1])));
      g_assert_null (strpbrk (text, "xXnN"));
      cli_parse_number (text);
    }
  return g_steal_pointer (&text);
}

GHashTable *
cli_read_json (const char *path)
{
  g_autofree char *contents = cli_read_file (path, NULL);
  GHashTable *object = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = contents;

  skip_space (&p);
  g_assert_cmpint (*p, ==, '{');
  p++;
  skip_space (&p);
  while (*p != '}')
    {
      g_autofree char *key = parse_string (&p);
      char *value;

      skip_space (&p);
      g_assert_cmpint (*p, ==, ':');
      p++;
      skip_space (&p);
      if (*p == '"')
        value = parse_string (&p);
      else if (*p == '[')
        {
          const char *start = p;

          p++;
          skip_space (&p);
          while (*p != ']')
            {
              g_free (parse_scalar (&p));
              skip_space (&p);
              if (*p == ',')
                p++;
              skip_space (&p);
            }
          p++;
          value = g_strndup (start, p - start);
        }
      else
        value = parse_scalar (&p);

      g_assert_false (g_hash_table_contains (object, key));
      g_hash_table_insert (object, g_steal_pointer (&key), value);
      skip_space (&p);
      if (*p == ',')
        {
          p++;
          skip_space (&p);
          g_assert_cmpint (*p, ==, '"');
        }
      else
        g_assert_cmpint (*p, ==, '}');
    }
  p++;
  skip_space (&p);
  g_assert_cmpint (*p, ==, '\0');
  return object;
}

void
cli_assert_close (double      actual,
                  double      expected,
                  double      rel_tol,
                  const char *what)
{
  double err = fabs (actual - expected);
  double scale = MAX (fabs (expected), 1e-300);

  if (!(err <= rel_tol * scale))
    g_error ("%s: %.17g, expected %.17g (relative error %.3g > %.3g)",
             what, actual, expected, err / scale, rel_tol);
}

void
cli_assert_close_abs (double      actual,
                      double      expected,
                      double      abs_tol,
                      const char *what)
{
  if (!(fabs (actual - expected) <= abs_tol))
    g_error ("%s: %.17g, expected %.17g (absolute error %.3g > %.3g)",
             what, actual, expected, fabs (actual - expected), abs_tol);
}

/* The shortest of %.15g, %.16g, %.17g that reads back to @value: what the CLI should write.
 * Written out here on purpose (not shared with the CLI) so the test checks the rule, not the
 * code. */
static void
shortest_form (char   buf[G_ASCII_DTOSTR_BUF_SIZE],
               double value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

guint
cli_assert_shortest_numbers (const char *path)
{
  g_autofree char *text = cli_read_file (path, NULL);
  guint n_numbers = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const char *end;
      g_autofree char *token = NULL;
      char *number_end = NULL;
      double value;

      /* JSON strings (keys, messages) are skipped whole: a message may quote a number
       * in any format it likes. */
      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            if (*p == '\\' && p[1] != '\0')
              p++;
          if (*p == '"')
            p++;
          continue;
        }
      if (strchr (",:[]{} \t\r\n", *p) != NULL)
        {
          p++;
          continue;
        }
      end = p + strcspn (p, ",:[]{} \t\r\n\"");
      token = g_strndup (p, end - p);
      p = end;

      /* Integers (steps, widths, 64-bit seeds) are printed with %u: exact whatever their length. */
      if (strpbrk (token, ".eE") == NULL)
        continue;
      value = g_ascii_strtod (token, &number_end);
      if (number_end == token || *number_end != '\0' || !isfinite (value))
        continue;   /* a word (a CSV header, "finite", null), or nan/inf */
      {
        char expected[G_ASCII_DTOSTR_BUF_SIZE];

        shortest_form (expected, value);
        if (strcmp (token, expected) != 0)
          g_error ("%s: “%s” is not written in its shortest exact form “%s”", path, token, expected);
      }
      n_numbers++;
    }
  return n_numbers;
}
