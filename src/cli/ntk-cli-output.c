/* ntk-cli-output.c — the output directory: everything is written into a staging directory
 * and only moved into place once all of it succeeded
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --out DIR that does not exist yet: staging is DIR's sibling ".NAME.tmp-XXXXXX" and is
 * renamed to DIR at the end, so DIR appears complete or not at all.
 * --out DIR that exists (empty or not): staging is the hidden ".ntk-lab-cli.tmp-XXXXXX" inside
 * DIR (same file system, and DIR's parent need not be writable); at the end each file is
 * renamed over its namesake in DIR. Every file is then either the old or the new one, never
 * partial; files of DIR that this run does not write are left alone.
 * On any failure, or Ctrl-C, the staging directory is removed and DIR is as it was.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ntk-cli-private.h"

struct _NtkCliOutputDir {
  char     *final_path;
  char     *staging_path;
  gboolean  into_existing;
  gboolean  committed;
};

/* The permissions a plain mkdir would give (g_mkdtemp makes 0700). */
static mode_t
default_dir_mode (void)
{
  mode_t mask = umask (0);

  umask (mask);
  return 0777 & ~mask;
}

static void
remove_staging (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          /* We only ever create plain files in it. */
          if (g_unlink (child) != 0)
            g_rmdir (child);
        }
    }
  g_rmdir (path);
}

NtkCliOutputDir *
ntk_cli_output_dir_begin (const char  *path,
                          GError     **error)
{
  g_autoptr(NtkCliOutputDir) self = g_new0 (NtkCliOutputDir, 1);
  g_autofree char *template = NULL;
  GStatBuf st;

  g_return_val_if_fail (g_path_is_absolute (path), NULL);

  self->final_path = g_strdup (path);

  if (g_stat (path, &st) == 0)
    {
      if (!S_ISDIR (st.st_mode))
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_USAGE,
                       _("--out: “%s” exists and is not a directory"), path);
          return NULL;
        }
      self->into_existing = TRUE;
      template = g_build_filename (path, "." NTK_CLI_NAME ".tmp-XXXXXX", NULL);
    }
  else
    {
      int saved_errno = errno;
      g_autofree char *parent = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *hidden = NULL;

      if (saved_errno != ENOENT)
        {
          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                       _("--out: cannot use “%s”: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
      hidden = g_strdup_printf (".%s.tmp-XXXXXX", base);
      template = g_build_filename (parent, hidden, NULL);
    }

  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved_errno = errno;
      g_autofree char *where = self->into_existing ? g_strdup (path) : g_path_get_dirname (path);

      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("--out: cannot write into “%s”: %s"), where, g_strerror (saved_errno));
      return NULL;
    }

  self->staging_path = g_steal_pointer (&template);
  return g_steal_pointer (&self);
}

char *
ntk_cli_output_dir_path (NtkCliOutputDir *self,
                         const char      *name)
{
  g_return_val_if_fail (self != NULL && !self->committed, NULL);

  return g_build_filename (self->staging_path, name, NULL);
}

const char *
ntk_cli_output_dir_get_final_path (NtkCliOutputDir *self)
{
  return self->final_path;
}

/* A byte of the names written into the staging directory (figure ids, formats, data files). */
static gboolean
is_name_byte (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-';
}

/* Length of @name[0, length) without a writer's temporary suffix: GLib's ".XXXXXX"
 * (g_file_set_contents) or ntk-cli-file.c's ".tmp-XXXXXX". None of the names written here
 * ends in six letters or digits after a dot (their extensions are png, svg, pdf, csv, json,
 * ntk), so the rule cannot cut a real name. */
static gsize
strip_temporary_suffix (const char *name,
                        gsize       length)
{
  static const char * const prefixes[] = { ".tmp-", "." };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize plen = strlen (prefixes[i]);
      gboolean random = TRUE;

      if (length < plen + 6 + 1 || memcmp (name + length - 6 - plen, prefixes[i], plen) != 0)
        continue;
      for (gsize k = length - 6; k < length; k++)
        random = random && g_ascii_isalnum (name[k]);
      if (random)
        return length - 6 - plen;
    }
  return length;
}

