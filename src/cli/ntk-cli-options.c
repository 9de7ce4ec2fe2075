/* ntk-cli-options.c — the experiment flags (the .ntk key names with "--" in front) and --config
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flags are built from ntk_config_field_names(), so a field the engine adds becomes a flag
 * without touching the CLI. Values are only collected while parsing; ntk_config_set() checks
 * them afterwards, on top of the --config file, so that the message names the flag and the
 * engine's rule for it.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ntk-cli-private.h"

typedef struct {
  const char *key;
  const char *arg;           /* the placeholder in --help */
  const char *description;
} NtkCliFlagHelp;

static const NtkCliFlagHelp flag_help[] = {
  { "activation",    N_("NAME"),  N_("Nonlinearity φ: identity relu leaky_relu abs erf sin tanh sigmoid softplus gelu silu") },
  { "leaky-slope",   N_("A"),     N_("Slope of leaky_relu for negative inputs, in [−10, 10]") },
  { "depth",         N_("L"),     N_("Hidden layers, 1–16") },
  { "width",         N_("M"),     N_("Width of every hidden layer, 1–16384") },
  { "sigma-w",       N_("S"),     N_("Weight scale σ_w, in (0, 10]") },
  { "sigma-b",       N_("B"),     N_("Bias scale σ_b, in [0, 10] (0: no bias)") },
  { "learning-rate", N_("ETA"),   N_("Gradient-descent step η, finite and > 0") },
  { "steps",         N_("K"),     N_("Gradient-descent steps, 0–10000000") },
  { "seed",          N_("N"),     N_("Seed of the initialization and the label noise (64-bit unsigned)") },
  { "dataset",       N_("KIND"),  N_("Training inputs: circle, interval or csv") },
  { "data",          N_("FILE"),  N_("CSV file for --dataset csv: inputs, then the target as the last column") },
  { "target",        N_("SPEC"),  N_("Target function: sines:F:A[,F:A…], x1*x2, step or abs") },
  { "n-train",       N_("N"),     N_("Training points, 1–4096 (csv: taken from the file)") },
  { "n-test",        N_("N"),     N_("Points of the test grid, 2–4096") },
  { "noise",         N_("S"),     N_("Standard deviation of the label noise, ≥ 0") },
  { "publish-every", N_("K"),     N_("Steps between published snapshots (rows of train_predictions.csv), ≥ 1") },
  { "memory-limit",  N_("BYTES"), N_("Refuse runs that need more memory than this (0: half of the RAM)") },
};

static const NtkCliFlagHelp *
find_help (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_help); i++)
    if (g_str_equal (flag_help[i].key, key))
      return &flag_help[i];
  return NULL;
}

void
ntk_cli_config_flags_init (NtkCliConfigFlags *flags)
{
  flags->config_path = NULL;
  flags->keys = g_ptr_array_new_with_free_func (g_free);
  flags->values = g_ptr_array_new_with_free_func (g_free);
}

void
ntk_cli_config_flags_clear (NtkCliConfigFlags *flags)
{
  g_clear_pointer (&flags->config_path, g_free);
  g_clear_pointer (&flags->keys, g_ptr_array_unref);
  g_clear_pointer (&flags->values, g_ptr_array_unref);
}

static gboolean
collect_config_flag (const char  *option_name,
                     const char  *value,
                     gpointer     user_data,
                     GError     **error)
{
  NtkCliConfigFlags *flags = user_data;
  const char *key = option_name;

  /* GOption hands over "--width"; the config key is "width". */
  while (*key == '-')
    key++;

  /* An empty --data stays empty (the engine then says a file is required) instead of
   * becoming the current directory. */
  if (g_str_equal (key, "data") && value[0] != '\0')
    {
      /* Relative to where the command was typed, also when config.ntk is read from elsewhere. */
      g_ptr_array_add (flags->keys, g_strdup (key));
      g_ptr_array_add (flags->values, g_canonicalize_filename (value, NULL));
      return TRUE;
    }

  g_ptr_array_add (flags->keys, g_strdup (key));
  g_ptr_array_add (flags->values, g_strdup (value));
  return TRUE;
}

