/* ntk-dataset.c — training points, targets and the test grid of one experiment
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ntk-csv.h"
#include "ntk-dataset.h"
#include "ntk-rng.h"

/* Label noise uses its own stream of the seed (the weights use stream 0), so changing
 * the noise level never changes the initial network, and vice versa. */
#define NOISE_STREAM 1

static void
dataset_clear (gpointer data)
{
  NtkDataset *self = data;

  g_free (self->x);
  g_free (self->y);
  g_free (self->y_clean);
  g_free (self->coord);
  g_free (self->x_test);
  g_free (self->y_test);
  g_free (self->coord_test);
}

NtkDataset *
ntk_dataset_ref (NtkDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
ntk_dataset_unref (NtkDataset *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, dataset_clear);
}

static NtkDataset *
dataset_alloc (guint d0,
               guint n,
               guint n_test)
{
  NtkDataset *self = g_atomic_rc_box_new0 (NtkDataset);

  self->d0 = d0;
  self->n = n;
  self->n_test = n_test;
  self->x = g_new0 (double, (gsize) n * d0);
  self->y = g_new0 (double, n);
  self->y_clean = g_new0 (double, n);
  self->coord = g_new0 (double, n);
  self->x_test = g_new0 (double, (gsize) n_test * d0);
  self->y_test = g_new0 (double, n_test);
  self->coord_test = g_new0 (double, n_test);
  return self;
}

/* γ of a circle point in [0, 2π), the same range as the grid and the training γ_i. */
static double
circle_angle (const double *x)
{
  double gamma = atan2 (x[1], x[0]);

  return gamma < 0 ? gamma + 2 * G_PI : gamma;
}

double
ntk_target_eval (const NtkTarget *target,
                 NtkDatasetKind   kind,
                 const double    *x,
                 guint            d0)
{
  double last, s, sum = 0;

  g_return_val_if_fail (target != NULL, NAN);
  g_return_val_if_fail (x != NULL && d0 >= 1, NAN);

  last = x[d0 - 1];

  switch (target->kind)
    {
    case NTK_TARGET_SINES:
      /* s = γ on the circle; otherwise π·(last coordinate), so the interval [−1, 1]
       * holds one period of sin(1·s), as the circle does. */
      s = (kind == NTK_DATASET_CIRCLE && d0 == 2) ? circle_angle (x) : G_PI * last;
      for (guint i = 0; i < MIN (target->n_sines, NTK_MAX_SINES); i++)
        sum += target->amp[i] * sin (target->freq[i] * s);
      return sum;
    case NTK_TARGET_PRODUCT:
      return d0 >= 2 ? x[0] * x[1] : NAN;
    case NTK_TARGET_STEP:
      return last >= 0 ? 1.0 : -1.0;
    case NTK_TARGET_ABS:
      return fabs (last);
    case NTK_N_TARGETS:
    default:
      g_return_val_if_reached (NAN);
    }
}

/* n evenly spaced points from a to b. Written as ((n−1−i)·a + i·b)/(n−1) so both ends
 * are exact and linspace(−1, 1) is exactly symmetric with an exact 0 in the middle.
 * A last pass keeps the grid strictly increasing even when b − a is near rounding level. */
static void
linspace (double *out,
          guint   n,
          double  a,
          double  b)
{
  if (n == 1)
    {
      out[0] = 0.5 * (a + b);
      return;
    }
  for (guint i = 0; i < n; i++)
    out[i] = ((double) (n - 1 - i) * a + (double) i * b) / (n - 1);
  for (guint i = 1; i < n; i++)
    if (!(out[i] > out[i - 1]))
      out[i] = nextafter (out[i - 1], INFINITY);
}

static void
add_noise (NtkDataset      *self,
           const NtkConfig *config)
{
  NtkRng rng;

  if (config->noise == 0)
    return;

  ntk_rng_init (&rng, config->seed, NOISE_STREAM);
  for (guint i = 0; i < self->n; i++)
    self->y[i] += config->noise * ntk_rng_normal (&rng);
}

static NtkDataset *
build_circle (const NtkConfig *config)
{
  guint n = config->n_train, t = config->n_test;
  NtkDataset *self = dataset_alloc (2, n, t);

  self->coord_name = "γ";
  for (guint i = 0; i < n; i++)
    {
      double gamma = 2 * G_PI * i / n;

      self->coord[i] = gamma;
      self->x[2 * i] = cos (gamma);
      self->x[2 * i + 1] = sin (gamma);
      self->y_clean[i] = ntk_target_eval (&config->target, NTK_DATASET_CIRCLE, &self->x[2 * i], 2);
      self->y[i] = self->y_clean[i];
    }
  /* The grid covers the whole circle [0, 2π), so it spans every training γ_i. */
  for (guint j = 0; j < t; j++)
    {
      double gamma = 2 * G_PI * j / t;

      self->coord_test[j] = gamma;
      self->x_test[2 * j] = cos (gamma);
      self->x_test[2 * j + 1] = sin (gamma);
      self->y_test[j] = ntk_target_eval (&config->target, NTK_DATASET_CIRCLE, &self->x_test[2 * j], 2);
    }
  return self;
}

