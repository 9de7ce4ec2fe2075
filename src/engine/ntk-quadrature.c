/* ntk-quadrature.c — private: Gaussian expectations of activations by adaptive quadrature
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Write (u, v) = (a z1, b (c z1 + s z2)) with a = √q11, b = √q22, c the correlation,
 * s = √(1 − c²) and z1, z2 independent standard normals (the Cholesky factor). Then
 *
 *   𝔼[φ(u)φ(v)] = ∫ N(z1) φ(a z1) J(z1) dz1,   J(z1) = ∫ N(z2) φ(b c z1 + b s z2) dz2,
 *
 * and the same with φ' for 𝔼[φ'(u)φ'(v)]. Both levels are adaptive Gauss–Kronrod (7/15)
 * on [−Z, Z] split at the points where φ changes fast: at large variance tanh(√q z) is
 * nearly a step, which is exactly what defeats a plain Gauss–Hermite rule (math.md §3).
 * Tolerances are absolute, scaled by the Cauchy–Schwarz bound √(𝔼φ(u)² 𝔼φ(v)²) of the result.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-activation.h"
#include "ntk-quadrature.h"

/* N(z) < 1e-19 beyond |z| = 9.3; with φ growing at most linearly the tails are < 1e-17 of
 * the scale of any result. */
#define Z_MAX     9.5
#define MAX_BREAKS 20

#define NTK_1_SQRT2PI 0.39894228040143267794

/* Gauss–Kronrod 7/15 (QUADPACK qk15) */
static const double xgk[8] = {
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.000000000000000000000000000000000,
};
static const double wgk[8] = {
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
};
static const double wg[4] = {
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
};

double
ntk_activation_d2phi (NtkActivation act,
                      double        leaky_slope,
                      double        u)
{
  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:
    case NTK_ACTIVATION_RELU:
    case NTK_ACTIVATION_LEAKY_RELU:
    case NTK_ACTIVATION_ABS:
      return 0.0;
    case NTK_ACTIVATION_ERF:
      return -2.25675833419102514779 * u * exp (-u * u);   /* −(4/√π) u e^{−u²} */
    case NTK_ACTIVATION_SIN:
      return -sin (u);
    case NTK_ACTIVATION_TANH:
      {
        double t = tanh (u);
        return -2 * t * (1 - t * t);
      }
    case NTK_ACTIVATION_SIGMOID:
      {
        double sp = ntk_activation_phi (NTK_ACTIVATION_SIGMOID, 0, u);
        double sm = ntk_activation_phi (NTK_ACTIVATION_SIGMOID, 0, -u);
        return sp * sm * (sm - sp);
      }
    case NTK_ACTIVATION_SOFTPLUS:
      return ntk_activation_dphi (NTK_ACTIVATION_SIGMOID, 0, u);
    case NTK_ACTIVATION_GELU:
      return NTK_1_SQRT2PI * exp (-0.5 * u * u) * (2 - u * u);
    case NTK_ACTIVATION_SILU:
      {
        double sp = ntk_activation_phi (NTK_ACTIVATION_SIGMOID, 0, u);
        double sm = ntk_activation_phi (NTK_ACTIVATION_SIGMOID, 0, -u);
        return sp * sm * (2 + u * (sm - sp));
      }
    case NTK_N_ACTIVATIONS:
    default:
      g_return_val_if_reached (NAN);
    }
}

double
ntk_activation_transition_width (NtkActivation act)
{
  switch (act)
    {
    case NTK_ACTIVATION_IDENTITY:
    case NTK_ACTIVATION_RELU:
    case NTK_ACTIVATION_LEAKY_RELU:
    case NTK_ACTIVATION_ABS:
      return 0.0;
    case NTK_ACTIVATION_ERF:      return 5.5;    /* erfc(5.5) ≈ 7e-15 */
    case NTK_ACTIVATION_TANH:     return 16.0;   /* 2e^{−32} ≈ 3e-14 */
    case NTK_ACTIVATION_GELU:     return 8.0;    /* N(8) ≈ 5e-15 */
    case NTK_ACTIVATION_SIGMOID:
    case NTK_ACTIVATION_SOFTPLUS:
    case NTK_ACTIVATION_SILU:     return 34.0;   /* 34 e^{−34} ≈ 6e-14 */
    case NTK_ACTIVATION_SIN:      return INFINITY;
    case NTK_N_ACTIVATIONS:
    default:
      g_return_val_if_reached (0.0);
    }
}

