/* ntk-cli-file.c — a file written through a temporary beside it and renamed into place
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams with stdio (data files can be large: no whole-file string in memory). Any failed
 * write (disk full, I/O error) is caught at commit through ferror/fclose, and then nothing
 * is left at the destination.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ntk-cli-private.h"

struct _NtkCliFile {
  char *path;
  char *tmp_path;
  FILE *stream;
};

NtkCliFile *
ntk_cli_file_new (const char  *path,
                  GError     **error)
{
  g_autoptr(NtkCliFile) self = g_new0 (NtkCliFile, 1);
  GStatBuf st;
  mode_t mask;
  int fd;

  /* The rename below would replace a device such as /dev/null or /dev/full (root may write
   * to /dev) with a regular file: only regular files, or new paths, are written. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot write “%s”: not a regular file"), path);
      return NULL;
    }

  self->path = g_strdup (path);
  self->tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);

  fd = g_mkstemp_full (self->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&self->tmp_path, g_free);
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot create “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  /* mkstemp ignores the mode it is given; make it what open (…, 0666) would have made. */
  mask = umask (0);
  umask (mask);
  if (fchmod (fd, 0666 & ~mask) != 0)
    g_debug ("fchmod %s: %s", self->tmp_path, g_strerror (errno));  /* still ours: not fatal */

  self->stream = fdopen (fd, "w");
  if (self->stream == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot write “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&self);
}

FILE *
ntk_cli_file_stream (NtkCliFile *self)
{
  return self->stream;
}

gboolean
ntk_cli_file_commit (NtkCliFile  *self,
                     GError     **error)
{
  int failed_errno = 0;

  g_return_val_if_fail (self != NULL && self->stream != NULL, FALSE);

  errno = 0;
  if (fflush (self->stream) != 0 || ferror (self->stream))
    failed_errno = errno ? errno : EIO;
  if (fclose (self->stream) != 0 && failed_errno == 0)
    failed_errno = errno;
  self->stream = NULL;

  if (failed_errno == 0 && g_rename (self->tmp_path, self->path) != 0)
    failed_errno = errno;

  if (failed_errno != 0)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot write “%s”: %s"), self->path, g_strerror (failed_errno));
      ntk_cli_file_abort (self);
      return FALSE;
    }

  g_clear_pointer (&self->tmp_path, g_free);
  ntk_cli_file_abort (self);
  return TRUE;
}

void
ntk_cli_file_abort (NtkCliFile *self)
{
  if (self == NULL)
    return;

  if (self->stream != NULL)
    fclose (self->stream);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);

  g_free (self->path);
  g_free (self->tmp_path);
  g_free (self);
}
