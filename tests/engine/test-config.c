/* test-config.c — defaults, every validation rule, round trips, key files, memory limit
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ntk-config.h"
#include "ntk-rng.h"
#include "ntk-test-util.h"

static void
test_config_defaults (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  g_assert_true (ntk_config_validate (c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c->activation, ==, NTK_ACTIVATION_RELU);
  g_assert_cmpfloat (c->leaky_slope, ==, 0.1);
  g_assert_cmpuint (c->depth, ==, 2);
  g_assert_cmpuint (c->width, ==, 512);
  g_assert_cmpfloat (c->sigma_w, ==, 1.5);
  g_assert_cmpfloat (c->sigma_b, ==, 0.1);
  g_assert_cmpfloat (c->learning_rate, ==, 0.6);
  g_assert_cmpuint (c->steps, ==, 2000);
  g_assert_cmpuint (c->seed, ==, 1);
  g_assert_cmpint (c->dataset, ==, NTK_DATASET_CIRCLE);
  g_assert_null (c->data_path);
  g_assert_cmpuint (c->n_train, ==, 32);
  g_assert_cmpuint (c->n_test, ==, 256);
  g_assert_cmpfloat (c->noise, ==, 0);
  g_assert_cmpuint (c->publish_every, ==, 10);
  g_assert_cmpuint (c->memory_limit, ==, 0);
  target = ntk_target_to_string (&c->target);
  g_assert_cmpstr (target, ==, "sines:1:1,4:0.5");
}

typedef struct {
  const char *key;
  const char *value;
  gboolean    ok;
  const char *allowed;   /* must appear in the message of a failure */
} SetCase;

#define ACT_LIST "identity, relu, leaky_relu, abs, erf, sin, tanh, sigmoid, softplus, gelu, silu"

