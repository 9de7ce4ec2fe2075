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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The parser, fed one line at a time: ntk_csv_parse() feeds it from memory, ntk_csv_read_file()
 * while reading, so that a stream over the row limit is refused at that row, not after it was
 * read whole. */
typedef struct {
  const char *name;
  guint       min_columns;
  guint       max_rows;
  GArray     *out;        /* (element-type double) */
  GPtrArray  *fields;
  guint       line_no;
  guint       n_rows;
  guint       n_cols;
  guint       cols_line;
  gboolean    seen_content;
} CsvParser;

static void
csv_parser_init (CsvParser  *self,
                 const char *name,
                 guint       min_columns,
                 guint       max_rows)
{
  *self = (CsvParser) { 0 };
  self->name = name;
  self->min_columns = min_columns;
  self->max_rows = max_rows;
  self->out = g_array_new (FALSE, FALSE, sizeof (double));
  self->fields = g_ptr_array_new ();
}

static void
csv_parser_clear (CsvParser *self)
{
  g_clear_pointer (&self->out, g_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
}

/* One line of @length bytes, without its '\n'. */
static gboolean
csv_parser_feed_line (CsvParser   *self,
                      const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *line = g_strndup (text, length);
  const char *name = self->name;
  GPtrArray *fields = self->fields;
  gboolean is_header = TRUE;
  guint line_no, n;

  line_no = ++self->line_no;

  if (strlen (line) != length)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s:%u: contains a NUL byte (not a text file)"), name, line_no);
      return FALSE;
    }

  g_strstrip (line);
  if (line[0] == '\0' || line[0] == '#')
    return TRUE;

  n = split_fields (line, fields);

  /* Only the first non-comment line may be a header, and only if none of its
   * fields is a number: "x,1.5,y" is a broken row, not a header. */
  for (guint c = 0; c < n && is_header; c++)
    {
      double v;
      if (parse_number (fields->pdata[c], &v))
        is_header = FALSE;
    }

  if (self->n_cols == 0)
    {
      self->n_cols = n;
      self->cols_line = line_no;
      if (n < self->min_columns)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%s:%u: has %u column; at least %u are needed (%s)",
                                    "%s:%u: has %u columns; at least %u are needed (%s)", n),
                       name, line_no, n, self->min_columns,
                       self->min_columns >= 2 ? _("the inputs, then the target")
                                              : _("the input coordinates"));
          return FALSE;
        }
    }
  else if (n != self->n_cols)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s:%u: has %u column, but line %u has %u (ragged rows are not allowed)",
                                "%s:%u: has %u columns, but line %u has %u (ragged rows are not allowed)", n),
                   name, line_no, n, self->cols_line, self->n_cols);
      return FALSE;
    }

  if (!self->seen_content && is_header)
    {
      self->seen_content = TRUE;
      return TRUE;
    }
  self->seen_content = TRUE;

  if (self->n_rows >= self->max_rows)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s:%u: more than %u data rows (the limit is %u)"),
                   name, line_no, self->max_rows, self->max_rows);
      return FALSE;
    }

  for (guint c = 0; c < n; c++)
    {
      const char *field = fields->pdata[c];
      double v;

      if (field[0] == '\0')
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s:%u: column %u is empty"), name, line_no, c + 1);
          return FALSE;
        }
      if (!parse_number (field, &v))
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s:%u: column %u: “%s” is not a number"),
                       name, line_no, c + 1, field);
          return FALSE;
        }
      if (!isfinite (v))
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s:%u: column %u: “%s” is not a finite number (NaN and infinities are not allowed)"),
                       name, line_no, c + 1, field);
          return FALSE;
        }
      g_array_append_val (self->out, v);
    }
  self->n_rows++;
  return TRUE;
}

/* Feeds every complete line of @data[*start, length) and advances *start past them; with
 * @at_end also the last line, which has no '\n'. @scan_from: where to look for the next '\n'
 * (the bytes before it, from *start on, are known to have none). */
static gboolean
csv_parser_feed_lines (CsvParser   *self,
                       const char  *data,
                       gsize        length,
                       gsize       *start,
                       gsize        scan_from,
                       gboolean     at_end,
                       GError     **error)
{
  const char *end = data + length;
  const char *p = data + *start;
  const char *scan = data + MAX (scan_from, *start);
  const char *eol;

  while ((eol = memchr (scan, '\n', end - scan)) != NULL)
    {
      if (!csv_parser_feed_line (self, p, eol - p, error))
        return FALSE;
      p = scan = eol + 1;
    }
  if (at_end && p < end)
    {
      if (!csv_parser_feed_line (self, p, end - p, error))
        return FALSE;
      p = end;
    }
  *start = p - data;
  return TRUE;
}

static gboolean
csv_parser_finish (CsvParser  *self,
                   double    **values,
                   guint      *rows,
                   guint      *cols,
                   GError    **error)
{
  if (self->n_rows == 0)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s: no data rows"), self->name);
      return FALSE;
    }

  *rows = self->n_rows;
  *cols = self->n_cols;
  *values = (double *) (void *) g_array_free (g_steal_pointer (&self->out), FALSE);
  return TRUE;
}

