/* ntk-cli-private.h — what the pieces of ntk-lab-cli share: errors, exit codes, flag groups,
 * the staged output directory, file writers, progress and the cancellable worker
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every failure that leaves a subcommand is an NTK_CLI_ERROR (USAGE → exit 2, FAILED → exit 1)
 * or G_IO_ERROR_CANCELLED (exit 130), with a message that already names the flag or file.
 */
#pragma once

#include <stdio.h>
#include <gio/gio.h>

#include "ntk-config.h"
#include "ntk-figure.h"
#include "ntk-snapshot.h"

G_BEGIN_DECLS

#define NTK_CLI_NAME "ntk-lab-cli"

typedef enum {
  NTK_CLI_EXIT_OK        = 0,
  NTK_CLI_EXIT_FAILURE   = 1,
  NTK_CLI_EXIT_USAGE     = 2,
  NTK_CLI_EXIT_CANCELLED = 130,   /* like a shell reports SIGINT */
} NtkCliExit;

#define NTK_CLI_ERROR (ntk_cli_error_quark ())
typedef enum {
  NTK_CLI_ERROR_USAGE,    /* bad flag, bad value, bad input file: exit 2 */
  NTK_CLI_ERROR_FAILED,   /* could not do what was asked (write, compute): exit 1 */
} NtkCliError;

GQuark      ntk_cli_error_quark        (void);
/* Moves @src into @dest as an NTK_CLI_ERROR of @code, prefixed with "@prefix: " when non-NULL.
 * G_IO_ERROR_CANCELLED is propagated unchanged. */
void        ntk_cli_propagate_error    (GError     **dest,
                                        GError      *src,
                                        NtkCliError  code,
                                        const char  *prefix);
/* Prints the message of an error that left a subcommand and returns the exit code for it. */
int         ntk_cli_report_error       (const char  *subcommand,
                                        const GError *error);

/* ---- ntk-cli-options.c: flags shared by the subcommands ------------------------------- */

/* The experiment flags: one per ntk_config_field_names() key, plus --config.
 * Values are kept in command-line order and applied after the --config file, so a flag always
 * wins over the file whatever their order. */
typedef struct {
  char      *config_path;
  GPtrArray *keys;      /* (element-type utf8) config keys, in order */
  GPtrArray *values;    /* (element-type utf8) their values */
} NtkCliConfigFlags;

void        ntk_cli_config_flags_init     (NtkCliConfigFlags *flags);
void        ntk_cli_config_flags_clear    (NtkCliConfigFlags *flags);
/* Makes the main option group: --config and a flag for each key of @keys that the engine has
 * (NULL: every config key). Call before ntk_cli_export_flags_add_entries() and g_option_context_add_main_entries(). */
void        ntk_cli_config_flags_add_group(NtkCliConfigFlags  *flags,
                                           GOptionContext     *context,
                                           const char *const  *keys);
gboolean    ntk_cli_config_flags_has      (const NtkCliConfigFlags *flags,
                                           const char              *key);
/* defaults ← --config file ← flags, then full validation. Errors are USAGE, naming the flag. */
NtkConfig  *ntk_cli_config_flags_resolve  (const NtkCliConfigFlags *flags,
                                           GError                 **error);

/* The figure export flags of run and sweep. */
typedef struct {
  char *out;
  char *formats;
  char *size;
  char *scale;
} NtkCliExportFlags;

/* What they resolve to. */
typedef struct {
  char            *out;                          /* absolute, no trailing '/' */
  gboolean         formats[NTK_N_EXPORT_FORMATS];
  NtkExportOptions export_options;               /* size and scale; format set per file */
} NtkCliExportSpec;

void        ntk_cli_export_flags_add_entries (NtkCliExportFlags *flags,
                                              GOptionContext    *context);
void        ntk_cli_export_flags_clear       (NtkCliExportFlags *flags);
gboolean    ntk_cli_export_flags_resolve     (const NtkCliExportFlags *flags,
                                              NtkCliExportSpec        *spec,
                                              GError                 **error);
void        ntk_cli_export_spec_clear        (NtkCliExportSpec *spec);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NtkCliExportSpec, ntk_cli_export_spec_clear)

/* Parsers for single values (USAGE errors naming @flag). */
gboolean    ntk_cli_parse_formats (const char *flag, const char *text,
                                   gboolean formats[NTK_N_EXPORT_FORMATS], GError **error);
gboolean    ntk_cli_parse_size    (const char *flag, const char *text,
                                   int *width, int *height, GError **error);
gboolean    ntk_cli_parse_scale   (const char *flag, const char *text,
                                   double *scale, GError **error);
gboolean    ntk_cli_parse_uint    (const char *flag, const char *text,
                                   guint min, guint max, guint *out, GError **error);

