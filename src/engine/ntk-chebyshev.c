/* ntk-chebyshev.c — private: Chebyshev coefficients by FFT, and Clenshaw summation
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The coefficients of the interpolant at the first-kind points are a DCT-II of the samples;
 * the DCT is one complex FFT of the same length (Makhoul 1980: even samples forwards, odd
 * samples backwards, then a quarter-sample phase twist). A radix-2 FFT is all we need:
 * the sizes are ours to choose.
 */
#include "config.h"

#include <math.h>

#include "ntk-chebyshev.h"

struct _NtkChebyshevPlan {
  guint   max_n;
  double *cos_tw;    /* cos(π k / (2 max_n)), k < 2 max_n: angles in [0, π) */
  double *sin_tw;
  double *re, *im;   /* work, max_n each */
};

NtkChebyshevPlan *
ntk_chebyshev_plan_new (guint max_n)
{
  NtkChebyshevPlan *plan;

  g_return_val_if_fail (max_n >= 2 && (max_n & (max_n - 1)) == 0, NULL);

  plan = g_new0 (NtkChebyshevPlan, 1);
  plan->max_n = max_n;
  plan->cos_tw = g_new (double, 2 * max_n);
  plan->sin_tw = g_new (double, 2 * max_n);
  plan->re = g_new (double, max_n);
  plan->im = g_new (double, max_n);
  for (guint k = 0; k < 2 * max_n; k++)
    {
      plan->cos_tw[k] = cos (G_PI * k / (2.0 * max_n));
      plan->sin_tw[k] = sin (G_PI * k / (2.0 * max_n));
    }
  return plan;
}

void
ntk_chebyshev_plan_free (NtkChebyshevPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->cos_tw);
  g_free (plan->sin_tw);
  g_free (plan->re);
  g_free (plan->im);
  g_free (plan);
}

guint
ntk_chebyshev_plan_max (const NtkChebyshevPlan *plan)
{
  return plan->max_n;
}

double
ntk_chebyshev_point (guint n,
                     guint j)
{
  return cos (G_PI * (j + 0.5) / n);
}

/* In-place forward FFT (e^{−2πi jk/n}) of length n ≤ max_n, a power of two. */
static void
fft (const NtkChebyshevPlan *plan,
     guint                   n,
     double                 *re,
     double                 *im)
{
  guint stride = plan->max_n / n;

  /* bit reversal */
  for (guint i = 1, j = 0; i < n; i++)
    {
      guint bit = n >> 1;

      for (; j & bit; bit >>= 1)
        j ^= bit;
      j ^= bit;
      if (i < j)
        {
          double t = re[i]; re[i] = re[j]; re[j] = t;
          t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }

  for (guint len = 2; len <= n; len <<= 1)
    {
      guint half = len >> 1;
      guint step = 4 * stride * (n / len);   /* 2π k/len = π (k·step)/(2 max_n) */

      for (guint i = 0; i < n; i += len)
        for (guint k = 0; k < half; k++)
          {
            double wr = plan->cos_tw[k * step];
            double wi = -plan->sin_tw[k * step];
            double xr = re[i + k + half], xi = im[i + k + half];
            double tr = xr * wr - xi * wi;
            double ti = xr * wi + xi * wr;

            re[i + k + half] = re[i + k] - tr;
            im[i + k + half] = im[i + k] - ti;
            re[i + k] += tr;
            im[i + k] += ti;
          }
    }
}

void
ntk_chebyshev_coefficients (NtkChebyshevPlan *plan,
                            guint             n,
                            const double     *f,
                            double           *a)
{
  double *re = plan->re, *im = plan->im;

  g_return_if_fail (n >= 2 && n <= plan->max_n && (n & (n - 1)) == 0);

  /* Makhoul's reordering: v_j = f_{2j}, v_{n−1−j} = f_{2j+1} */
  for (guint j = 0; j < n / 2; j++)
    {
      re[j] = f[2 * j];
      re[n - 1 - j] = f[2 * j + 1];
    }
  for (guint j = 0; j < n; j++)
    im[j] = 0;
  fft (plan, n, re, im);

  /* X_k = Re(e^{−iπk/(2n)} V_k) = Σ_j f_j cos(π k (j + ½)/n); a_k = (2/n) X_k, a_0 halved.
   * π k/(2n) = π (k·stride)/(2 max_n): entry k·stride of the twiddle table. */
  {
    guint stride = plan->max_n / n;

    for (guint k = 0; k < n; k++)
      {
        double x = re[k] * plan->cos_tw[k * stride] + im[k] * plan->sin_tw[k * stride];

        a[k] = (k == 0 ? 1.0 : 2.0) * x / n;
      }
  }
}

double
ntk_chebyshev_plan_point (const NtkChebyshevPlan *plan,
                          guint                   n,
                          guint                   j)
{
  /* π (j + ½)/n = π (2j + 1)(max_n/n) / (2 max_n) */
  return plan->cos_tw[(2 * j + 1) * (plan->max_n / n)];
}

#define EVAL_LANES 8

void
ntk_chebyshev_eval_many (const double *a,
                         guint         n,
                         const double *x,
                         double       *out,
                         guint         n_x)
{
  guint i = 0;

  for (; i + EVAL_LANES <= n_x; i += EVAL_LANES)
    {
      double b1[EVAL_LANES] = { 0 }, b2[EVAL_LANES] = { 0 }, x2[EVAL_LANES];

      for (guint l = 0; l < EVAL_LANES; l++)
        x2[l] = 2 * x[i + l];
      for (guint k = n; k-- > 1;)
        for (guint l = 0; l < EVAL_LANES; l++)
          {
            double t = x2[l] * b1[l] - b2[l] + a[k];
            b2[l] = b1[l];
            b1[l] = t;
          }
      for (guint l = 0; l < EVAL_LANES; l++)
        out[i + l] = x[i + l] * b1[l] - b2[l] + a[0];
    }
  for (; i < n_x; i++)
    out[i] = ntk_chebyshev_eval (a, n, x[i]);
}
