/* ntk-config-memory.c — how much memory a run needs, and the limit it must stay under
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>

#include "ntk-config.h"
#include "ntk-run-common.h"

/* Bytes a run needs, counted in doubles (8 bytes each).  With m = width, L = depth,
 * n = n_train, t = n_test, P = number of parameters
 *   P = d0·m + m  +  (L−1)·(m² + m)  +  m + 1,
 * the estimate is 8 × the sum of
 *   3·P                        θ, θ_0 and the gradient
 *   3·L·m·(n + t)              forward/backward caches (pre-activations, layer inputs A_l,
 *                              backpropagated Δ_l) of every hidden layer, for both batches
 *   8·n²                       Θ̂_0, Θ̂_k, Θ, Σ, two eigenvector matrices, a LAPACK
 *                              workspace and the copy a snapshot holds
 *   6·t·n                      test×train blocks of Θ̂_0, Θ, Σ and their products
 *   H·(10 + 2·32)              history, H = steps/publish_every + 2 entries of scalars and
 *                              the first 32 mode errors of the finite and linearized nets
 *   2·(6·t + 8·n)              per-snapshot vectors (predictions, variances, eigenvalues,
 *                              mode errors) of the snapshot shown and the one being built
 *   (n + t)·d0 + 4·n + 3·t     the data set
 * and, when t ≤ NTK_TEST_KERNEL_MAX_POINTS (the kernels over the test points are kept),
 *   5·t²                       Θ̂_0, Θ and Σ test×test, and the two Gram scratch blocks of
 *                              the empirical NTK over the test points
 * and, when Θ̂_k over M = ⌈t/s⌉ test points is tracked (ntk_run_ntk_k_test_stride),
 *   2·M²                       that Θ̂_k in the snapshot shown and the one being built
 *   3·L·m·M + M·d0             the cache and inputs of those points (only needed for s > 1;
 *                              counted always, to keep the formula simple)
 * For csv with d0 ≥ 2 the test set is the training set, so t = n. */
guint64
ntk_config_estimate_memory (const NtkConfig *self,
                            guint            n_train,
                            guint            d0)
{
  guint64 m, L, n, t, P, H, doubles;
  guint M = 0;

  g_return_val_if_fail (self != NULL, 0);

  m = self->width;
  L = MAX (self->depth, 1);
  n = n_train;
  t = (self->dataset == NTK_DATASET_CSV && d0 >= 2) ? n_train : self->n_test;
  P = (guint64) d0 * m + m + (L - 1) * (m * m + m) + m + 1;
  H = self->steps / MAX (self->publish_every, 1) + 2;

  doubles = 3 * P
          + 3 * L * m * (n + t)
          + 8 * n * n
          + 6 * t * n
          + H * (10 + 2 * 32)
          + 2 * (6 * t + 8 * n)
          + (n + t) * d0 + 4 * n + 3 * t;
  if (t <= NTK_TEST_KERNEL_MAX_POINTS)
    {
      doubles += 5 * t * t;
      if (ntk_run_ntk_k_test_stride (self, n_train, (guint) t, d0, &M) > 0)
        doubles += 2 * (guint64) M * M + 3 * L * m * M + (guint64) M * d0;
    }

  return doubles * sizeof (double);
}

/* Physical memory, or the container's (cgroup v2 or v1) limit if that is lower: in a
 * container or a systemd slice that limit is what the kernel enforces. 0 if unknown. */
guint64
ntk_physical_memory (void)
{
  static const char * const cgroup_files[] = {
    "/sys/fs/cgroup/memory.max",                     /* v2; "max" when unlimited */
    "/sys/fs/cgroup/memory/memory.limit_in_bytes",   /* v1; a huge number when unlimited */
  };
  guint64 total = 0;
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (pages > 0 && page_size > 0)
    total = (guint64) pages * (guint64) page_size;

  for (guint i = 0; i < G_N_ELEMENTS (cgroup_files); i++)
    {
      g_autofree char *text = NULL;
      guint64 limit;

      if (!g_file_get_contents (cgroup_files[i], &text, NULL, NULL))
        continue;
      g_strstrip (text);
      if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &limit, NULL) &&
          (total == 0 || limit < total))
        total = limit;
    }

  return total;
}

gboolean
ntk_config_check_memory (const NtkConfig *self,
                         guint            n_train,
                         guint            d0,
                         GError         **error)
{
  guint64 estimate, limit;
  g_autofree char *estimate_text = NULL;
  g_autofree char *limit_text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  estimate = ntk_config_estimate_memory (self, n_train, d0);
  limit = self->memory_limit;
  if (limit == 0)
    {
      limit = ntk_physical_memory () / 2;
      if (limit == 0)        /* unknown: nothing to compare with */
        return TRUE;
    }

  if (estimate <= limit)
    return TRUE;

  estimate_text = g_format_size_full (estimate, G_FORMAT_SIZE_IEC_UNITS);
  limit_text = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT,
               _("This run would need about %s of memory, more than the limit of %s "
                 "(memory-limit; width %u, depth %u, %u training points). "
                 "Reduce the width, the depth or the number of points."),
               estimate_text, limit_text, self->width, self->depth, n_train);
  return FALSE;
}