static const SetCase set_cases[] = {
  /* activation */
  { "activation", "identity", TRUE }, { "activation", "relu", TRUE },
  { "activation", "leaky_relu", TRUE }, { "activation", "abs", TRUE },
  { "activation", "erf", TRUE }, { "activation", "sin", TRUE }, { "activation", "tanh", TRUE },
  { "activation", "sigmoid", TRUE }, { "activation", "softplus", TRUE },
  { "activation", "gelu", TRUE }, { "activation", "silu", TRUE },
  { "activation", "relu6", FALSE, ACT_LIST }, { "activation", "RELU", FALSE, ACT_LIST },
  { "activation", "", FALSE, ACT_LIST },
  /* leaky-slope: finite, [−10, 10] */
  { "leaky-slope", "-10", TRUE }, { "leaky-slope", "10", TRUE }, { "leaky-slope", "0", TRUE },
  { "leaky-slope", "0.25", TRUE }, { "leaky-slope", " 0.5 ", TRUE },
  { "leaky-slope", "10.000000001", FALSE, "[-10, 10]" }, { "leaky-slope", "-11", FALSE, "[-10, 10]" },
  { "leaky-slope", "nan", FALSE, "[-10, 10]" }, { "leaky-slope", "inf", FALSE, "[-10, 10]" },
  { "leaky-slope", "-inf", FALSE, "[-10, 10]" }, { "leaky-slope", "1e999", FALSE, "[-10, 10]" },
  { "leaky-slope", "12abc", FALSE, "[-10, 10]" }, { "leaky-slope", "", FALSE, "[-10, 10]" },
  { "leaky-slope", "0.1.2", FALSE, "[-10, 10]" },
  /* depth 1–16 */
  { "depth", "1", TRUE }, { "depth", "16", TRUE },
  { "depth", "0", FALSE, "1–16" }, { "depth", "17", FALSE, "1–16" }, { "depth", "-1", FALSE, "1–16" },
  { "depth", "1.5", FALSE, "1–16" }, { "depth", "2x", FALSE, "1–16" }, { "depth", "", FALSE, "1–16" },
  { "depth", "99999999999999999999999", FALSE, "1–16" }, { "depth", "4294967298", FALSE, "1–16" },
  /* width 1–16384 */
  { "width", "1", TRUE }, { "width", "16384", TRUE },
  { "width", "0", FALSE, "1–16384" }, { "width", "16385", FALSE, "1–16384" },
  { "width", "12abc", FALSE, "1–16384" }, { "width", "1e3", FALSE, "1–16384" },
  /* sigma-w (0, 10] */
  { "sigma-w", "1e-300", TRUE }, { "sigma-w", "10", TRUE },
  { "sigma-w", "0", FALSE, "(0, 10]" }, { "sigma-w", "-1", FALSE, "(0, 10]" },
  { "sigma-w", "10.0000001", FALSE, "(0, 10]" }, { "sigma-w", "nan", FALSE, "(0, 10]" },
  { "sigma-w", "inf", FALSE, "(0, 10]" }, { "sigma-w", "1.5x", FALSE, "(0, 10]" },
  /* sigma-b [0, 10] */
  { "sigma-b", "0", TRUE }, { "sigma-b", "10", TRUE },
  { "sigma-b", "-1e-300", FALSE, "[0, 10]" }, { "sigma-b", "10.5", FALSE, "[0, 10]" },
  { "sigma-b", "NaN", FALSE, "[0, 10]" }, { "sigma-b", "1e999", FALSE, "[0, 10]" },
  /* learning-rate: finite, > 0 */
  { "learning-rate", "1e-9", TRUE }, { "learning-rate", "1e300", TRUE }, { "learning-rate", "0.6", TRUE },
  { "learning-rate", "0", FALSE, "finite, > 0" }, { "learning-rate", "-0.1", FALSE, "finite, > 0" },
  { "learning-rate", "inf", FALSE, "finite, > 0" }, { "learning-rate", "nan", FALSE, "finite, > 0" },
  { "learning-rate", "1e999", FALSE, "finite, > 0" }, { "learning-rate", "0.1.2", FALSE, "finite, > 0" },
  /* steps 0–10000000 */
  { "steps", "0", TRUE }, { "steps", "10000000", TRUE },
  { "steps", "10000001", FALSE, "0–10000000" }, { "steps", "-1", FALSE, "0–10000000" },
  { "steps", "ten", FALSE, "0–10000000" },
  /* seed: any 64-bit unsigned */
  { "seed", "0", TRUE }, { "seed", "18446744073709551615", TRUE },
  { "seed", "18446744073709551616", FALSE, "0–18446744073709551615" },
  { "seed", "-1", FALSE, "0–18446744073709551615" }, { "seed", "1e3", FALSE, "0–18446744073709551615" },
  { "seed", "abc", FALSE, "0–18446744073709551615" },
  /* dataset */
  { "dataset", "circle", TRUE }, { "dataset", "interval", TRUE }, { "dataset", "csv", TRUE },
  { "dataset", "sphere", FALSE, "circle, interval, csv" }, { "dataset", "", FALSE, "circle, interval, csv" },
  /* data: any path */
  { "data", "/tmp/some file.csv", TRUE }, { "data", "", TRUE },
  /* target */
  { "target", "sines:1:1", TRUE }, { "target", "sines:1:1,4:0.5", TRUE },
  { "target", "sines:1:1,2:1,3:1,4:1,5:1,6:1,7:1,8:1", TRUE },
  { "target", "x1*x2", TRUE }, { "target", "step", TRUE }, { "target", "abs", TRUE },
  { "target", "sines:-1000:2", TRUE }, { "target", "sines:0.5:1e300", TRUE },
  { "target", "sines:1000.5:1", FALSE, "-1000 to 1000" },
  { "target", "sines:nan:1", FALSE, "-1000 to 1000" },
  { "target", "sines:1:inf", FALSE, "finite" }, { "target", "sines:1:1e999", FALSE, "finite" },
  { "target", "sines:1:1,2:1,3:1,4:1,5:1,6:1,7:1,8:1,9:1", FALSE, "1–8" },
  { "target", "sines:", FALSE, "1–8" }, { "target", "sines:1", FALSE, "FREQUENCY:AMPLITUDE" },
  { "target", "sines:1:2:3", FALSE, "FREQUENCY:AMPLITUDE" }, { "target", "sines:1:1,", FALSE, "FREQUENCY:AMPLITUDE" },
  { "target", "sines:1x:1", FALSE, "FREQUENCY:AMPLITUDE" },
  { "target", "sine:1:1", FALSE, "x1*x2" }, { "target", "", FALSE, "x1*x2" },
  /* n-train 1–4096, n-test 2–4096 */
  { "n-train", "1", TRUE }, { "n-train", "4096", TRUE },
  { "n-train", "0", FALSE, "1–4096" }, { "n-train", "4097", FALSE, "1–4096" },
  { "n-test", "2", TRUE }, { "n-test", "4096", TRUE },
  { "n-test", "1", FALSE, "2–4096" }, { "n-test", "4097", FALSE, "2–4096" },
  /* noise: finite, ≥ 0 */
  { "noise", "0", TRUE }, { "noise", "1e10", TRUE },
  { "noise", "-1e-300", FALSE, "finite, ≥ 0" }, { "noise", "nan", FALSE, "finite, ≥ 0" },
  { "noise", "inf", FALSE, "finite, ≥ 0" }, { "noise", "0.1abc", FALSE, "finite, ≥ 0" },
  /* publish-every 1–10000000 */
  { "publish-every", "1", TRUE }, { "publish-every", "10000000", TRUE },
  { "publish-every", "0", FALSE, "1–10000000" }, { "publish-every", "10000001", FALSE, "1–10000000" },
  /* memory-limit: bytes, optional unit */
  { "memory-limit", "0", TRUE }, { "memory-limit", "1073741824", TRUE }, { "memory-limit", "4GiB", TRUE },
  { "memory-limit", "18446744073709551615", TRUE },
  { "memory-limit", "-1", FALSE, "0–18446744073709551615" },
  { "memory-limit", "1 PB", FALSE, "0–18446744073709551615" },
  { "memory-limit", "17179869184GiB", FALSE, "0–18446744073709551615" },
  { "memory-limit", "GiB", FALSE, "0–18446744073709551615" },
};

