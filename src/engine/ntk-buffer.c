/* ntk-buffer.c — large float64 work buffers backed by huge pages where the system allows
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "ntk-buffer.h"

#define HUGE_PAGE (2u << 20)
#define CACHE_LINE 64u

double *
ntk_buffer_new (gsize n)
{
  const gsize bytes = MAX (n, 1) * sizeof (double);
  const gsize align = bytes >= HUGE_PAGE ? HUGE_PAGE : CACHE_LINE;
  double *buffer;

  buffer = g_aligned_alloc (MAX (n, 1), sizeof (double), align);

#if defined(__linux__) && defined(MADV_HUGEPAGE)
  /* Advisory only: where THP is off (or "never") the call fails and 4 KiB pages are used. */
  if (align == HUGE_PAGE)
    madvise (buffer, bytes - bytes % HUGE_PAGE, MADV_HUGEPAGE);
#endif

  return buffer;
}

double *
ntk_buffer_new0 (gsize n)
{
  double *buffer = ntk_buffer_new (n);

  memset (buffer, 0, MAX (n, 1) * sizeof (double));
  return buffer;
}

void
ntk_buffer_free (double *buffer)
{
  g_aligned_free (buffer);
}