/* A vector-valued integrand: out[0], out[1] at x. */
typedef void (*Integrand2) (gpointer data, double x, double out[2]);

typedef struct {
  Integrand2 f;
  gpointer   data;
  double     tol[2];      /* absolute tolerance of the whole integral, per component */
} Adaptive;

static void
gk15 (const Adaptive *ad,
      double          lo,
      double          hi,
      double          res[2],
      double          err[2])
{
  double centre = 0.5 * (lo + hi);
  double half = 0.5 * (hi - lo);
  double fc[2], rk[2], rg[2];
  int j;

  ad->f (ad->data, centre, fc);
  for (int k = 0; k < 2; k++)
    {
      rk[k] = wgk[7] * fc[k];
      rg[k] = wg[3] * fc[k];
    }
  for (j = 0; j < 7; j++)
    {
      double f1[2], f2[2];
      double dx = half * xgk[j];

      ad->f (ad->data, centre - dx, f1);
      ad->f (ad->data, centre + dx, f2);
      for (int k = 0; k < 2; k++)
        {
          rk[k] += wgk[j] * (f1[k] + f2[k]);
          if (j % 2 == 1)
            rg[k] += wg[j / 2] * (f1[k] + f2[k]);
        }
    }
  for (int k = 0; k < 2; k++)
    {
      res[k] = rk[k] * half;
      err[k] = fabs ((rk[k] - rg[k]) * half);
    }
}

/* Globally adaptive (as QUADPACK qag): keep bisecting the segment with the largest
 * error until the summed error of both components is within the absolute tolerances.
 * The |K15 − G7| estimate bounds the error of G7; the Kronrod result is much better than
 * that, so the accepted error is conservative. */
typedef struct {
  double lo, hi;
  double res[2], err[2];
} Segment;

#define MAX_SEGMENTS 4000

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* ∫_{−Z}^{Z} over the segments cut at @breaks (any order, out-of-range ones ignored);
 * ad->tol is the absolute tolerance of the whole integral, per component. */
static void
integrate (const Adaptive *ad,
           double         *breaks,
           int             n_breaks,
           double          out[2])
{
  Segment stack_segs[64];
  Segment *segs = stack_segs;
  int cap = G_N_ELEMENTS (stack_segs);
  double pts[MAX_BREAKS + 2];
  double total_err[2] = { 0, 0 };
  int n = 0, n_segs = 0;

  pts[n++] = -Z_MAX;
  for (int i = 0; i < n_breaks && n < MAX_BREAKS + 1; i++)
    if (isfinite (breaks[i]) && breaks[i] > -Z_MAX && breaks[i] < Z_MAX)
      pts[n++] = breaks[i];
  pts[n++] = Z_MAX;
  qsort (pts + 1, n - 2, sizeof (double), compare_doubles);

  for (int i = 0; i + 1 < n; i++)
    if (pts[i + 1] > pts[i])
      {
        Segment *sg = &segs[n_segs++];
        sg->lo = pts[i];
        sg->hi = pts[i + 1];
        gk15 (ad, sg->lo, sg->hi, sg->res, sg->err);
        total_err[0] += sg->err[0];
        total_err[1] += sg->err[1];
      }

  while ((total_err[0] > ad->tol[0] || total_err[1] > ad->tol[1]) && n_segs < MAX_SEGMENTS)
    {
      int worst = 0;
      double worst_err = -1;
      Segment *sg, *nw;
      double mid;

      for (int i = 0; i < n_segs; i++)
        {
          double e = MAX (segs[i].err[0] / ad->tol[0], segs[i].err[1] / ad->tol[1]);
          if (e > worst_err)
            {
              worst_err = e;
              worst = i;
            }
        }
      sg = &segs[worst];
      mid = 0.5 * (sg->lo + sg->hi);
      if (!(mid > sg->lo && mid < sg->hi))
        break;   /* bisected down to rounding: nothing more to gain */

      if (n_segs == cap)
        {
          Segment *bigger;

          cap *= 4;
          if (segs == stack_segs)
            {
              bigger = g_new (Segment, cap);
              memcpy (bigger, stack_segs, sizeof stack_segs);
            }
          else
            bigger = g_renew (Segment, segs, cap);
          segs = bigger;
          sg = &segs[worst];
        }

      total_err[0] -= sg->err[0];
      total_err[1] -= sg->err[1];
      nw = &segs[n_segs++];
      nw->lo = mid;
      nw->hi = sg->hi;
      sg->hi = mid;
      gk15 (ad, sg->lo, sg->hi, sg->res, sg->err);
      gk15 (ad, nw->lo, nw->hi, nw->res, nw->err);
      total_err[0] += sg->err[0] + nw->err[0];
      total_err[1] += sg->err[1] + nw->err[1];
    }

  /* Sum smallest-first is not needed at these tolerances; a plain sum is fine. */
  out[0] = out[1] = 0.0;
  for (int i = 0; i < n_segs; i++)
    {
      out[0] += segs[i].res[0];
      out[1] += segs[i].res[1];
    }
  if (segs != stack_segs)
    g_free (segs);
}

