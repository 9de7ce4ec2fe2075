/* ntk-mlp-private.h — the layout of NtkMlpCache, shared by the MLP and the empirical NTK
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layer l (1 … L+1) has fan-in m_{l−1} = mlp->fan_in[l−1] and fan-out mlp->fan_out[l−1];
 * every matrix is row-major with one row per example and no padding.
 */
#pragma once

#include <math.h>

#include "ntk-mlp.h"

G_BEGIN_DECLS

typedef enum {
  NTK_MLP_CACHE_EMPTY,     /* nothing computed yet */
  NTK_MLP_CACHE_FORWARD,   /* a[], d[] = φ'(H_l), f valid */
  NTK_MLP_CACHE_DELTA,     /* after backward (dout = NULL): d[l] = Δ_l = ∂f/∂h^l per example */
  NTK_MLP_CACHE_GRADIENT,  /* after backward with dout: d[l] = diag(dout) Δ_l (consumed) */
} NtkMlpCacheState;

struct _NtkMlpCache
{
  guint   capacity;                   /* rows the buffers hold */
  guint   n;                          /* rows of the last forward (≤ capacity) */
  guint   d0, depth, width;           /* the architecture the cache was made for */
  NtkMlpCacheState state;

  double *block;                      /* one allocation holding all the buffers below */
  double *x;                          /* A_0: copy of the inputs, capacity × d0 */
  double *a[NTK_MAX_DEPTH + 1];       /* a[l], l = 1 … L: A_l = φ(H_l), capacity × width */
  double *d[NTK_MAX_DEPTH + 1];       /* d[l], l = 1 … L: φ'(H_l), then Δ_l in place */
  double *f;                          /* capacity: network outputs */
  double *dout;                       /* capacity: ∂ℒ/∂f of a GD step */
  double *ones;                       /* capacity: all 1, for the bias column sums */
  double *scratch;                    /* capacity × max(width, d0): pre-activations, G W products */
};

/* The scale σ_w/√fan_in of layer l (1 … L+1): it multiplies the forward and the weight gradient. */
static inline double
ntk_mlp_layer_scale (const NtkMlp *self,
                     guint         l)
{
  return self->sigma_w / sqrt ((double) self->fan_in[l - 1]);
}

/* A_l of the cache (A_0 is the stored input). */
static inline const double *
ntk_mlp_cache_layer_input (const NtkMlpCache *cache,
                           guint              l)
{
  return l == 0 ? cache->x : cache->a[l];
}

G_END_DECLS