static void
test_config_set_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (set_cases); i++)
    {
      const SetCase *sc = &set_cases[i];
      g_autoptr(NtkConfig) c = ntk_config_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *before = ntk_config_get (c, sc->key);
      g_autofree char *after = NULL;
      gboolean ok = ntk_config_set (c, sc->key, sc->value, &error);

      g_test_message ("%s = “%s”: %s", sc->key, sc->value, error ? error->message : "ok");
      if (sc->ok)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
          /* field name first, the value as typed (stripped), the allowed values */
          g_assert_true (g_str_has_prefix (error->message, sc->key));
          ntk_test_assert_message_contains (error, sc->value);
          ntk_test_assert_message_contains (error, sc->allowed);
          /* a failed set changes nothing */
          after = ntk_config_get (c, sc->key);
          g_assert_cmpstr (before, ==, after);
        }
    }
}

static void
test_config_set_exact_messages (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mem = NULL;

  g_assert_false (ntk_config_set (c, "width", "0", &error));
  g_assert_cmpstr (error->message, ==, "width: 0 is out of range (1–16384)");
  g_clear_error (&error);

  g_assert_false (ntk_config_set (c, "sigma-w", "nan", &error));
  g_assert_cmpstr (error->message, ==, "sigma-w: nan is not a finite number (allowed: (0, 10])");
  g_clear_error (&error);

  g_assert_false (ntk_config_set (c, "depth", "12abc", &error));
  g_assert_cmpstr (error->message, ==, "depth: “12abc” is not a whole number (allowed: 1–16)");
  g_clear_error (&error);

  g_assert_false (ntk_config_set (c, "widht", "3", &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  ntk_test_assert_message_contains (error, "widht");
  ntk_test_assert_message_contains (error, "width");
  g_clear_error (&error);

  g_assert_true (ntk_config_set (c, "memory-limit", "512MiB", NULL));
  g_assert_cmpuint (c->memory_limit, ==, G_GUINT64_CONSTANT (512) << 20);
  mem = ntk_config_get (c, "memory-limit");
  g_assert_cmpstr (mem, ==, "536870912");

  g_assert_true (ntk_config_set (c, "data", "/x.csv", NULL));
  g_assert_cmpstr (c->data_path, ==, "/x.csv");
  g_assert_true (ntk_config_set (c, "data", "", NULL));
  g_assert_null (c->data_path);
}

/* Values put straight into the struct (as the GUI does) are validated too. */
static const char * const struct_messages[] = {
  "width: 0 is out of range (1–16384)",
  "width: 16385 is out of range (1–16384)",
  "depth: 17 is out of range (1–16)",
  "sigma-w: 0 is out of range ((0, 10])",
  "sigma-w: nan is not a finite number (allowed: (0, 10])",
  "sigma-b: -0.5 is out of range ([0, 10])",
  "leaky-slope: inf is not a finite number (allowed: [-10, 10])",
  "learning-rate: -1 is out of range (finite, > 0)",
  "learning-rate: inf is not a finite number (allowed: finite, > 0)",
  "steps: 10000001 is out of range (0–10000000)",
  "n-train: 0 is out of range (1–4096)",
  "n-test: 1 is out of range (2–4096)",
  "noise: -0.1 is out of range (finite, ≥ 0)",
  "publish-every: 0 is out of range (1–10000000)",
  "target: “sines:” has 0 sine terms (allowed: 1–8)",
  "target: frequency 1000000 in “sines:1:1,1000000:0.5” is out of range (finite, -1000 to 1000)",
  "target: amplitude nan in “sines:1:nan,4:0.5” is not a finite number",
  "activation: 11 is not an activation (allowed: " ACT_LIST ")",
  "data: a CSV file is required when dataset is csv",
  "target: x1*x2 needs 2-d inputs (dataset circle, or csv with 2 input columns); dataset is interval",
};

static void
struct_mutate (NtkConfig *c,
               guint      i)
{
  switch (i)
    {
    case 0: c->width = 0; break;
    case 1: c->width = 16385; break;
    case 2: c->depth = 17; break;
    case 3: c->sigma_w = 0; break;
    case 4: c->sigma_w = NAN; break;
    case 5: c->sigma_b = -0.5; break;
    case 6: c->leaky_slope = INFINITY; break;
    case 7: c->learning_rate = -1; break;
    case 8: c->learning_rate = INFINITY; break;
    case 9: c->steps = 10000001; break;
    case 10: c->n_train = 0; break;
    case 11: c->n_test = 1; break;
    case 12: c->noise = -0.1; break;
    case 13: c->publish_every = 0; break;
    case 14: c->target.n_sines = 0; break;
    case 15: c->target.freq[1] = 1e6; break;
    case 16: c->target.amp[0] = NAN; break;
    case 17: c->activation = NTK_N_ACTIVATIONS; break;
    case 18: c->dataset = NTK_DATASET_CSV; break;
    case 19: c->dataset = NTK_DATASET_INTERVAL; c->target.kind = NTK_TARGET_PRODUCT; break;
    default: g_assert_not_reached ();
    }
}

static void
test_config_validate_struct (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (struct_messages); i++)
    {
      g_autoptr(NtkConfig) c = ntk_config_new ();
      g_autoptr(GError) error = NULL;

      struct_mutate (c, i);
      g_assert_false (ntk_config_validate (c, &error));
      g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, struct_messages[i]);
    }

  /* The good combinations. */
  {
    g_autoptr(NtkConfig) c = ntk_config_new ();
    c->target.kind = NTK_TARGET_PRODUCT;           /* circle is 2-d */
    g_assert_true (ntk_config_validate (c, NULL));
    c->data_path = g_strdup ("/kept.csv");         /* remembered, unused with circle */
    g_assert_true (ntk_config_validate (c, NULL));
    g_clear_pointer (&c->data_path, g_free);
    c->dataset = NTK_DATASET_CSV;                  /* the file decides */
    c->data_path = g_strdup ("/some.csv");
    g_assert_true (ntk_config_validate (c, NULL));
  }
}

