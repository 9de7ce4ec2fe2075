/* test-empirical-ntk.c — the structured empirical NTK equals the explicit J Jᵀ
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * J is built row by row from per-example gradients (ntk_mlp_backward with dout = 1 on a
 * single point; test-mlp checks those against finite differences), then contracted with a
 * plain triple loop. The structured formula never forms J, so this is an independent check
 * of the per-layer factorisation and its scale factors.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-kernel.h"
#include "ntk-mlp.h"
#include "ntk-test-util.h"

/* J (n × P): row i = ∂f(x_i)/∂θ */
static double *
jacobian (const NtkMlp *mlp,
          const double *x,
          guint         n)
{
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, 1);
  double *j = g_new (double, (gsize) n * mlp->n_params);
  const double one = 1.0;

  for (guint i = 0; i < n; i++)
    {
      ntk_mlp_forward (mlp, x + (gsize) i * mlp->d0, 1, cache, NULL);
      ntk_mlp_backward (mlp, cache, &one, j + (gsize) i * mlp->n_params);
    }
  return j;
}

static void
contract (const double *j1,
          guint         n1,
          const double *j2,
          guint         n2,
          gsize         p,
          double       *out)
{
  for (guint a = 0; a < n1; a++)
    for (guint b = 0; b < n2; b++)
      {
        double s = 0.0;

        for (gsize t = 0; t < p; t++)
          s += j1[a * p + t] * j2[b * p + t];
        out[a * n2 + b] = s;
      }
}

/* Relative to a reference that must not vanish: against a zero kernel the error is undefined. */
static double
rel_frobenius (const double *a,
               const double *b,
               gsize         n)
{
  g_assert_cmpfloat (ntk_test_norm (b, n), >, 0.0);
  return ntk_test_rel_distance (a, b, n);
}

typedef struct {
  NtkActivation act;
  guint depth, width, d0;
  double sigma_w, sigma_b;
} Case;

static const Case cases[] = {
  { NTK_ACTIVATION_RELU,       1, 6, 2, 1.0, 0.0 },
  { NTK_ACTIVATION_RELU,       3, 5, 2, 1.5, 0.1 },
  { NTK_ACTIVATION_ERF,        2, 7, 1, 1.5, 0.05 },
  { NTK_ACTIVATION_TANH,       4, 4, 3, 1.2, 0.5 },
  { NTK_ACTIVATION_SIN,        2, 5, 2, 2.0, 0.0 },
  { NTK_ACTIVATION_GELU,       3, 6, 2, 1.3, 0.2 },
  { NTK_ACTIVATION_LEAKY_RELU, 2, 5, 4, 1.1, 0.3 },
  { NTK_ACTIVATION_IDENTITY,   1, 3, 2, 0.7, 1.0 },
  { NTK_ACTIVATION_SOFTPLUS,   5, 3, 2, 1.0, 0.1 },
};

static void
test_symmetric (void)
{
  const guint n = 7;

  for (guint ci = 0; ci < G_N_ELEMENTS (cases); ci++)
    {
      const Case *k = &cases[ci];
      NtkConfig c = ntk_test_mlp_config (k->act, k->depth, k->width, k->sigma_w, k->sigma_b, 40 + ci);
      g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, k->d0);
      g_autofree double *x = g_new (double, n * k->d0);
      g_autofree double *j = NULL;
      double ref[7 * 7], got[7 * 7], err;

      ntk_test_fill_uniform (ci + 1, 3, x, n * k->d0);
      j = jacobian (mlp, x, n);
      contract (j, n, j, n, mlp->n_params, ref);

      for (guint t = 0; t < n * n; t++)
        got[t] = NAN;
      ntk_empirical_ntk (mlp, x, n, NULL, 0, got);

      err = rel_frobenius (got, ref, n * n);
      g_test_message ("symmetric case %u (L=%u, σ_b=%g): rel err %.3g", ci, k->depth, k->sigma_b, err);
      g_assert_cmpfloat (err, <=, 1e-10);
      /* both triangles are filled, exactly symmetric, positive diagonal */
      for (guint a = 0; a < n; a++)
        {
          g_assert_cmpfloat (got[a * n + a], >, 0.0);
          for (guint b = 0; b < a; b++)
            g_assert_cmpfloat (got[a * n + b], ==, got[b * n + a]);
        }
    }
}

