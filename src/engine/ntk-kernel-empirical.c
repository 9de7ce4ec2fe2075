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
 * Large products are done in blocks of rows (a few ms each) so that a cancel lands quickly.
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

/* Work between two looks at the cancellable, in multiply-adds: ~7 ms at the ~9.5 GFMA/s
 * OpenBLAS reaches on the 2-core development machine. Products larger than this are done
 * in blocks of rows. */
#define BLOCK_FMA ((guint64) 1 << 26)
/* Rows per block are a multiple of this. With OpenBLAS 0.3.21 the symmetric products then
 * give bitwise the entries of one call over all rows; cross products differ in the last bit
 * (≤ 7e-16 relative) where OpenBLAS splits the rows among its threads differently. */
#define BLOCK_ROW_MULTIPLE 8
/* ... and at least this many: thinner blocks re-pack the other operand for too little work
 * (16-row blocks made the 1024-point, width-4096 kernel 9% slower). At that size a 64-row
 * block is ~28 ms; only larger products wait longer between looks at the cancellable. */
#define BLOCK_MIN_ROWS 64

/* Rows of p = alpha A1[i0 … i0+rows) A2ᵀ for row-major A1 (n1 × k), A2 (n2 × k), into p
 * (rows × n2, row r holding row i0 + r). Symmetric (A2 = NULL): only columns j ≥ i, as
 * SYRK on the diagonal block and GEMM right of it; one block of all rows is one SYRK. */
static void
outer_rows (const double *a1,
            guint         n1,
            const double *a2,
            guint         n2,
            guint         k,
            double        alpha,
            guint         i0,
            guint         rows,
            double       *p)
{
  const double *a = a1 + (gsize) i0 * k;

  if (a2 == NULL)
    {
      cblas_dsyrk (CblasRowMajor, CblasUpper, CblasNoTrans, rows, k,
                   alpha, a, k, 0.0, p + i0, n2);
      if (i0 + rows < n1)
        cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, n1 - i0 - rows, k,
                     alpha, a, k, a1 + (gsize) (i0 + rows) * k, k, 0.0, p + i0 + rows, n2);
    }
  else
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, n2, k,
                 alpha, a, k, a2, k, 0.0, p, n2);
}

/* Rows per block so that one product of the widest layer stays within BLOCK_FMA, but at
 * least BLOCK_MIN_ROWS. */
static guint
block_rows (const NtkMlp *mlp,
            guint         n1,
            guint         n2)
{
  guint k_max = 1;
  guint64 rows;

  for (guint l = 0; l <= mlp->depth; l++)
    k_max = MAX (k_max, MAX (mlp->fan_in[l], mlp->fan_out[l]));
  rows = BLOCK_FMA / ((guint64) MAX (n2, 1) * k_max);
  rows = MAX (rows / BLOCK_ROW_MULTIPLE * BLOCK_ROW_MULTIPLE, BLOCK_MIN_ROWS);
  return (guint) MIN (rows, (guint64) n1);
}

