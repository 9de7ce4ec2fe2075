/* ntk-dynamics.c — training dynamics in kernel form (math.md §5, §6): eigendecomposition,
 * the NTK-linearized model, per-eigenvalue errors and the infinite-width NTK-GP
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <cblas.h>
#include <lapacke.h>

#include "ntk-dynamics.h"

/* ---------------------------------------------------------------------------------------- */
/* Eigendecomposition                                                                       */
/* ---------------------------------------------------------------------------------------- */

NtkEigen *
ntk_eigen_new (const double  *K,
               guint          n,
               GError       **error)
{
  g_autofree double *a = NULL;
  g_autofree double *w = NULL;
  NtkEigen *self;
  lapack_int info;

  g_return_val_if_fail (K != NULL, NULL);
  g_return_val_if_fail (n > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (gsize i = 0; i < (gsize) n * n; i++)
    {
      if (!isfinite (K[i]))
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                       _("The %u × %u kernel matrix has a non-finite entry (%g at row %u, column %u); "
                         "smaller weight or bias std or fewer layers keep it finite"),
                       n, n, K[i], (guint) (i / n), (guint) (i % n));
          return NULL;
        }
    }

  a = g_memdup2 (K, sizeof (double) * n * n);
  w = g_new (double, n);

  /* dsyevd reads one triangle only; the kernels we pass are symmetric up to round-off. */
  info = LAPACKE_dsyevd (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n, a, (lapack_int) n, w);
  if (info != 0)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("The eigendecomposition of the %u × %u kernel matrix failed (LAPACK dsyevd info %d)"),
                   n, n, (int) info);
      return NULL;
    }

  self = g_new0 (NtkEigen, 1);
  self->n = n;
  self->eigval = g_new (double, n);
  self->eigvec = g_new (double, (gsize) n * n);

  /* LAPACK returns ascending order with eigenvectors in columns; we want rank 0 = largest. */
  for (guint r = 0; r < n; r++)
    {
      double lambda = w[n - 1 - r];

      if (lambda < 0.0)
        {
          self->n_clipped++;
          lambda = 0.0;
        }
      self->eigval[r] = lambda;
    }
  for (guint j = 0; j < n; j++)
    {
      const double *src = a + (gsize) j * n;
      double *dst = self->eigvec + (gsize) j * n;

      for (guint r = 0; r < n; r++)
        dst[r] = src[n - 1 - r];
    }

  self->lambda_max = self->eigval[0];
  self->lambda_min = self->eigval[n - 1];
  self->condition = self->lambda_min > 0.0 ? self->lambda_max / self->lambda_min : INFINITY;

  return self;
}

NtkEigen *
ntk_eigen_copy (const NtkEigen *self)
{
  NtkEigen *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof (NtkEigen));
  copy->eigval = g_memdup2 (self->eigval, sizeof (double) * self->n);
  copy->eigvec = g_memdup2 (self->eigvec, sizeof (double) * self->n * self->n);

  return copy;
}

void
ntk_eigen_free (NtkEigen *self)
{
  if (self == NULL)
    return;

  g_free (self->eigval);
  g_free (self->eigvec);
  g_free (self);
}

double
ntk_eta_crit (const NtkEigen *eig_ntk0,
              guint           n)
{
  g_return_val_if_fail (eig_ntk0 != NULL, NAN);

  /* A zero kernel never moves the linearized model: no learning rate makes it diverge. */
  if (!(eig_ntk0->lambda_max > 0.0))
    return INFINITY;

  return 2.0 * n / eig_ntk0->lambda_max;
}

void
ntk_eigen_project (const NtkEigen *self,
                   const double   *v,
                   double         *c)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (v != NULL && c != NULL);

  cblas_dgemv (CblasRowMajor, CblasTrans, self->n, self->n, 1.0, self->eigvec, self->n,
               v, 1, 0.0, c, 1);
}

/* ---------------------------------------------------------------------------------------- */
/* Scalar pieces of the spectral solution                                                   */
/* ---------------------------------------------------------------------------------------- */

/* Below this, u = ηλ/n (or λt/n) is treated as 0: (1 − (1 − u)^k)/u → k exactly.
 * Anything above is a normal double, so dividing by it is safe. */
#define NTK_TINY_RATE (64.0 * DBL_MIN)

