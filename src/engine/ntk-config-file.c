/* ntk-config-file.c — .ntk experiment files: load with line numbers, save atomically
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A .ntk file is a GKeyFile with one group, [experiment], and one key per field of
 * NtkConfig (the names of ntk_config_field_names()). Values go through
 * ntk_config_set, so a file and the command line accept exactly the same text.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ntk-config.h"

#define GROUP "experiment"

static gboolean
is_field_name (const char *key)
{
  return g_strv_contains (ntk_config_field_names (), key);
}

/* "FILE:LINE", "line LINE" (data without a file name), or "FILE". */
static char *
location (const char *name,
          guint       line)
{
  if (name != NULL && line > 0)
    return g_strdup_printf ("%s:%u", name, line);
  if (line > 0)
    return g_strdup_printf (_("line %u"), line);
  return g_strdup (name != NULL ? name : _("key file"));
}

/* GKeyFile does not report line numbers, so the text is scanned first: this
 * finds the line of every key of [experiment] (the last one wins, as in
 * GKeyFile) and reports the first line GKeyFile would reject, or any group
 * other than [experiment], with its number. */
static gboolean
scan_key_file (const char  *data,
               gsize        length,
               const char  *name,
               GHashTable  *key_lines,
               guint       *group_line,
               GError     **error)
{
  const char *p = data, *end = data + length;
  g_autofree char *loc = NULL;
  gboolean in_experiment = FALSE;
  gboolean seen_group = FALSE;
  guint line_no = 0;

  *group_line = 0;

  if (memchr (data, '\0', length) != NULL)
    {
      const char *nul = memchr (data, '\0', length);
      guint line = 1;
      for (const char *q = data; q < nul; q++)
        line += *q == '\n';
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s: contains a NUL byte (not a text file)"), loc = location (name, line));
      return FALSE;
    }

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = g_strndup (p, (eol != NULL ? eol : end) - p);
      const char *stripped;

      line_no++;
      p = eol != NULL ? eol + 1 : end;

      if (!g_utf8_validate (line, -1, NULL))
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s: is not valid UTF-8"),
                       (loc = location (name, line_no)));
          return FALSE;
        }

      stripped = g_strchug (line);
      if (*stripped == '\0' || *stripped == '#')
        continue;

      if (*stripped == '[')
        {
          char *close;

          g_strchomp (line);
          close = strchr (line, ']');
          if (close == NULL || close[1] != '\0')
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           _("%s: “%s” is not a group header like [experiment]"),
                       (loc = location (name, line_no)), line);
              return FALSE;
            }
          *close = '\0';
          in_experiment = g_str_equal (line + 1, GROUP);
          if (!in_experiment)
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           _("%s: unknown group [%s] (allowed: [experiment])"),
                       (loc = location (name, line_no)), line + 1);
              return FALSE;
            }
          if (seen_group)
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                           _("%s: the group [experiment] appears twice"),
                       (loc = location (name, line_no)));
              return FALSE;
            }
          seen_group = TRUE;
          *group_line = line_no;
          continue;
        }

      {
        char *eq = strchr (line, '=');
        g_autofree char *key = NULL;

        if (eq == NULL)
          {
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                         _("%s: “%s” is not a KEY=VALUE line"),
                       (loc = location (name, line_no)), g_strstrip (line));
            return FALSE;
          }
        if (!in_experiment)
          {
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                         _("%s: a setting before the [experiment] group header"),
                       (loc = location (name, line_no)));
            return FALSE;
          }
        key = g_strstrip (g_strndup (line, eq - line));
        if (key[0] == '\0')
          {
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                         _("%s: a value without a key"),
                       (loc = location (name, line_no)));
            return FALSE;
          }
        if (!is_field_name (key))
          {
            g_autofree char *known = g_strjoinv (", ", (char **) ntk_config_field_names ());
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                         _("%s: unknown key “%s” (known: %s)"),
                       (loc = location (name, line_no)), key, known);
            return FALSE;
          }
        g_hash_table_insert (key_lines, g_steal_pointer (&key), GUINT_TO_POINTER (line_no));
      }
    }

  if (!seen_group)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   _("%s: no [experiment] group (not an NTK Lab experiment file)"),
                   loc = location (name, 0));
      return FALSE;
    }

  return TRUE;
}