/* Break points of x ↦ φ(m + σ x): the kink/centre −m/σ and a graded set of distances
 * (in units of u) out to @width, beyond which φ is (piece-wise) linear or constant. */
static int
add_breaks (double  *breaks,
            int      n,
            double   centre,
            double   sigma,
            double   width)
{
  static const double steps[] = { 1.0, 4.0 };

  if (!(sigma > 0) || !isfinite (centre))
    return n;
  breaks[n++] = centre;
  if (width > 0 && isfinite (width))
    {
      for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
        if (steps[k] < width)
          {
            breaks[n++] = centre - steps[k] / sigma;
            breaks[n++] = centre + steps[k] / sigma;
          }
      breaks[n++] = centre - width / sigma;
      breaks[n++] = centre + width / sigma;
    }
  return n;
}

typedef struct {
  NtkActivation act;
  double        slope;
  double        a, b, c, s;
  double        width;
  Adaptive      inner;
} Expect2;

typedef struct {
  NtkActivation act;
  double        slope;
  double        m, sigma;
} InnerData;

static void
inner_integrand (gpointer data,
                 double   z2,
                 double   out[2])
{
  InnerData *d = data;
  double v = d->m + d->sigma * z2;
  double w = NTK_1_SQRT2PI * exp (-0.5 * z2 * z2);

  out[0] = w * ntk_activation_phi (d->act, d->slope, v);
  out[1] = w * ntk_activation_dphi (d->act, d->slope, v);
}

static void
outer_integrand (gpointer data,
                 double   z1,
                 double   out[2])
{
  Expect2 *d = data;
  double u = d->a * z1;
  double w = NTK_1_SQRT2PI * exp (-0.5 * z1 * z1);
  double j[2];
  InnerData in = { d->act, d->slope, d->b * d->c * z1, d->b * d->s };
  Adaptive ad = d->inner;

  ad.data = &in;
  if (in.sigma > 0)
    {
      double breaks[MAX_BREAKS];
      int nb = add_breaks (breaks, 0, -in.m / in.sigma, in.sigma, d->width);

      integrate (&ad, breaks, nb, j);
    }
  else
    {
      /* v = m is deterministic */
      j[0] = ntk_activation_phi (d->act, d->slope, in.m);
      j[1] = ntk_activation_dphi (d->act, d->slope, in.m);
    }

  out[0] = w * ntk_activation_phi (d->act, d->slope, u) * j[0];
  out[1] = w * ntk_activation_dphi (d->act, d->slope, u) * j[1];
}

typedef struct {
  NtkActivation act;
  double        slope;
  double        a;
} Diag;

static void
diag_integrand (gpointer data,
                double   z,
                double   out[2])
{
  Diag *d = data;
  double u = d->a * z;
  double w = NTK_1_SQRT2PI * exp (-0.5 * z * z);
  double p = ntk_activation_phi (d->act, d->slope, u);
  double dp = ntk_activation_dphi (d->act, d->slope, u);

  out[0] = w * p * p;
  out[1] = w * dp * dp;
}

