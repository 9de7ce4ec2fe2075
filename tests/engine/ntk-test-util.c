/* ntk-test-util.c — helpers the engine tests share
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-rng.h"
#include "ntk-test-util.h"

void
ntk_test_check_rel (const char *expr,
                    double      a,
                    double      b,
                    double      tol)
{
  double scale = MAX (fabs (b), 1e-300);

  if (!(fabs (a - b) <= tol * scale))
    g_error ("%s = %.17g, expected %.17g (relative error %.3g > %.3g)",
             expr, a, b, fabs (a - b) / scale, tol);
}

void
ntk_test_assert_message_contains (const GError *error,
                                  const char   *needle)
{
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("message “%s” does not contain “%s”", error->message, needle);
}

NtkConfig
ntk_test_mlp_config (NtkActivation act,
                     guint         depth,
                     guint         width,
                     double        sigma_w,
                     double        sigma_b,
                     guint64       seed)
{
  NtkConfig c;

  memset (&c, 0, sizeof c);
  c.activation = act;
  c.leaky_slope = 0.1;
  c.depth = depth;
  c.width = width;
  c.sigma_w = sigma_w;
  c.sigma_b = sigma_b;
  c.seed = seed;
  return c;
}

void
ntk_test_fill_uniform (guint64  seed,
                       guint64  stream,
                       double  *x,
                       gsize    len)
{
  NtkRng rng;

  ntk_rng_init (&rng, seed, stream);
  for (gsize i = 0; i < len; i++)
    x[i] = 2.0 * ntk_rng_uniform (&rng) - 1.0;
}

double
ntk_test_norm (const double *a,
               gsize         n)
{
  double s = 0.0;

  for (gsize i = 0; i < n; i++)
    s += a[i] * a[i];
  return sqrt (s);
}

double
ntk_test_distance (const double *a,
                   const double *b,
                   gsize         n)
{
  double s = 0.0;

  for (gsize i = 0; i < n; i++)
    s += (a[i] - b[i]) * (a[i] - b[i]);
  return sqrt (s);
}

double
ntk_test_rel_distance (const double *a,
                       const double *b,
                       gsize         n)
{
  double num = 0.0, den = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
  return den > 0.0 ? sqrt (num / den) : sqrt (num);
}

gpointer
ntk_test_cancel_later (gpointer data)
{
  NtkTestCanceller *c = data;

  g_usleep (c->delay_us);
  c->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (c->cancellable);
  return NULL;
}
