/* ntk-cli-progress.c — a one-line progress bar on stderr, drawn only when stderr is a terminal
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scripts and logs (stderr redirected) see nothing: only errors go there.
 */
#include "config.h"

#include <unistd.h>

#include "ntk-cli-private.h"

#define BAR_WIDTH 30
#define REDRAW_INTERVAL_US (100 * 1000)

struct _NtkCliProgress {
  gboolean active;
  gboolean drawn;
  GMutex   lock;
  gint64   last_draw;
  int      last_percent;
  char    *last_phase;
};

NtkCliProgress *
ntk_cli_progress_new (void)
{
  NtkCliProgress *self = g_new0 (NtkCliProgress, 1);

  self->active = isatty (STDERR_FILENO);
  self->last_percent = -1;
  g_mutex_init (&self->lock);
  return self;
}

void
ntk_cli_progress_update (NtkCliProgress *self,
                         double          fraction,
                         const char     *phase)
{
  char bar[BAR_WIDTH + 1];
  gint64 now;
  int filled, percent;

  if (self == NULL || !self->active)
    return;

  if (!(fraction >= 0))   /* also NaN */
    fraction = 0;
  if (fraction > 1)
    fraction = 1;
  percent = (int) (fraction * 100);

  g_mutex_lock (&self->lock);

  now = g_get_monotonic_time ();
  if (self->drawn &&
      g_strcmp0 (phase, self->last_phase) == 0 &&
      (percent == self->last_percent || now - self->last_draw < REDRAW_INTERVAL_US))
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  filled = (int) (fraction * BAR_WIDTH + 0.5);
  for (int i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[BAR_WIDTH] = '\0';

  /* \r and "erase to end of line": the bar rewrites itself in place. */
  fprintf (stderr, "\r\033[K[%s] %3d%%  %s", bar, percent, phase ? phase : "");
  fflush (stderr);

  self->drawn = TRUE;
  self->last_draw = now;
  self->last_percent = percent;
  g_free (self->last_phase);
  self->last_phase = g_strdup (phase);

  g_mutex_unlock (&self->lock);
}

void
ntk_cli_progress_func (double      fraction,
                       const char *phase,
                       gpointer    user_data)
{
  ntk_cli_progress_update (user_data, fraction, phase);
}

void
ntk_cli_progress_free (NtkCliProgress *self)
{
  if (self == NULL)
    return;

  if (self->drawn)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
  g_mutex_clear (&self->lock);
  g_free (self->last_phase);
  g_free (self);
}
