/* ntk-csv.c — the plotted series as CSV, exact and locale-independent
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-csv.h"

void
ntk_csv_number (GString *csv,
                double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (csv, "NaN");
      return;
    }
  if (isinf (value))
    {
      g_string_append (csv, value > 0 ? "Inf" : "-Inf");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (csv, buf);
}

void
ntk_csv_cell (GString *csv,
              gboolean first,
              double   value)
{
  if (!first)
    g_string_append_c (csv, ',');
  ntk_csv_number (csv, value);
}

void
ntk_csv_text (GString    *csv,
              gboolean    first,
              const char *text)
{
  if (!first)
    g_string_append_c (csv, ',');
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

void
ntk_csv_end (GString *csv)
{
  g_string_append_c (csv, '\n');
}