void
ntk_cli_config_flags_add_group (NtkCliConfigFlags *flags,
                                GOptionContext    *context,
                                const char *const *keys)
{
  const char *const *names = keys != NULL ? keys : ntk_config_field_names ();
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  GOptionEntry config_entry = {
    "config", 0, 0, G_OPTION_ARG_FILENAME, &flags->config_path,
    N_("Start from this .ntk file instead of the defaults (flags override it)"), N_("FILE")
  };
  GOptionGroup *group;

  group = g_option_group_new ("experiment",
                              _("Experiment options (the keys of a .ntk file):"),
                              _("Show the experiment options"),
                              flags, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);

  g_array_append_val (entries, config_entry);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const NtkCliFlagHelp *help = find_help (names[i]);
      GOptionEntry entry;

      if (keys != NULL && !g_strv_contains (ntk_config_field_names (), names[i]))
        continue;
      entry = (GOptionEntry) {
        names[i], 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) collect_config_flag,
        help ? help->description : N_("Experiment field of the same name"),
        help ? help->arg : N_("VALUE"),
      };

      g_array_append_val (entries, entry);
    }

  g_option_group_add_entries (group, (const GOptionEntry *) (gpointer) entries->data);
  /* Listed in the main --help, not hidden behind --help-experiment. */
  g_option_context_set_main_group (context, group);
}

gboolean
ntk_cli_config_flags_has (const NtkCliConfigFlags *flags,
                          const char              *key)
{
  for (guint i = 0; i < flags->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (flags->keys, i), key))
      return TRUE;
  return FALSE;
}

/* The engine's messages start with the field ("width: 0 is out of range (1–16384)"); on the
 * command line that field is the flag "--width". Other messages get "--FLAG: " in front. */
static void
propagate_config_error (GError     **dest,
                        GError      *src,
                        const char  *key)
{
  const char *const *names = ntk_config_field_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize len = strlen (names[i]);

      if ((key == NULL || g_str_equal (key, names[i])) &&
          strncmp (src->message, names[i], len) == 0 && src->message[len] == ':')
        {
          g_set_error (dest, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE, "--%s", src->message);
          g_error_free (src);
          return;
        }
    }

  if (key != NULL)
    {
      g_autofree char *flag = g_strconcat ("--", key, NULL);
      ntk_cli_propagate_error (dest, src, NTK_CLI_ERROR_USAGE, flag);
    }
  else
    ntk_cli_propagate_error (dest, src, NTK_CLI_ERROR_USAGE, NULL);
}

NtkConfig *
ntk_cli_config_flags_resolve (const NtkCliConfigFlags *flags,
                              GError                 **error)
{
  g_autoptr(NtkConfig) config = NULL;
  GError *local_error = NULL;

  if (flags->config_path != NULL)
    {
      config = ntk_config_load_file (flags->config_path, &local_error);
      if (config == NULL)
        {
          ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_USAGE, "--config");
          return NULL;
        }
    }
  else
    config = ntk_config_new ();

  for (guint i = 0; i < flags->keys->len; i++)
    {
      const char *key = g_ptr_array_index (flags->keys, i);
      const char *value = g_ptr_array_index (flags->values, i);

      if (!ntk_config_set (config, key, value, &local_error))
        {
          propagate_config_error (error, local_error, key);
          return NULL;
        }
    }

  /* The combination (e.g. x1*x2 needs 2-d inputs); the message names the fields. */
  if (!ntk_config_validate (config, &local_error))
    {
      propagate_config_error (error, local_error, NULL);
      return NULL;
    }

  /* The engine keeps an unused path (the app remembers the last file); on the command line a
   * --data that would be ignored is a mistake worth a message. */
  if (ntk_cli_config_flags_has (flags, "data") && config->dataset != NTK_DATASET_CSV)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--data: only used with --dataset csv (the data set is %s)"),
                   ntk_dataset_kind_to_string (config->dataset));
      return NULL;
    }

  return g_steal_pointer (&config);
}

