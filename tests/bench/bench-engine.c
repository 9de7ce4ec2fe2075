/* bench-engine.c — timings of the numerical core against the machine's dgemm roofline
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One JSON object per line on stdout, one line per measurement:
 *   roofline   GFLOP/s of a large square dgemm (the yardstick of every "fraction")
 *   ntk-small  empirical NTK, n = 256, width 512, depth 3, relu (the peer comparison size)
 *   ntk-big    empirical NTK, n = 1024, width 4096, depth 3: time, flops, fraction, peak RSS
 *   step       one full-batch GD step, n = 1024, width 4096, depth 3
 *   analytic   analytic NTK of a 512 × 256 block, depth 4, relu and tanh
 *   analytic-extreme  (only with --only analytic-extreme: minutes) the app's analytic kernels
 *              (train × train and test × train, n_train 32, n_test 256) for gelu softplus silu
 *              tanh sigmoid × σ_w 2 4 8 10 × depth 4 6 10 16 on circle, interval and random 2-d
 *              data: one run each, the variances reach 1e30 there
 * OpenBLAS runs on 2 threads (--threads). Times are medians of --repeat runs after one warm-up.
 * The NTK set-ups (with their peak RSS) come before the roofline's matrices are allocated.
 * ntk-big and step also time a roofline GEMM right before each run and report the median of
 * the per-run ratios (paired_fraction_of_roofline), which stays meaningful on a loaded machine.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <cblas.h>

#include "ntk-config.h"
#include "ntk-dataset.h"
#include "ntk-kernel.h"
#include "ntk-mlp.h"

static int    opt_threads = 2;
static int    opt_repeat = 5;
static char  *opt_only = NULL;
static gboolean opt_no_roofline = FALSE;
static double roofline_gflops = NAN;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *t,
        int     n)
{
  qsort (t, n, sizeof (double), cmp_double);
  return n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
}

static double
peak_rss_mib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;   /* ru_maxrss is in KiB on Linux */
}

static gboolean
wanted (const char *part)
{
  g_auto(GStrv) parts = NULL;

  if (opt_only == NULL)
    return TRUE;
  parts = g_strsplit (opt_only, ",", -1);
  return g_strv_contains ((const char *const *) parts, part);
}

/* circle inputs x_i = (cos γ_i, sin γ_i), γ_i = 2π i / n, as the data set and the peer use */
static double *
circle (guint n)
{
  double *x = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      x[2 * i] = cos (2.0 * G_PI * i / n);
      x[2 * i + 1] = sin (2.0 * G_PI * i / n);
    }
  return x;
}

static NtkConfig *
bench_config (NtkActivation act,
              guint         depth,
              guint         width)
{
  NtkConfig *c = ntk_config_new ();

  c->activation = act;
  c->depth = depth;
  c->width = width;
  c->sigma_w = 1.5;
  c->sigma_b = 0.1;
  c->seed = 1;
  return c;
}

/* Σ_l fan_in·fan_out: the multiply-adds of one forward per example */
static double
weight_count (const NtkMlp *mlp)
{
  double w = 0.0;

  for (guint l = 1; l <= mlp->depth + 1; l++)
    w += (double) mlp->fan_in[l - 1] * mlp->fan_out[l - 1];
  return w;
}

/* The same without layer 1, whose input gradient is never formed */
static double
weight_count_backprop (const NtkMlp *mlp)
{
  return weight_count (mlp) - (double) mlp->fan_in[0] * mlp->fan_out[0];
}

/* Flops of the structured empirical NTK, symmetric case: forward + backward of Δ, then per
 * layer a SYRK of A_{l−1} (n(n+1)·fan_in) and, below the output, one of Δ_l (n(n+1)·fan_out). */
static double
ntk_flops (const NtkMlp *mlp,
           guint         n)
{
  double f = 2.0 * n * (weight_count (mlp) + weight_count_backprop (mlp));

  for (guint l = 1; l <= mlp->depth + 1; l++)
    {
      f += (double) n * (n + 1) * mlp->fan_in[l - 1];
      if (l <= mlp->depth)
        f += (double) n * (n + 1) * mlp->fan_out[l - 1];
    }
  return f;
}

