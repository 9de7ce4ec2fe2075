/* test-rng.c — xoshiro256** + polar normals: reference vectors, pinned values, moments
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pinned values were computed by an independent Python implementation of the
 * same seeding and sampling (exact fma via fractions).  A change to any of them
 * means initial weights would differ from earlier releases: don't "fix" the test.
 */

#include <math.h>
#include <string.h>

#include "ntk-rng.h"

/* Reference output of xoshiro256** from state {1, 2, 3, 4} (Vigna's reference code). */
static void
test_rng_core_reference (void)
{
  NtkRng rng;
  const guint64 expected[] = {
    G_GUINT64_CONSTANT (11520), G_GUINT64_CONSTANT (0),
    G_GUINT64_CONSTANT (1509978240), G_GUINT64_CONSTANT (1215971899390074240),
  };

  ntk_rng_init (&rng, 0, 0);
  rng.s[0] = 1; rng.s[1] = 2; rng.s[2] = 3; rng.s[3] = 4;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (ntk_rng_next_u64 (&rng), ==, expected[i]);
}

static void
test_rng_seeding_pinned (void)
{
  NtkRng rng;
  const guint64 s1_0[] = {
    G_GUINT64_CONSTANT (0x29596f78b186ad46), G_GUINT64_CONSTANT (0xdac471a0da4ae520),
    G_GUINT64_CONSTANT (0xc36084429f8a1dcf),
  };
  const guint64 s1_1[] = {
    G_GUINT64_CONSTANT (0x32512d467a08bc0a), G_GUINT64_CONSTANT (0x94d45d149ddca01f),
    G_GUINT64_CONSTANT (0xf42e614aa829fc99),
  };

  ntk_rng_init (&rng, 1, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (ntk_rng_next_u64 (&rng), ==, s1_0[i]);
  ntk_rng_init (&rng, 1, 1);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (ntk_rng_next_u64 (&rng), ==, s1_1[i]);
}

static void
test_rng_uniform_pinned (void)
{
  NtkRng rng;
  const double expected[] = { 0x1.fe79e884d44c0p-2, 0x1.9b920563b3f28p-2, 0x1.9ebd3daa97116p-2 };

  ntk_rng_init (&rng, 42, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      double u = ntk_rng_uniform (&rng);
      g_assert_true (memcmp (&u, &expected[i], sizeof u) == 0);
    }
}

/* Bit-exact: these go through log() and sqrt(); if a libm changes log() by an ulp
 * this fails, which is what we want to know. */
static void
test_rng_normal_pinned (void)
{
  NtkRng rng;
  const double seed42[] = {
    -0x1.3d38af8ad4356p-5, -0x1.46ad1d0f66e3cp+1, -0x1.ee15e38c11d73p-3,
    0x1.ed04a3533303ap-1, 0x1.450cc6eb440e1p+0,
  };
  const double seedmax7[] = { -0x1.ca245e539d1dep-1, -0x1.25a52b277fdafp-1, 0x1.c17db52adca2ep-5 };

  ntk_rng_init (&rng, 42, 0);
  for (guint i = 0; i < G_N_ELEMENTS (seed42); i++)
    {
      double z = ntk_rng_normal (&rng);
      g_test_message ("normal[%u] = %a, expected %a", i, z, seed42[i]);
      g_assert_true (memcmp (&z, &seed42[i], sizeof z) == 0);
    }
  ntk_rng_init (&rng, G_MAXUINT64, 7);
  for (guint i = 0; i < G_N_ELEMENTS (seedmax7); i++)
    {
      double z = ntk_rng_normal (&rng);
      g_assert_true (memcmp (&z, &seedmax7[i], sizeof z) == 0);
    }
}

static void
test_rng_determinism (void)
{
  NtkRng a, b, c, d;
  guint same_stream = 0, same_seed = 0;

  ntk_rng_init (&a, 12345, 3);
  ntk_rng_init (&b, 12345, 3);
  ntk_rng_init (&c, 12345, 4);
  ntk_rng_init (&d, 12346, 3);
  for (guint i = 0; i < 1000; i++)
    {
      guint64 x = ntk_rng_next_u64 (&a);
      g_assert_cmpuint (x, ==, ntk_rng_next_u64 (&b));
      same_stream += x == ntk_rng_next_u64 (&c);
      same_seed += x == ntk_rng_next_u64 (&d);
    }
  g_assert_cmpuint (same_stream, ==, 0);
  g_assert_cmpuint (same_seed, ==, 0);

  /* Re-initializing drops a pending spare normal. */
  ntk_rng_init (&a, 5, 0);
  ntk_rng_normal (&a);
  g_assert_true (a.has_spare);
  ntk_rng_init (&a, 5, 0);
  g_assert_false (a.has_spare);
}

static void
test_rng_fill_normal (void)
{
  NtkRng a, b;
  double buf[7];

  ntk_rng_init (&a, 9, 2);
  ntk_rng_init (&b, 9, 2);
  /* Odd length: the spare carries over into the next call. */
  ntk_rng_fill_normal (&a, buf, G_N_ELEMENTS (buf));
  for (guint i = 0; i < G_N_ELEMENTS (buf); i++)
    {
      double z = ntk_rng_normal (&b);
      g_assert_true (memcmp (&z, &buf[i], sizeof z) == 0);
    }
  ntk_rng_fill_normal (&a, buf, 3);
  for (guint i = 0; i < 3; i++)
    {
      double z = ntk_rng_normal (&b);
      g_assert_true (memcmp (&z, &buf[i], sizeof z) == 0);
    }
  ntk_rng_fill_normal (&a, NULL, 0);
}

static void
test_rng_uniform_moments (void)
{
  const guint n = 1000000;
  NtkRng rng;
  double sum = 0, sum2 = 0;
  guint below_tenth = 0;

  ntk_rng_init (&rng, 2026, 0);
  for (guint i = 0; i < n; i++)
    {
      double u = ntk_rng_uniform (&rng);
      g_assert_true (u >= 0.0 && u < 1.0);
      sum += u;
      sum2 += u * u;
      below_tenth += u < 0.1;
    }
  double mean = sum / n, var = sum2 / n - mean * mean;
  g_test_message ("uniform: mean %.6f var %.6f P(u<0.1) %.6f", mean, var, below_tenth / (double) n);
  /* Standard errors: mean 2.9e-4, var 9.4e-5 (absolute); 6 sigma bounds. */
  g_assert_cmpfloat (fabs (mean - 0.5), <, 6 * 2.9e-4);
  g_assert_cmpfloat (fabs (var - 1.0 / 12), <, 6 * 9.4e-5);
  g_assert_cmpfloat (fabs (below_tenth / (double) n - 0.1), <, 6 * 3e-4);
}

static void
test_rng_normal_moments (void)
{
  const guint n = 1000000;
  NtkRng rng;
  double *z = g_new (double, n);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  guint beyond_2 = 0;

  ntk_rng_init (&rng, 7, 1);
  ntk_rng_fill_normal (&rng, z, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (isfinite (z[i]));
      m1 += z[i];
      m2 += z[i] * z[i];
      m3 += z[i] * z[i] * z[i];
      m4 += z[i] * z[i] * z[i] * z[i];
      beyond_2 += fabs (z[i]) > 2.0;
    }
  m1 /= n; m2 /= n; m3 /= n; m4 /= n;
  g_test_message ("normal: mean %.5f E z^2 %.5f E z^3 %.5f E z^4 %.5f P(|z|>2) %.5f",
                  m1, m2, m3, m4, beyond_2 / (double) n);
  /* Standard errors with n = 1e6: 1e-3, 1.4e-3, 3.9e-3, 9.8e-3; 6 sigma bounds. */
  g_assert_cmpfloat (fabs (m1), <, 6e-3);
  g_assert_cmpfloat (fabs (m2 - 1.0), <, 6 * 1.4e-3);
  g_assert_cmpfloat (fabs (m3), <, 6 * 3.9e-3);
  g_assert_cmpfloat (fabs (m4 - 3.0), <, 6 * 9.8e-3);
  /* P(|z| > 2) = 0.0455003; standard error 2.1e-4. */
  g_assert_cmpfloat (fabs (beyond_2 / (double) n - 0.0455003), <, 6 * 2.1e-4);
  g_free (z);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rng/core-reference", test_rng_core_reference);
  g_test_add_func ("/rng/seeding-pinned", test_rng_seeding_pinned);
  g_test_add_func ("/rng/uniform-pinned", test_rng_uniform_pinned);
  g_test_add_func ("/rng/normal-pinned", test_rng_normal_pinned);
  g_test_add_func ("/rng/determinism", test_rng_determinism);
  g_test_add_func ("/rng/fill-normal", test_rng_fill_normal);
  g_test_add_func ("/rng/uniform-moments", test_rng_uniform_moments);
  g_test_add_func ("/rng/normal-moments", test_rng_normal_moments);

  return g_test_run ();
}