static void
test_cross (void)
{
  const guint n1 = 5, n2 = 8;

  for (guint ci = 0; ci < G_N_ELEMENTS (cases); ci++)
    {
      const Case *k = &cases[ci];
      NtkConfig c = ntk_test_mlp_config (k->act, k->depth, k->width, k->sigma_w, k->sigma_b, 70 + ci);
      g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, k->d0);
      g_autofree double *x1 = g_new (double, n1 * k->d0);
      g_autofree double *x2 = g_new (double, n2 * k->d0);
      g_autofree double *j1 = NULL;
      g_autofree double *j2 = NULL;
      double ref[5 * 8], got[5 * 8], err;

      ntk_test_fill_uniform (100 + ci, 3, x1, n1 * k->d0);
      ntk_test_fill_uniform (200 + ci, 3, x2, n2 * k->d0);
      j1 = jacobian (mlp, x1, n1);
      j2 = jacobian (mlp, x2, n2);
      contract (j1, n1, j2, n2, mlp->n_params, ref);

      ntk_empirical_ntk (mlp, x1, n1, x2, n2, got);
      err = rel_frobenius (got, ref, n1 * n2);
      g_test_message ("cross case %u (L=%u, σ_b=%g): rel err %.3g", ci, k->depth, k->sigma_b, err);
      g_assert_cmpfloat (err, <=, 1e-10);
    }
}

/* The cached entry point on caches the caller filled; the cross path with x2 = x1 equals
 * the symmetric (SYRK) path. */
static void
test_cached_and_paths (void)
{
  const guint n = 12;
  NtkConfig c = ntk_test_mlp_config (NTK_ACTIVATION_TANH, 3, 9, 1.4, 0.2, 9);
  g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, 2);
  g_autoptr(NtkMlpCache) c1 = ntk_mlp_cache_new (mlp, n + 4);
  g_autoptr(NtkMlpCache) c2 = ntk_mlp_cache_new (mlp, n);
  double x[12 * 2], sym[144], cross[144], cached[144], cached_cross[144];

  ntk_test_fill_uniform (5, 3, x, G_N_ELEMENTS (x));
  ntk_empirical_ntk (mlp, x, n, NULL, 0, sym);
  ntk_empirical_ntk (mlp, x, n, x, n, cross);
  g_assert_cmpfloat (rel_frobenius (cross, sym, n * n), <=, 1e-13);

  ntk_mlp_forward (mlp, x, n, c1, NULL);
  ntk_mlp_backward (mlp, c1, NULL, NULL);
  ntk_empirical_ntk_cached (mlp, c1, n, NULL, 0, cached);
  g_assert_cmpmem (cached, sizeof cached, sym, sizeof sym);

  ntk_mlp_forward (mlp, x, n, c2, NULL);
  ntk_mlp_backward (mlp, c2, NULL, NULL);
  ntk_empirical_ntk_cached (mlp, c1, n, c2, n, cached_cross);
  g_assert_cmpmem (cached_cross, sizeof cached_cross, cross, sizeof cross);
}

/* Θ̂ of a trained network is that of the new θ: recompute after a GD step and compare with
 * a fresh J of the stepped network (catches stale caches / kernels of θ_0). */
static void
test_after_step (void)
{
  const guint n = 6;
  NtkConfig c = ntk_test_mlp_config (NTK_ACTIVATION_ERF, 2, 6, 1.5, 0.1, 21);
  g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, 2);
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
  g_autofree double *j = NULL;
  double x[6 * 2], y[6], before[36], ref[36], got[36];

  ntk_test_fill_uniform (8, 3, x, G_N_ELEMENTS (x));
  for (guint i = 0; i < n; i++)
    y[i] = 3.0 * x[2 * i];
  ntk_empirical_ntk (mlp, x, n, NULL, 0, before);
  for (guint k = 0; k < 20; k++)
    ntk_mlp_gd_step (mlp, cache, x, y, n, 0.5, NULL);

  j = jacobian (mlp, x, n);
  contract (j, n, j, n, mlp->n_params, ref);
  ntk_empirical_ntk (mlp, x, n, NULL, 0, got);
  g_assert_cmpfloat (rel_frobenius (got, ref, n * n), <=, 1e-10);
  /* a narrow net moves its kernel */
  g_assert_cmpfloat (rel_frobenius (before, ref, n * n), >, 1e-6);
}

typedef struct {
  const NtkMlp *mlp;
  const double *x;
  guint         n;
  double       *out;
} Job;

static gpointer
run_job (gpointer data)
{
  Job *job = data;

  for (guint r = 0; r < 5; r++)
    ntk_empirical_ntk (job->mlp, job->x, job->n, NULL, 0, job->out);
  return NULL;
}

/* The app computes kernels on a worker thread: the same network read by two threads at once,
 * each with its own caches, gives the main thread's result. */