/* Flops of one GD step: forward, backprop of G, and the weight update GEMMs */
static double
step_flops (const NtkMlp *mlp,
            guint         n)
{
  return 2.0 * n * (2.0 * weight_count (mlp) + weight_count_backprop (mlp));
}

/* The yardstick: C = A B for square n = 4096. The matrices live for the whole run so that
 * ntk-big and step can time a roofline GEMM right before each of their runs: on a shared
 * machine the load changes from second to second, and a fraction taken from adjacent runs
 * is far steadier than one against a roofline measured a minute earlier. */
#define ROOF_N 4096

typedef struct {
  double *a, *b, *c;
} Roofline;

static Roofline roof;

static double
roofline_once (void)
{
  double t0 = now ();

  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, ROOF_N, ROOF_N, ROOF_N,
               1.0, roof.a, ROOF_N, roof.b, ROOF_N, 0.0, roof.c, ROOF_N);
  return 2.0 * ROOF_N * (double) ROOF_N * ROOF_N / (now () - t0) * 1e-9;   /* GFLOP/s */
}

static void
bench_roofline (void)
{
  const gsize nn = (gsize) ROOF_N * ROOF_N;
  const int reps = MAX (3, opt_repeat / 2);
  g_autofree double *g = g_new (double, reps);
  double best = 0.0;

  roof.a = g_new (double, nn);
  roof.b = g_new (double, nn);
  roof.c = g_new (double, nn);
  for (gsize i = 0; i < nn; i++)
    {
      roof.a[i] = sin (0.001 * i);
      roof.b[i] = cos (0.002 * i);
    }
  roofline_once ();
  for (int r = 0; r < reps; r++)
    {
      g[r] = roofline_once ();
      best = MAX (best, g[r]);
    }
  roofline_gflops = median (g, reps);
  printf ("{\"bench\": \"roofline\", \"n\": %d, \"threads\": %d, \"repeat\": %d, "
          "\"gflops\": %.2f, \"gflops_best\": %.2f}\n",
          ROOF_N, opt_threads, reps, roofline_gflops, best);
  fflush (stdout);
}

static void
free_roofline (void)
{
  g_clear_pointer (&roof.a, g_free);
  g_clear_pointer (&roof.b, g_free);
  g_clear_pointer (&roof.c, g_free);
}

static double
fraction (double flops,
          double seconds)
{
  return flops / seconds * 1e-9 / roofline_gflops;
}

/* Timing of one measured operation: median time, and the median over runs of
 * (its GFLOP/s) / (a roofline GEMM run just before it) when the roofline is there. */
typedef struct {
  double seconds;
  double paired_fraction;
} Timing;

static Timing
time_runs (void   (*run) (gpointer),
           gpointer data,
           double   flops,
           int      reps,
           gboolean paired)
{
  g_autofree double *t = g_new (double, reps);
  g_autofree double *f = g_new (double, reps);
  Timing res;

  paired = paired && roof.a != NULL;
  for (int r = 0; r < reps; r++)
    {
      double roof_gflops = paired ? roofline_once () : NAN;
      double t0 = now ();

      run (data);
      t[r] = now () - t0;
      f[r] = flops / t[r] * 1e-9 / roof_gflops;
    }
  res.seconds = median (t, reps);
  res.paired_fraction = paired ? median (f, reps) : NAN;
  return res;
}

typedef struct {
  const NtkMlp *mlp;
  const double *x;
  guint         n;
  double       *k;
} NtkJob;

static void
run_ntk (gpointer data)
{
  NtkJob *job = data;

  ntk_empirical_ntk (job->mlp, job->x, job->n, NULL, 0, job->k);
}

typedef struct {
  const char *name;
  guint       n, width, depth;
  int         reps;
  NtkMlp     *mlp;
  double     *x, *k;
  double      flops, rss_mib;
} NtkBench;

