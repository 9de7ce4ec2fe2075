/* ntk-activation.c — the nonlinearities φ, their derivatives and the Gaussian expectations
 * that define the infinite-width kernel maps (math.md §3)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conventions at the kinks (the finite network and the analytic kernel agree on them,
 * and they only matter on a set of measure zero for the kernels):
 *   relu'(0) = 0, abs'(0) = 0 (sign(0) = 0), leaky_relu'(0) = α (the slope of the u ≤ 0 side,
 *   so that leaky_relu with α = 0 is exactly relu).
 * Closed-form expectations follow math.md §3 letter by letter; the others are integrated
 * numerically (ntk-quadrature.c).
 */
#include "config.h"

#include <math.h>

#include "ntk-activation.h"
#include "ntk-corr-table.h"
#include "ntk-quadrature.h"

#define NTK_SQRT1_2    0.70710678118654752440   /* 1/√2 */
#define NTK_1_SQRT2PI  0.39894228040143267794   /* 1/√(2π) */
#define NTK_2_SQRTPI   1.12837916709551257390   /* 2/√π */

/* Numerically stable logistic: never evaluates exp of a large positive number. */
static inline double
stable_sigmoid (double u)
{
  if (u >= 0)
    return 1.0 / (1.0 + exp (-u));
  else
    {
      double e = exp (u);
      return e / (1.0 + e);
    }
}

/* softplus(u) = log(1 + e^u) = max(u, 0) + log1p(e^{−|u|}): exact for every u, no overflow. */
static inline double
stable_softplus (double u)
{
  return fmax (u, 0.0) + log1p (exp (-fabs (u)));
}

/* Standard normal CDF Φ(u) = erfc(−u/√2)/2: erfc keeps full relative accuracy in the left tail. */
static inline double
normal_cdf (double u)
{
  return 0.5 * erfc (-u * NTK_SQRT1_2);
}

double
ntk_activation_phi (NtkActivation act,
                    double        leaky_slope,
                    double        u)
{
  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:   return u;
    case NTK_ACTIVATION_RELU:       return u > 0 ? u : 0.0;
    case NTK_ACTIVATION_LEAKY_RELU: return u > 0 ? u : leaky_slope * u;
    case NTK_ACTIVATION_ABS:        return fabs (u);
    case NTK_ACTIVATION_ERF:        return erf (u);
    case NTK_ACTIVATION_SIN:        return sin (u);
    case NTK_ACTIVATION_TANH:       return tanh (u);
    case NTK_ACTIVATION_SIGMOID:    return stable_sigmoid (u);
    case NTK_ACTIVATION_SOFTPLUS:   return stable_softplus (u);
    case NTK_ACTIVATION_GELU:       return u * normal_cdf (u);
    case NTK_ACTIVATION_SILU:       return u * stable_sigmoid (u);
    case NTK_N_ACTIVATIONS:
    default:
      g_return_val_if_reached (NAN);
    }
}

double
ntk_activation_dphi (NtkActivation act,
                     double        leaky_slope,
                     double        u)
{
  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:   return 1.0;
    case NTK_ACTIVATION_RELU:       return u > 0 ? 1.0 : 0.0;
    case NTK_ACTIVATION_LEAKY_RELU: return u > 0 ? 1.0 : leaky_slope;
    case NTK_ACTIVATION_ABS:        return u > 0 ? 1.0 : (u < 0 ? -1.0 : 0.0);
    case NTK_ACTIVATION_ERF:        return NTK_2_SQRTPI * exp (-u * u);
    case NTK_ACTIVATION_SIN:        return cos (u);
    case NTK_ACTIVATION_TANH:
      {
        double t = tanh (u);
        return 1.0 - t * t;
      }
    case NTK_ACTIVATION_SIGMOID:
      {
        /* σ(u)σ(−u) instead of σ(1 − σ): no cancellation for large u */
        return stable_sigmoid (u) * stable_sigmoid (-u);
      }
    case NTK_ACTIVATION_SOFTPLUS:   return stable_sigmoid (u);
    case NTK_ACTIVATION_GELU:       return normal_cdf (u) + u * NTK_1_SQRT2PI * exp (-0.5 * u * u);
    case NTK_ACTIVATION_SILU:
      {
        double s = stable_sigmoid (u);
        return s * (1.0 + u * stable_sigmoid (-u));
      }
    case NTK_N_ACTIVATIONS:
    default:
      g_return_val_if_reached (NAN);
    }
}

/* Elementwise over a batch. The switch is outside the loops so that every loop body is a
 * straight-line expression the compiler can vectorise (the piecewise-linear ones fully). */
