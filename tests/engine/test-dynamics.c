/* test-dynamics.c — eigendecomposition, linearized and infinite-width dynamics (math.md §5, §7.4)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include "ntk-dynamics.h"
#include "ntk-test-util.h"

/* Absolute tolerance, for reference values printed with a fixed number of decimals. */
#define assert_abs(a, b, tol)                                                          \
  G_STMT_START {                                                                      \
    double a_ = (a), b_ = (b);                                                        \
    if (!(fabs (a_ - b_) <= (tol)))                                                   \
      g_error ("%s = %.17g, expected %.17g (difference %.3g > %.3g)",                  \
               #a, a_, b_, fabs (a_ - b_), (double) (tol));                           \
  } G_STMT_END

/* math.md §7 item 4 */
static const double ref_K[4] = { 2.0, 1.0, 1.0, 2.0 };
static const double ref_y[2] = { 1.0, 0.0 };
static const double ref_f0[2] = { 0.0, 0.0 };
static const double ref_test_row[2] = { 1.0, 0.5 };
static const double ref_f0_test[1] = { 0.0 };

/* ---------------------------------------------------------------------------------------- */
/* Helpers                                                                                   */
/* ---------------------------------------------------------------------------------------- */

static double
rand_normal (GRand *rand)
{
  double u1 = g_rand_double (rand);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (1.0 - u1)) * cos (2.0 * G_PI * u2);
}

/* Random features A (n_all × r); the kernel of all points is A Aᵀ / r: the first n rows are
 * the training points, the rest test points. r < n gives a rank-deficient training kernel. */
static void
random_kernels (GRand   *rand,
                guint    n,
                guint    n_test,
                guint    r,
                double **K,
                double **K_test)
{
  guint n_all = n + n_test;
  g_autofree double *A = g_new (double, (gsize) n_all * r);

  for (gsize i = 0; i < (gsize) n_all * r; i++)
    A[i] = rand_normal (rand);

  *K = g_new (double, (gsize) n * n);
  *K_test = g_new (double, (gsize) n_test * n);
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, r, 1.0 / r, A, r, A, r, 0.0, *K, n);
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n_test, n, r, 1.0 / r,
               A + (gsize) n * r, r, A, r, 0.0, *K_test, n);
  /* Exactly symmetric, as the kernels of the engine are. */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < i; j++)
      (*K)[(gsize) i * n + j] = (*K)[(gsize) j * n + i];
}

static double
max_abs_diff (const double *a,
              const double *b,
              gsize         n)
{
  double m = 0.0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (a[i] - b[i]));
  return m;
}

static double
max_abs (const double *a,
         gsize         n)
{
  double m = 0.0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (a[i]));
  return m;
}

/* ---------------------------------------------------------------------------------------- */
/* Eigendecomposition                                                                        */
/* ---------------------------------------------------------------------------------------- */

static void
test_eigen_reference (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkEigen) eig = ntk_eigen_new (ref_K, 2, &error);
  double c[2];
  double v[2] = { 1.0, 0.0 };

  g_assert_no_error (error);
  g_assert_nonnull (eig);
  g_assert_cmpuint (eig->n, ==, 2);
  assert_rel (eig->eigval[0], 3.0, 1e-14);
  assert_rel (eig->eigval[1], 1.0, 1e-14);
  assert_rel (eig->lambda_max, 3.0, 1e-14);
  assert_rel (eig->lambda_min, 1.0, 1e-14);
  assert_rel (eig->condition, 3.0, 1e-14);
  g_assert_cmpuint (eig->n_clipped, ==, 0);
  /* q_0 ∝ (1, 1): column 0 of the row-major eigvec */
  assert_rel (fabs (eig->eigvec[0 * 2 + 0]), M_SQRT1_2, 1e-14);
  assert_rel (eig->eigvec[0 * 2 + 0], eig->eigvec[1 * 2 + 0], 1e-14);
  assert_rel (eig->eigvec[0 * 2 + 1], -eig->eigvec[1 * 2 + 1], 1e-14);
  /* η_crit = 2n/λ_max */
  assert_rel (ntk_eta_crit (eig, 2), 4.0 / 3.0, 1e-14);

  ntk_eigen_project (eig, v, c);
  assert_rel (c[0], eig->eigvec[0], 1e-15);
  assert_rel (c[1], eig->eigvec[1], 1e-15);
}