/* The escapes g_key_file_set_string writes: \s \n \t \r \\. We undo them ourselves
 * rather than with g_key_file_get_string, which in GLib 2.74 sets its GError twice on a
 * value with two bad escapes (found by fuzz-config). NULL on any other escape. */
static char *
unescape_value (const char *raw)
{
  GString *out = g_string_sized_new (strlen (raw));

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case 's': g_string_append_c (out, ' '); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        default:
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

/* The line a cross-field error belongs to: that of the key its message starts with
 * ("data: …"), else that of "dataset", else the group header's. */
static guint
line_of_message (GHashTable *key_lines,
                 const char *message,
                 guint       fallback)
{
  const char *colon = strchr (message, ':');
  g_autofree char *key = colon != NULL ? g_strndup (message, colon - message) : NULL;
  guint line = 0;

  if (key != NULL)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (key_lines, key));
  if (line == 0)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (key_lines, "dataset"));
  return line != 0 ? line : fallback;
}

static NtkConfig *
load_data (const char  *data,
           gsize        length,
           const char  *name,
           const char  *base_dir,
           GError     **error)
{
  g_autoptr(GHashTable) key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(NtkConfig) config = ntk_config_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *loc = NULL;
  guint group_line;

  if (!scan_key_file (data, length, name, key_lines, &group_line, error))
    return NULL;

  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                   "%s: %s", loc = location (name, 0), local_error->message);
      return NULL;
    }

  /* In field order, so the first error reported is the same one every time. */
  for (const char * const *k = ntk_config_field_names (); *k != NULL; k++)
    {
      const char *key = *k;
      guint line = GPOINTER_TO_UINT (g_hash_table_lookup (key_lines, key));
      g_autofree char *raw = NULL;
      g_autofree char *value = NULL;

      if (!g_key_file_has_key (kf, GROUP, key, NULL))
        continue;

      raw = g_key_file_get_value (kf, GROUP, key, NULL);
      value = unescape_value (raw);
      if (value == NULL)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE,
                       _("%s: %s: “%s” has an invalid escape sequence (write a backslash as \\\\)"),
                       loc = location (name, line), key, raw);
          return NULL;
        }

      if (!ntk_config_set (config, key, value, &local_error))
        {
          g_set_error (error, NTK_CONFIG_ERROR, local_error->code,
                       "%s: %s", loc = location (name, line), local_error->message);
          return NULL;
        }
    }

  /* A relative CSV path means "next to the experiment file", wherever it is opened from. */
  if (base_dir != NULL && config->data_path != NULL && !g_path_is_absolute (config->data_path))
    {
      char *abs = g_build_filename (base_dir, config->data_path, NULL);
      g_free (config->data_path);
      config->data_path = abs;
    }

  if (!ntk_config_validate (config, &local_error))
    {
      guint line = line_of_message (key_lines, local_error->message, group_line);

      g_set_error (error, NTK_CONFIG_ERROR, local_error->code,
                   "%s: %s", loc = location (name, line), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&config);
}

NtkConfig *
ntk_config_load_data (const char *data,
                      gsize       length,
                      GError    **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == (gsize) -1)
    length = strlen (data);
  return load_data (data != NULL ? data : "", length, NULL, NULL, error);
}

NtkConfig *
ntk_config_load_file (const char *path,
                      GError    **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  return load_data (contents, length, path, dir, error);
}

char *
ntk_config_to_data (const NtkConfig *self,
                    gsize           *length)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (const char * const *k = ntk_config_field_names (); *k != NULL; k++)
    {
      g_autofree char *value = NULL;

      if (g_str_equal (*k, "data") && (self->data_path == NULL || self->data_path[0] == '\0'))
        continue;
      value = ntk_config_get (self, *k);
      /* set_string escapes what a key file cannot hold (newlines, leading blanks, '\'). */
      g_key_file_set_string (kf, GROUP, *k, value);
    }
  g_key_file_set_comment (kf, NULL, NULL,
                          " NTK Lab experiment: open it with NTK Lab or ntk-lab-cli --config", NULL);

  return g_key_file_to_data (kf, length, NULL);
}

gboolean
ntk_config_save_file (const NtkConfig *self,
                      const char      *path,
                      GError         **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = ntk_config_to_data (self, &length);
  /* Writes a temporary file and renames it: a failure never leaves a partial file. */
  if (!g_file_set_contents (path, data, length, &local_error))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO,
                   _("Could not save “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