gboolean
ntk_empirical_ntk_cached_cancellable (const NtkMlp  *mlp,
                                      NtkMlpCache   *c1,
                                      guint          n1,
                                      NtkMlpCache   *c2,
                                      guint          n2,
                                      double        *out,
                                      GCancellable  *cancellable)
{
  const gboolean sym = c2 == NULL;
  const guint L = mlp != NULL ? mlp->depth : 0;
  const double sb2 = mlp != NULL ? mlp->sigma_b * mlp->sigma_b : 0.0;
  double *k_buf, *p_buf;
  gboolean ok = TRUE;
  guint rows;
  gsize block;

  g_return_val_if_fail (mlp != NULL, FALSE);
  g_return_val_if_fail (c1 != NULL && out != NULL, FALSE);
  g_return_val_if_fail (c1->state == NTK_MLP_CACHE_DELTA && c1->n == n1, FALSE);
  g_return_val_if_fail (c1->depth == mlp->depth && c1->width == mlp->width && c1->d0 == mlp->d0, FALSE);
  g_return_val_if_fail (sym || (c2->state == NTK_MLP_CACHE_DELTA && c2->n == n2), FALSE);
  g_return_val_if_fail (sym || (c2->depth == mlp->depth && c2->width == mlp->width && c2->d0 == mlp->d0), FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  if (sym)
    n2 = n1;
  if (n1 == 0)
    return TRUE;

  /* Block by block of rows, every layer of a block in turn: each entry still gets its terms
   * in the same order (output layer, then l = L … 1), whatever the blocks. */
  rows = block_rows (mlp, n1, n2);
  block = (gsize) rows * n2;
  k_buf = ntk_buffer_new (2 * block);   /* one block: huge pages from smaller n on */
  p_buf = k_buf + block;

  for (guint i0 = 0; i0 < n1 && ok; i0 += rows)
    {
      const guint m_rows = MIN (rows, n1 - i0);
      double *o = out + (gsize) i0 * n2;

      /* Output layer (Δ_{L+1} = 1): straight into out. */
      {
        const double s = ntk_mlp_layer_scale (mlp, L + 1);

        outer_rows (c1->a[L], n1, sym ? NULL : c2->a[L], n2, mlp->fan_in[L], s * s, i0, m_rows, o);
        for (guint r = 0; r < m_rows; r++)
          for (guint j = sym ? i0 + r : 0; j < n2; j++)
            o[(gsize) r * n2 + j] += sb2;
      }

      for (guint l = L; l >= 1; l--)
        {
          const double s = ntk_mlp_layer_scale (mlp, l);
          const guint k = mlp->fan_in[l - 1];
          const guint m = mlp->fan_out[l - 1];

          if (g_cancellable_is_cancelled (cancellable))
            {
              ok = FALSE;
              break;
            }
          outer_rows (ntk_mlp_cache_layer_input (c1, l - 1), n1,
                      sym ? NULL : ntk_mlp_cache_layer_input (c2, l - 1), n2, k, s * s,
                      i0, m_rows, k_buf);
          if (g_cancellable_is_cancelled (cancellable))
            {
              ok = FALSE;
              break;
            }
          outer_rows (c1->d[l], n1, sym ? NULL : c2->d[l], n2, m, 1.0, i0, m_rows, p_buf);

          /* one fused pass: out += P ∘ (K + σ_b²), the upper triangle only when symmetric */
          for (guint r = 0; r < m_rows; r++)
            {
              const gsize row = (gsize) r * n2;

              for (guint j = sym ? i0 + r : 0; j < n2; j++)
                o[row + j] += p_buf[row + j] * (k_buf[row + j] + sb2);
            }
        }
      if (g_cancellable_is_cancelled (cancellable))
        ok = FALSE;
    }

  ntk_buffer_free (k_buf);

  if (ok && sym)
    mirror_upper (out, n1);
  return ok;
}

void
ntk_empirical_ntk_cached (const NtkMlp *mlp,
                          NtkMlpCache  *c1,
                          guint         n1,
                          NtkMlpCache  *c2,
                          guint         n2,
                          double       *out)
{
  ntk_empirical_ntk_cached_cancellable (mlp, c1, n1, c2, n2, out, NULL);
}

gboolean
ntk_empirical_ntk_cancellable (const NtkMlp  *mlp,
                               const double  *x1,
                               guint          n1,
                               const double  *x2,
                               guint          n2,
                               double        *out,
                               GCancellable  *cancellable)
{
  g_autoptr(NtkMlpCache) c1 = NULL;
  g_autoptr(NtkMlpCache) c2 = NULL;

  g_return_val_if_fail (mlp != NULL, FALSE);
  g_return_val_if_fail (x1 != NULL && n1 >= 1, FALSE);
  g_return_val_if_fail (x2 == NULL || n2 >= 1, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* the forward and backward passes are not interruptible: look between them */
  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  c1 = ntk_mlp_cache_new (mlp, n1);
  ntk_mlp_forward (mlp, x1, n1, c1, NULL);
  ntk_mlp_backward (mlp, c1, NULL, NULL);

  if (x2 != NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      c2 = ntk_mlp_cache_new (mlp, n2);
      ntk_mlp_forward (mlp, x2, n2, c2, NULL);
      ntk_mlp_backward (mlp, c2, NULL, NULL);
    }

  return ntk_empirical_ntk_cached_cancellable (mlp, c1, n1, c2, n2, out, cancellable);
}

void
ntk_empirical_ntk (const NtkMlp *mlp,
                   const double *x1,
                   guint         n1,
                   const double *x2,
                   guint         n2,
                   double       *out)
{
  ntk_empirical_ntk_cancellable (mlp, x1, n1, x2, n2, out, NULL);
}