static void
test_eigen_random_order (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *K = NULL;
  g_autofree double *Kt = NULL;
  g_autofree double *Kq = g_new (double, 24);
  g_autoptr(NtkEigen) eig = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 24;

  random_kernels (rand, n, 1, 40, &K, &Kt);
  eig = ntk_eigen_new (K, n, &error);
  g_assert_no_error (error);

  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (eig->eigval[i - 1], >=, eig->eigval[i]);

  /* K q_i = λ_i q_i for every column, so columns were reordered with the eigenvalues. */
  for (guint i = 0; i < n; i++)
    {
      double q[24];

      for (guint j = 0; j < n; j++)
        q[j] = eig->eigvec[(gsize) j * n + i];
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n, n, 1.0, K, n, q, 1, 0.0, Kq, 1);
      for (guint j = 0; j < n; j++)
        assert_abs (Kq[j], eig->eigval[i] * q[j], 1e-12 * eig->lambda_max);
    }
  assert_rel (eig->condition, eig->eigval[0] / eig->eigval[n - 1], 1e-14);
}

static void
test_eigen_clip_negative (void)
{
  /* K = Q diag(3, 1, −0.01) Qᵀ with a rotation Q: one genuinely negative eigenvalue. */
  double c = cos (0.3), s = sin (0.3);
  double Q[9] = { c, -s, 0.0,
                  s * c, c * c, -s,
                  s * s, s * c, c };
  double lam[3] = { 3.0, 1.0, -0.01 };
  double K[9];
  g_autoptr(NtkEigen) eig = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      {
        double sum = 0.0;

        for (guint r = 0; r < 3; r++)
          sum += Q[i * 3 + r] * lam[r] * Q[j * 3 + r];
        K[i * 3 + j] = sum;
      }
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < i; j++)
      K[i * 3 + j] = K[j * 3 + i];

  eig = ntk_eigen_new (K, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eig->n_clipped, ==, 1);
  assert_rel (eig->eigval[0], 3.0, 1e-13);
  assert_rel (eig->eigval[1], 1.0, 1e-13);
  g_assert_cmpfloat (eig->eigval[2], ==, 0.0);
  g_assert_cmpfloat (eig->lambda_min, ==, 0.0);
  g_assert_true (isinf (eig->condition));
  /* the clipped mode's eigenvector is still the one of −0.01: column 2 of Q up to sign */
  assert_rel (fabs (eig->eigvec[0 * 3 + 2] * Q[0 * 3 + 2] + eig->eigvec[1 * 3 + 2] * Q[1 * 3 + 2] +
                    eig->eigvec[2 * 3 + 2] * Q[2 * 3 + 2]), 1.0, 1e-13);
}

static void
test_eigen_non_finite (void)
{
  double K[4] = { 1.0, NAN, NAN, 1.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkEigen) eig = ntk_eigen_new (K, 2, &error);

  g_assert_null (eig);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "non-finite"));
}

/* ---------------------------------------------------------------------------------------- */
/* Linearized model: math.md §7 item 4                                                      */
/* ---------------------------------------------------------------------------------------- */

