/* ntk-mlp.c — the finite fully-connected network in the NTK parameterization (math.md §1, §2)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Forward:   H_l = s_l A_{l−1} W_lᵀ + σ_b 𝟙 b_lᵀ,  A_l = φ(H_l),  s_l = σ_w/√fan_in_l,  f = H_{L+1}.
 * Backward:  G_{L+1} = dout (or 1 per example),  G_{l−1} = (s_l G_l W_l) ∘ φ'(H_{l−1}),
 *            ∂ℒ/∂W_l = s_l G_lᵀ A_{l−1},  ∂ℒ/∂b_l = σ_b 𝟙ᵀ G_l.
 * All three products per layer are GEMMs; the elementwise work (bias, φ, φ', Hadamard with
 * φ') is one pass over each matrix. The GD step never materialises ∇ℒ: it computes G_{l−1}
 * from the old W_l and then updates W_l in place with a GEMM of β = 1.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <cblas.h>

#include "ntk-activation.h"
#include "ntk-buffer.h"
#include "ntk-mlp-private.h"
#include "ntk-rng.h"

/* Layer l (1 … L+1) uses index l − 1 of fan_in, fan_out, offset_w and offset_b. */
static void
ntk_mlp_layout (NtkMlp *self)
{
  gsize offset = 0;

  for (guint l = 1; l <= self->depth + 1; l++)
    {
      guint k = l == 1 ? self->d0 : self->width;
      guint m = l == self->depth + 1 ? 1 : self->width;

      self->fan_in[l - 1] = k;
      self->fan_out[l - 1] = m;
      self->offset_w[l - 1] = offset;
      offset += (gsize) k * m;
      self->offset_b[l - 1] = offset;
      offset += m;
    }

  self->n_params = offset;
}

NtkMlp *
ntk_mlp_new (const NtkConfig *config,
             guint            d0)
{
  NtkMlp *self;
  NtkRng rng;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (d0 >= 1, NULL);
  g_return_val_if_fail (config->depth >= 1 && config->depth <= NTK_MAX_DEPTH, NULL);
  g_return_val_if_fail (config->width >= 1, NULL);

  self = g_new0 (NtkMlp, 1);
  self->activation = config->activation;
  self->leaky_slope = config->leaky_slope;
  self->d0 = d0;
  self->depth = config->depth;
  self->width = config->width;
  self->sigma_w = config->sigma_w;
  self->sigma_b = config->sigma_b;
  ntk_mlp_layout (self);

  /* θ is drawn in storage order (W¹, b¹, W², b², …) from stream 0 of the seed, so the
   * same seed gives the same network on every machine. */
  self->theta = ntk_buffer_new (self->n_params);
  ntk_rng_init (&rng, config->seed, 0);
  ntk_rng_fill_normal (&rng, self->theta, self->n_params);

  return self;
}

NtkMlp *
ntk_mlp_copy (const NtkMlp *self)
{
  NtkMlp *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->theta = ntk_buffer_new (self->n_params);
  memcpy (copy->theta, self->theta, sizeof (double) * self->n_params);

  return copy;
}

void
ntk_mlp_free (NtkMlp *self)
{
  if (self == NULL)
    return;

  ntk_buffer_free (self->theta);
  g_free (self);
}

/* Doubles of one cache: A_0, f, dout, ones, L × (A_l, φ'/Δ_l) and one n × width scratch
 * (the input's gradient is never formed, so no n × d0 product is needed). */
static guint64
ntk_mlp_cache_doubles (guint d0,
                       guint depth,
                       guint width,
                       guint n)
{
  return (guint64) n * d0 + 3 * (guint64) n
         + 2 * (guint64) depth * n * width
         + (guint64) n * width;
}

guint64
ntk_mlp_estimate_memory (guint d0,
                         guint depth,
                         guint width,
                         guint n)
{
  guint64 params;

  g_return_val_if_fail (depth >= 1, 0);

  params = (guint64) d0 * width + width                       /* layer 1 */
           + (guint64) (depth - 1) * ((guint64) width * width + width)
           + width + 1;                                        /* output layer */

  return sizeof (NtkMlp) + sizeof (NtkMlpCache)
         + sizeof (double) * (params + ntk_mlp_cache_doubles (d0, depth, width, n));
}

/* Rows of a buffer rounded up to whole cache lines, so every sub-buffer starts aligned. */
static gsize
round_up_line (gsize n_doubles)
{
  return (n_doubles + 7) & ~(gsize) 7;
}