static void
test_config_enums (void)
{
  for (guint i = 0; i < NTK_N_ACTIVATIONS; i++)
    {
      NtkActivation a;
      g_assert_true (ntk_activation_from_string (ntk_activation_to_string (i), &a));
      g_assert_cmpint (a, ==, i);
    }
  for (guint i = 0; i < NTK_N_DATASETS; i++)
    {
      NtkDatasetKind d;
      g_assert_true (ntk_dataset_kind_from_string (ntk_dataset_kind_to_string (i), &d));
      g_assert_cmpint (d, ==, i);
    }
  {
    NtkActivation a = NTK_ACTIVATION_TANH;
    NtkDatasetKind d = NTK_DATASET_INTERVAL;
    g_assert_false (ntk_activation_from_string ("swish", &a));
    g_assert_false (ntk_activation_from_string (NULL, &a));
    g_assert_cmpint (a, ==, NTK_ACTIVATION_TANH);
    g_assert_false (ntk_dataset_kind_from_string ("square", &d));
    g_assert_cmpint (d, ==, NTK_DATASET_INTERVAL);
  }
  g_assert_cmpstr (ntk_activation_to_string (NTK_ACTIVATION_LEAKY_RELU), ==, "leaky_relu");
  g_assert_cmpstr (ntk_dataset_kind_to_string (NTK_DATASET_CSV), ==, "csv");
}

static void
test_config_target_parse (void)
{
  NtkTarget t;
  g_autoptr(GError) error = NULL;
  const char *specs[] = { "sines:1:1,4:0.5", "x1*x2", "step", "abs", "sines:-3.5:1e-300",
                          "sines:0.1:0.2,0.3:-0", "sines:1:1,2:1,3:1,4:1,5:1,6:1,7:1,8:1" };

  g_assert_true (ntk_target_parse ("sines:1:1,4:0.5", &t, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t.kind, ==, NTK_TARGET_SINES);
  g_assert_cmpuint (t.n_sines, ==, 2);
  g_assert_cmpfloat (t.freq[1], ==, 4);
  g_assert_cmpfloat (t.amp[1], ==, 0.5);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *back = NULL;
      g_assert_true (ntk_target_parse (specs[i], &t, NULL));
      back = ntk_target_to_string (&t);
      g_assert_cmpstr (back, ==, specs[i]);
    }

  /* Spaces around the numbers are accepted and normalised away. */
  g_assert_true (ntk_target_parse ("sines: 1 : 2 , 3:4", &t, NULL));
  {
    g_autofree char *back = ntk_target_to_string (&t);
    g_assert_cmpstr (back, ==, "sines:1:2,3:4");
  }

  g_assert_false (ntk_target_parse ("sines:2:x", &t, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "target: "));
  ntk_test_assert_message_contains (error, "sines:2:x");
}