/* Build the network and run the kernel once (warm-up: page faults, BLAS threads); the peak
 * RSS is read here, before the roofline's three 128 MiB matrices exist (ru_maxrss is a
 * high-water mark). */
static void
ntk_bench_setup (NtkBench   *b,
                 const char *name,
                 guint       n,
                 guint       width,
                 guint       depth,
                 int         reps)
{
  g_autoptr(NtkConfig) config = bench_config (NTK_ACTIVATION_RELU, depth, width);

  b->name = name;
  b->n = n;
  b->width = width;
  b->depth = depth;
  b->reps = reps;
  b->mlp = ntk_mlp_new (config, 2);
  b->x = circle (n);
  b->k = g_new (double, (gsize) n * n);
  b->flops = ntk_flops (b->mlp, n);
  ntk_empirical_ntk (b->mlp, b->x, n, NULL, 0, b->k);
  b->rss_mib = peak_rss_mib ();
}

static void
ntk_bench_run (NtkBench *b)
{
  NtkJob job = { b->mlp, b->x, b->n, b->k };
  /* the small one takes milliseconds: pairing it with 1 s GEMMs would only add noise */
  Timing t = time_runs (run_ntk, &job, b->flops, b->reps, b->n >= 1024);
  double mean_diag = 0.0;

  for (guint i = 0; i < b->n; i++)
    mean_diag += b->k[(gsize) i * b->n + i] / b->n;

  printf ("{\"bench\": \"%s\", \"n\": %u, \"width\": %u, \"depth\": %u, \"activation\": \"relu\", "
          "\"threads\": %d, \"repeat\": %d, \"seconds\": %.6f, \"gflop\": %.3f, \"gflops\": %.2f",
          b->name, b->n, b->width, b->depth, opt_threads, b->reps, t.seconds,
          b->flops * 1e-9, b->flops / t.seconds * 1e-9);
  if (!isnan (roofline_gflops))
    printf (", \"fraction_of_roofline\": %.3f", fraction (b->flops, t.seconds));
  if (!isnan (t.paired_fraction))
    printf (", \"paired_fraction_of_roofline\": %.3f", t.paired_fraction);
  printf (", \"peak_rss_mib\": %.1f, \"rss_below_1gib\": %s, \"mean_diag\": %.6g}\n",
          b->rss_mib, b->rss_mib < 1024.0 ? "true" : "false", mean_diag);
  fflush (stdout);

  g_clear_pointer (&b->mlp, ntk_mlp_free);
  g_clear_pointer (&b->x, g_free);
  g_clear_pointer (&b->k, g_free);
}

typedef struct {
  NtkMlp       *mlp;
  NtkMlpCache  *cache;
  const double *x, *y;
  guint         n;
  double        loss;
} StepJob;

static void
run_step (gpointer data)
{
  StepJob *job = data;

  job->loss = ntk_mlp_gd_step (job->mlp, job->cache, job->x, job->y, job->n, 0.1, NULL);
}

static void
bench_step (guint n,
            guint width,
            guint depth,
            int   reps)
{
  g_autoptr(NtkConfig) config = bench_config (NTK_ACTIVATION_RELU, depth, width);
  g_autoptr(NtkMlp) mlp = ntk_mlp_new (config, 2);
  g_autoptr(NtkMlpCache) cache = ntk_mlp_cache_new (mlp, n);
  g_autofree double *x = circle (n);
  g_autofree double *y = g_new (double, n);
  double flops = step_flops (mlp, n), loss0;
  StepJob job = { mlp, cache, x, y, n, 0.0 };
  Timing t;

  for (guint i = 0; i < n; i++)
    y[i] = sin (3.0 * 2.0 * G_PI * i / n);

  /* warm-up; the peer uses lr = 0.1 as well */
  run_step (&job);
  loss0 = job.loss;
  t = time_runs (run_step, &job, flops, reps, TRUE);

  printf ("{\"bench\": \"step\", \"n\": %u, \"width\": %u, \"depth\": %u, \"threads\": %d, "
          "\"repeat\": %d, \"seconds\": %.6f, \"gflop\": %.3f, \"gflops\": %.2f",
          n, width, depth, opt_threads, reps, t.seconds, flops * 1e-9, flops / t.seconds * 1e-9);
  if (!isnan (roofline_gflops))
    printf (", \"fraction_of_roofline\": %.3f, \"paired_fraction_of_roofline\": %.3f",
            fraction (flops, t.seconds), t.paired_fraction);
  printf (", \"loss_first\": %.6g, \"loss_last\": %.6g}\n", loss0, job.loss);
  fflush (stdout);
}