static void
test_linearized_reference (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkEigen) eig = ntk_eigen_new (ref_K, 2, &error);
  g_autoptr(NtkLinearized) lin = NULL;
  double f[2], ft[1], e[2];

  g_assert_no_error (error);
  lin = ntk_linearized_new (eig, ref_test_row, ref_f0, ref_f0_test, ref_y, 2, 1, 1.0);

  /* gradient flow, t = ηk with η = 1; the reference has 10 decimals, so compare to 1e-10 */
  ntk_linearized_predict (lin, NTK_TIME_FLOW, 1, f, ft);
  assert_abs (f[0], 0.5851695901, 1e-10);
  assert_abs (f[1], 0.1917002498, 1e-10);
  assert_abs (ft[0], 0.2925847950, 1e-10);
  ntk_linearized_predict (lin, NTK_TIME_FLOW, 10, f, NULL);
  assert_abs (f[0], 0.9966308735, 1e-10);
  assert_abs (f[1], 0.0033688205, 1e-10);

  /* discrete GD; the k = 10 values are given to 8 decimals (f_train[1] is exactly 0) */
  ntk_linearized_predict (lin, NTK_TIME_DISCRETE, 1, f, ft);
  assert_rel (f[0], 1.0, 1e-12);
  assert_rel (f[1], 0.5, 1e-12);
  assert_rel (ft[0], 0.5, 1e-12);
  ntk_linearized_predict (lin, NTK_TIME_DISCRETE, 10, f, ft);
  assert_abs (f[0], 0.99902344, 1e-8);
  assert_abs (f[1], 0.0, 1e-12);
  assert_abs (ft[0], 0.49951172, 1e-8);
  /* exact values: (1 − 2⁻¹⁰) and (1 − 2⁻¹⁰)/2 */
  assert_rel (f[0], 1.0 - 1.0 / 1024.0, 1e-13);
  assert_rel (ft[0], 0.5 * (1.0 - 1.0 / 1024.0), 1e-13);

  /* step 0 is f_0 */
  ntk_linearized_predict (lin, NTK_TIME_DISCRETE, 0, f, ft);
  g_assert_cmpfloat (max_abs (f, 2), ==, 0.0);
  g_assert_cmpfloat (ft[0], ==, 0.0);

  /* mode errors: e_{i,k} = (1 − ηλ_i/n)^k e_{i,0}; λ = 3 gives factor −1/2, λ = 1 gives 1/2 */
  {
    double e0[2];

    ntk_linearized_mode_errors (lin, NTK_TIME_DISCRETE, 0, e0);
    ntk_linearized_mode_errors (lin, NTK_TIME_DISCRETE, 3, e);
    assert_rel (e[0], -0.125 * e0[0], 1e-14);
    assert_rel (e[1], 0.125 * e0[1], 1e-14);
    ntk_linearized_mode_errors (lin, NTK_TIME_FLOW, 3, e);
    assert_rel (e[0], exp (-4.5) * e0[0], 1e-14);
    assert_rel (e[1], exp (-1.5) * e0[1], 1e-14);
    /* e_0 = Qᵀ(f_0 − y) */
    assert_rel (fabs (e0[0]), M_SQRT1_2, 1e-14);
    assert_rel (fabs (e0[1]), M_SQRT1_2, 1e-14);
  }
}

static void
test_infinite_reference (void)
{
  g_autoptr(GError) error = NULL;
  /* Σ is irrelevant to the mean; take Σ = Θ/2 to have something PSD. */
  double S[4] = { 1.0, 0.5, 0.5, 1.0 };
  double S_test[2] = { 0.5, 0.25 };
  double S_diag[1] = { 1.0 };
  g_autoptr(NtkInfinite) inf = ntk_infinite_new (ref_K, S, ref_test_row, S_test, S_diag,
                                                 ref_y, 2, 1, &error);
  double m[2], mt[1], v[1];

  g_assert_no_error (error);
  g_assert_nonnull (inf);
  assert_rel (ntk_infinite_get_eigen (inf)->lambda_max, 3.0, 1e-14);

  /* with f_0 = 0 the NTK-GP mean is the gradient-flow linearized prediction */
  ntk_infinite_predict (inf, 1.0, m, mt, v);
  assert_abs (m[0], 0.5851695901, 1e-10);
  assert_abs (m[1], 0.1917002498, 1e-10);
  assert_abs (mt[0], 0.2925847950, 1e-10);
  ntk_infinite_predict (inf, 10.0, m, NULL, NULL);
  assert_abs (m[0], 0.9966308735, 1e-10);
  assert_abs (m[1], 0.0033688205, 1e-10);

  /* t → ∞: kernel regression */
  ntk_infinite_predict (inf, INFINITY, m, mt, v);
  assert_rel (mt[0], 0.5, 1e-13);
  assert_rel (m[0], 1.0, 1e-13);
  assert_abs (m[1], 0.0, 1e-14);

  /* t = 0: the prior, mean 0 and variance Σ(x*,x*) */
  ntk_infinite_predict (inf, 0.0, m, mt, v);
  g_assert_cmpfloat (max_abs (m, 2), ==, 0.0);
  g_assert_cmpfloat (mt[0], ==, 0.0);
  assert_rel (v[0], 1.0, 1e-15);
}