static void
test_threads (void)
{
  const guint n = 40;
  NtkConfig c = ntk_test_mlp_config (NTK_ACTIVATION_GELU, 2, 96, 1.5, 0.1, 33);
  g_autoptr(NtkMlp) mlp = ntk_mlp_new (&c, 2);
  g_autofree double *x = g_new (double, 2 * n);
  g_autofree double *ref = g_new (double, n * n);
  g_autofree double *out1 = g_new (double, n * n);
  g_autofree double *out2 = g_new (double, n * n);
  Job j1 = { mlp, x, n, out1 }, j2 = { mlp, x, n, out2 };
  GThread *t1, *t2;

  ntk_test_fill_uniform (77, 3, x, 2 * n);
  ntk_empirical_ntk (mlp, x, n, NULL, 0, ref);
  t1 = g_thread_new ("ntk-1", run_job, &j1);
  t2 = g_thread_new ("ntk-2", run_job, &j2);
  g_thread_join (t1);
  g_thread_join (t2);
  g_assert_cmpfloat (rel_frobenius (out1, ref, n * n), <=, 1e-13);
  g_assert_cmpfloat (rel_frobenius (out2, ref, n * n), <=, 1e-13);
}

/* ------------------------------------------------------------------ blocks and cancellation */

/* A network and inputs large enough that the kernels are done in several blocks of rows
 * (a block is at most 2²⁶ multiply-adds: here 432 rows of 600 × 256). */
static NtkMlp *
blocked_mlp (guint    width,
             double **x,
             guint    n,
             double **xt,
             guint    m)
{
  NtkConfig c = ntk_test_mlp_config (NTK_ACTIVATION_TANH, 2, width, 1.5, 0.1, 91);
  NtkMlp *mlp = ntk_mlp_new (&c, 2);

  *x = g_new (double, 2 * n);
  ntk_test_fill_uniform (92, 3, *x, 2 * n);
  if (xt != NULL)
    {
      *xt = g_new (double, 2 * m);
      ntk_test_fill_uniform (93, 3, *xt, 2 * m);
    }
  return mlp;
}

/* Every block lands where it belongs: each row of the blocked symmetric and cross kernels
 * equals the kernel of that one point against all (one block, a different BLAS call). */
static void
test_row_blocks (void)
{
  const guint n = 600, m = 500;
  g_autofree double *x = NULL, *xt = NULL;
  g_autoptr(NtkMlp) mlp = blocked_mlp (256, &x, n, &xt, m);
  g_autoptr(NtkMlpCache) c_all = ntk_mlp_cache_new (mlp, n);
  g_autoptr(NtkMlpCache) c_one = ntk_mlp_cache_new (mlp, 1);
  g_autofree double *sym = g_new (double, (gsize) n * n), *cross = g_new (double, (gsize) m * n);
  g_autofree double *row = g_new (double, n);
  double worst = 0, err;

  ntk_empirical_ntk (mlp, x, n, NULL, 0, sym);
  ntk_empirical_ntk (mlp, xt, m, x, n, cross);
  ntk_mlp_forward (mlp, x, n, c_all, NULL);
  ntk_mlp_backward (mlp, c_all, NULL, NULL);
  for (guint i = 0; i < n + m; i += 7)
    {
      const double *xi = i < n ? x + 2 * i : xt + 2 * (i - n);
      const double *got = i < n ? sym + (gsize) i * n : cross + (gsize) (i - n) * n;

      ntk_mlp_forward (mlp, xi, 1, c_one, NULL);
      ntk_mlp_backward (mlp, c_one, NULL, NULL);
      ntk_empirical_ntk_cached (mlp, c_one, 1, c_all, n, row);
      err = rel_frobenius (got, row, n);
      g_assert_cmpfloat (err, <=, 1e-13);
      worst = MAX (worst, err);
      /* the symmetric kernel is exactly symmetric */
      if (i < n)
        for (guint j = 0; j < n; j++)
          g_assert_cmpfloat (sym[(gsize) i * n + j], ==, sym[(gsize) j * n + i]);
    }
  g_test_message ("blocked rows against single rows: worst relative difference %.2g", worst);
}

/* An already-cancelled cancellable: FALSE at once, out untouched. */
static void
test_cancel_already_cancelled (void)
{
  const guint n = 30;
  g_autofree double *x = NULL;
  g_autoptr(NtkMlp) mlp = blocked_mlp (16, &x, n, NULL, 0);
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double out[30 * 30], untouched[30 * 30];

  for (guint i = 0; i < n * n; i++)
    out[i] = untouched[i] = -3.0 - i;
  ntk_mlp_forward (mlp, x, n, cache, NULL);
  ntk_mlp_backward (mlp, cache, NULL, NULL);
  g_cancellable_cancel (cancellable);

  g_assert_false (ntk_empirical_ntk_cached_cancellable (mlp, cache, n, NULL, 0, out, cancellable));
  g_assert_false (ntk_empirical_ntk_cached_cancellable (mlp, cache, n, cache, n, out, cancellable));
  g_assert_false (ntk_empirical_ntk_cancellable (mlp, x, n, NULL, 0, out, cancellable));
  g_assert_false (ntk_empirical_ntk_cancellable (mlp, x, n, x, n, out, cancellable));
  g_assert_cmpmem (out, sizeof out, untouched, sizeof untouched);
}