/* A UTF-8 byte-order mark, as spreadsheet programs like to write. */
static gsize
bom_length (const char *data,
            gsize       length)
{
  return length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
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
  CsvParser parser;
  gsize start;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (values != NULL && rows != NULL && cols != NULL, FALSE);

  if (length == 0)
    data = "";
  start = bom_length (data, length);
  csv_parser_init (&parser, name, min_columns, max_rows);
  ok = csv_parser_feed_lines (&parser, data, length, &start, start, TRUE, error) &&
       csv_parser_finish (&parser, values, rows, cols, error);
  csv_parser_clear (&parser);
  return ok;
}

static void
set_too_large_error (GError     **error,
                     const char  *path,
                     guint        max_rows)
{
  g_autofree char *limit = g_format_size_full (NTK_CSV_MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
               _("%s: still no end after %s, the most a data set of at most %u rows may take "
                 "(an endless stream?)"),
               path, limit, max_rows);
}

static guint pipe_idle_timeout_ms = NTK_CSV_PIPE_IDLE_TIMEOUT_MS;

void
ntk_csv_set_pipe_idle_timeout (guint timeout_ms)
{
  pipe_idle_timeout_ms = timeout_ms > 0 ? timeout_ms : NTK_CSV_PIPE_IDLE_TIMEOUT_MS;
}

/* For a pipe (@fd non-blocking): waits until read() has something to say — data, or the end
 * because the writer closed — for at most the idle timeout. */
static gboolean
wait_for_pipe (int          fd,
               const char  *path,
               GError     **error)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  int r;

  do
    r = poll (&pfd, 1, (int) pipe_idle_timeout_ms);
  while (r < 0 && errno == EINTR);

  if (r < 0)
    {
      int saved_errno = errno;

      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (r == 0)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: nothing came through this pipe for %u s "
                     "(is the program that writes it running?)"),
                   path, (pipe_idle_timeout_ms + 999) / 1000);
      return FALSE;
    }
  return TRUE;
}

/* Reads @fd to its end in chunks, parsing every complete line as it arrives. At most
 * NTK_CSV_MAX_FILE_SIZE bytes are read: a pipe or FIFO has no size to check beforehand and
 * may never end (`yes 1,2`), and an endless line without '\n' would otherwise grow the
 * pending line until memory runs out. Only the last incomplete line is kept in memory. */
static gboolean
read_stream (int          fd,
             gboolean     is_pipe,
             const char  *path,
             CsvParser   *parser,
             GError     **error)
{
  enum { CHUNK = 64 * 1024 };
  g_autoptr(GByteArray) pending = g_byte_array_sized_new (CHUNK);
  guint64 total = 0;
  gsize scanned = 0;          /* pending[0, scanned) holds no '\n' */
  gboolean bom_checked = FALSE;

  for (;;)
    {
      gsize old_length = pending->len, start = 0;
      gssize n;

      if (is_pipe && !wait_for_pipe (fd, path, error))
        return FALSE;
      g_byte_array_set_size (pending, old_length + CHUNK);
      n = read (fd, pending->data + old_length, CHUNK);
      g_byte_array_set_size (pending, old_length + MAX (n, 0));
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR || saved_errno == EAGAIN)
            continue;
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                       _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }

      total += n;
      if (total > NTK_CSV_MAX_FILE_SIZE)
        {
          set_too_large_error (error, path, parser->max_rows);
          return FALSE;
        }

      /* The byte-order mark can only be judged once three bytes (or the end) are there. */
      if (!bom_checked)
        {
          if (pending->len < 3 && n > 0)
            continue;
          start = scanned = bom_length ((const char *) pending->data, pending->len);
          bom_checked = TRUE;
        }

      if (!csv_parser_feed_lines (parser, (const char *) pending->data, pending->len, &start,
                                  scanned, n == 0, error))
        return FALSE;
      g_byte_array_remove_range (pending, 0, start);
      scanned = pending->len;

      if (n == 0)
        return TRUE;
    }
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
  CsvParser parser;
  GStatBuf st;
  struct stat fd_st;
  gboolean ok, is_pipe;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (values != NULL && rows != NULL && cols != NULL, FALSE);

  /* Refuse huge files before reading them. */
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
  /* A device (/dev/zero, a terminal) is refused outright: it is never a data set, and
   * opening some devices has side effects. Pipes stay allowed (process substitution in
   * scripts); read_stream() bounds them. */
  if (g_stat (path, &st) == 0 && (S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode)))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: it is a device, not a file"), path);
      return FALSE;
    }

  /* Non-blocking: opening a FIFO that nobody writes to would otherwise wait for a writer
   * for ever. Pipes stay non-blocking and are waited on with a timeout (wait_for_pipe). */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  is_pipe = fstat (fd, &fd_st) == 0 && (S_ISFIFO (fd_st.st_mode) || S_ISSOCK (fd_st.st_mode));
  if (!is_pipe)
    {
      int flags = fcntl (fd, F_GETFL);

      if (flags != -1)
        fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
    }

  csv_parser_init (&parser, path, min_columns, max_rows);
  ok = read_stream (fd, is_pipe, path, &parser, error) &&
       csv_parser_finish (&parser, values, rows, cols, error);
  csv_parser_clear (&parser);
  close (fd);
  return ok;
}
