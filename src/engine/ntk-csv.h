/* ntk-csv.h — strict reader of comma-separated numbers (data sets and kernel inputs)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the engine (and its tests and fuzzers). One row per line; blank lines
 * and lines starting with '#' are skipped, as is one header line of non-numbers
 * before the first row. Every error is an NTK_CONFIG_ERROR whose message starts
 * with "NAME:LINE:".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Largest CSV file read at all: far above 4096 rows of any sensible width. A regular file
 * is refused by its size before it is read; a pipe or FIFO (no size) is read up to this
 * many bytes and then refused, so an endless stream ends in an error, not in exhausted memory.
 * The row limit of ntk_csv_read_file() is checked while reading: an endless stream of rows
 * is refused at the first row over it. */
#define NTK_CSV_MAX_FILE_SIZE (G_GUINT64_CONSTANT (64) << 20)

/* Parses @length bytes of @data. On success *values is rows × cols, row-major (g_free it). */
gboolean ntk_csv_parse     (const char *data,
                            gsize       length,
                            const char *name,
                            guint       min_columns,
                            guint       max_rows,
                            double    **values,
                            guint      *rows,
                            guint      *cols,
                            GError    **error);

/* A pipe or FIFO that stays silent this long (nobody opened its other end, or the writer
 * stalls) is refused rather than waited on for ever: the reading thread cannot be cancelled
 * while it blocks. */
#define NTK_CSV_PIPE_IDLE_TIMEOUT_MS 30000

/* For tests: replaces NTK_CSV_PIPE_IDLE_TIMEOUT_MS (0 restores it). Not thread-safe. */
void     ntk_csv_set_pipe_idle_timeout (guint timeout_ms);

gboolean ntk_csv_read_file (const char *path,
                            guint       min_columns,
                            guint       max_rows,
                            double    **values,
                            guint      *rows,
                            guint      *cols,
                            GError    **error);

G_END_DECLS
