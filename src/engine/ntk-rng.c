/* ntk-rng.c — our own seeded generator: the same seed gives the same numbers everywhere
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64.  Normals use
 * Marsaglia's polar method: apart from log() every operation is IEEE-exact
 * (multiplication by powers of two, an explicit fma, division, sqrt), so the
 * only libm dependency is log(), which test-rng pins.  We do not use
 * Box–Muller because it needs sin/cos as well, and we write u² + v² as an
 * explicit fma() so a compiler that contracts a*b + c on its own (GCC does on
 * aarch64 by default) cannot change the bits.
 */

#include "config.h"

#include <math.h>

#include "ntk-rng.h"

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* One splitmix64 step: advances *state and returns a well-mixed word. */
static inline guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* (seed, stream) → 256-bit state.  Two splitmix64 sequences, one started from the
 * seed and one from a scrambled stream number, are combined word by word, so
 * every (seed, stream) pair gets its own well-mixed state and streams of the
 * same seed are unrelated (no overlapping sequences in practice: 2^256 period). */
void
ntk_rng_init (NtkRng  *rng,
              guint64  seed,
              guint64  stream)
{
  guint64 a = seed;
  guint64 b = stream ^ G_GUINT64_CONSTANT (0xD1B54A32D192ED03);

  g_return_if_fail (rng != NULL);

  b = splitmix64 (&b);
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&a) ^ rotl (splitmix64 (&b), 17);

  /* The all-zero state is the one fixed point of xoshiro; astronomically
   * unlikely, but cheap to rule out. */
  if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
    rng->s[0] = 1;

  rng->has_spare = FALSE;
  rng->spare = 0.0;
}

guint64
ntk_rng_next_u64 (NtkRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
ntk_rng_uniform (NtkRng *rng)
{
  /* The top 53 bits times 2^-53: exact, every value k·2^-53 for k < 2^53. */
  return (double) (ntk_rng_next_u64 (rng) >> 11) * 0x1.0p-53;
}

double
ntk_rng_normal (NtkRng *rng)
{
  double u, v, s, m;

  g_return_val_if_fail (rng != NULL, 0.0);

  if (rng->has_spare)
    {
      rng->has_spare = FALSE;
      return rng->spare;
    }

  do
    {
      /* k·2^-52 − 1 with k < 2^53 is exact: u, v uniform on [−1, 1). */
      u = (double) (ntk_rng_next_u64 (rng) >> 11) * 0x1.0p-52 - 1.0;
      v = (double) (ntk_rng_next_u64 (rng) >> 11) * 0x1.0p-52 - 1.0;
      s = fma (u, u, v * v);
    }
  while (s >= 1.0 || s == 0.0);

  m = sqrt (-2.0 * log (s) / s);
  rng->spare = v * m;
  rng->has_spare = TRUE;

  return u * m;
}

void
ntk_rng_fill_normal (NtkRng *rng,
                     double *out,
                     gsize   n)
{
  g_return_if_fail (rng != NULL);
  g_return_if_fail (out != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    out[i] = ntk_rng_normal (rng);
}