static double
random_double_in (NtkRng *rng,
                  double  lo,
                  double  hi)
{
  /* Mix plain uniforms with values near the ends and exact special values. */
  switch (ntk_rng_next_u64 (rng) % 6)
    {
    case 0:
      return lo + (hi - lo) * ntk_rng_uniform (rng);
    case 1:
      return hi;
    case 2:
      return nextafter (hi, lo);
    default:
      return lo + (hi - lo) * ntk_rng_uniform (rng) * ntk_rng_uniform (rng) * ntk_rng_uniform (rng);
    }
}

/* A random valid configuration whose doubles use all 53 bits. */
static NtkConfig *
random_config (NtkRng *rng)
{
  NtkConfig *c = ntk_config_new ();

  c->activation = ntk_rng_next_u64 (rng) % NTK_N_ACTIVATIONS;
  c->leaky_slope = random_double_in (rng, -10, 10);
  if (ntk_rng_next_u64 (rng) % 8 == 0)
    c->leaky_slope = -0.0;
  c->depth = 1 + ntk_rng_next_u64 (rng) % 16;
  c->width = 1 + ntk_rng_next_u64 (rng) % 16384;
  c->sigma_w = nextafter (0, 1) + random_double_in (rng, 0, 10 - 1e-300);
  c->sigma_b = random_double_in (rng, 0, 10);
  c->learning_rate = exp (random_double_in (rng, -40, 40));
  c->steps = ntk_rng_next_u64 (rng) % 10000001;
  c->seed = ntk_rng_next_u64 (rng);
  c->dataset = ntk_rng_next_u64 (rng) % NTK_N_DATASETS;
  if (c->dataset == NTK_DATASET_CSV)
    c->data_path = g_strdup_printf ("/data dir/ü %s\\n.csv", ntk_rng_next_u64 (rng) % 2 ? " lead" : "x");
  c->target.kind = ntk_rng_next_u64 (rng) % NTK_N_TARGETS;
  if (c->target.kind == NTK_TARGET_PRODUCT && c->dataset == NTK_DATASET_INTERVAL)
    c->target.kind = NTK_TARGET_ABS;
  if (c->target.kind == NTK_TARGET_SINES)
    {
      c->target.n_sines = 1 + ntk_rng_next_u64 (rng) % NTK_MAX_SINES;
      for (guint i = 0; i < c->target.n_sines; i++)
        {
          c->target.freq[i] = random_double_in (rng, -1000, 1000);
          c->target.amp[i] = ldexp (ntk_rng_normal (rng), (int) (ntk_rng_next_u64 (rng) % 2000) - 1000);
        }
      c->target.amp[0] = 4.9406564584124654e-324;   /* the smallest subnormal */
    }
  c->n_train = 1 + ntk_rng_next_u64 (rng) % 4096;
  c->n_test = 2 + ntk_rng_next_u64 (rng) % 4095;
  c->noise = ntk_rng_next_u64 (rng) % 4 == 0 ? 0 : ldexp (ntk_rng_uniform (rng), (int) (ntk_rng_next_u64 (rng) % 200) - 100);
  c->publish_every = 1 + ntk_rng_next_u64 (rng) % 10000000;
  c->memory_limit = ntk_rng_next_u64 (rng);

  return c;
}