/* ---------------------------------------------------------------------------------------- */
/* Closed form against step-by-step linear dynamics                                         */
/* ---------------------------------------------------------------------------------------- */

static void
check_trajectory (guint  n,
                  guint  n_test,
                  guint  rank,
                  double eta_fraction,   /* η / η_crit */
                  guint  steps,
                  guint  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree double *K = NULL;
  g_autofree double *Kt = NULL;
  g_autofree double *y = g_new (double, n);
  g_autofree double *f = g_new (double, n);
  g_autofree double *ft = g_new (double, n_test);
  g_autofree double *r = g_new (double, n);
  g_autofree double *fc = g_new (double, n);
  g_autofree double *ftc = g_new (double, n_test);
  g_autofree double *e = g_new (double, n);
  g_autofree double *ec = g_new (double, n);
  g_autoptr(NtkEigen) eig = NULL;
  g_autoptr(NtkLinearized) lin = NULL;
  g_autoptr(GError) error = NULL;
  double eta, worst_train = 0.0, worst_test = 0.0, worst_mode = 0.0;

  random_kernels (rand, n, n_test, rank, &K, &Kt);
  for (guint i = 0; i < n; i++)
    {
      y[i] = rand_normal (rand);
      f[i] = rand_normal (rand);
    }
  for (guint i = 0; i < n_test; i++)
    ft[i] = rand_normal (rand);

  eig = ntk_eigen_new (K, n, &error);
  g_assert_no_error (error);
  eta = eta_fraction * ntk_eta_crit (eig, n);
  lin = ntk_linearized_new (eig, Kt, f, ft, y, n, n_test, eta);

  for (guint k = 0; k <= steps; k++)
    {
      double scale_train, scale_test;

      ntk_linearized_predict (lin, NTK_TIME_DISCRETE, k, fc, ftc);
      ntk_linearized_mode_errors (lin, NTK_TIME_DISCRETE, k, ec);
      for (guint i = 0; i < n; i++)
        r[i] = f[i] - y[i];
      ntk_eigen_project (eig, r, e);

      scale_train = MAX (max_abs (f, n), 1.0);
      scale_test = MAX (max_abs (ft, n_test), 1.0);
      worst_train = MAX (worst_train, max_abs_diff (fc, f, n) / scale_train);
      worst_test = MAX (worst_test, max_abs_diff (ftc, ft, n_test) / scale_test);
      worst_mode = MAX (worst_mode, max_abs_diff (ec, e, n) / scale_train);

      /* f_{k+1} = f_k − (η/n) Θ̂_0 (f_k − y), and the same map on the test points */
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n, n, -eta / n, K, n, r, 1, 1.0, f, 1);
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n_test, n, -eta / n, Kt, n, r, 1, 1.0, ft, 1);
    }

  g_test_message ("n=%u rank=%u η/η_crit=%.2f %u steps: max rel. error train %.2e test %.2e modes %.2e "
                  "(clipped %u)", n, rank, eta_fraction, steps, worst_train, worst_test, worst_mode,
                  eig->n_clipped);
  g_assert_cmpfloat (worst_train, <=, 1e-10);
  g_assert_cmpfloat (worst_test, <=, 1e-10);
  g_assert_cmpfloat (worst_mode, <=, 1e-10);
}

static void
test_linearized_trajectory (void)
{
  /* full rank, small and oscillating (η > η_crit/2) learning rates */
  check_trajectory (40, 25, 60, 0.3, 300, 1);
  check_trajectory (40, 25, 60, 0.9, 300, 2);
  /* rank deficient: a numerical null space whose eigenvalues are round-off (some clipped) */
  check_trajectory (50, 30, 10, 0.5, 300, 3);
  check_trajectory (1, 3, 2, 0.7, 50, 4);
}

