/* cli-test-util.h — running ntk-lab-cli from tests and reading what it wrote
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programs get the path of ntk-lab-cli as their first argument (meson passes the built
 * executable) and, for the man page test, the page as the second.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int   status;     /* exit status; -1 when killed by a signal */
  char *out;        /* stdout */
  char *err;        /* stderr */
} CliResult;

void        cli_test_init       (int *argc, char ***argv);   /* g_test_init + argument */
const char *cli_test_arg        (guint index);                /* 0: ntk-lab-cli, 1: …   */

/* Runs ntk-lab-cli with the NULL-terminated arguments. */
CliResult  *cli_run             (const char *first, ...) G_GNUC_NULL_TERMINATED;
CliResult  *cli_runv            (const char *const *args);
void        cli_result_free     (CliResult *result);

char       *cli_tmpdir_new      (void);                       /* fresh, empty */
void        cli_tmpdir_remove   (const char *path);           /* recursive, also read-only dirs */
guint       cli_dir_count       (const char *path);           /* entries; 0 also for missing */
char       *cli_read_file       (const char *path, gsize *length);  /* asserts it exists */
char       *cli_write_file      (const char *dir, const char *name, const char *contents);

/* A CSV file: rows of fields; *header the first line when @has_header. Asserts every row has
 * the same number of fields and, with @numeric, that every field parses as a number
 * (nan/inf allowed). Returns the rows (GPtrArray of GStrv). */
GPtrArray  *cli_read_csv        (const char *path, gboolean has_header, gboolean numeric,
                                 char ***header);
double     *cli_read_matrix     (const char *path, guint *rows, guint *cols);
double      cli_parse_number    (const char *text);           /* asserts the whole text parses */

/* A flat JSON object: key → raw value text (strings without their quotes). Asserts the text
 * is such an object. */
GHashTable *cli_read_json       (const char *path);

/* Asserts that every finite non-integer number in the CSV or flat-JSON file at @path (outside
 * JSON strings) is written as the shortest of %.15g, %.16g, %.17g that reads back to the same
 * double ("0.6", never "0.59999999999999998"); returns how many numbers it checked. */
guint       cli_assert_shortest_numbers (const char *path);

void        cli_assert_close    (double actual, double expected, double rel_tol, const char *what);
void        cli_assert_close_abs (double actual, double expected, double abs_tol, const char *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

G_END_DECLS
