/* ntk-kernel-empirical.c — the empirical NTK of a finite network, layer by layer (math.md §4)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ∂f/∂W_l = s_l δ_l a_{l−1}ᵀ and ∂f/∂b_l = σ_b δ_l with s_l = σ_w/√m_{l−1}, so
 *
 *   Θ̂(X, X') = Σ_{l=1}^{L+1} (Δ_l Δ'_lᵀ) ∘ (s_l² A_{l−1} A'_{l−1}ᵀ + σ_b² 𝟙𝟙ᵀ),   Δ_{L+1} = 1.
 *
 * Two SYRK (symmetric case) or GEMM (cross case) per layer plus a Hadamard product:
 * O(n² Σ widths) flops, O(n (Σ widths) + n²) memory. The Jacobian is never formed.
 */

#include "config.h"

#include <string.h>
#include <cblas.h>

#include "ntk-buffer.h"
#include "ntk-kernel.h"
#include "ntk-mlp-private.h"

/* Tile size of the triangle mirror: two 64×64 tiles of doubles fit in L1/L2. */
#define MIRROR_TILE 64

/* Copy the upper triangle of the n × n matrix c into its lower triangle, tile by tile so the
 * strided reads stay in cache. */
static void
mirror_upper (double *c,
              guint   n)
{
  for (guint i0 = 0; i0 < n; i0 += MIRROR_TILE)
    for (guint j0 = 0; j0 <= i0; j0 += MIRROR_TILE)
      {
        const guint i1 = MIN (i0 + MIRROR_TILE, n);
        const guint j1 = MIN (j0 + MIRROR_TILE, n);

        for (guint i = i0; i < i1; i++)
          for (guint j = j0; j < j1 && j < i; j++)
            c[(gsize) i * n + j] = c[(gsize) j * n + i];
      }
}

/* p = A1 A2ᵀ · alpha for row-major A1 (n1 × k), A2 (n2 × k); only the upper triangle when
 * symmetric (A2 = NULL). */
static void
outer (const double *a1,
       guint         n1,
       const double *a2,
       guint         n2,
       guint         k,
       double        alpha,
       double       *p)
{
  if (a2 == NULL)
    cblas_dsyrk (CblasRowMajor, CblasUpper, CblasNoTrans, n1, k,
                 alpha, a1, k, 0.0, p, n1);
  else
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n1, n2, k,
                 alpha, a1, k, a2, k, 0.0, p, n2);
}

void
ntk_empirical_ntk_cached (const NtkMlp *mlp,
                          NtkMlpCache  *c1,
                          guint         n1,
                          NtkMlpCache  *c2,
                          guint         n2,
                          double       *out)
{
  const gboolean sym = c2 == NULL;
  const guint L = mlp != NULL ? mlp->depth : 0;
  const double sb2 = mlp != NULL ? mlp->sigma_b * mlp->sigma_b : 0.0;
  double *k_buf, *p_buf;
  gsize nn;

  g_return_if_fail (mlp != NULL);
  g_return_if_fail (c1 != NULL && out != NULL);
  g_return_if_fail (c1->state == NTK_MLP_CACHE_DELTA && c1->n == n1);
  g_return_if_fail (c1->depth == mlp->depth && c1->width == mlp->width && c1->d0 == mlp->d0);
  g_return_if_fail (sym || (c2->state == NTK_MLP_CACHE_DELTA && c2->n == n2));
  g_return_if_fail (sym || (c2->depth == mlp->depth && c2->width == mlp->width && c2->d0 == mlp->d0));

  if (sym)
    n2 = n1;
  nn = (gsize) n1 * n2;

  /* Output layer (Δ_{L+1} = 1): straight into out. */
  {
    const double s = ntk_mlp_layer_scale (mlp, L + 1);

    outer (c1->a[L], n1, sym ? NULL : c2->a[L], n2, mlp->fan_in[L], s * s, out);
    for (guint i = 0; i < n1; i++)
      for (guint j = sym ? i : 0; j < n2; j++)
        out[(gsize) i * n2 + j] += sb2;
  }

  k_buf = ntk_buffer_new (2 * nn);   /* one block: huge pages from smaller n on */
  p_buf = k_buf + nn;

  for (guint l = L; l >= 1; l--)
    {
      const double s = ntk_mlp_layer_scale (mlp, l);
      const guint k = mlp->fan_in[l - 1];
      const guint m = mlp->fan_out[l - 1];

      outer (ntk_mlp_cache_layer_input (c1, l - 1), n1,
             sym ? NULL : ntk_mlp_cache_layer_input (c2, l - 1), n2, k, s * s, k_buf);
      outer (c1->d[l], n1, sym ? NULL : c2->d[l], n2, m, 1.0, p_buf);

      /* one fused pass: out += P ∘ (K + σ_b²), the upper triangle only when symmetric */
      for (guint i = 0; i < n1; i++)
        {
          const gsize row = (gsize) i * n2;

          for (guint j = sym ? i : 0; j < n2; j++)
            out[row + j] += p_buf[row + j] * (k_buf[row + j] + sb2);
        }
    }

  ntk_buffer_free (k_buf);

  if (sym)
    mirror_upper (out, n1);
}

void
ntk_empirical_ntk (const NtkMlp *mlp,
                   const double *x1,
                   guint         n1,
                   const double *x2,
                   guint         n2,
                   double       *out)
{
  g_autoptr(NtkMlpCache) c1 = NULL;
  g_autoptr(NtkMlpCache) c2 = NULL;

  g_return_if_fail (mlp != NULL);
  g_return_if_fail (x1 != NULL && n1 >= 1);
  g_return_if_fail (x2 == NULL || n2 >= 1);
  g_return_if_fail (out != NULL);

  c1 = ntk_mlp_cache_new (mlp, n1);
  ntk_mlp_forward (mlp, x1, n1, c1, NULL);
  ntk_mlp_backward (mlp, c1, NULL, NULL);

  if (x2 != NULL)
    {
      c2 = ntk_mlp_cache_new (mlp, n2);
      ntk_mlp_forward (mlp, x2, n2, c2, NULL);
      ntk_mlp_backward (mlp, c2, NULL, NULL);
    }

  ntk_empirical_ntk_cached (mlp, c1, n1, c2, n2, out);
}