/* Eigenvalues far below the ones that matter: the gain must tend to kη/n, never divide by ~0. */
static void
test_linearized_tiny_eigenvalues (void)
{
  double K[9] = { 2.0, 0.0, 0.0,
                  0.0, 1e-300, 0.0,
                  0.0, 0.0, 0.0 };
  double Kt[3] = { 0.3, 0.7, 0.2 };   /* the test row has weight on the tiny and the zero modes */
  double y[3] = { 1.0, 2.0, 3.0 };
  double f0[3] = { 0.0, 0.0, 0.0 };
  double f0t[1] = { 0.5 };
  double f[3], ft[1];
  g_autoptr(NtkEigen) eig = NULL;
  g_autoptr(NtkLinearized) lin = NULL;
  g_autoptr(GError) error = NULL;
  double eta = 0.25, n = 3.0;
  guint k = 7;

  eig = ntk_eigen_new (K, 3, &error);
  g_assert_no_error (error);
  lin = ntk_linearized_new (eig, Kt, f0, f0t, y, 3, 1, eta);

  ntk_linearized_predict (lin, NTK_TIME_DISCRETE, k, f, ft);
  /* train: only the λ = 2 mode moves */
  assert_rel (f[0], 1.0 - pow (1.0 - eta * 2.0 / n, k), 1e-14);
  assert_abs (f[1], 0.0, 1e-280);
  g_assert_cmpfloat (f[2], ==, 0.0);
  /* test: g_k(2) for mode 0, kη/n for the two tiny ones */
  assert_rel (ft[0], 0.5 + 0.3 * (1.0 - pow (1.0 - eta * 2.0 / n, k)) / 2.0 * 1.0
                         + (0.7 * 2.0 + 0.2 * 3.0) * k * eta / n, 1e-14);

  ntk_linearized_predict (lin, NTK_TIME_FLOW, k, f, ft);
  g_assert_true (isfinite (f[1]) && isfinite (ft[0]));
  assert_rel (ft[0], 0.5 + 0.3 * (-expm1 (-2.0 * k * eta / n)) / 2.0
                         + (0.7 * 2.0 + 0.2 * 3.0) * k * eta / n, 1e-14);
}

/* ---------------------------------------------------------------------------------------- */
/* Infinite width: mean and variance against a dense computation without eigenvectors        */
/* ---------------------------------------------------------------------------------------- */

/* C = A B for n × n matrices */
static void
matmul (const double *A,
        const double *B,
        double       *C,
        guint         n)
{
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
}

/* E = e^{M} by scaling and squaring of a Taylor series */
static void
dense_expm (const double *M,
            double       *E,
            guint         n)
{
  gsize nn = (gsize) n * n;
  g_autofree double *A = g_new (double, nn);
  g_autofree double *term = g_new (double, nn);
  g_autofree double *tmp = g_new (double, nn);
  double norm = 0.0;
  int squarings = 0;

  for (gsize i = 0; i < nn; i++)
    norm = MAX (norm, fabs (M[i]));
  norm *= n;
  while (norm > 0.25)
    {
      norm /= 2.0;
      squarings++;
    }
  for (gsize i = 0; i < nn; i++)
    A[i] = ldexp (M[i], -squarings);

  memset (E, 0, sizeof (double) * nn);
  memset (term, 0, sizeof (double) * nn);
  for (guint i = 0; i < n; i++)
    E[(gsize) i * n + i] = term[(gsize) i * n + i] = 1.0;
  for (int j = 1; j <= 24; j++)
    {
      matmul (term, A, tmp, n);
      for (gsize i = 0; i < nn; i++)
        {
          term[i] = tmp[i] / j;
          E[i] += term[i];
        }
    }
  for (int s = 0; s < squarings; s++)
    {
      matmul (E, E, tmp, n);
      memcpy (E, tmp, sizeof (double) * nn);
    }
}

