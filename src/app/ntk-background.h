/* ntk-background.h — computations that outlive the object that started them
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A background computation (a worker thread whose window has gone, a sweep on the thread
 * pool) is counted from ntk_background_hold() to ntk_background_release(). Closing a window
 * never waits for one: it cancels it and lets it finish its current phase on its own. The
 * process waits for them once, at exit (before library destructors such as OpenBLAS's run),
 * or earlier through ntk_background_wait(). Any thread may call these. */
void     ntk_background_hold    (void);
void     ntk_background_release (void);

/* Waits until no computation is held, at most @timeout_usec. TRUE if none is left. */
gboolean ntk_background_wait    (gint64 timeout_usec);

/* Number of computations held right now (for tests). */
guint    ntk_background_count   (void);

G_END_DECLS
