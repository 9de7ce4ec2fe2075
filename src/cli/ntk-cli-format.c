/* ntk-cli-format.c — numbers as text (shortest exact form, whatever the locale), CSV rows and
 * flat JSON
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every number is the shortest of %.15g, %.16g and %.17g that reads back to the same double:
 * a learning rate of 0.6 is written "0.6", not %.17g's "0.59999999999999998", yet every double
 * still round-trips exactly, so files can be compared byte for byte between runs and read back
 * without loss (ntk_format_double, the rule of .ntk files too). printf would follow LC_NUMERIC (a
 * comma in German): never used for numbers here.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-cli-private.h"

void
ntk_cli_format_double (char   buf[G_ASCII_DTOSTR_BUF_SIZE],
                       double value)
{
  if (isnan (value))
    strcpy (buf, "nan");
  else if (isinf (value))
    strcpy (buf, value > 0 ? "inf" : "-inf");
  else
    ntk_format_double (buf, value);
}

void
ntk_cli_write_csv_row (FILE         *stream,
                       const double *values,
                       gsize         n)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (gsize i = 0; i < n; i++)
    {
      ntk_cli_format_double (buf, values[i]);
      if (i > 0)
        fputc (',', stream);
      fputs (buf, stream);
    }
  fputc ('\n', stream);
}

gboolean
ntk_cli_write_matrix_csv (const char    *path,
                          const double  *matrix,
                          gsize          rows,
                          gsize          cols,
                          GError       **error)
{
  g_autoptr(NtkCliFile) file = NULL;
  FILE *stream;

  if (!(file = ntk_cli_file_new (path, error)))
    return FALSE;

  stream = ntk_cli_file_stream (file);
  for (gsize i = 0; i < rows; i++)
    ntk_cli_write_csv_row (stream, matrix + i * cols, cols);

  return ntk_cli_file_commit (g_steal_pointer (&file), error);
}

/* ---- JSON -------------------------------------------------------------------------------- */

struct _NtkCliJson {
  GString *text;
  guint    n_members;
};

NtkCliJson *
ntk_cli_json_new (void)
{
  NtkCliJson *self = g_new0 (NtkCliJson, 1);

  self->text = g_string_new ("{");
  return self;
}

void
ntk_cli_json_free (NtkCliJson *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_free (self);
}

static void
append_string_literal (GString    *text,
                       const char *value)
{
  g_string_append_c (text, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (text, '\\');
          g_string_append_c (text, (char) c);
        }
      else if (c == '\n')
        g_string_append (text, "\\n");
      else if (c == '\t')
        g_string_append (text, "\\t");
      else if (c < 0x20)
        g_string_append_printf (text, "\\u%04x", c);
      else
        g_string_append_c (text, (char) c);   /* UTF-8 passes through */
    }
  g_string_append_c (text, '"');
}

static void
append_number (GString *text,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or Infinity. */
  if (!isfinite (value))
    {
      g_string_append (text, "null");
      return;
    }
  ntk_cli_format_double (buf, value);
  g_string_append (text, buf);
}

static void
begin_member (NtkCliJson *self,
              const char *key)
{
  g_string_append (self->text, self->n_members++ > 0 ? ",\n  " : "\n  ");
  append_string_literal (self->text, key);
  g_string_append (self->text, ": ");
}

void
ntk_cli_json_add_string (NtkCliJson *self,
                         const char *key,
                         const char *value)
{
  begin_member (self, key);
  if (value != NULL)
    append_string_literal (self->text, value);
  else
    g_string_append (self->text, "null");
}

void
ntk_cli_json_add_double (NtkCliJson *self,
                         const char *key,
                         double      value)
{
  begin_member (self, key);
  append_number (self->text, value);
}

void
ntk_cli_json_add_uint (NtkCliJson *self,
                       const char *key,
                       guint64     value)
{
  begin_member (self, key);
  g_string_append_printf (self->text, "%" G_GUINT64_FORMAT, value);
}

void
ntk_cli_json_add_null (NtkCliJson *self,
                       const char *key)
{
  begin_member (self, key);
  g_string_append (self->text, "null");
}

void
ntk_cli_json_add_double_array (NtkCliJson   *self,
                               const char   *key,
                               const double *values,
                               gsize         n)
{
  begin_member (self, key);
  g_string_append_c (self->text, '[');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (self->text, ", ");
      append_number (self->text, values[i]);
    }
  g_string_append_c (self->text, ']');
}

void
ntk_cli_json_add_uint_array (NtkCliJson  *self,
                             const char  *key,
                             const guint *values,
                             gsize        n)
{
  begin_member (self, key);
  g_string_append_c (self->text, '[');
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (self->text, i > 0 ? ", %u" : "%u", values[i]);
  g_string_append_c (self->text, ']');
}

gboolean
ntk_cli_json_write (NtkCliJson  *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(NtkCliFile) file = NULL;

  if (!(file = ntk_cli_file_new (path, error)))
    return FALSE;

  fputs (self->text->str, ntk_cli_file_stream (file));
  fputs (self->n_members > 0 ? "\n}\n" : "}\n", ntk_cli_file_stream (file));

  return ntk_cli_file_commit (g_steal_pointer (&file), error);
}