/* ---- export flags ------------------------------------------------------------------------ */

void
ntk_cli_export_flags_add_entries (NtkCliExportFlags *flags,
                                  GOptionContext    *context)
{
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &flags->out,
      N_("Directory to write (required); created, or files added to an existing one"), N_("DIR") },
    { "formats", 0, 0, G_OPTION_ARG_STRING, &flags->formats,
      N_("Figure formats, comma separated from png, svg, pdf, csv (default png,svg,csv)"), N_("LIST") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &flags->size,
      N_("Figure size in pixels (PNG) or points (SVG, PDF), each 64–16384 (default 1200x800)"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &flags->scale,
      N_("PNG pixel density, 0.5–8 (2 for HiDPI; default 1)"), N_("S") },
    { NULL }
  };

  /* Into the main group, so that plain --help lists them. */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
ntk_cli_export_flags_clear (NtkCliExportFlags *flags)
{
  g_clear_pointer (&flags->out, g_free);
  g_clear_pointer (&flags->formats, g_free);
  g_clear_pointer (&flags->size, g_free);
  g_clear_pointer (&flags->scale, g_free);
}

gboolean
ntk_cli_export_flags_resolve (const NtkCliExportFlags *flags,
                              NtkCliExportSpec        *spec,
                              GError                 **error)
{
  g_autofree char *out = NULL;
  gsize len;

  memset (spec, 0, sizeof *spec);
  ntk_export_options_init (&spec->export_options);

  if (flags->out == NULL || flags->out[0] == '\0')
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("--out: missing: give the directory to write the results to"));
      return FALSE;
    }

  if (!ntk_cli_parse_formats ("--formats", flags->formats ? flags->formats : "png,svg,csv",
                              spec->formats, error))
    return FALSE;

  if (flags->size != NULL &&
      !ntk_cli_parse_size ("--size", flags->size,
                           &spec->export_options.width, &spec->export_options.height, error))
    return FALSE;

  if (flags->scale != NULL &&
      !ntk_cli_parse_scale ("--scale", flags->scale, &spec->export_options.scale, error))
    return FALSE;

  out = g_canonicalize_filename (flags->out, NULL);
  len = strlen (out);
  while (len > 1 && out[len - 1] == G_DIR_SEPARATOR)
    out[--len] = '\0';
  spec->out = g_steal_pointer (&out);

  return TRUE;
}

void
ntk_cli_export_spec_clear (NtkCliExportSpec *spec)
{
  g_clear_pointer (&spec->out, g_free);
}

/* ---- single values ----------------------------------------------------------------------- */

gboolean
ntk_cli_parse_formats (const char  *flag,
                       const char  *text,
                       gboolean     formats[NTK_N_EXPORT_FORMATS],
                       GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = 0;

  for (guint f = 0; f < NTK_N_EXPORT_FORMATS; f++)
    formats[f] = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip (parts[i]), -1);
      NtkExportFormat format;

      if (!ntk_export_format_from_string (name, &format))
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("%s: “%s” is not a format: allowed are png, svg, pdf, csv, comma separated"),
                       flag, name);
          return FALSE;
        }
      formats[format] = TRUE;
      n++;
    }

  if (n == 0)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("%s: empty: give one or more of png, svg, pdf, csv, comma separated"), flag);
      return FALSE;
    }

  return TRUE;
}

/* The range ntk_figure_export() accepts (ntk-figure.h). */
#define SIZE_MIN 64
#define SIZE_MAX_PX 16384
#define SCALE_MIN 0.5
#define SCALE_MAX 8.0