NtkMlpCache *
ntk_mlp_cache_new (const NtkMlp *self,
                   guint         n)
{
  NtkMlpCache *cache;
  gsize nm, nx, nv;
  double *p;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n >= 1, NULL);

  nm = round_up_line ((gsize) n * self->width);
  nx = round_up_line ((gsize) n * self->d0);
  nv = round_up_line (n);

  cache = g_new0 (NtkMlpCache, 1);
  cache->capacity = n;
  cache->d0 = self->d0;
  cache->depth = self->depth;
  cache->width = self->width;
  cache->state = NTK_MLP_CACHE_EMPTY;

  /* One block for everything: large enough for huge pages even when each matrix is small. */
  cache->block = p = ntk_buffer_new (nx + 3 * nv + (2 * (gsize) self->depth + 1) * nm);
  cache->x = p;
  p += nx;
  for (guint l = 1; l <= self->depth; l++)
    {
      cache->a[l] = p;
      p += nm;
      cache->d[l] = p;
      p += nm;
    }
  cache->scratch = p;
  p += nm;
  cache->f = p;
  p += nv;
  cache->dout = p;
  p += nv;
  cache->ones = p;
  for (guint i = 0; i < n; i++)
    {
      cache->f[i] = 0.0;
      cache->dout[i] = 0.0;
      cache->ones[i] = 1.0;
    }

  return cache;
}

void
ntk_mlp_cache_free (NtkMlpCache *cache)
{
  if (cache == NULL)
    return;

  ntk_buffer_free (cache->block);
  g_free (cache);
}

static gboolean
ntk_mlp_cache_fits (const NtkMlp      *self,
                    const NtkMlpCache *cache)
{
  return cache->d0 == self->d0 && cache->depth == self->depth && cache->width == self->width;
}

/* Elements per chunk of the elementwise passes: 64 KiB of h, which stays in L2 between the
 * bias add, φ and φ' (ntk_activation_apply runs one loop for φ and one for φ'). */
#define ACTIVATE_CHUNK 8192

/* h (n × m, just out of the GEMM) → a = φ(h + σ_b b), d = φ'(h + σ_b b).
 * Whole rows at a time, a few at once when rows are short, so every element of h is read
 * from memory once. */
static void
ntk_mlp_activate (const NtkMlp *self,
                  double       *h,
                  const double *b,
                  guint         n,
                  guint         m,
                  double       *a,
                  double       *d)
{
  const double sb = self->sigma_b;
  const guint rows = MAX (1, ACTIVATE_CHUNK / m);

  for (guint i0 = 0; i0 < n; i0 += rows)
    {
      const guint i1 = MIN (n, i0 + rows);
      const gsize start = (gsize) i0 * m;

      if (sb != 0.0)
        for (guint i = i0; i < i1; i++)
          {
            double *hi = h + (gsize) i * m;

            for (guint j = 0; j < m; j++)
              hi[j] += sb * b[j];
          }
      ntk_activation_apply (self->activation, self->leaky_slope, h + start, a + start, d + start,
                            (gsize) (i1 - i0) * m);
    }
}

void
ntk_mlp_forward (const NtkMlp *self,
                 const double *x,
                 guint         n,
                 NtkMlpCache  *cache,
                 double       *f)
{
  const guint L = self->depth;
  const double *in;
  const double *w_out;
  double b_out;

  g_return_if_fail (self != NULL);
  g_return_if_fail (x != NULL);
  g_return_if_fail (cache != NULL);
  g_return_if_fail (ntk_mlp_cache_fits (self, cache));
  g_return_if_fail (n >= 1 && n <= cache->capacity);

  cache->n = n;
  memcpy (cache->x, x, sizeof (double) * n * self->d0);

  in = cache->x;
  for (guint l = 1; l <= L; l++)
    {
      const guint k = self->fan_in[l - 1];
      const guint m = self->fan_out[l - 1];
      const double *w = self->theta + self->offset_w[l - 1];
      const double *b = self->theta + self->offset_b[l - 1];

      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, m, k,
                   ntk_mlp_layer_scale (self, l), in, k, w, k,
                   0.0, cache->scratch, m);
      ntk_mlp_activate (self, cache->scratch, b, n, m, cache->a[l], cache->d[l]);
      in = cache->a[l];
    }

  /* The output layer has a single row of weights: a GEMV. */
  w_out = self->theta + self->offset_w[L];
  b_out = self->sigma_b * self->theta[self->offset_b[L]];
  cblas_dgemv (CblasRowMajor, CblasNoTrans, n, self->width,
               ntk_mlp_layer_scale (self, L + 1), in, self->width, w_out, 1,
               0.0, cache->f, 1);
  if (b_out != 0.0)
    for (guint i = 0; i < n; i++)
      cache->f[i] += b_out;

  cache->state = NTK_MLP_CACHE_FORWARD;
  if (f != NULL)
    memcpy (f, cache->f, sizeof (double) * n);
}