static void
test_config_round_trip (void)
{
  NtkRng rng;

  ntk_rng_init (&rng, 77, 0);
  for (guint iter = 0; iter < 300; iter++)
    {
      g_autoptr(NtkConfig) c = random_config (&rng);
      g_autoptr(NtkConfig) d = ntk_config_new ();
      g_autoptr(NtkConfig) e = NULL;
      g_autoptr(NtkConfig) f = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (ntk_config_validate (c, &error));
      g_assert_no_error (error);

      /* get → set, field by field, into a default config */
      for (const char * const *k = ntk_config_field_names (); *k != NULL; k++)
        {
          g_autofree char *v = ntk_config_get (c, *k);
          g_assert_true (ntk_config_set (d, *k, v, &error));
          g_assert_no_error (error);
        }
      g_assert_true (ntk_config_equal (c, d));

      /* key file */
      data = ntk_config_to_data (c, &length);
      e = ntk_config_load_data (data, length, &error);
      g_assert_no_error (error);
      g_assert_nonnull (e);
      if (!ntk_config_equal (c, e))
        g_error ("key file round trip differs:\n%s", data);

      f = ntk_config_copy (c);
      g_assert_true (ntk_config_equal (c, f));
      g_assert_true (f->data_path == NULL || f->data_path != c->data_path);
    }

  /* equal is bit-exact: −0 differs from 0 */
  {
    g_autoptr(NtkConfig) a = ntk_config_new ();
    g_autoptr(NtkConfig) b = ntk_config_new ();
    g_autofree char *text = NULL;

    b->leaky_slope = 0.0;
    a->leaky_slope = -0.0;
    g_assert_false (ntk_config_equal (a, b));
    text = ntk_config_get (a, "leaky-slope");
    g_assert_cmpstr (text, ==, "-0");
    b->leaky_slope = 0.1;
    a->leaky_slope = 0.1;
    g_free (text);
    text = ntk_config_get (a, "leaky-slope");
    g_assert_cmpstr (text, ==, "0.1");    /* shortest form, not 0.10000000000000001 */
    g_assert_true (ntk_config_equal (a, b));
  }
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_config_key_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-config-XXXXXX", NULL);
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkConfig) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "saved.ntk", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *bad = NULL;

  g_assert_nonnull (dir);

  /* save → load_file, with an absolute CSV path */
  c->dataset = NTK_DATASET_CSV;
  c->data_path = g_strdup ("/abs/data.csv");
  c->sigma_b = 0.30000000000000004;
  g_assert_true (ntk_config_save_file (c, path, &error));
  g_assert_no_error (error);
  loaded = ntk_config_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (ntk_config_equal (c, loaded));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "[experiment]\n"));
  g_assert_nonnull (strstr (contents, "width=512\n"));
  g_assert_nonnull (strstr (contents, "sigma-b=0.30000000000000004\n"));
  g_clear_pointer (&loaded, ntk_config_free);

  /* missing keys keep their defaults; a relative data path is next to the file */
  {
    g_autofree char *p = write_temp (dir, "partial.ntk",
                                     "# comment\n\n[experiment]\nwidth = 64\ndataset=csv\ndata=points.csv\n");
    g_autofree char *expected = g_build_filename (dir, "points.csv", NULL);
    g_autoptr(NtkConfig) def = ntk_config_new ();

    loaded = ntk_config_load_file (p, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (loaded->width, ==, 64);
    g_assert_cmpstr (loaded->data_path, ==, expected);
    g_assert_cmpuint (loaded->depth, ==, def->depth);
    g_assert_cmpfloat (loaded->learning_rate, ==, def->learning_rate);
    g_clear_pointer (&loaded, ntk_config_free);
  }

  /* CRLF line endings */
  loaded = ntk_config_load_data ("[experiment]\r\nwidth=3\r\nactivation=tanh\r\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->width, ==, 3);
  g_assert_cmpint (loaded->activation, ==, NTK_ACTIVATION_TANH);
  g_clear_pointer (&loaded, ntk_config_free);

  /* saving into a folder that does not exist: an IO error and no file */
  bad = g_build_filename (dir, "missing", "x.ntk", NULL);
  g_assert_false (ntk_config_save_file (c, bad, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO);
  ntk_test_assert_message_contains (error, bad);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* reading a file that does not exist */
  g_assert_null (ntk_config_load_file (bad, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO);
  g_clear_error (&error);

  g_remove (path);
  {
    g_autofree char *p = g_build_filename (dir, "partial.ntk", NULL);
    g_remove (p);
  }
  g_rmdir (dir);
}

typedef struct {
  const char *text;
  int         code;
  const char *message;   /* the whole message, for load_data ("line N: …") */
} KeyFileCase;

static void
test_config_key_file_errors (void)
{
  const KeyFileCase cases[] = {
    { "[experiment]\nwidth=64\n\n# c\nwidht=3\n", NTK_CONFIG_ERROR_PARSE,
      "line 5: unknown key “widht” (known: activation, leaky-slope, depth, width, sigma-w, sigma-b, "
      "learning-rate, steps, seed, dataset, data, target, n-train, n-test, noise, publish-every, memory-limit)" },
    { "# x\n[experiment]\ndepth=3\nwidth=0\n", NTK_CONFIG_ERROR_INVALID,
      "line 4: width: 0 is out of range (1–16384)" },
    { "[experiment]\nsigma-w=1e999\n", NTK_CONFIG_ERROR_INVALID,
      "line 2: sigma-w: 1e999 is not a finite number (allowed: (0, 10])" },
    { "[experiment]\nsteps=12abc\n", NTK_CONFIG_ERROR_INVALID,
      "line 2: steps: “12abc” is not a whole number (allowed: 0–10000000)" },
    { "[experiment]\r\nnoise=1\r\ntarget=sines:1:nan\r\n", NTK_CONFIG_ERROR_INVALID,
      "line 3: target: amplitude nan in “sines:1:nan” is not a finite number" },
    { "[experiment]\nwidth=3\ngarbage\n", NTK_CONFIG_ERROR_PARSE,
      "line 3: “garbage” is not a KEY=VALUE line" },
    { "[experiment]\nwidth=3\n[view]\nzoom=2\n", NTK_CONFIG_ERROR_PARSE,
      "line 3: unknown group [view] (allowed: [experiment])" },
    { "width=3\n[experiment]\n", NTK_CONFIG_ERROR_PARSE,
      "line 1: a setting before the [experiment] group header" },
    { "# only a comment\n", NTK_CONFIG_ERROR_PARSE,
      "key file: no [experiment] group (not an NTK Lab experiment file)" },
    { "[experiment]\n[experiment]\n", NTK_CONFIG_ERROR_PARSE,
      "line 2: the group [experiment] appears twice" },
    { "[experiment\n", NTK_CONFIG_ERROR_PARSE,
      "line 1: “[experiment” is not a group header like [experiment]" },
    { "[experiment]\n=3\n", NTK_CONFIG_ERROR_PARSE, "line 2: a value without a key" },
    { "[experiment]\nwidth=3\n\ndataset=csv\n", NTK_CONFIG_ERROR_INVALID,
      "line 4: data: a CSV file is required when dataset is csv" },
    { "[experiment]\ntarget=x1*x2\ndataset=interval\n", NTK_CONFIG_ERROR_INVALID,
      "line 2: target: x1*x2 needs 2-d inputs (dataset circle, or csv with 2 input columns); dataset is interval" },
    { "[experiment]\nwidth=3\nactivation=\xff\n", NTK_CONFIG_ERROR_PARSE, "line 3: is not valid UTF-8" },
    { "[experiment]\nwidth[de]=3\n", NTK_CONFIG_ERROR_PARSE, NULL },
    /* GKeyFile escapes: a Windows path needs doubled backslashes (found by fuzz-config) */
    { "[experiment]\ndata=C:\\data\\x.csv\ntarget=bad\n", NTK_CONFIG_ERROR_PARSE,
      "line 2: data: “C:\\data\\x.csv” has an invalid escape sequence (write a backslash as \\\\)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NtkConfig) c = ntk_config_load_data (cases[i].text, -1, &error);

      g_assert_null (c);
      g_assert_error (error, NTK_CONFIG_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* A NUL byte in the middle of the data. */
  {
    const char text[] = "[experiment]\nwidth=3\0\n";
    g_autoptr(GError) error = NULL;
    g_assert_null (ntk_config_load_data (text, sizeof text - 1, &error));
    g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "line 2: contains a NUL byte (not a text file)");
  }

  /* From a file, the message starts with FILE:LINE. */
  {
    g_autofree char *dir = g_dir_make_tmp ("ntk-config-XXXXXX", NULL);
    g_autofree char *path = write_temp (dir, "bad.ntk", "[experiment]\n# why\nn-test=1\n");
    g_autofree char *expected = g_strdup_printf ("%s:3: n-test: 1 is out of range (2–4096)", path);
    g_autoptr(GError) error = NULL;

    g_assert_null (ntk_config_load_file (path, &error));
    g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, expected);
    g_remove (path);
    g_rmdir (dir);
  }
}

static void
test_config_field_range (void)
{
  double lo, hi;
  const char *allowed;

  g_assert_true (ntk_config_field_range ("width", &lo, &hi, &allowed));
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 16384);
  g_assert_cmpstr (allowed, ==, "1–16384");
  g_assert_true (ntk_config_field_range ("learning-rate", &lo, &hi, NULL));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_true (isinf (hi));
  g_assert_false (ntk_config_field_range ("activation", &lo, &hi, &allowed));
  g_assert_false (ntk_config_field_range ("nope", NULL, NULL, NULL));

  /* Every field name is known to get/set, and there are 17. */
  {
    guint n = 0;
    g_autoptr(NtkConfig) c = ntk_config_new ();
    for (const char * const *k = ntk_config_field_names (); *k != NULL; k++, n++)
      {
        g_autofree char *v = ntk_config_get (c, *k);
        g_assert_nonnull (v);
      }
    g_assert_cmpuint (n, ==, 17);
  }
}

static void
test_config_memory (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(GError) error = NULL;
  guint64 base, est;

  /* Defaults (m = 512, L = 2, n = 32, t = 256, d0 = 2), from the formula by hand:
   * P = 264705; 3P + 3·2·512·288 + 8·32² + 6·256·32 + 202·74 + 2·(6·256 + 8·32) + 288·2 + 128 + 768
   *   = 1756199 doubles, plus the kernels over the test points (t ≤ 1024): 5·256² = 327680, and
   * Θ̂_k over M test points, where F(M) = 4·M·P + M²·S (S = 2051) must fit the budget of 2²⁶
   * flops: M ≤ 57, so stride 5 and M = ⌈256/5⌉ = 52: 2·52² + 3·2·512·52 + 52·2 = 165256;
   * total 2249135 doubles. */
  base = ntk_config_estimate_memory (c, 32, 2);
  g_assert_cmpuint (base, ==, G_GUINT64_CONSTANT (2249135) * 8);

  /* grows with every size */
  c->width = 1024;
  g_assert_cmpuint (ntk_config_estimate_memory (c, 32, 2), >, base);
  c->width = 512;
  c->depth = 3;
  g_assert_cmpuint (ntk_config_estimate_memory (c, 32, 2), >, base);
  c->depth = 2;
  g_assert_cmpuint (ntk_config_estimate_memory (c, 64, 2), >, base);
  g_assert_cmpuint (ntk_config_estimate_memory (c, 32, 100), >, base);

  /* the default fits the default limit (half the RAM) */
  g_assert_cmpuint (ntk_physical_memory (), >, 0);
  g_assert_true (ntk_config_check_memory (c, 32, 2, &error));
  g_assert_no_error (error);

  /* the largest network is refused under 1 GiB, with the estimate in the message */
  c->width = 16384;
  c->depth = 16;
  c->n_train = 4096;
  c->n_test = 4096;
  c->memory_limit = G_GUINT64_CONSTANT (1) << 30;
  est = ntk_config_estimate_memory (c, 4096, 2);
  g_assert_cmpuint (est, >, G_GUINT64_CONSTANT (90) << 30);   /* 16·16384² parameters ×3 ≈ 96 GiB */
  g_assert_false (ntk_config_check_memory (c, 4096, 2, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);
  {
    g_autofree char *est_text = g_format_size_full (est, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *limit_text = g_format_size_full (c->memory_limit, G_FORMAT_SIZE_IEC_UNITS);
    g_test_message ("%s", error->message);
    ntk_test_assert_message_contains (error, est_text);
    ntk_test_assert_message_contains (error, limit_text);
    g_assert_true (g_str_has_prefix (limit_text, "1.0"));
    ntk_test_assert_message_contains (error, "memory-limit");
  }
  g_clear_error (&error);

  /* ... and also under the default limit (half the RAM of any machine we run on) */
  c->memory_limit = 0;
  if (est > ntk_physical_memory () / 2)
    {
      g_assert_false (ntk_config_check_memory (c, 4096, 2, &error));
      g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_MEMORY_LIMIT);
      g_clear_error (&error);
    }

  /* a limit just at the estimate passes, one byte less fails */
  c->width = 64;
  c->depth = 1;
  est = ntk_config_estimate_memory (c, 100, 3);
  c->memory_limit = est;
  g_assert_true (ntk_config_check_memory (c, 100, 3, NULL));
  c->memory_limit = est - 1;
  g_assert_false (ntk_config_check_memory (c, 100, 3, NULL));

  /* the kernels over the test points count up to 1024 test points, not beyond */
  c->dataset = NTK_DATASET_CIRCLE;
  c->n_test = 1024;
  est = ntk_config_estimate_memory (c, 100, 2);
  c->n_test = 1025;
  g_assert_cmpuint (ntk_config_estimate_memory (c, 100, 2), <, est);
  c->n_test = 1023;
  g_assert_cmpuint (ntk_config_estimate_memory (c, 100, 2), <, est);

  /* csv with d0 ≥ 2 uses the training inputs as the test set: n_test does not count */
  c->dataset = NTK_DATASET_CSV;
  est = ntk_config_estimate_memory (c, 100, 3);
  c->n_test = 2;
  g_assert_cmpuint (ntk_config_estimate_memory (c, 100, 3), ==, est);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/defaults", test_config_defaults);
  g_test_add_func ("/config/set-rules", test_config_set_rules);
  g_test_add_func ("/config/set-exact-messages", test_config_set_exact_messages);
  g_test_add_func ("/config/validate-struct", test_config_validate_struct);
  g_test_add_func ("/config/enums", test_config_enums);
  g_test_add_func ("/config/target-parse", test_config_target_parse);
  g_test_add_func ("/config/round-trip", test_config_round_trip);
  g_test_add_func ("/config/key-file", test_config_key_file);
  g_test_add_func ("/config/key-file-errors", test_config_key_file_errors);
  g_test_add_func ("/config/field-range", test_config_field_range);
  g_test_add_func ("/config/memory", test_config_memory);

  return g_test_run ();
}