static gboolean
parse_dimension (const char *text,
                 int        *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, SIZE_MIN, SIZE_MAX_PX, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

gboolean
ntk_cli_parse_size (const char  *flag,
                    const char  *text,
                    int         *width,
                    int         *height,
                    GError     **error)
{
  g_auto(GStrv) parts = g_strsplit_set (text, "xX", -1);

  if (g_strv_length (parts) != 2 ||
      !parse_dimension (parts[0], width) ||
      !parse_dimension (parts[1], height))
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("%s: “%s” is not allowed: give WIDTHxHEIGHT with each an integer in %d–%d (e.g. 1200x800)"),
                   flag, text, SIZE_MIN, SIZE_MAX_PX);
      return FALSE;
    }

  return TRUE;
}

gboolean
ntk_cli_parse_scale (const char  *flag,
                     const char  *text,
                     double      *scale,
                     GError     **error)
{
  char *end = NULL;
  double value;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < SCALE_MIN || value > SCALE_MAX)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("%s: “%s” is not allowed: must be a number in %g–%g"),
                   flag, text, SCALE_MIN, SCALE_MAX);
      return FALSE;
    }

  *scale = value;
  return TRUE;
}

gboolean
ntk_cli_parse_uint (const char  *flag,
                    const char  *text,
                    guint        min,
                    guint        max,
                    guint       *out,
                    GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("%s: “%s” is not allowed: must be an integer in %u–%u"),
                   flag, text, min, max);
      return FALSE;
    }

  *out = (guint) value;
  return TRUE;
}

/* ---- contexts ---------------------------------------------------------------------------- */

GOptionContext *
ntk_cli_option_context_new (const char *subcommand,
                            const char *parameter_string,
                            const char *summary,
                            const char *description)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  /* A message and exit 2 on a bad flag, not a glib warning. */
  g_option_context_set_ignore_unknown_options (context, FALSE);
  return context;
}

/* GOption says only "Invalid byte sequence in conversion input" when a value is not text in
 * the locale's character set. Find that value in @argv (as given, before parsing) and name its
 * flag; NULL if it cannot be told. */
static char *
describe_unconvertible_value (int    argc,
                              char **argv)
{
  /* G_OPTION_ARG_FILENAME values are taken byte for byte, never converted. */
  static const char *const filename_flags[] = { "--config", "--out", "--x1", "--x2", NULL };
  const char *charset;

  g_get_charset (&charset);
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *utf8 = g_locale_to_utf8 (argv[i], -1, NULL, NULL, NULL);
      g_autofree char *flag = NULL;
      const char *equals = strchr (argv[i], '=');

      if (utf8 != NULL)
        continue;

      if (g_str_has_prefix (argv[i], "--") && equals != NULL)
        flag = g_strndup (argv[i], equals - argv[i]);
      else if (i > 1 && g_str_has_prefix (argv[i - 1], "--"))
        flag = g_strdup (argv[i - 1]);
      else
        return NULL;

      if (g_strv_contains (filename_flags, flag))
        continue;

      return g_strdup_printf (_("%s: the value is not text in the character set of the locale (%s)"),
                              flag, charset);
    }
  return NULL;
}

gboolean
ntk_cli_parse_args (GOptionContext   *context,
                    int              *argc,
                    char           ***argv,
                    GError          **error)
{
  GError *local_error = NULL;
  /* g_option_context_parse() reorders *argv; the words as typed are needed for a message. */
  g_autofree char **typed = g_memdup2 (*argv, (*argc + 1) * sizeof (char *));
  int n_typed = *argc;

  if (!g_option_context_parse (context, argc, argv, &local_error))
    {
      g_autofree char *message = NULL;

      if (local_error->domain == G_CONVERT_ERROR &&
          (message = describe_unconvertible_value (n_typed, typed)) != NULL)
        {
          g_clear_error (&local_error);
          local_error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
        }
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_USAGE, NULL);
      return FALSE;
    }

  /* argv[0] is the subcommand; anything else left over is a stray word. */
  if (*argc > 1)
    {
      g_autofree char *word = g_utf8_make_valid ((*argv)[1], -1);

      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                   _("unexpected argument “%s”: every value belongs to a flag (e.g. --width 512)"),
                   word);
      return FALSE;
    }

  return TRUE;
}
