/* ntk-rng.h — our own seeded generator: the same seed gives the same numbers everywhere
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * xoshiro256** seeded through splitmix64; normals by a method that uses only
 * IEEE-exact operations and libm functions whose results we pin in tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
  gboolean has_spare;
  double   spare;
} NtkRng;

void    ntk_rng_init        (NtkRng *rng, guint64 seed, guint64 stream);  /* independent streams per seed */
guint64 ntk_rng_next_u64    (NtkRng *rng);
double  ntk_rng_uniform     (NtkRng *rng);        /* [0, 1), 53 bits */
double  ntk_rng_normal      (NtkRng *rng);        /* N(0, 1) */
void    ntk_rng_fill_normal (NtkRng *rng, double *out, gsize n);

G_END_DECLS