/* target ← β target + α ∇ (the layout of θ), where ∇ = Σ_i dout_i ∂f_i/∂θ.
 * dout = NULL: only the per-example Δ_l (target must be NULL).
 * Gradient: target = grad, α = 1, β = 0.  GD step: target = θ, α = −η, β = 1 — safe
 * because each W_l is read for G_{l−1} before it is overwritten. */
static void
ntk_mlp_backward_into (const NtkMlp *self,
                       NtkMlpCache  *cache,
                       const double *dout,
                       double       *target,
                       double        alpha,
                       double        beta)
{
  const guint L = self->depth;
  const guint n = cache->n;
  const double sb = self->sigma_b;

  /* Output layer: G_L = (g s w_{L+1}ᵀ) ∘ φ'(H_L) with g = dout or 1, fused in place. */
  {
    const guint m = self->width;
    const double s = ntk_mlp_layer_scale (self, L + 1);
    const double *w = self->theta + self->offset_w[L];
    double *dl = cache->d[L];

    for (guint i = 0; i < n; i++)
      {
        const double gi = dout != NULL ? dout[i] * s : s;
        double *row = dl + (gsize) i * m;

        for (guint j = 0; j < m; j++)
          row[j] *= gi * w[j];
      }

    if (target != NULL)
      {
        double *tb = target + self->offset_b[L];
        double sum = 0.0;

        cblas_dgemv (CblasRowMajor, CblasTrans, n, m, alpha * s, cache->a[L], m,
                     dout, 1, beta, target + self->offset_w[L], 1);
        for (guint i = 0; i < n; i++)
          sum += dout[i];
        /* β = 0 must not read the (possibly uninitialised) target */
        *tb = (beta == 0.0 ? 0.0 : beta * *tb) + alpha * sb * sum;
      }
  }

  for (guint l = L; l >= 1; l--)
    {
      const guint k = self->fan_in[l - 1];
      const guint m = self->fan_out[l - 1];
      const double s = ntk_mlp_layer_scale (self, l);
      const double *g = cache->d[l];
      const double *w = self->theta + self->offset_w[l - 1];

      /* G_{l−1} first, from the W_l that is about to be updated; never for l = 1
       * (the input's gradient is not needed). */
      if (l > 1)
        {
          double *dprev = cache->d[l - 1];
          const gsize nk = (gsize) n * k;

          cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, m,
                       s, g, m, w, k, 0.0, cache->scratch, k);
          for (gsize i = 0; i < nk; i++)
            dprev[i] *= cache->scratch[i];
        }

      if (target != NULL)
        {
          double *tb = target + self->offset_b[l - 1];

          cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, m, k, n,
                       alpha * s, g, m, ntk_mlp_cache_layer_input (cache, l - 1), k,
                       beta, target + self->offset_w[l - 1], k);
          if (sb != 0.0)
            cblas_dgemv (CblasRowMajor, CblasTrans, n, m, alpha * sb, g, m,
                         cache->ones, 1, beta, tb, 1);
          else if (beta == 0.0)
            memset (tb, 0, sizeof (double) * m);
        }
    }
}

void
ntk_mlp_backward (const NtkMlp *self,
                  NtkMlpCache  *cache,
                  const double *dout,
                  double       *grad)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cache != NULL);
  g_return_if_fail (ntk_mlp_cache_fits (self, cache));
  g_return_if_fail (cache->state == NTK_MLP_CACHE_FORWARD);
  g_return_if_fail (dout == NULL || grad != NULL);

  if (dout == NULL)
    {
      ntk_mlp_backward_into (self, cache, NULL, NULL, 0.0, 0.0);
      cache->state = NTK_MLP_CACHE_DELTA;
    }
  else
    {
      ntk_mlp_backward_into (self, cache, dout, grad, 1.0, 0.0);
      cache->state = NTK_MLP_CACHE_GRADIENT;
    }
}

double
ntk_mlp_gd_step (NtkMlp       *self,
                 NtkMlpCache  *cache,
                 const double *x,
                 const double *y,
                 guint         n,
                 double        eta,
                 double       *f_out)
{
  double loss = 0.0;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (cache != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (ntk_mlp_cache_fits (self, cache), NAN);
  g_return_val_if_fail (n >= 1 && n <= cache->capacity, NAN);

  ntk_mlp_forward (self, x, n, cache, f_out);

  /* ℒ = 1/(2n) Σ r_i², ∂ℒ/∂f_i = r_i / n */
  for (guint i = 0; i < n; i++)
    {
      const double r = cache->f[i] - y[i];

      loss += r * r;
      cache->dout[i] = r / n;
    }
  loss /= 2.0 * n;

  ntk_mlp_backward_into (self, cache, cache->dout, self->theta, -eta, 1.0);
  cache->state = NTK_MLP_CACHE_GRADIENT;

  return loss;
}
