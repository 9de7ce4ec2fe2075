/* fuzz-csv.c — libFuzzer harness for the CSV data reader
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input must either parse into 1–64 rows of the required number of columns,
 * every value finite, or fail with an NTK_CONFIG_ERROR whose message starts with
 * the file name. Both minimum column counts the engine uses are exercised
 * (1 for kernel inputs, 2 for a data set). The row limit is lowered to 64 so the
 * fuzzer reaches it with small inputs.
 *
 * Replayed over corpus-csv/ by the normal test suite (fuzz-replay.c). To fuzz:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -I BUILDDIR -I src/engine $(pkg-config --cflags glib-2.0) \
 *     tests/fuzz/fuzz-csv.c src/engine/ntk-csv.c src/engine/ntk-config.c \
 *     $(pkg-config --libs glib-2.0) -lm -o fuzz-csv
 *   mkdir -p /tmp/corpus-csv && ./fuzz-csv -max_total_time=600 -max_len=4096 \
 *     /tmp/corpus-csv tests/fuzz/corpus-csv
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntk-config.h"
#include "ntk-csv.h"

#define FUZZ_MAX_ROWS 64

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Warnings and criticals are bugs here. GLib would stop on them with SIGTRAP, which
 * libFuzzer does not treat as a crash (no reproducer is saved): abort instead. */
static void
abort_on_log (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  g_printerr ("%s: %s\n", domain != NULL ? domain : "", message);
  abort ();
}

static void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GLogLevelFlags levels = G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING;

      g_log_set_handler ("GLib", levels, abort_on_log, NULL);
      g_log_set_handler (NULL, levels, abort_on_log, NULL);
      g_once_init_leave (&done, 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();

  for (guint min_columns = 1; min_columns <= 2; min_columns++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree double *values = NULL;
      guint rows = 0, cols = 0;

      if (!ntk_csv_parse ((const char *) data, size, "fuzz.csv", min_columns, FUZZ_MAX_ROWS,
                          &values, &rows, &cols, &error))
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == NTK_CONFIG_ERROR);
          g_assert_true (g_str_has_prefix (error->message, "fuzz.csv"));
          g_assert_null (values);
          continue;
        }

      g_assert_null (error);
      g_assert_cmpuint (rows, >=, 1);
      g_assert_cmpuint (rows, <=, FUZZ_MAX_ROWS);
      g_assert_cmpuint (cols, >=, min_columns);
      for (gsize i = 0; i < (gsize) rows * cols; i++)
        g_assert_true (isfinite (values[i]));
    }

  return 0;
}
