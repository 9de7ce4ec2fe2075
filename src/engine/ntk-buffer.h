/* ntk-buffer.h — large float64 work buffers backed by huge pages where the system allows
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the engine. The network's parameters, activations and kernel scratch are tens to
 * hundreds of MiB that are written once right after allocation; with 4 KiB pages every first
 * touch is a page fault, and on virtual machines a fault can cost ~10 µs — more than the
 * arithmetic of a forward pass. Buffers of 2 MiB and more are therefore 2 MiB aligned and
 * advised as transparent huge pages (Linux), which cuts the faults 512-fold.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* n doubles, uninitialised, 64-byte aligned at least. Free with ntk_buffer_free(). */
double *ntk_buffer_new  (gsize   n);
/* The same, zero-filled. */
double *ntk_buffer_new0 (gsize   n);
void    ntk_buffer_free (double *buffer);

G_END_DECLS