/* A cancel from another thread 20 ms into a kernel of 1536 points of a width-1024 net
 * (5–10·10⁹ multiply-adds, 0.15–0.3 s here): the call gives up. The latency from the cancel
 * to the return is reported, not asserted. */
static void
test_cancel_from_thread (void)
{
  const guint n = 1536;
  g_autofree double *x = NULL;
  g_autoptr(NtkMlp) mlp = blocked_mlp (1024, &x, n, NULL, 0);
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
  g_autofree double *out = g_new (double, (gsize) n * n);

  ntk_mlp_forward (mlp, x, n, cache, NULL);
  ntk_mlp_backward (mlp, cache, NULL, NULL);
  for (guint sym = 0; sym < 2; sym++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      NtkTestCanceller canceller = { cancellable, 20000, 0 };
      GThread *thread;
      gint64 t0, returned_at;
      gboolean ok;

      t0 = g_get_monotonic_time ();
      thread = g_thread_new ("cancel-later", ntk_test_cancel_later, &canceller);
      ok = ntk_empirical_ntk_cached_cancellable (mlp, cache, n, sym ? NULL : cache, n, out, cancellable);
      returned_at = g_get_monotonic_time ();
      g_thread_join (thread);

      g_assert_false (ok);
      g_assert_cmpint (canceller.cancelled_at, >, 0);
      g_test_message ("%s, %u points, width 1024: cancelled after %.1f ms, returned %.2f ms after the cancel",
                      sym ? "symmetric" : "cross", n, (canceller.cancelled_at - t0) / 1e3,
                      (returned_at - canceller.cancelled_at) / 1e3);
    }
}

/* An uncancelled cancellable changes nothing: bitwise the plain functions' results, in blocks. */
static void
test_cancel_uncancelled_bitwise (void)
{
  const guint n = 600, m = 500;
  g_autofree double *x = NULL, *xt = NULL;
  g_autoptr(NtkMlp) mlp = blocked_mlp (256, &x, n, &xt, m);
  g_autoptr(NtkMlpCache) c1 = ntk_mlp_cache_new (mlp, n);
  g_autoptr(NtkMlpCache) c2 = ntk_mlp_cache_new (mlp, m);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gsize nn = (gsize) n * n;
  g_autofree double *ref = g_new (double, nn), *got = g_new (double, nn);

  ntk_empirical_ntk (mlp, x, n, NULL, 0, ref);
  g_assert_true (ntk_empirical_ntk_cancellable (mlp, x, n, NULL, 0, got, cancellable));
  g_assert_cmpmem (got, nn * sizeof (double), ref, nn * sizeof (double));

  ntk_empirical_ntk (mlp, xt, m, x, n, ref);
  g_assert_true (ntk_empirical_ntk_cancellable (mlp, xt, m, x, n, got, cancellable));
  g_assert_cmpmem (got, (gsize) m * n * sizeof (double), ref, (gsize) m * n * sizeof (double));

  ntk_mlp_forward (mlp, x, n, c1, NULL);
  ntk_mlp_backward (mlp, c1, NULL, NULL);
  ntk_mlp_forward (mlp, xt, m, c2, NULL);
  ntk_mlp_backward (mlp, c2, NULL, NULL);
  ntk_empirical_ntk_cached (mlp, c1, n, NULL, 0, ref);
  g_assert_true (ntk_empirical_ntk_cached_cancellable (mlp, c1, n, NULL, 0, got, cancellable));
  g_assert_cmpmem (got, nn * sizeof (double), ref, nn * sizeof (double));
  ntk_empirical_ntk_cached (mlp, c2, m, c1, n, ref);
  g_assert_true (ntk_empirical_ntk_cached_cancellable (mlp, c2, m, c1, n, got, cancellable));
  g_assert_cmpmem (got, (gsize) m * n * sizeof (double), ref, (gsize) m * n * sizeof (double));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/empirical-ntk/symmetric", test_symmetric);
  g_test_add_func ("/empirical-ntk/cross", test_cross);
  g_test_add_func ("/empirical-ntk/cached-and-paths", test_cached_and_paths);
  g_test_add_func ("/empirical-ntk/after-step", test_after_step);
  g_test_add_func ("/empirical-ntk/threads", test_threads);
  g_test_add_func ("/empirical-ntk/row-blocks", test_row_blocks);
  g_test_add_func ("/empirical-ntk/cancel/already-cancelled", test_cancel_already_cancelled);
  g_test_add_func ("/empirical-ntk/cancel/from-thread", test_cancel_from_thread);
  g_test_add_func ("/empirical-ntk/cancel/uncancelled-bitwise", test_cancel_uncancelled_bitwise);

  return g_test_run ();
}