static void
test_infinite_variance_dense (void)
{
  guint n = 12, n_test = 9, r = 30;
  gsize nn = (gsize) n * n;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree double *Th = NULL, *Tht = NULL, *Sg = NULL, *Sgt = NULL;
  g_autofree double *Sg_diag = g_new (double, n_test);
  g_autofree double *y = g_new (double, n);
  g_autofree double *M = g_new (double, nn);
  g_autofree double *E = g_new (double, nn);
  g_autofree double *T = g_new (double, nn);
  g_autofree double *TS = g_new (double, nn);
  g_autofree double *TSTt = g_new (double, nn);
  g_autofree lapack_int *ipiv = g_new (lapack_int, n);
  g_autofree double *mean = g_new (double, n_test);
  g_autofree double *var = g_new (double, n_test);
  g_autofree double *mean_train = g_new (double, n);
  g_autoptr(NtkInfinite) inf = NULL;
  g_autoptr(GError) error = NULL;
  const double times[] = { 0.5, 3.0, 40.0, INFINITY };

  /* Θ and Σ from two different random feature maps; a ridge keeps Θ well conditioned so a
   * plain LU solve is an accurate reference. */
  random_kernels (rand, n, n_test, r, &Th, &Tht);
  for (guint i = 0; i < n; i++)
    Th[(gsize) i * n + i] += 0.5;
  {
    g_autofree double *Sfull = NULL, *Sdummy = NULL;
    g_autofree double *A = g_new (double, (gsize) (n + n_test) * r);

    for (gsize i = 0; i < (gsize) (n + n_test) * r; i++)
      A[i] = rand_normal (rand);
    Sg = g_new (double, nn);
    Sgt = g_new (double, (gsize) n_test * n);
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, r, 1.0 / r, A, r, A, r, 0.0, Sg, n);
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n_test, n, r, 1.0 / r,
                 A + (gsize) n * r, r, A, r, 0.0, Sgt, n);
    for (guint j = 0; j < n_test; j++)
      Sg_diag[j] = cblas_ddot (r, A + (gsize) (n + j) * r, 1, A + (gsize) (n + j) * r, 1) / r;
  }
  for (guint i = 0; i < n; i++)
    y[i] = rand_normal (rand);

  inf = ntk_infinite_new (Th, Sg, Tht, Sgt, Sg_diag, y, n, n_test, &error);
  g_assert_no_error (error);

  for (guint it = 0; it < G_N_ELEMENTS (times); it++)
    {
      double t = times[it];
      double worst_mean = 0.0, worst_var = 0.0, worst_train = 0.0;

      /* T = Θ⁻¹ (I − e^{−Θt/n}) by an LU solve */
      if (isinf (t))
        memset (E, 0, sizeof (double) * nn);
      else
        {
          for (gsize i = 0; i < nn; i++)
            M[i] = -Th[i] * t / n;
          dense_expm (M, E, n);
        }
      for (gsize i = 0; i < nn; i++)
        T[i] = -E[i];
      for (guint i = 0; i < n; i++)
        T[(gsize) i * n + i] += 1.0;
      {
        g_autofree double *LU = g_memdup2 (Th, sizeof (double) * nn);
        g_assert_cmpint (LAPACKE_dgesv (LAPACK_ROW_MAJOR, n, n, LU, n, ipiv, T, n), ==, 0);
      }
      /* T Σ Tᵀ */
      matmul (T, Sg, TS, n);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1.0, TS, n, T, n, 0.0, TSTt, n);

      ntk_infinite_predict (inf, t, mean_train, mean, var);

      for (guint j = 0; j < n_test; j++)
        {
          const double *th = Tht + (gsize) j * n;
          const double *sg = Sgt + (gsize) j * n;
          double m = 0.0, quad = 0.0, cross = 0.0, v;

          for (guint a = 0; a < n; a++)
            {
              double Ty = 0.0, Ts = 0.0, Q = 0.0;

              for (guint b = 0; b < n; b++)
                {
                  Ty += T[(gsize) a * n + b] * y[b];
                  Ts += T[(gsize) a * n + b] * sg[b];
                  Q += TSTt[(gsize) a * n + b] * th[b];
                }
              m += th[a] * Ty;
              cross += th[a] * Ts;
              quad += th[a] * Q;
            }
          v = Sg_diag[j] + quad - 2.0 * cross;
          worst_mean = MAX (worst_mean, fabs (mean[j] - m) / MAX (fabs (m), 1e-3));
          worst_var = MAX (worst_var, fabs (var[j] - MAX (v, 0.0)) / MAX (Sg_diag[j], 1e-3));
          g_assert_cmpfloat (var[j], >=, 0.0);
        }
      for (guint i = 0; i < n; i++)
        {
          double m = 0.0;

          for (guint a = 0; a < n; a++)
            for (guint b = 0; b < n; b++)
              m += Th[(gsize) i * n + a] * T[(gsize) a * n + b] * y[b];
          worst_train = MAX (worst_train, fabs (mean_train[i] - m) / MAX (fabs (m), 1e-3));
        }
      g_test_message ("t=%g: mean %.2e, variance %.2e, train mean %.2e", t, worst_mean, worst_var,
                      worst_train);
      g_assert_cmpfloat (worst_mean, <=, 1e-10);
      g_assert_cmpfloat (worst_var, <=, 1e-10);
      g_assert_cmpfloat (worst_train, <=, 1e-10);
    }
}