static NtkDataset *
build_interval (const NtkConfig *config)
{
  guint n = config->n_train, t = config->n_test;
  NtkDataset *self = dataset_alloc (1, n, t);

  self->coord_name = "x";
  linspace (self->x, n, -1.0, 1.0);
  linspace (self->x_test, t, -1.0, 1.0);
  for (guint i = 0; i < n; i++)
    {
      self->coord[i] = self->x[i];
      self->y_clean[i] = ntk_target_eval (&config->target, NTK_DATASET_INTERVAL, &self->x[i], 1);
      self->y[i] = self->y_clean[i];
    }
  for (guint j = 0; j < t; j++)
    {
      self->coord_test[j] = self->x_test[j];
      self->y_test[j] = ntk_target_eval (&config->target, NTK_DATASET_INTERVAL, &self->x_test[j], 1);
    }
  return self;
}

static NtkDataset *
build_csv (const NtkConfig *config,
           GError         **error)
{
  g_autofree double *values = NULL;
  NtkDataset *self;
  guint rows, cols, d0;

  if (!ntk_csv_read_file (config->data_path, 2, NTK_CSV_MAX_ROWS, &values, &rows, &cols, error))
    return NULL;

  d0 = cols - 1;
  if (config->target.kind == NTK_TARGET_PRODUCT && d0 != 2)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "target: x1*x2 needs 2-d inputs, but “%s” has %u input column, then the target",
                                "target: x1*x2 needs 2-d inputs, but “%s” has %u input columns, then the target", d0),
                   config->data_path, d0);
      return NULL;
    }

  if (d0 == 1)
    {
      double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, pad;

      self = dataset_alloc (1, rows, config->n_test);
      self->coord_name = "x";
      for (guint i = 0; i < rows; i++)
        {
          lo = MIN (lo, values[2 * i]);
          hi = MAX (hi, values[2 * i]);
        }
      /* 5% beyond the data on either side shows how the model extrapolates; a single
       * distinct x still gets a non-empty, increasing grid. */
      pad = hi > lo ? 0.05 * (hi - lo) : 0.05 * MAX (1.0, fabs (lo));
      linspace (self->x_test, self->n_test, lo - pad, hi + pad);
      for (guint j = 0; j < self->n_test; j++)
        {
          self->coord_test[j] = self->x_test[j];
          self->y_test[j] = NAN;
        }
    }
  else
    {
      /* No natural grid in d0 ≥ 2: the predictions are shown at the training inputs. */
      self = dataset_alloc (d0, rows, rows);
      self->coord_name = "index";
    }

  for (guint i = 0; i < rows; i++)
    {
      memcpy (&self->x[(gsize) i * d0], &values[(gsize) i * cols], d0 * sizeof (double));
      self->y[i] = values[(gsize) i * cols + d0];
      self->y_clean[i] = NAN;
      self->coord[i] = d0 == 1 ? self->x[i] : i;
    }

  add_noise (self, config);

  if (d0 >= 2)
    {
      memcpy (self->x_test, self->x, (gsize) rows * d0 * sizeof (double));
      memcpy (self->y_test, self->y, rows * sizeof (double));
      for (guint i = 0; i < rows; i++)
        self->coord_test[i] = i;
    }

  return self;
}

NtkDataset *
ntk_dataset_new_from_config (const NtkConfig *config,
                             GError         **error)
{
  NtkDataset *self;

  g_return_val_if_fail (config != NULL, NULL);

  if (!ntk_config_validate (config, error))
    return NULL;

  switch (config->dataset)
    {
    case NTK_DATASET_CIRCLE:
      self = build_circle (config);
      add_noise (self, config);
      return self;
    case NTK_DATASET_INTERVAL:
      self = build_interval (config);
      add_noise (self, config);
      return self;
    case NTK_DATASET_CSV:
      return build_csv (config, error);
    case NTK_N_DATASETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ntk_read_inputs_csv (const char *path,
                     double    **x_out,
                     guint      *n_out,
                     guint      *d0_out,
                     GError    **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (x_out != NULL && n_out != NULL && d0_out != NULL, FALSE);

  return ntk_csv_read_file (path, 1, NTK_CSV_MAX_ROWS, x_out, n_out, d0_out, error);
}
