/* ntk-cli-file.c — a file written through a temporary beside it and renamed into place
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams with stdio (data files can be large: no whole-file string in memory). Any failed
 * write (disk full, I/O error) is caught at commit, and then nothing is left at the
 * destination.
 *
 * The FILE is a glibc cookie stream over the file descriptor rather than fdopen(): stdio keeps
 * only an error flag, and by the time fflush()/fclose() report it errno no longer says why (a
 * full disk came out as EIO, "Input/output error"). Our write function sees the write(2) that
 * failed and keeps its errno, so the message gives the system's reason (ENOSPC, EFBIG, EDQUOT…).
 */
#define _GNU_SOURCE   /* fopencookie */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ntk-cli-private.h"

struct _NtkCliFile {
  char     *path;         /* what messages name: the destination, or NULL for stdout */
  char     *tmp_path;     /* NULL for the standard output */
  int       fd;
  FILE     *stream;
  int       write_errno;  /* of the first failed write(2); later writes are not attempted */
  int       close_errno;
};

static ssize_t
cookie_write (void       *cookie,
              const char *buf,
              size_t      size)
{
  NtkCliFile *self = cookie;
  size_t done = 0;

  if (self->write_errno != 0)
    {
      errno = self->write_errno;
      return 0;
    }
  while (done < size)
    {
      ssize_t n = write (self->fd, buf + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          self->write_errno = n < 0 ? errno : EIO;
          errno = self->write_errno;
          break;
        }
      done += n;
    }
  /* Fewer bytes than asked: stdio sets the stream's error flag. */
  return done;
}

static int
cookie_close (void *cookie)
{
  NtkCliFile *self = cookie;

  /* The standard output is not ours to close. Some file systems (NFS) report a failed
   * write only at close. */
  if (self->tmp_path != NULL && close (self->fd) != 0)
    {
      self->close_errno = errno;
      return -1;
    }
  return 0;
}

static FILE *
open_stream (NtkCliFile *self)
{
  cookie_io_functions_t functions = { NULL, cookie_write, NULL, cookie_close };

  return fopencookie (self, "w", functions);
}

NtkCliFile *
ntk_cli_file_new (const char  *path,
                  GError     **error)
{
  g_autoptr(NtkCliFile) self = g_new0 (NtkCliFile, 1);
  GStatBuf st;
  mode_t mask;

  g_return_val_if_fail (path != NULL, NULL);

  self->fd = -1;

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

  self->fd = g_mkstemp_full (self->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (self->fd < 0)
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
  if (fchmod (self->fd, 0666 & ~mask) != 0)
    g_debug ("fchmod %s: %s", self->tmp_path, g_strerror (errno));  /* still ours: not fatal */

  self->stream = open_stream (self);
  if (self->stream == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot write “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;   /* the autoptr closes the descriptor and removes the temporary */
    }

  return g_steal_pointer (&self);
}

NtkCliFile *
ntk_cli_file_new_stdout (GError **error)
{
  g_autoptr(NtkCliFile) self = g_new0 (NtkCliFile, 1);

  /* Whatever stdio already buffered for stdout goes first. */
  fflush (stdout);
  self->fd = STDOUT_FILENO;
  self->stream = open_stream (self);
  if (self->stream == NULL)
    {
      g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                   _("cannot write to the standard output: %s"), g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&self);
}

FILE *
ntk_cli_file_stream (NtkCliFile *self)
{
  return self->stream;
}

static void
set_write_error (NtkCliFile  *self,
                 int          saved_errno,
                 GError     **error)
{
  if (self->path != NULL)
    g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                 _("cannot write “%s”: %s"), self->path, g_strerror (saved_errno));
  else
    g_set_error (error, NTK_CLI_ERROR, NTK_CLI_ERROR_FAILED,
                 _("cannot write to the standard output: %s"), g_strerror (saved_errno));
}

gboolean
ntk_cli_file_check (NtkCliFile  *self,
                    GError     **error)
{
  g_return_val_if_fail (self != NULL && self->stream != NULL, FALSE);

  if (!ferror (self->stream))
    return TRUE;
  set_write_error (self, self->write_errno != 0 ? self->write_errno : EIO, error);
  return FALSE;
}

gboolean
ntk_cli_file_commit (NtkCliFile  *self,
                     GError     **error)
{
  int failed_errno = 0;

  g_return_val_if_fail (self != NULL && self->stream != NULL, FALSE);

  if (fflush (self->stream) != 0 || ferror (self->stream))
    failed_errno = self->write_errno != 0 ? self->write_errno : EIO;
  if (fclose (self->stream) != 0 && failed_errno == 0)
    failed_errno = self->close_errno != 0 ? self->close_errno :
                   self->write_errno != 0 ? self->write_errno : EIO;
  self->stream = NULL;
  self->fd = -1;   /* closed with the stream */

  if (failed_errno == 0 && self->tmp_path != NULL && g_rename (self->tmp_path, self->path) != 0)
    failed_errno = errno;

  if (failed_errno != 0)
    {
      set_write_error (self, failed_errno, error);
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
    fclose (self->stream);        /* closes the descriptor through cookie_close */
  else if (self->fd >= 0 && self->tmp_path != NULL)
    close (self->fd);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);

  g_free (self->path);
  g_free (self->tmp_path);
  g_free (self);
}