/* At t = ∞ the posterior variance at a training point is 0: round-off must not make it negative,
 * and a singular Θ (a repeated training point) is handled by the pseudo-inverse. */
static void
test_infinite_variance_clipped (void)
{
  guint n = 6, n_test = 6;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autofree double *A = g_new (double, (gsize) n * 8);
  g_autofree double *K = g_new (double, (gsize) n * n);
  g_autofree double *diag = g_new (double, n);
  double y[6], mean[6], var[6], mean_train[6];
  g_autoptr(NtkInfinite) inf = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n * 8; i++)
    A[i] = rand_normal (rand);
  memcpy (A + 5 * 8, A + 4 * 8, sizeof (double) * 8);   /* points 4 and 5 coincide */
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, 8, 1.0, A, 8, A, 8, 0.0, K, n);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < i; j++)
      K[(gsize) i * n + j] = K[(gsize) j * n + i];
  for (guint i = 0; i < n; i++)
    {
      diag[i] = K[(gsize) i * n + i];
      y[i] = rand_normal (rand);
    }
  y[5] = y[4];

  /* Θ = Σ = K, test points = training points */
  inf = ntk_infinite_new (K, K, K, K, diag, y, n, n_test, &error);
  g_assert_no_error (error);
  ntk_infinite_predict (inf, INFINITY, mean_train, mean, var);
  for (guint j = 0; j < n; j++)
    {
      g_assert_cmpfloat (var[j], >=, 0.0);
      g_assert_cmpfloat (var[j], <=, 1e-9 * diag[j]);
      assert_rel (mean[j], y[j], 1e-9);
      assert_rel (mean_train[j], y[j], 1e-9);
    }

  /* a long but finite time stays finite and close to the limit */
  ntk_infinite_predict (inf, 1e9, NULL, mean, var);
  for (guint j = 0; j < n; j++)
    {
      g_assert_true (isfinite (mean[j]) && isfinite (var[j]));
      g_assert_cmpfloat (var[j], >=, 0.0);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dynamics/eigen/reference", test_eigen_reference);
  g_test_add_func ("/dynamics/eigen/random-order", test_eigen_random_order);
  g_test_add_func ("/dynamics/eigen/clip-negative", test_eigen_clip_negative);
  g_test_add_func ("/dynamics/eigen/non-finite", test_eigen_non_finite);
  g_test_add_func ("/dynamics/linearized/reference", test_linearized_reference);
  g_test_add_func ("/dynamics/linearized/trajectory", test_linearized_trajectory);
  g_test_add_func ("/dynamics/linearized/tiny-eigenvalues", test_linearized_tiny_eigenvalues);
  g_test_add_func ("/dynamics/infinite/reference", test_infinite_reference);
  g_test_add_func ("/dynamics/infinite/variance-dense", test_infinite_variance_dense);
  g_test_add_func ("/dynamics/infinite/variance-clipped", test_infinite_variance_clipped);

  return g_test_run ();
}
