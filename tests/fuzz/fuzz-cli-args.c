/* fuzz-cli-args.c — libFuzzer harness for the command-line parser of ntk-lab-cli
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the subcommand (byte % 3: run, kernel, sweep) and the locale
 * (byte / 3 % 2: C.UTF-8 or C, where GOption refuses non-ASCII values); the rest is split at
 * NUL and newline bytes into the words after "ntk-lab-cli SUBCOMMAND". They go through
 * ntk_cli_command_line_parse(), the function every subcommand starts with, with --help
 * disabled (it would print and exit). Any input must either resolve into a command line whose
 * configuration validates and whose other fields are in their documented ranges, or fail with
 * an NTK_CLI_ERROR_USAGE whose message is non-empty, valid UTF-8 and leaves nothing behind.
 * Anything else aborts; leaks are caught by LeakSanitizer.
 *
 * No file is touched: the parse only names --data, --x1, --x2 and --out, and an input with a
 * word that could be the --config flag (a word starting with '-' that contains "config") is
 * skipped, since that flag reads its file.
 *
 * Replayed over corpus-cli-args/ by the normal test suite (fuzz-replay.c). To fuzz, from the
 * source root with a configured build dir (for config.h) and clang installed (the CLI options
 * use the export-format names of the plot library, which needs the engine):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -I BUILDDIR -I src/engine -I src/plot -I src/cli \
 *     $(pkg-config --cflags gio-2.0 cairo pangocairo zlib openblas lapacke) \
 *     tests/fuzz/fuzz-cli-args.c src/cli/ntk-cli-command.c src/cli/ntk-cli-options.c \
 *     src/cli/ntk-cli-error.c src/engine/ntk-*.c src/plot/ntk-*.c \
 *     $(pkg-config --libs gio-2.0 cairo pangocairo zlib openblas lapacke) -lm -o fuzz-cli-args
 *   mkdir -p /tmp/corpus-cli-args && ./fuzz-cli-args -max_total_time=600 -max_len=1024 \
 *     -dict=tests/fuzz/cli-args.dict /tmp/corpus-cli-args tests/fuzz/corpus-cli-args
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntk-cli-private.h"

/* GOption's own limit is far above this; more words only slow the fuzzer down. */
#define FUZZ_MAX_WORDS 128

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const subcommands[NTK_CLI_N_COMMANDS] = { "run", "kernel", "sweep" };
static const char *const locales[] = { "C.UTF-8", "C" };

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
      g_set_prgname (NTK_CLI_NAME);
      g_once_init_leave (&done, 1);
    }
}

/* Could GOption take this word for --config (also as --config=FILE)? */
static gboolean
may_be_config_flag (const char *word)
{
  return word[0] == '-' && strstr (word, "config") != NULL;
}

static void
check_export_spec (const NtkCliExportSpec *spec)
{
  gsize len;
  guint n_formats = 0;

  g_assert_nonnull (spec->out);
  g_assert_true (g_path_is_absolute (spec->out));
  len = strlen (spec->out);
  g_assert_true (len == 1 || spec->out[len - 1] != G_DIR_SEPARATOR);

  for (guint f = 0; f < NTK_N_EXPORT_FORMATS; f++)
    n_formats += spec->formats[f] ? 1 : 0;
  g_assert_cmpuint (n_formats, >=, 1);

  g_assert_cmpint (spec->export_options.width, >=, 64);
  g_assert_cmpint (spec->export_options.width, <=, 16384);
  g_assert_cmpint (spec->export_options.height, >=, 64);
  g_assert_cmpint (spec->export_options.height, <=, 16384);
  g_assert_true (isfinite (spec->export_options.scale));
  g_assert_cmpfloat (spec->export_options.scale, >=, 0.5);
  g_assert_cmpfloat (spec->export_options.scale, <=, 8.0);
}