/* @message with every @from (the staging directory, as written in messages) replaced by @to,
 * and the temporary suffix of a file name right after it dropped. */
static char *
rewrite_message (const char *message,
                 const char *from,
                 const char *to)
{
  GString *out = g_string_new (NULL);
  gsize from_length = strlen (from);
  const char *p = message, *hit;

  while ((hit = strstr (p, from)) != NULL)
    {
      const char *rest = hit + from_length;

      g_string_append_len (out, p, hit - p);
      g_string_append (out, to);
      p = rest;
      if (*rest == G_DIR_SEPARATOR && is_name_byte (rest[1]))
        {
          const char *name = rest + 1, *end = name;

          while (is_name_byte (*end))
            end++;
          g_string_append_c (out, G_DIR_SEPARATOR);
          g_string_append_len (out, name, strip_temporary_suffix (name, end - name));
          p = end;
        }
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

void
ntk_cli_output_dir_fix_error (NtkCliOutputDir *self,
                              GError          *error)
{
  g_autofree char *display = NULL;
  g_autofree char *valid = NULL;
  const char *forms[3];

  if (self == NULL || error == NULL || self->staging_path == NULL)
    return;

  /* The path as our messages print it, as GLib's print it (g_filename_display_name), and as
   * ntk_cli_propagate_error() leaves it (made valid UTF-8). */
  display = g_filename_display_name (self->staging_path);
  valid = g_utf8_make_valid (self->staging_path, -1);
  forms[0] = self->staging_path;
  forms[1] = display;
  forms[2] = valid;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *to = i == 0 ? g_strdup (self->final_path)
                                   : i == 1 ? g_filename_display_name (self->final_path)
                                            : g_utf8_make_valid (self->final_path, -1);
      char *message;

      if (i > 0 && strcmp (forms[i], forms[0]) == 0)
        continue;
      message = rewrite_message (error->message, forms[i], to);
      g_free (error->message);
      error->message = message;
    }
}

static gboolean
move_files_into (NtkCliOutputDir  *self,
                 GError          **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  GError *local_error = NULL;

  if (!(dir = g_dir_open (self->staging_path, 0, &local_error)))
    {
      ntk_cli_propagate_error (error, local_error, NTK_CLI_ERROR_FAILED, "--out");
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  /* Sorted, so that a listing of DIR changes in a predictable order. */
  g_ptr_array_sort (names, (GCompareFunc) (gpointer) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *base = g_ptr_array_index (names, i);
      g_autofree char *from = g_build_filename (self->staging_path, base, NULL);
      g_autofree char *to = g_build_filename (self->final_path, base, NULL);

      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                       _("--out: cannot move “%s” into place: %s"), to, g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ntk_cli_output_dir_commit (NtkCliOutputDir  *self,
                           GError          **error)
{
  g_return_val_if_fail (self != NULL && !self->committed, FALSE);

  if (self->into_existing)
    {
      if (!move_files_into (self, error))
        return FALSE;
      g_rmdir (self->staging_path);
    }
  else
    {
      if (g_chmod (self->staging_path, default_dir_mode ()) != 0 ||
          g_rename (self->staging_path, self->final_path) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                       _("--out: cannot create “%s”: %s"), self->final_path, g_strerror (saved_errno));
          return FALSE;
        }
    }

  self->committed = TRUE;
  return TRUE;
}

void
ntk_cli_output_dir_free (NtkCliOutputDir *self)
{
  if (self == NULL)
    return;

  if (!self->committed && self->staging_path != NULL)
    remove_staging (self->staging_path);

  g_free (self->final_path);
  g_free (self->staging_path);
  g_free (self);
}