/* Decay factor of one mode after k discrete steps: (1 − u)^k with u = ηλ/n. */
static double
discrete_decay (double u,
                guint  k)
{
  if (k == 0)
    return 1.0;
  if (u < 1.0)
    return exp ((double) k * log1p (-u));   /* accurate for small u, where pow (1 − u) is not */
  return pow (1.0 - u, (double) k);         /* 1 − u ≤ 0: oscillating (or divergent) mode */
}

/* (1 − (1 − u)^k) / u, whose limit is k as u → 0, computed without cancellation. */
static double
discrete_gain (double u,
               guint  k)
{
  if (k == 0)
    return 0.0;
  if (u < NTK_TINY_RATE)
    return (double) k;
  if (u < 1.0)
    return -expm1 ((double) k * log1p (-u)) / u;
  return (1.0 - pow (1.0 - u, (double) k)) / u;  /* u ≥ 1: no cancellation to fear */
}

/* (1 − e^{−s}) / s, limit 1 as s → 0 (s = λt/n ≥ 0). */
static double
flow_gain (double s)
{
  if (s < NTK_TINY_RATE)
    return 1.0;
  return -expm1 (-s) / s;
}

/* ---------------------------------------------------------------------------------------- */
/* Linearized model                                                                          */
/* ---------------------------------------------------------------------------------------- */

struct _NtkLinearized
{
  const NtkEigen *eig;
  guint           n, n_test;
  double          eta;
  double         *f0_train;   /* n */
  double         *f0_test;    /* n_test */
  double         *c;          /* Qᵀ (y − f_0(X)), n */
  double         *P;          /* Θ̂_0(test, train) Q, n_test × n */
};

NtkLinearized *
ntk_linearized_new (const NtkEigen *eig_ntk0,
                    const double   *ntk0_test_train,
                    const double   *f0_train,
                    const double   *f0_test,
                    const double   *y,
                    guint           n,
                    guint           n_test,
                    double          eta)
{
  NtkLinearized *self;
  g_autofree double *r = NULL;

  g_return_val_if_fail (eig_ntk0 != NULL, NULL);
  g_return_val_if_fail (eig_ntk0->n == n, NULL);
  g_return_val_if_fail (f0_train != NULL && y != NULL, NULL);
  g_return_val_if_fail (n_test == 0 || (ntk0_test_train != NULL && f0_test != NULL), NULL);
  g_return_val_if_fail (eta > 0.0, NULL);

  self = g_new0 (NtkLinearized, 1);
  self->eig = eig_ntk0;
  self->n = n;
  self->n_test = n_test;
  self->eta = eta;
  self->f0_train = g_memdup2 (f0_train, sizeof (double) * n);
  self->f0_test = n_test > 0 ? g_memdup2 (f0_test, sizeof (double) * n_test) : NULL;
  self->c = g_new (double, n);

  r = g_new (double, n);
  for (guint i = 0; i < n; i++)
    r[i] = y[i] - f0_train[i];
  ntk_eigen_project (eig_ntk0, r, self->c);

  /* The one O(n² n_test) product: afterwards every query is two matrix-vector products. */
  if (n_test > 0)
    {
      self->P = g_new (double, (gsize) n_test * n);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n_test, n, n,
                   1.0, ntk0_test_train, n, eig_ntk0->eigvec, n, 0.0, self->P, n);
    }

  return self;
}

void
ntk_linearized_free (NtkLinearized *self)
{
  if (self == NULL)
    return;

  g_free (self->f0_train);
  g_free (self->f0_test);
  g_free (self->c);
  g_free (self->P);
  g_free (self);
}

/* For mode i: the gain g(λ_i) (math.md §5: g_k(λ) discrete, (1 − e^{−λt/n})/λ flow) in units
 * of the time step, i.e. g / (η/n) for discrete and g / (t/n) for flow, and λ g = 1 − decay. */
static void
linearized_mode (const NtkLinearized *self,
                 NtkTimeModel         model,
                 guint                k,
                 guint                i,
                 double              *gain,
                 double              *one_minus_decay,
                 double              *decay)
{
  double lambda = self->eig->eigval[i];

  if (model == NTK_TIME_DISCRETE)
    {
      double u = self->eta * lambda / self->n;
      double d = discrete_decay (u, k);

      *gain = self->eta / self->n * discrete_gain (u, k);
      *decay = d;
      *one_minus_decay = u < 1.0 ? -expm1 ((double) k * log1p (-u)) : 1.0 - d;
    }
  else
    {
      double t = self->eta * k;
      double s = lambda * t / self->n;

      *gain = t / self->n * flow_gain (s);
      *decay = exp (-s);
      *one_minus_decay = -expm1 (-s);
    }
}