static void
bench_analytic (NtkActivation act,
                int           reps)
{
  const guint n1 = 512, n2 = 256, depth = 4;
  g_autoptr(NtkConfig) config = bench_config (act, depth, 512);
  g_autofree double *x1 = circle (n1);
  g_autofree double *x2 = g_new (double, 2 * n2);
  g_autofree double *k = g_new (double, (gsize) n1 * n2);
  g_autofree double *t = g_new (double, reps);
  double sec;

  /* a grid offset from x1 so that no pair is identical */
  for (guint i = 0; i < n2; i++)
    {
      x2[2 * i] = cos (2.0 * G_PI * (i + 0.37) / n2);
      x2[2 * i + 1] = sin (2.0 * G_PI * (i + 0.37) / n2);
    }

  ntk_analytic_kernel (config, 2, x1, n1, x2, n2, k, NULL);
  for (int r = 0; r < reps; r++)
    {
      double t0 = now ();
      ntk_analytic_kernel (config, 2, x1, n1, x2, n2, k, NULL);
      t[r] = now () - t0;
    }
  sec = median (t, reps);
  printf ("{\"bench\": \"analytic\", \"activation\": \"%s\", \"n1\": %u, \"n2\": %u, \"depth\": %u, "
          "\"repeat\": %d, \"seconds\": %.6f, \"k00\": %.10g}\n",
          ntk_activation_to_string (act), n1, n2, depth, reps, sec, k[0]);
  fflush (stdout);
}

/* One configuration of the timing grid: what the app computes when a run starts (the train
 * kernel, then test × train), timed once (the slow ones take seconds). */
static void
bench_analytic_extreme_one (NtkActivation act,
                            double        sigma_w,
                            guint         depth,
                            const char   *data_name,
                            guint         d0,
                            const double *x,
                            guint         n,
                            const double *x_test,
                            guint         n_test)
{
  g_autoptr(NtkConfig) config = bench_config (act, depth, 512);
  g_autofree double *k = g_new (double, (gsize) n * n);
  g_autofree double *k_test = g_new (double, (gsize) n_test * n);
  double t0, t1, t2;

  config->sigma_w = sigma_w;
  t0 = now ();
  ntk_analytic_kernel (config, d0, x, n, NULL, n, k, NULL);
  t1 = now ();
  ntk_analytic_kernel (config, d0, x_test, n_test, x, n, k_test, NULL);
  t2 = now ();
  printf ("{\"bench\": \"analytic-extreme\", \"activation\": \"%s\", \"sigma_w\": %g, "
          "\"depth\": %u, \"data\": \"%s\", \"n\": %u, \"n_test\": %u, \"seconds_train\": %.4f, "
          "\"seconds_test\": %.4f, \"seconds\": %.4f, \"k00\": %.10g}\n",
          ntk_activation_to_string (act), sigma_w, depth, data_name, n, n_test,
          t1 - t0, t2 - t1, t2 - t0, k[0]);
  fflush (stdout);
}