static void
check_success (const NtkCliCommandLine *line,
               NtkCliCommand            command)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (line->command, ==, command);
  g_assert_nonnull (line->config);
  if (!ntk_config_validate (line->config, &error))
    g_error ("the resolved configuration does not validate: %s", error->message);
  if (line->config->dataset == NTK_DATASET_CSV)
    g_assert_nonnull (line->config->data_path);
  /* --data is resolved against the working directory where it was typed. */
  if (line->config->data_path != NULL)
    g_assert_true (g_path_is_absolute (line->config->data_path));

  switch (command)
    {
    case NTK_CLI_COMMAND_RUN:
      check_export_spec (&line->export_spec);
      g_assert_null (line->widths);
      g_assert_null (line->x1_path);
      break;

    case NTK_CLI_COMMAND_KERNEL:
      g_assert_nonnull (line->x1_path);
      g_assert_true (line->out_path == NULL || g_path_is_absolute (line->out_path));
      g_assert_false (line->nngp && line->empirical);
      g_assert_null (line->export_spec.out);
      g_assert_null (line->widths);
      break;

    case NTK_CLI_COMMAND_SWEEP:
    default:
      check_export_spec (&line->export_spec);
      g_assert_nonnull (line->widths);
      g_assert_cmpuint (line->widths->len, >=, 1);
      g_assert_cmpuint (line->widths->len, <=, 64);
      for (guint i = 0; i < line->widths->len; i++)
        {
          guint width = g_array_index (line->widths, guint, i);

          g_assert_cmpuint (width, >=, 1);
          g_assert_cmpuint (width, <=, 16384);
        }
      g_assert_cmpuint (line->n_seeds, >=, 1);
      g_assert_cmpuint (line->n_seeds, <=, 1000);
      g_assert_null (line->x1_path);
      break;
    }
}

static void
check_failure (const NtkCliCommandLine *line,
               const GError            *error)
{
  g_assert_nonnull (error);
  if (!g_error_matches (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE))
    g_error ("not a usage error: %s %d: %s",
             g_quark_to_string (error->domain), error->code, error->message);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
  if (!g_utf8_validate (error->message, -1, NULL))
    {
      g_autofree char *escaped = g_strescape (error->message, NULL);
      g_error ("error message is not UTF-8: %s", escaped);
    }

  /* Nothing half-resolved is handed back. */
  g_assert_null (line->config);
  g_assert_null (line->export_spec.out);
  g_assert_null (line->x1_path);
  g_assert_null (line->x2_path);
  g_assert_null (line->out_path);
  g_assert_null (line->widths);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autofree char **argv = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(NtkCliCommandLine) line = { 0 };
  NtkCliCommand command;
  const char *text;
  gsize start, n_words;
  int argc;
  gboolean ok;

  fuzz_init ();

  if (size < 1)
    return 0;

  command = data[0] % NTK_CLI_N_COMMANDS;
  if (setlocale (LC_ALL, locales[data[0] / NTK_CLI_N_COMMANDS % G_N_ELEMENTS (locales)]) == NULL)
    g_error ("locale %s is missing", locales[data[0] / NTK_CLI_N_COMMANDS % G_N_ELEMENTS (locales)]);

  /* argv as main() would get it: "ntk-lab-cli", the subcommand, then the words. A trailing
   * separator ends the last word rather than adding an empty one, so that a line-per-word
   * file needs no special care; empty words in between are kept (argv can hold ""). */
  words = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (words, g_strdup (NTK_CLI_NAME));
  g_ptr_array_add (words, g_strdup (subcommands[command]));
  text = (const char *) data + 1;
  size -= 1;
  start = 0;
  for (gsize i = 0; i <= size; i++)
    {
      if (i < size && text[i] != '\0' && text[i] != '\n')
        continue;
      if (i == size && start == size)
        break;
      if (words->len - 2 == FUZZ_MAX_WORDS)
        return 0;
      g_ptr_array_add (words, g_strndup (text + start, i - start));
      if (may_be_config_flag (g_ptr_array_index (words, words->len - 1)))
        return 0;
      start = i + 1;
    }

  /* GOption rearranges and NULLs the entries of argv without freeing them: it gets a copy of
   * the pointers, @words keeps ownership of the strings. */
  n_words = words->len;
  argv = g_new0 (char *, n_words + 1);
  memcpy (argv, words->pdata, n_words * sizeof (char *));
  argc = (int) n_words - 1;
  {
    char **sub_argv = argv + 1;

    ok = ntk_cli_command_line_parse (command, &argc, &sub_argv, FALSE, &line, &error);
  }

  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpint (argc, ==, 1);
      check_success (&line, command);
    }
  else
    check_failure (&line, error);

  return 0;
}