void
ntk_activation_apply (NtkActivation  act,
                      double         leaky_slope,
                      const double  *h,
                      double        *phi,
                      double        *dphi,
                      gsize          n)
{
  gsize i;

  g_return_if_fail (act < NTK_N_ACTIVATIONS);
  g_return_if_fail (n == 0 || (h != NULL && phi != NULL));

  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:
      for (i = 0; i < n; i++)
        phi[i] = h[i];
      if (dphi)
        for (i = 0; i < n; i++)
          dphi[i] = 1.0;
      break;

    case NTK_ACTIVATION_RELU:
      for (i = 0; i < n; i++)
        phi[i] = h[i] > 0 ? h[i] : 0.0;
      if (dphi)
        for (i = 0; i < n; i++)
          dphi[i] = h[i] > 0 ? 1.0 : 0.0;
      break;

    case NTK_ACTIVATION_LEAKY_RELU:
      for (i = 0; i < n; i++)
        phi[i] = h[i] > 0 ? h[i] : leaky_slope * h[i];
      if (dphi)
        for (i = 0; i < n; i++)
          dphi[i] = h[i] > 0 ? 1.0 : leaky_slope;
      break;

    case NTK_ACTIVATION_ABS:
      for (i = 0; i < n; i++)
        phi[i] = fabs (h[i]);
      if (dphi)
        for (i = 0; i < n; i++)
          dphi[i] = h[i] > 0 ? 1.0 : (h[i] < 0 ? -1.0 : 0.0);
      break;

    case NTK_ACTIVATION_ERF:
      for (i = 0; i < n; i++)
        phi[i] = erf (h[i]);
      if (dphi)
        for (i = 0; i < n; i++)
          dphi[i] = NTK_2_SQRTPI * exp (-h[i] * h[i]);
      break;

    case NTK_ACTIVATION_SIN:
      if (dphi)
        for (i = 0; i < n; i++)
          {
            phi[i] = sin (h[i]);
            dphi[i] = cos (h[i]);
          }
      else
        for (i = 0; i < n; i++)
          phi[i] = sin (h[i]);
      break;

    case NTK_ACTIVATION_TANH:
      for (i = 0; i < n; i++)
        phi[i] = tanh (h[i]);
      if (dphi)
        for (i = 0; i < n; i++)
          dphi[i] = 1.0 - phi[i] * phi[i];
      break;

    case NTK_ACTIVATION_SIGMOID:
      /* σ(u) = 1/(1 + e^{−u}) is exact for all u once e^{−u} may overflow to +inf (→ 0);
       * σ'(u) = e^{−|u|}/(1 + e^{−|u|})² avoids the 1 − σ cancellation. */
      for (i = 0; i < n; i++)
        {
          double e = exp (-fabs (h[i]));
          double r = 1.0 / (1.0 + e);
          phi[i] = h[i] >= 0 ? r : e * r;
          if (dphi)
            dphi[i] = e * r * r;
        }
      break;

    case NTK_ACTIVATION_SOFTPLUS:
      for (i = 0; i < n; i++)
        {
          double e = exp (-fabs (h[i]));
          phi[i] = fmax (h[i], 0.0) + log1p (e);
          if (dphi)
            dphi[i] = h[i] >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        }
      break;

    case NTK_ACTIVATION_GELU:
      for (i = 0; i < n; i++)
        {
          double cdf = 0.5 * erfc (-h[i] * NTK_SQRT1_2);
          phi[i] = h[i] * cdf;
          if (dphi)
            dphi[i] = cdf + h[i] * NTK_1_SQRT2PI * exp (-0.5 * h[i] * h[i]);
        }
      break;

    case NTK_ACTIVATION_SILU:
      for (i = 0; i < n; i++)
        {
          double e = exp (-fabs (h[i]));
          double r = 1.0 / (1.0 + e);
          double s = h[i] >= 0 ? r : e * r;      /* σ(u)  */
          double sm = h[i] >= 0 ? e * r : r;     /* σ(−u) */
          phi[i] = h[i] * s;
          if (dphi)
            dphi[i] = s * (1.0 + h[i] * sm);
        }
      break;

    case NTK_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

gboolean
ntk_activation_is_closed_form (NtkActivation act)
{
  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:
    case NTK_ACTIVATION_RELU:
    case NTK_ACTIVATION_LEAKY_RELU:
    case NTK_ACTIVATION_ABS:
    case NTK_ACTIVATION_ERF:
    case NTK_ACTIVATION_SIN:
      return TRUE;
    case NTK_ACTIVATION_TANH:
    case NTK_ACTIVATION_SIGMOID:
    case NTK_ACTIVATION_SOFTPLUS:
    case NTK_ACTIVATION_GELU:
    case NTK_ACTIVATION_SILU:
      return FALSE;
    case NTK_N_ACTIVATIONS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The closed forms of math.md §3. c = q12/√(q11 q22) is clamped into [−1, 1]; it is exactly
 * ±1 for identical or antipodal points because √(q·q) = q in IEEE arithmetic. θ = arccos c
 * (glibc's acos is correctly rounded, so this is as accurate as atan2(sin θ, cos θ) computed
 * from the same c, and much faster), sin θ = √((1 − c)(1 + c)) keeps its relative accuracy
 * as c → ±1. At q11 = 0 or q22 = 0, c is taken as 0 (the q → 0 limit); 𝔼[φ(u)φ(v)] is then
 * 0 for all of these, and the kernel recursion multiplies 𝔼' by Θ = 0. */
void
ntk_activation_expect_closed (NtkActivation act,
                              double        leaky_slope,
                              double        q11,
                              double        q22,
                              double        q12,
                              double       *e,
                              double       *ed)
{
  double r = sqrt (q11 * q22);
  double c = r > 0 ? CLAMP (q12 / r, -1.0, 1.0) : 0.0;
  double s = sqrt ((1.0 - c) * (1.0 + c));
  double theta = acos (c);

  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:
      *e = q12;
      *ed = 1.0;
      break;

    case NTK_ACTIVATION_RELU:
      *e = r * (s + (G_PI - theta) * c) / (2 * G_PI);
      *ed = (G_PI - theta) / (2 * G_PI);
      break;

    case NTK_ACTIVATION_LEAKY_RELU:
    case NTK_ACTIVATION_ABS:
      {
        double a = act == NTK_ACTIVATION_ABS ? -1.0 : leaky_slope;
        double b = 1.0;
        double amb2 = (a - b) * (a - b);
        /* √(q11 q22 − q12²) = r sin θ, without the cancellation of the difference */
        *ed = (a * a + b * b) / 2 - amb2 * theta / (2 * G_PI);
        *e = amb2 / (2 * G_PI) * r * s + *ed * r * c;
        break;
      }

    case NTK_ACTIVATION_ERF:
      {
        double d = sqrt ((1 + 2 * q11) * (1 + 2 * q22));
        double x = CLAMP (2 * r * c / d, -1.0, 1.0);
        /* (1+2q11)(1+2q22) − 4q12² = d² (1 − x)(1 + x): stays positive and accurate */
        *e = (2 / G_PI) * asin (x);
        *ed = (4 / G_PI) / (d * sqrt ((1 - x) * (1 + x)));
        break;
      }

    case NTK_ACTIVATION_SIN:
      {
        double sp = exp (-(q11 + q22) / 2 + r * c);
        double sm = exp (-(q11 + q22) / 2 - r * c);
        *e = (sp - sm) / 2;
        *ed = (sp + sm) / 2;
        break;
      }

    case NTK_ACTIVATION_TANH:
    case NTK_ACTIVATION_SIGMOID:
    case NTK_ACTIVATION_SOFTPLUS:
    case NTK_ACTIVATION_GELU:
    case NTK_ACTIVATION_SILU:
    case NTK_N_ACTIVATIONS:
    default:
      g_return_if_reached ();
    }
}

void
ntk_activation_expect (NtkActivation act,
                       double        leaky_slope,
                       double        q11,
                       double        q22,
                       double        q12,
                       double       *e,
                       double       *ed)
{
  double e_tmp, ed_tmp;

  g_return_if_fail (act < NTK_N_ACTIVATIONS);
  g_return_if_fail (q11 >= 0 && q22 >= 0);

  if (e == NULL)
    e = &e_tmp;
  if (ed == NULL)
    ed = &ed_tmp;

  if (ntk_activation_is_closed_form (act))
    ntk_activation_expect_closed (act, leaky_slope, q11, q22, q12, e, ed);
  else
    {
      /* the analytic kernel's method (ntk-corr-table.c), for one correlation */
      g_autoptr(NtkCorrSeries) series = ntk_corr_series_new (act, leaky_slope, q11, q22);
      double r = sqrt (q11 * q22);

      ntk_corr_series_eval (series, r > 0 ? q12 / r : 0.0, e, ed);
    }
}

void
ntk_activation_expect_quadrature (NtkActivation act,
                                  double        leaky_slope,
                                  double        q11,
                                  double        q22,
                                  double        q12,
                                  double       *e,
                                  double       *ed)
{
  double e_tmp, ed_tmp;

  g_return_if_fail (act < NTK_N_ACTIVATIONS);
  g_return_if_fail (q11 >= 0 && q22 >= 0);

  if (e == NULL)
    e = &e_tmp;
  if (ed == NULL)
    ed = &ed_tmp;

  ntk_quadrature_expect (act, leaky_slope, q11, q22, q12, NTK_QUADRATURE_REFERENCE_TOL, e, ed);
}