static void
bench_analytic_extreme (void)
{
  const NtkActivation acts[] = { NTK_ACTIVATION_GELU, NTK_ACTIVATION_SOFTPLUS, NTK_ACTIVATION_SILU,
                                 NTK_ACTIVATION_TANH, NTK_ACTIVATION_SIGMOID };
  const double sigmas[] = { 2, 4, 8, 10 };
  const guint depths[] = { 4, 6, 10, 16 };
  const guint n = 32, n_test = 256;
  g_autofree double *xr = g_new (double, 2 * n), *xr_test = g_new (double, 2 * n_test);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(NtkConfig) base = ntk_config_new ();
  g_autoptr(NtkDataset) circle_data = NULL, interval_data = NULL;

  /* the app's default data sets: circle (one norm), interval (a norm per |x|) */
  base->n_train = n;
  base->n_test = n_test;
  circle_data = ntk_dataset_new_from_config (base, NULL);
  base->dataset = NTK_DATASET_INTERVAL;
  interval_data = ntk_dataset_new_from_config (base, NULL);
  g_return_if_fail (circle_data != NULL && interval_data != NULL);
  /* random 2-d points in [−1, 1]²: every point its own norm */
  for (guint i = 0; i < 2 * n; i++)
    xr[i] = g_rand_double_range (rand, -1, 1);
  for (guint i = 0; i < 2 * n_test; i++)
    xr_test[i] = g_rand_double_range (rand, -1, 1);

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    for (guint s = 0; s < G_N_ELEMENTS (sigmas); s++)
      for (guint l = 0; l < G_N_ELEMENTS (depths); l++)
        {
          bench_analytic_extreme_one (acts[a], sigmas[s], depths[l], "circle", circle_data->d0,
                                      circle_data->x, circle_data->n, circle_data->x_test,
                                      circle_data->n_test);
          bench_analytic_extreme_one (acts[a], sigmas[s], depths[l], "interval", interval_data->d0,
                                      interval_data->x, interval_data->n, interval_data->x_test,
                                      interval_data->n_test);
          bench_analytic_extreme_one (acts[a], sigmas[s], depths[l], "random", 2, xr, n, xr_test,
                                      n_test);
        }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, "OpenBLAS threads (default 2)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &opt_repeat, "timed runs per measurement (default 5)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only,
      "comma-separated parts: roofline,ntk-small,ntk-big,step,analytic,analytic-extreme", "LIST" },
    { "no-roofline", 0, 0, G_OPTION_ARG_NONE, &opt_no_roofline,
      "skip the roofline GEMMs (no fractions; for quick comparisons)", NULL },
    { NULL }
  };
  NtkBench small = { 0 }, big = { 0 };

  context = g_option_context_new ("— timings of the NTK Lab engine (JSON lines)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_threads < 1 || opt_repeat < 1)
    {
      g_printerr ("--threads and --repeat must be ≥ 1\n");
      return 2;
    }

  openblas_set_num_threads (opt_threads);
  printf ("{\"bench\": \"machine\", \"threads\": %d, \"openblas\": \"%s\"}\n",
          opt_threads, openblas_get_config ());

  /* set-ups (with their RSS) first, then the roofline, then the timed runs */
  if (wanted ("ntk-small"))
    ntk_bench_setup (&small, "ntk-small", 256, 512, 3, MAX (opt_repeat, 11));
  if (wanted ("ntk-big"))
    ntk_bench_setup (&big, "ntk-big", 1024, 4096, 3, MAX (3, opt_repeat / 2));
  if (!opt_no_roofline && (wanted ("roofline") || wanted ("ntk-big") || wanted ("step")))
    bench_roofline ();
  if (wanted ("ntk-small"))
    ntk_bench_run (&small);
  if (wanted ("ntk-big"))
    ntk_bench_run (&big);
  if (wanted ("step"))
    bench_step (1024, 4096, 3, MAX (3, opt_repeat / 2));
  free_roofline ();
  if (wanted ("analytic"))
    {
      bench_analytic (NTK_ACTIVATION_RELU, MAX (opt_repeat, 11));
      bench_analytic (NTK_ACTIVATION_TANH, opt_repeat);
    }
  /* minutes: only when asked for by name */
  if (opt_only != NULL && wanted ("analytic-extreme"))
    bench_analytic_extreme ();

  g_free (opt_only);
  return 0;
}
