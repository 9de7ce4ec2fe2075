/* ntk-chebyshev.h — private: Chebyshev coefficients by FFT, and Clenshaw summation
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Scratch for ntk_chebyshev_coefficients: twiddles and buffers for sizes up to max_n
 * (a power of two). One per thread; not shared. */
typedef struct _NtkChebyshevPlan NtkChebyshevPlan;

NtkChebyshevPlan *ntk_chebyshev_plan_new  (guint max_n);
void              ntk_chebyshev_plan_free (NtkChebyshevPlan *plan);
guint             ntk_chebyshev_plan_max  (const NtkChebyshevPlan *plan);

/* The first-kind Chebyshev points x_j = cos(π (j + ½)/n), j = 0 … n−1. */
double            ntk_chebyshev_point     (guint n, guint j);
/* The same from the plan's table (n ≤ max_n, a power of two): no cos() call. */
double            ntk_chebyshev_plan_point (const NtkChebyshevPlan *plan, guint n, guint j);

/* From f_j = f(x_j) (n a power of two, n ≤ max_n): the coefficients of the interpolant
 * f(x) = Σ_{k<n} a_k T_k(x) (a_0 already halved). O(n log n). */
void              ntk_chebyshev_coefficients (NtkChebyshevPlan *plan, guint n,
                                              const double *f, double *a);

/* Σ_{k<n} a_k T_k(x) by Clenshaw's recurrence. */
static inline double
ntk_chebyshev_eval (const double *a, guint n, double x)
{
  double b1 = 0, b2 = 0, x2 = 2 * x;

  for (guint k = n; k-- > 1;)
    {
      double t = x2 * b1 - b2 + a[k];
      b2 = b1;
      b1 = t;
    }
  return x * b1 - b2 + a[0];
}

/* Σ_{k<n} a_k T_k(x_i) for @n_x points at once (the recurrences interleaved, which is
 * several times faster than one at a time for long series). */
void              ntk_chebyshev_eval_many (const double *a, guint n,
                                           const double *x, double *out, guint n_x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkChebyshevPlan, ntk_chebyshev_plan_free)

G_END_DECLS