void
ntk_quadrature_expect_diag (NtkActivation act,
                            double        leaky_slope,
                            double        q,
                            double        tol,
                            double       *m,
                            double       *md)
{
  Diag d = { act, leaky_slope, sqrt (q) };
  Adaptive ad = { diag_integrand, &d, { 0, 0 } };
  double breaks[MAX_BREAKS];
  double out[2];
  double p0 = ntk_activation_phi (act, leaky_slope, 0.0);
  double dp0 = ntk_activation_dphi (act, leaky_slope, 0.0);
  int nb;

  g_return_if_fail (q >= 0);

  if (d.a == 0)
    {
      *m = p0 * p0;
      *md = dp0 * dp0;
      return;
    }

  /* Scale: a cheap first pass at a loose tolerance; φ² and φ'² are non-negative, so it
   * is the magnitude of the result itself. */
  nb = add_breaks (breaks, 0, 0.0, d.a, ntk_activation_transition_width (act));
  ad.tol[0] = ad.tol[1] = 1e-3 * MAX (1.0, q);
  integrate (&ad, breaks, nb, out);
  ad.tol[0] = tol * MAX (fabs (out[0]), 1e-300);
  ad.tol[1] = tol * MAX (fabs (out[1]), 1e-300);
  integrate (&ad, breaks, nb, out);
  *m = out[0];
  *md = out[1];
}

void
ntk_quadrature_expect (NtkActivation act,
                       double        leaky_slope,
                       double        q11,
                       double        q22,
                       double        q12,
                       double        tol,
                       double       *e,
                       double       *ed)
{
  Expect2 d;
  Adaptive outer;
  double m1, md1, m2, md2, scale, scale_d;
  double breaks[MAX_BREAKS];
  double out[2];
  int nb = 0;

  g_return_if_fail (q11 >= 0 && q22 >= 0);

  d.act = act;
  d.slope = leaky_slope;
  d.a = sqrt (q11);
  d.b = sqrt (q22);
  /* c exactly as the closed forms compute it: near c = ±1, θ = arccos c is so sensitive
   * that one ulp of c is visible in 𝔼' for relu */
  d.c = q11 > 0 && q22 > 0 ? CLAMP (q12 / sqrt (q11 * q22), -1.0, 1.0) : 0.0;
  d.s = sqrt ((1 - d.c) * (1 + d.c));
  d.width = ntk_activation_transition_width (act);

  ntk_quadrature_expect_diag (act, leaky_slope, q11, 1e-6, &m1, &md1);
  ntk_quadrature_expect_diag (act, leaky_slope, q22, 1e-6, &m2, &md2);
  scale = sqrt (m1 * m2);
  scale_d = sqrt (md1 * md2);

  /* Nested: the inner integral is asked for a tenth of the outer tolerance, so that its
   * error does not look like structure to the outer bisection. */
  d.inner.f = inner_integrand;
  d.inner.data = NULL;
  d.inner.tol[0] = 0.1 * tol * MAX (sqrt (m2), 1e-300);
  d.inner.tol[1] = 0.1 * tol * MAX (sqrt (md2), 1e-300);
  outer.f = outer_integrand;
  outer.data = &d;
  outer.tol[0] = tol * MAX (scale, 1e-300);
  outer.tol[1] = tol * MAX (scale_d, 1e-300);

  /* Outer break points: where φ(a z1) changes fast, and where J(z1) does. J is φ smoothed
   * by a Gaussian of std σ = b s, evaluated at m = b c z1: it turns over for |m| within
   * width + 8σ, and on the scale σ itself (that is what makes a relu kernel near c = −1
   * live on a sliver z1 ∈ [0, O(s)]). */
  nb = add_breaks (breaks, nb, 0.0, d.a, d.width);
  if (d.b * fabs (d.c) > 0)
    {
      double bc = d.b * fabs (d.c);
      double sigma = d.b * d.s;
      double w = (isfinite (d.width) ? d.width : 0.0) + 8 * sigma;
      const double marks[] = { sigma, 4 * sigma, 1.0, 4.0, w };

      for (guint k = 0; k < G_N_ELEMENTS (marks); k++)
        if (marks[k] > 0 && marks[k] <= w && nb + 2 <= MAX_BREAKS)
          {
            breaks[nb++] = -marks[k] / bc;
            breaks[nb++] = marks[k] / bc;
          }
    }
  integrate (&outer, breaks, nb, out);
  *e = out[0];
  *ed = out[1];
}