/* g_option_context_parse plus: no positional arguments left over. */
gboolean    ntk_cli_parse_args    (GOptionContext *context, int *argc, char ***argv,
                                   GError **error);
/* @summary and @description untranslated (N_()): GOptionContext translates them. */
GOptionContext *ntk_cli_option_context_new (const char *subcommand,
                                            const char *parameter_string,
                                            const char *summary,
                                            const char *description);

/* ---- ntk-cli-command.c: a subcommand's command line, parsed and checked ----------------- */

typedef enum {
  NTK_CLI_COMMAND_RUN,
  NTK_CLI_COMMAND_KERNEL,
  NTK_CLI_COMMAND_SWEEP,
  NTK_CLI_N_COMMANDS
} NtkCliCommand;

/* What the flags of a subcommand resolve to, checked as far as that is possible without
 * touching a data file: --data, --x1 and --x2 are only named here, --out only made absolute. */
typedef struct {
  NtkCliCommand     command;
  NtkConfig        *config;        /* defaults ← --config file ← flags, validated */
  NtkCliExportSpec  export_spec;   /* run, sweep */
  /* kernel */
  gboolean          nngp;          /* --kind nngp */
  gboolean          empirical;
  char             *x1_path;
  char             *x2_path;       /* NULL: the columns are the rows of --x1 */
  char             *out_path;      /* absolute; NULL: the standard output */
  /* sweep */
  GArray           *widths;        /* (element-type guint) 1–64 widths, each a valid --width */
  guint             n_seeds;       /* 1–1000 */
} NtkCliCommandLine;

/* Parses @argv (argv[0] is the subcommand) for @command and checks every value; errors are
 * USAGE errors naming the flag. Reads no file but the --config file, creates none, and does not
 * exit — except for --help when @help_enabled (the CLI), which prints and exits like any GOption
 * program; in-process callers (the fuzz harness) pass FALSE. @argv is rearranged as by
 * g_option_context_parse(). @line is overwritten; on failure it is left empty. */
gboolean    ntk_cli_command_line_parse (NtkCliCommand       command,
                                        int                *argc,
                                        char             ***argv,
                                        gboolean            help_enabled,
                                        NtkCliCommandLine  *line,
                                        GError            **error);
void        ntk_cli_command_line_clear (NtkCliCommandLine  *line);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NtkCliCommandLine, ntk_cli_command_line_clear)

/* ---- ntk-cli-output.c: the output directory, staged and committed atomically ----------- */

typedef struct _NtkCliOutputDir NtkCliOutputDir;

/* Checks @path (an existing directory or a new name in an existing directory) and creates the
 * staging directory. Nothing is visible at @path until ntk_cli_output_dir_commit(). */
NtkCliOutputDir *ntk_cli_output_dir_begin  (const char *path, GError **error);
/* Path of @name inside the staging directory (where writers put the file). */
char            *ntk_cli_output_dir_path   (NtkCliOutputDir *self, const char *name);
/* Moves everything into place: a new directory is renamed as a whole; into an existing one,
 * file by file (each rename is atomic). */
gboolean         ntk_cli_output_dir_commit (NtkCliOutputDir *self, GError **error);
/* Removes the staging directory (if not committed) and frees. */
void             ntk_cli_output_dir_free   (NtkCliOutputDir *self);
const char      *ntk_cli_output_dir_get_final_path (NtkCliOutputDir *self);
/* Rewrites the message of @error so that it names the files the user asked for: the staging
 * directory becomes the final one ("DIR/.NAME.tmp-XXXXXX/figure.png" → "DIR/figure.png") and
 * a writer's temporary beside a file in it ("figure.png.XXXXXX", "figure.png.tmp-XXXXXX")
 * becomes that file. Every error that leaves run or sweep goes through it. */
void             ntk_cli_output_dir_fix_error (NtkCliOutputDir *self, GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCliOutputDir, ntk_cli_output_dir_free)

/* ---- ntk-cli-file.c: files written through a temporary and renamed ---------------------- */

typedef struct _NtkCliFile NtkCliFile;

NtkCliFile *ntk_cli_file_new     (const char *path, GError **error);
/* The standard output through the same error checks (nothing to rename; not closed). */
NtkCliFile *ntk_cli_file_new_stdout (GError **error);
FILE       *ntk_cli_file_stream  (NtkCliFile *self);
/* FALSE, with the system's reason, once a write has failed (to stop early). */
gboolean    ntk_cli_file_check   (NtkCliFile *self, GError **error);
/* Flushes, checks every write and renames into place. Frees @self in any case. Errors name
 * the path given to ntk_cli_file_new() and the errno of the write that failed. */