void
ntk_linearized_predict (const NtkLinearized *self,
                        NtkTimeModel         model,
                        guint                k,
                        double              *f_train,
                        double              *f_test)
{
  g_autofree double *work = NULL;
  guint n;

  g_return_if_fail (self != NULL);

  n = self->n;
  /* Scratch per call keeps the model immutable, so threads may share it. */
  work = g_new (double, n);

  if (f_train != NULL)
    {
      /* f_lin,k(X) = f_0(X) + Q diag(λ g_k(λ)) Qᵀ (y − f_0(X)), with λ g_k = 1 − decay. */
      for (guint i = 0; i < n; i++)
        {
          double gain, omd, decay;

          linearized_mode (self, model, k, i, &gain, &omd, &decay);
          work[i] = omd * self->c[i];
        }
      memcpy (f_train, self->f0_train, sizeof (double) * n);
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n, n, 1.0, self->eig->eigvec, n,
                   work, 1, 1.0, f_train, 1);
    }

  if (f_test != NULL && self->n_test > 0)
    {
      /* f_lin,k(x*) = f_0(x*) + P diag(g_k(λ)) Qᵀ (y − f_0(X)) with P = Θ̂_0(x*,X) Q. */
      for (guint i = 0; i < n; i++)
        {
          double gain, omd, decay;

          linearized_mode (self, model, k, i, &gain, &omd, &decay);
          work[i] = gain * self->c[i];
        }
      memcpy (f_test, self->f0_test, sizeof (double) * self->n_test);
      cblas_dgemv (CblasRowMajor, CblasNoTrans, self->n_test, n, 1.0, self->P, n,
                   work, 1, 1.0, f_test, 1);
    }
}

void
ntk_linearized_mode_errors (const NtkLinearized *self,
                            NtkTimeModel         model,
                            guint                k,
                            double              *e)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (e != NULL);

  /* e_{i,0} = q_iᵀ (f_0 − y) = −c_i, and each mode decays on its own. */
  for (guint i = 0; i < self->n; i++)
    {
      double gain, omd, decay;

      linearized_mode (self, model, k, i, &gain, &omd, &decay);
      e[i] = -decay * self->c[i];
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Infinite-width NTK-GP                                                                     */
/* ---------------------------------------------------------------------------------------- */

struct _NtkInfinite
{
  NtkEigen *eig;            /* of the analytic Θ(X,X) */
  guint     n, n_test;
  double    pinv_cutoff;    /* eigenvalues ≤ this are a null space for t = ∞ */
  double   *cy;             /* Qᵀ y, n */
  double   *P;              /* Θ(test, X) Q, n_test × n */
  double   *R;              /* Σ(test, X) Q, n_test × n */
  double   *S;              /* Qᵀ Σ(X,X) Q, n × n */
  double   *sigma_diag;     /* Σ(x*, x*), n_test */
};

NtkInfinite *
ntk_infinite_new (const double  *ntk_train,
                  const double  *nngp_train,
                  const double  *ntk_test_train,
                  const double  *nngp_test_train,
                  const double  *nngp_test_diag,
                  const double  *y,
                  guint          n,
                  guint          n_test,
                  GError       **error)
{
  g_autoptr(NtkEigen) eig = NULL;
  g_autofree double *tmp = NULL;
  NtkInfinite *self;

  g_return_val_if_fail (ntk_train != NULL && nngp_train != NULL && y != NULL, NULL);
  g_return_val_if_fail (n > 0, NULL);
  g_return_val_if_fail (n_test == 0 || (ntk_test_train != NULL && nngp_test_train != NULL &&
                                        nngp_test_diag != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  eig = ntk_eigen_new (ntk_train, n, error);
  if (eig == NULL)
    return NULL;

  self = g_new0 (NtkInfinite, 1);
  self->n = n;
  self->n_test = n_test;
  /* The usual pseudo-inverse threshold: directions below it are round-off, not signal. */
  self->pinv_cutoff = eig->lambda_max * n * DBL_EPSILON;
  self->cy = g_new (double, n);
  ntk_eigen_project (eig, y, self->cy);

  self->S = g_new (double, (gsize) n * n);
  tmp = g_new (double, (gsize) n * n);
  /* S = Qᵀ Σ Q: everything the variance needs that does not depend on t. */
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n,
               1.0, nngp_train, n, eig->eigvec, n, 0.0, tmp, n);
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, n, n, n,
               1.0, eig->eigvec, n, tmp, n, 0.0, self->S, n);

  if (n_test > 0)
    {
      self->P = g_new (double, (gsize) n_test * n);
      self->R = g_new (double, (gsize) n_test * n);
      self->sigma_diag = g_memdup2 (nngp_test_diag, sizeof (double) * n_test);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n_test, n, n,
                   1.0, ntk_test_train, n, eig->eigvec, n, 0.0, self->P, n);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n_test, n, n,
                   1.0, nngp_test_train, n, eig->eigvec, n, 0.0, self->R, n);
    }

  self->eig = g_steal_pointer (&eig);

  return self;
}

