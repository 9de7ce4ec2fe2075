/* ntk-csv.c — strict reader of comma-separated numbers (data sets and kernel inputs)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Strict on purpose: a silently skipped or half-read row would train on other
 * data than the person thinks, so anything unexpected is an error naming the
 * line (and column) instead.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ntk-config.h"
#include "ntk-csv.h"

/* Whole-field parse: TRUE only if all of @text is one number (finite or not). */
static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

/* Splits one line (already stripped) into stripped fields; returns the count. */
static guint
split_fields (char       *line,
              GPtrArray  *fields)
{
  char *p = line;

  g_ptr_array_set_size (fields, 0);
  for (;;)
    {
      char *comma = strchr (p, ',');

      if (comma != NULL)
        *comma = '\0';
      g_ptr_array_add (fields, g_strstrip (p));
      if (comma == NULL)
        break;
      p = comma + 1;
    }
  return fields->len;
}

gboolean
ntk_csv_parse (const char *data,
               gsize       length,
               const char *name,
               guint       min_columns,
               guint       max_rows,
               double    **values,
               guint      *rows,
               guint      *cols,
               GError    **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  const char *p = data, *end = data + length;
  guint line_no = 0, n_rows = 0, n_cols = 0, cols_line = 0;
  gboolean seen_content = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (values != NULL && rows != NULL && cols != NULL, FALSE);

  /* A UTF-8 byte-order mark, as spreadsheet programs like to write. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = g_strndup (p, (eol != NULL ? eol : end) - p);
      gsize line_length = (eol != NULL ? eol : end) - p;
      gboolean is_header = TRUE;
      guint n;

      line_no++;
      p = eol != NULL ? eol + 1 : end;

      if (strlen (line) != line_length)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s:%u: contains a NUL byte (not a text file)"), name, line_no);
          return FALSE;
        }

      g_strstrip (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;

      n = split_fields (line, fields);

      /* Only the first non-comment line may be a header, and only if none of its
       * fields is a number: "x,1.5,y" is a broken row, not a header. */
      for (guint c = 0; c < n && is_header; c++)
        {
          double v;
          if (parse_number (fields->pdata[c], &v))
            is_header = FALSE;
        }

      if (n_cols == 0)
        {
          n_cols = n;
          cols_line = line_no;
          if (n_cols < min_columns)
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s:%u: has %u column; at least %u are needed (%s)",
                                        "%s:%u: has %u columns; at least %u are needed (%s)", n),
                           name, line_no, n, min_columns,
                           min_columns >= 2 ? _("the inputs, then the target")
                                            : _("the input coordinates"));
              return FALSE;
            }
        }
      else if (n != n_cols)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%s:%u: has %u column, but line %u has %u (ragged rows are not allowed)",
                                    "%s:%u: has %u columns, but line %u has %u (ragged rows are not allowed)", n),
                       name, line_no, n, cols_line, n_cols);
          return FALSE;
        }

      if (!seen_content && is_header)
        {
          seen_content = TRUE;
          continue;
        }
      seen_content = TRUE;

      if (n_rows >= max_rows)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s:%u: more than %u data rows (the limit is %u)"),
                       name, line_no, max_rows, max_rows);
          return FALSE;
        }

      for (guint c = 0; c < n; c++)
        {
          const char *text = fields->pdata[c];
          double v;

          if (text[0] == '\0')
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           _("%s:%u: column %u is empty"), name, line_no, c + 1);
              return FALSE;
            }
          if (!parse_number (text, &v))
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           _("%s:%u: column %u: “%s” is not a number"),
                           name, line_no, c + 1, text);
              return FALSE;
            }
          if (!isfinite (v))
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           _("%s:%u: column %u: “%s” is not a finite number (NaN and infinities are not allowed)"),
                           name, line_no, c + 1, text);
              return FALSE;
            }
          g_array_append_val (out, v);
        }
      n_rows++;
    }

  if (n_rows == 0)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s: no data rows"), name);
      return FALSE;
    }

  *rows = n_rows;
  *cols = n_cols;
  *values = (double *) (void *) g_array_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

gboolean
ntk_csv_read_file (const char *path,
                   guint       min_columns,
                   guint       max_rows,
                   double    **values,
                   guint      *rows,
                   guint      *cols,
                   GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);

  /* Refuse huge files before reading them into memory. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      (guint64) st.st_size > NTK_CSV_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size_full (st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (NTK_CSV_MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s: the file is %s, more than the %s a data set of at most %u rows may take"),
                   path, size, limit, max_rows);
      return FALSE;
    }
  /* A device (/dev/zero, a terminal) has no size and may never end: reading it whole would
   * exhaust memory. Pipes stay allowed (process substitution in scripts). */
  if (g_stat (path, &st) == 0 && (S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode)))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: it is a device, not a file"), path);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return ntk_csv_parse (contents, length, path, min_columns, max_rows,
                        values, rows, cols, error);
}