gboolean    ntk_cli_file_commit  (NtkCliFile *self, GError **error);
/* Removes the temporary and frees; no-op on NULL. */
void        ntk_cli_file_abort   (NtkCliFile *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCliFile, ntk_cli_file_abort)

/* ---- ntk-cli-format.c: numbers, CSV rows, JSON ----------------------------------------- */

/* The shortest of %.15g, %.16g, %.17g that reads back to the same double (0.6, not
 * 0.59999999999999998), in the C locale; NaN → "nan", ±Inf → "inf"/"-inf" (what numpy and R read). */
void        ntk_cli_format_double   (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value);
/* One row "v1,v2,…\n". */
void        ntk_cli_write_csv_row   (FILE *stream, const double *values, gsize n);
/* A row-major matrix, bare (no header). Atomic. */
gboolean    ntk_cli_write_matrix_csv (const char *path, const double *matrix,
                                      gsize rows, gsize cols, GError **error);

/* A flat JSON object, keys in insertion order. */
typedef struct _NtkCliJson NtkCliJson;
NtkCliJson *ntk_cli_json_new         (void);
void        ntk_cli_json_free        (NtkCliJson *self);
void        ntk_cli_json_add_string  (NtkCliJson *self, const char *key, const char *value); /* NULL → null */
void        ntk_cli_json_add_double  (NtkCliJson *self, const char *key, double value);      /* non-finite → null */
void        ntk_cli_json_add_uint    (NtkCliJson *self, const char *key, guint64 value);
void        ntk_cli_json_add_null    (NtkCliJson *self, const char *key);
void        ntk_cli_json_add_double_array (NtkCliJson *self, const char *key,
                                           const double *values, gsize n);
void        ntk_cli_json_add_uint_array   (NtkCliJson *self, const char *key,
                                           const guint *values, gsize n);
gboolean    ntk_cli_json_write       (NtkCliJson *self, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCliJson, ntk_cli_json_free)

/* ---- ntk-cli-figures.c ------------------------------------------------------------------ */

/* Exports @kind in every requested format as "<figure id>.<format>" into @dir. */
gboolean    ntk_cli_export_figure (NtkCliOutputDir        *dir,
                                   const NtkCliExportSpec *spec,
                                   NtkFigureKind           kind,
                                   const NtkFigureSource  *source,
                                   GError                **error);

/* ---- ntk-cli-progress.c: a one-line progress bar on stderr, only on a terminal ---------- */

typedef struct _NtkCliProgress NtkCliProgress;

NtkCliProgress *ntk_cli_progress_new    (void);                  /* inert unless isatty (2) */
/* Thread-safe; redraws at most ~10 times a second. */
void            ntk_cli_progress_update (NtkCliProgress *self, double fraction, const char *phase);
void            ntk_cli_progress_free   (NtkCliProgress *self);  /* clears the line */
/* Matches NtkProgressFunc. */
void            ntk_cli_progress_func   (double fraction, const char *phase, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkCliProgress, ntk_cli_progress_free)

/* ---- ntk-cli-job.c: run the heavy part on a thread, cancel it on SIGINT/SIGTERM/SIGHUP --- */

/* From now on SIGINT, SIGTERM and SIGHUP cancel @cancellable instead of killing the process,
 * so the staging directory is always cleaned up. */
void        ntk_cli_cancel_on_signals (GCancellable *cancellable);
/* Dispatches a signal that arrived while the main loop was not running; FALSE with
 * G_IO_ERROR_CANCELLED once cancelled. */
gboolean    ntk_cli_check_cancelled   (GCancellable *cancellable, GError **error);

typedef gboolean (*NtkCliJobFunc) (gpointer user_data, GCancellable *cancellable, GError **error);
/* Runs @func on a thread while the main thread waits in a main loop that handles the signals. */
gboolean    ntk_cli_run_job (NtkCliJobFunc func, gpointer user_data, GCancellable *cancellable,
                             GError **error);

/* ---- ntk-cli-run-files.c: what `run` writes besides train_predictions.csv ---------------- */

/* config.ntk, summary.json, train_data.csv, kernel_empirical_init.csv, kernel_analytic.csv and
 * every run figure in every requested format, from the last snapshot. */
gboolean    ntk_cli_run_write_results (NtkCliOutputDir        *dir,
                                       const NtkCliExportSpec *spec,
                                       NtkSnapshot            *last,
                                       GError                **error);

/* ---- the subcommands -------------------------------------------------------------------- */

int ntk_cli_run_main    (int argc, char **argv);
int ntk_cli_kernel_main (int argc, char **argv);
int ntk_cli_sweep_main  (int argc, char **argv);

G_END_DECLS
