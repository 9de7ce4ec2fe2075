/* ntk-mlp.h — the finite fully-connected network in the NTK parameterization (math.md §1, §2)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * float64 throughout. All parameters live in one contiguous vector theta so that
 * ‖θ_k − θ_0‖ is a single dnrm2. Layer l (1 … L+1) stores W^l (fan_out × fan_in,
 * row-major) followed by b^l (fan_out), in that order, layer after layer.
 * Batches are row-major n × d matrices; every heavy operation is a GEMM.
 */
#pragma once

#include "ntk-config.h"

G_BEGIN_DECLS

#define NTK_MAX_DEPTH 16

typedef struct {
  NtkActivation activation;
  double        leaky_slope;
  guint         d0, depth, width;
  double        sigma_w, sigma_b;
  gsize         n_params;
  double       *theta;                         /* n_params, contiguous; owned (ntk_mlp_free) */
  guint         fan_in[NTK_MAX_DEPTH + 1];     /* index l−1 for layer l (all four arrays) */
  guint         fan_out[NTK_MAX_DEPTH + 1];
  gsize         offset_w[NTK_MAX_DEPTH + 1];   /* offset of W^l in theta */
  gsize         offset_b[NTK_MAX_DEPTH + 1];   /* offset of b^l in theta */
} NtkMlp;

/* Per-batch buffers (pre-activations, layer inputs A_l and backpropagated Δ_l of every layer),
 * kept so forward → backward → empirical NTK reuse them. Opaque. A cache made for n points
 * serves any batch of ≤ n points of the same architecture; it is not safe to share between
 * threads at the same time (an NtkMlp may be read by several threads, each with its own cache). */
typedef struct _NtkMlpCache NtkMlpCache;

/* Architecture from @config; parameters drawn i.i.d. N(0,1) from config->seed (stream 0). */
NtkMlp      *ntk_mlp_new          (const NtkConfig *config, guint d0);
NtkMlp      *ntk_mlp_copy         (const NtkMlp *self);
void         ntk_mlp_free         (NtkMlp *self);
/* Bytes an NtkMlp plus a cache for n points take (used by the memory estimate). */
guint64      ntk_mlp_estimate_memory (guint d0, guint depth, guint width, guint n);

NtkMlpCache *ntk_mlp_cache_new    (const NtkMlp *self, guint n);
void         ntk_mlp_cache_free   (NtkMlpCache *cache);

/* f = network outputs at the n rows of x (n × d0). Fills the cache for a following backward. */
void         ntk_mlp_forward      (const NtkMlp *self, const double *x, guint n,
                                   NtkMlpCache *cache, double *f);
/* After ntk_mlp_forward on the same cache: backpropagate. @dout (n) is ∂ℒ/∂f_i;
 * grad (n_params) receives ∂ℒ/∂θ = Σ_i dout_i ∂f_i/∂θ. With dout = NULL, only the
 * per-example Δ_l = ∂f/∂h^l are computed (what the empirical NTK needs) and grad is ignored.
 * Either way the cache is consumed: run ntk_mlp_forward again before the next backward. */
void         ntk_mlp_backward     (const NtkMlp *self, NtkMlpCache *cache,
                                   const double *dout, double *grad);
/* One full-batch GD step on ℒ = 1/(2n) Σ (f − y)²: θ ← θ − η ∇ℒ.
 * Returns ℒ before the step; f_out (n, may be NULL) gets the outputs before the step. */
double       ntk_mlp_gd_step      (NtkMlp *self, NtkMlpCache *cache,
                                   const double *x, const double *y, guint n,
                                   double eta, double *f_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkMlp, ntk_mlp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkMlpCache, ntk_mlp_cache_free)

G_END_DECLS