void
ntk_infinite_free (NtkInfinite *self)
{
  if (self == NULL)
    return;

  ntk_eigen_free (self->eig);
  g_free (self->cy);
  g_free (self->P);
  g_free (self->R);
  g_free (self->S);
  g_free (self->sigma_diag);
  g_free (self);
}

const NtkEigen *
ntk_infinite_get_eigen (const NtkInfinite *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->eig;
}

void
ntk_infinite_predict (const NtkInfinite *self,
                      double             t,
                      double            *mean_train,
                      double            *mean_test,
                      double            *var_test)
{
  g_autofree double *work = NULL;
  g_autofree double *g = NULL;
  guint n, n_test;

  g_return_if_fail (self != NULL);
  g_return_if_fail (t >= 0.0);

  n = self->n;
  n_test = self->n_test;
  /* Scratch per call keeps the model immutable, so threads may share it. */
  g = g_new (double, n);

  /* T = Θ⁻¹ (I − e^{−Θt/n}) = Q diag(g) Qᵀ with g = (1 − e^{−λt/n})/λ → t/n as λ → 0.
   * At t = ∞, g = 1/λ on the range of Θ and 0 on its (numerical) null space: the
   * pseudo-inverse, since a clipped or round-off eigenvalue carries no information. */
  for (guint i = 0; i < n; i++)
    {
      double lambda = self->eig->eigval[i];

      if (isinf (t))
        g[i] = lambda > self->pinv_cutoff ? 1.0 / lambda : 0.0;
      else
        g[i] = t / n * flow_gain (lambda * t / n);
    }

  work = g_new (double, n);

  if (mean_train != NULL)
    {
      /* Θ T y = Q diag(λ g) Qᵀ y */
      for (guint i = 0; i < n; i++)
        work[i] = self->eig->eigval[i] * g[i] * self->cy[i];
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n, n, 1.0, self->eig->eigvec, n,
                   work, 1, 0.0, mean_train, 1);
    }

  if (n_test == 0)
    return;

  if (mean_test != NULL)
    {
      for (guint i = 0; i < n; i++)
        work[i] = g[i] * self->cy[i];
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n_test, n, 1.0, self->P, n,
                   work, 1, 0.0, mean_test, 1);
    }

  if (var_test != NULL)
    {
      g_autofree double *W = g_new (double, (gsize) n_test * n);
      g_autofree double *V = g_new (double, (gsize) n_test * n);

      /* With W = P diag(g) (rows w = Θ(x*,X) Q diag(g)):
       *   Σ_t(x*) = Σ(x*,x*) + w S wᵀ − 2 w · r,   r = Σ(x*,X) Q.
       * One GEMM of O(n_test n²) per call. */
      for (guint j = 0; j < n_test; j++)
        {
          const double *p = self->P + (gsize) j * n;
          double *wj = W + (gsize) j * n;

          for (guint i = 0; i < n; i++)
            wj[i] = p[i] * g[i];
        }
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n_test, n, n,
                   1.0, W, n, self->S, n, 0.0, V, n);
      for (guint j = 0; j < n_test; j++)
        {
          const double *wj = W + (gsize) j * n;
          const double *vj = V + (gsize) j * n;
          const double *rj = self->R + (gsize) j * n;
          double quad = 0.0, cross = 0.0, var;

          for (guint i = 0; i < n; i++)
            {
              quad += vj[i] * wj[i];
              cross += wj[i] * rj[i];
            }
          var = self->sigma_diag[j] + quad - 2.0 * cross;
          /* The exact variance is ≥ 0; round-off near a training point can dip below. */
          var_test[j] = var > 0.0 ? var : 0.0;
        }
    }
}
