/* ntk-config.c — one experiment's parameters: defaults, validation, .ntk key files
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field is described once in the table `fields` below (key, type, bounds,
 * the allowed range as shown to a person); parsing, validation and get/set are
 * driven by that table so they cannot disagree.  Key files are in
 * ntk-config-file.c, the memory estimate in ntk-config-memory.c.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ntk-config.h"

G_DEFINE_QUARK (ntk-config-error-quark, ntk_config_error)

typedef enum {
  FIELD_ACTIVATION,
  FIELD_DATASET,
  FIELD_TARGET,
  FIELD_PATH,
  FIELD_DOUBLE,
  FIELD_UINT,
  FIELD_UINT64,
} FieldType;

typedef struct {
  const char *key;
  FieldType   type;
  gsize       offset;
  /* Doubles: min/max with open or closed ends (infinite = unbounded).
   * Integers: inclusive bounds. */
  double      min;
  double      max;
  gboolean    min_open;
  gboolean    max_open;
  const char *range;   /* shown in messages; translatable where it has words */
} Field;

#define OFF(member) G_STRUCT_OFFSET (NtkConfig, member)

static const Field fields[] = {
  { "activation",    FIELD_ACTIVATION, OFF (activation),    0, 0, FALSE, FALSE, NULL },
  { "leaky-slope",   FIELD_DOUBLE,     OFF (leaky_slope),   -10, 10, FALSE, FALSE, "[-10, 10]" },
  { "depth",         FIELD_UINT,       OFF (depth),         1, 16, FALSE, FALSE, "1–16" },
  { "width",         FIELD_UINT,       OFF (width),         1, 16384, FALSE, FALSE, "1–16384" },
  { "sigma-w",       FIELD_DOUBLE,     OFF (sigma_w),       0, 10, TRUE, FALSE, "(0, 10]" },
  { "sigma-b",       FIELD_DOUBLE,     OFF (sigma_b),       0, 10, FALSE, FALSE, "[0, 10]" },
  { "learning-rate", FIELD_DOUBLE,     OFF (learning_rate), 0, INFINITY, TRUE, FALSE, N_("finite, > 0") },
  { "steps",         FIELD_UINT,       OFF (steps),         0, 10000000, FALSE, FALSE, "0–10000000" },
  { "seed",          FIELD_UINT64,     OFF (seed),          0, 0, FALSE, FALSE, "0–18446744073709551615" },
  { "dataset",       FIELD_DATASET,    OFF (dataset),       0, 0, FALSE, FALSE, NULL },
  { "data",          FIELD_PATH,       OFF (data_path),     0, 0, FALSE, FALSE, NULL },
  { "target",        FIELD_TARGET,     OFF (target),        0, 0, FALSE, FALSE, NULL },
  { "n-train",       FIELD_UINT,       OFF (n_train),       1, 4096, FALSE, FALSE, "1–4096" },
  { "n-test",        FIELD_UINT,       OFF (n_test),        2, 4096, FALSE, FALSE, "2–4096" },
  { "noise",         FIELD_DOUBLE,     OFF (noise),         0, INFINITY, FALSE, FALSE, N_("finite, ≥ 0") },
  { "publish-every", FIELD_UINT,       OFF (publish_every), 1, 10000000, FALSE, FALSE, "1–10000000" },
  { "memory-limit",  FIELD_UINT64,     OFF (memory_limit),  0, 0, FALSE, FALSE,
    N_("bytes, 0–18446744073709551615, optionally with a unit such as MiB or GiB; 0 = half of the physical memory") },
};

#undef OFF

static const char * const field_names[] = {
  "activation", "leaky-slope", "depth", "width", "sigma-w", "sigma-b",
  "learning-rate", "steps", "seed", "dataset", "data", "target", "n-train",
  "n-test", "noise", "publish-every", "memory-limit", NULL
};

static const char * const activation_names[NTK_N_ACTIVATIONS] = {
  "identity", "relu", "leaky_relu", "abs", "erf", "sin", "tanh", "sigmoid",
  "softplus", "gelu", "silu",
};

static const char * const dataset_names[NTK_N_DATASETS] = {
  "circle", "interval", "csv",
};

#define TARGET_ALLOWED N_("sines:F:A[,F:A…] with 1–8 terms, x1*x2, step or abs")
#define MAX_SINE_FREQUENCY 1000.0

static const Field *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return &fields[i];
  return NULL;
}

void
ntk_format_double (char   buf[G_ASCII_DTOSTR_BUF_SIZE],
                   double value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      double back;

      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      back = g_ascii_strtod (buf, NULL);
      if (memcmp (&back, &value, sizeof value) == 0)
        return;
    }
}

static char *
double_to_string (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  ntk_format_double (buf, value);
  return g_strdup (buf);
}

/* Parses a whole string as a finite or non-finite double; FALSE on empty text or
 * trailing junk.  Non-finite results (nan, inf, 1e999) are returned as such so
 * the caller can say "not finite" rather than "not a number". */
static gboolean
parse_double_text (const char *text,
                   double     *out)
{
  char *end = NULL;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

static const char *
range_text (const Field *field)
{
  return field->range != NULL ? _(field->range) : "";
}

static gboolean
check_double (const Field *field,
              double       value,
              const char  *text,
              GError     **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (text == NULL)
    {
      ntk_format_double (buf, value);
      text = buf;
    }

  if (!isfinite (value))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("%s: %s is not a finite number (allowed: %s)"),
                   field->key, text, range_text (field));
      return FALSE;
    }

  if ((field->min_open ? value <= field->min : value < field->min) ||
      (field->max_open ? value >= field->max : value > field->max))
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("%s: %s is out of range (%s)"),
                   field->key, text, range_text (field));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_uint (const Field *field,
            guint64      value,
            GError     **error)
{
  if (field->type == FIELD_UINT64)
    return TRUE;

  if ((double) value < field->min || (double) value > field->max)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("%s: %llu is out of range (%s)"),
                   field->key, (unsigned long long) value, range_text (field));
      return FALSE;
    }
  return TRUE;
}

/* Byte counts may carry a unit, for the command line's convenience ("4GiB", "512 MB"). */
static gboolean
parse_byte_unit (const char *unit,
                 guint64    *factor)
{
  static const struct { const char *name; guint64 factor; } units[] = {
    { "", 1 }, { "B", 1 },
    { "kB", G_GUINT64_CONSTANT (1000) }, { "KB", G_GUINT64_CONSTANT (1000) },
    { "MB", G_GUINT64_CONSTANT (1000000) }, { "GB", G_GUINT64_CONSTANT (1000000000) },
    { "TB", G_GUINT64_CONSTANT (1000000000000) },
    { "KiB", G_GUINT64_CONSTANT (1) << 10 }, { "MiB", G_GUINT64_CONSTANT (1) << 20 },
    { "GiB", G_GUINT64_CONSTANT (1) << 30 }, { "TiB", G_GUINT64_CONSTANT (1) << 40 },
  };

  while (*unit == ' ')
    unit++;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (unit, units[i].name) == 0)
      {
        *factor = units[i].factor;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_uint (const Field *field,
            const char  *text,
            guint64     *out,
            GError     **error)
{
  g_autofree char *digits = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 factor = 1;
  gsize n_digits = 0;

  while (g_ascii_isdigit (text[n_digits]))
    n_digits++;

  if (field->type == FIELD_UINT64 && g_str_equal (field->key, "memory-limit") &&
      n_digits > 0 && parse_byte_unit (text + n_digits, &factor))
    digits = g_strndup (text, n_digits);
  else
    digits = g_strdup (text);

  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, out, &local_error))
    {
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                     _("%s: %s is out of range (%s)"), field->key, text, range_text (field));
      else
        g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                     _("%s: “%s” is not a whole number (allowed: %s)"),
                     field->key, text, range_text (field));
      return FALSE;
    }

  if (factor > 1 && *out > G_MAXUINT64 / factor)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("%s: %s is out of range (%s)"), field->key, text, range_text (field));
      return FALSE;
    }
  *out *= factor;

  return check_uint (field, *out, error);
}

static char *
enum_choices (const char * const *names,
              guint               n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, names[i]);
    }
  return g_string_free (s, FALSE);
}

/* ---- enums and targets ---------------------------------------------------- */

const char *
ntk_activation_to_string (NtkActivation activation)
{
  g_return_val_if_fail (activation < NTK_N_ACTIVATIONS, NULL);
  return activation_names[activation];
}

gboolean
ntk_activation_from_string (const char    *name,
                            NtkActivation *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < NTK_N_ACTIVATIONS; i++)
    if (g_strcmp0 (name, activation_names[i]) == 0)
      {
        *out = (NtkActivation) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ntk_dataset_kind_to_string (NtkDatasetKind kind)
{
  g_return_val_if_fail (kind < NTK_N_DATASETS, NULL);
  return dataset_names[kind];
}

gboolean
ntk_dataset_kind_from_string (const char     *name,
                              NtkDatasetKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < NTK_N_DATASETS; i++)
    if (g_strcmp0 (name, dataset_names[i]) == 0)
      {
        *out = (NtkDatasetKind) i;
        return TRUE;
      }
  return FALSE;
}

char *
ntk_target_to_string (const NtkTarget *target)
{
  GString *s;

  g_return_val_if_fail (target != NULL, NULL);

  switch (target->kind)
    {
    case NTK_TARGET_PRODUCT:
      return g_strdup ("x1*x2");
    case NTK_TARGET_STEP:
      return g_strdup ("step");
    case NTK_TARGET_ABS:
      return g_strdup ("abs");
    case NTK_TARGET_SINES:
      s = g_string_new ("sines:");
      for (guint i = 0; i < MIN (target->n_sines, NTK_MAX_SINES); i++)
        {
          char f[G_ASCII_DTOSTR_BUF_SIZE], a[G_ASCII_DTOSTR_BUF_SIZE];

          ntk_format_double (f, target->freq[i]);
          ntk_format_double (a, target->amp[i]);
          g_string_append_printf (s, "%s%s:%s", i > 0 ? "," : "", f, a);
        }
      return g_string_free (s, FALSE);
    case NTK_N_TARGETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
check_target (const NtkTarget *target,
              const char      *spec,
              GError         **error)
{
  g_autofree char *owned = NULL;

  if (spec == NULL)
    spec = owned = ntk_target_to_string (target);

  if (target->kind >= NTK_N_TARGETS)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("target: %d is not a target kind (allowed: %s)"),
                   (int) target->kind, _(TARGET_ALLOWED));
      return FALSE;
    }
  if (target->kind != NTK_TARGET_SINES)
    return TRUE;

  if (target->n_sines < 1 || target->n_sines > NTK_MAX_SINES)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("target: “%s” has %u sine terms (allowed: 1–%d)"),
                   spec, target->n_sines, NTK_MAX_SINES);
      return FALSE;
    }
  for (guint i = 0; i < target->n_sines; i++)
    {
      char f[G_ASCII_DTOSTR_BUF_SIZE], a[G_ASCII_DTOSTR_BUF_SIZE];

      ntk_format_double (f, target->freq[i]);
      ntk_format_double (a, target->amp[i]);
      if (!isfinite (target->freq[i]) || fabs (target->freq[i]) > MAX_SINE_FREQUENCY)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                       _("target: frequency %s in “%s” is out of range (finite, -1000 to 1000)"),
                       f, spec);
          return FALSE;
        }
      if (!isfinite (target->amp[i]))
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                       _("target: amplitude %s in “%s” is not a finite number"), a, spec);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ntk_target_parse (const char *spec,
                  NtkTarget  *out,
                  GError    **error)
{
  g_auto(GStrv) terms = NULL;
  NtkTarget t = { 0 };

  g_return_val_if_fail (out != NULL, FALSE);

  if (spec == NULL)
    spec = "";

  if (g_str_equal (spec, "x1*x2"))
    t.kind = NTK_TARGET_PRODUCT;
  else if (g_str_equal (spec, "step"))
    t.kind = NTK_TARGET_STEP;
  else if (g_str_equal (spec, "abs"))
    t.kind = NTK_TARGET_ABS;
  else if (g_str_has_prefix (spec, "sines:"))
    {
      t.kind = NTK_TARGET_SINES;
      terms = g_strsplit (spec + strlen ("sines:"), ",", -1);

      if (g_strv_length (terms) > NTK_MAX_SINES)
        {
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                       _("target: “%s” has %u sine terms (allowed: 1–%d)"),
                       spec, g_strv_length (terms), NTK_MAX_SINES);
          return FALSE;
        }

      for (guint i = 0; terms[i] != NULL; i++)
        {
          g_auto(GStrv) fa = g_strsplit (terms[i], ":", -1);
          double f, a;

          if (g_strv_length (fa) != 2 ||
              !parse_double_text (g_strstrip (fa[0]), &f) ||
              !parse_double_text (g_strstrip (fa[1]), &a))
            {
              g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                           _("target: term “%s” of “%s” is not FREQUENCY:AMPLITUDE (allowed: %s)"),
                           terms[i], spec, _(TARGET_ALLOWED));
              return FALSE;
            }
          t.freq[i] = f;
          t.amp[i] = a;
          t.n_sines = i + 1;
        }
    }
  else
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("target: “%s” is not a target (allowed: %s)"), spec, _(TARGET_ALLOWED));
      return FALSE;
    }

  if (!check_target (&t, spec, error))
    return FALSE;

  *out = t;
  return TRUE;
}

/* ---- the struct ----------------------------------------------------------- */

/* Defaults: the app's opening experiment, "spectral bias on the circle".
 *
 * learning_rate = 0.6 puts the run at η/η_crit ≈ 0.48: η_crit = 2n/λ_max(Θ̂_0) ≈ 2n/λ_max(Θ).
 * For relu, depth 2, σ_w = 1.5, σ_b = 0.1 and 32 evenly spaced circle points, the analytic NTK
 * (math.md §3 recursion) is circulant with λ_max = 50.84 (its constant eigenvector, the row sum),
 * so η_crit = 64/50.84 = 1.259 and 0.5·η_crit = 0.629.  0.6 is the nearest round value below it:
 * stable with room for width-512 fluctuations of Θ̂_0, and fast enough that the low modes
 * converge within the 2000 steps while the high-frequency mode (sin 4γ) visibly lags. */
NtkConfig *
ntk_config_new (void)
{
  NtkConfig *self = g_new0 (NtkConfig, 1);

  self->activation = NTK_ACTIVATION_RELU;
  self->leaky_slope = 0.1;
  self->depth = 2;
  self->width = 512;
  self->sigma_w = 1.5;
  self->sigma_b = 0.1;
  self->learning_rate = 0.6;
  self->steps = 2000;
  self->seed = 1;
  self->dataset = NTK_DATASET_CIRCLE;
  self->data_path = NULL;
  self->target.kind = NTK_TARGET_SINES;
  self->target.n_sines = 2;
  self->target.freq[0] = 1;
  self->target.amp[0] = 1;
  self->target.freq[1] = 4;
  self->target.amp[1] = 0.5;
  self->n_train = 32;
  self->n_test = 256;
  self->noise = 0;
  self->publish_every = 10;
  self->memory_limit = 0;

  return self;
}

NtkConfig *
ntk_config_copy (const NtkConfig *self)
{
  NtkConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->data_path = g_strdup (self->data_path);
  return copy;
}

void
ntk_config_free (NtkConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->data_path);
  g_free (self);
}

static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* Bit-exact on doubles: a round trip that turns −0 into 0 is a difference. */
gboolean
ntk_config_equal (const NtkConfig *a,
                  const NtkConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->activation != b->activation ||
      !same_double (a->leaky_slope, b->leaky_slope) ||
      a->depth != b->depth || a->width != b->width ||
      !same_double (a->sigma_w, b->sigma_w) ||
      !same_double (a->sigma_b, b->sigma_b) ||
      !same_double (a->learning_rate, b->learning_rate) ||
      a->steps != b->steps || a->seed != b->seed ||
      a->dataset != b->dataset ||
      g_strcmp0 (a->data_path != NULL ? a->data_path : "",
                 b->data_path != NULL ? b->data_path : "") != 0 ||   /* "" = no file */
      a->n_train != b->n_train || a->n_test != b->n_test ||
      !same_double (a->noise, b->noise) ||
      a->publish_every != b->publish_every ||
      a->memory_limit != b->memory_limit)
    return FALSE;

  if (a->target.kind != b->target.kind)
    return FALSE;
  if (a->target.kind == NTK_TARGET_SINES)
    {
      if (a->target.n_sines != b->target.n_sines)
        return FALSE;
      for (guint i = 0; i < MIN (a->target.n_sines, NTK_MAX_SINES); i++)
        if (!same_double (a->target.freq[i], b->target.freq[i]) ||
            !same_double (a->target.amp[i], b->target.amp[i]))
          return FALSE;
    }
  return TRUE;
}

static gboolean
validate_field (const NtkConfig *self,
                const Field     *field,
                GError         **error)
{
  const guint8 *base = (const guint8 *) self;

  switch (field->type)
    {
    case FIELD_ACTIVATION:
      if (self->activation >= NTK_N_ACTIVATIONS)
        {
          g_autofree char *choices = enum_choices (activation_names, NTK_N_ACTIVATIONS);
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                       _("%s: %d is not an activation (allowed: %s)"),
                       field->key, (int) self->activation, choices);
          return FALSE;
        }
      return TRUE;
    case FIELD_DATASET:
      if (self->dataset >= NTK_N_DATASETS)
        {
          g_autofree char *choices = enum_choices (dataset_names, NTK_N_DATASETS);
          g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                       _("%s: %d is not a data set (allowed: %s)"),
                       field->key, (int) self->dataset, choices);
          return FALSE;
        }
      return TRUE;
    case FIELD_TARGET:
      return check_target (&self->target, NULL, error);
    case FIELD_PATH:
      return TRUE;
    case FIELD_DOUBLE:
      return check_double (field, *(const double *) (base + field->offset), NULL, error);
    case FIELD_UINT:
      return check_uint (field, *(const guint *) (base + field->offset), error);
    case FIELD_UINT64:
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
ntk_config_validate (const NtkConfig *self,
                     GError         **error)
{
  gboolean has_path;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!validate_field (self, &fields[i], error))
      return FALSE;

  /* "data" names the CSV file and is required for dataset = csv.  With another data set
   * a path is kept but unused: the app remembers the last file chosen so that switching
   * back to csv needs no new pick. */
  has_path = self->data_path != NULL && self->data_path[0] != '\0';
  if (self->dataset == NTK_DATASET_CSV && !has_path)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("data: a CSV file is required when dataset is csv"));
      return FALSE;
    }

  /* x1*x2 needs two input coordinates; for csv the file decides (checked when it is read). */
  if (self->target.kind == NTK_TARGET_PRODUCT && self->dataset == NTK_DATASET_INTERVAL)
    {
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("target: x1*x2 needs 2-d inputs (dataset circle, or csv with 2 input columns); dataset is interval"));
      return FALSE;
    }

  return TRUE;
}

/* ---- get / set ------------------------------------------------------------ */

const char * const *
ntk_config_field_names (void)
{
  return field_names;
}

gboolean
ntk_config_set (NtkConfig  *self,
                const char *key,
                const char *value,
                GError    **error)
{
  const Field *field;
  guint8 *base = (guint8 *) self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  field = find_field (key);
  if (field == NULL)
    {
      g_autofree char *known = enum_choices (field_names, G_N_ELEMENTS (field_names) - 1);
      g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                   _("“%s” is not a setting (known: %s)"), key, known);
      return FALSE;
    }

  /* Surrounding blanks are noise from quoting or hand-edited files, except in a path. */
  text = g_strdup (value);
  if (field->type != FIELD_PATH)
    g_strstrip (text);

  switch (field->type)
    {
    case FIELD_ACTIVATION:
      {
        NtkActivation a;
        if (!ntk_activation_from_string (text, &a))
          {
            g_autofree char *choices = enum_choices (activation_names, NTK_N_ACTIVATIONS);
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                         _("%s: “%s” is not an activation (allowed: %s)"), key, text, choices);
            return FALSE;
          }
        self->activation = a;
        return TRUE;
      }
    case FIELD_DATASET:
      {
        NtkDatasetKind d;
        if (!ntk_dataset_kind_from_string (text, &d))
          {
            g_autofree char *choices = enum_choices (dataset_names, NTK_N_DATASETS);
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                         _("%s: “%s” is not a data set (allowed: %s)"), key, text, choices);
            return FALSE;
          }
        self->dataset = d;
        return TRUE;
      }
    case FIELD_TARGET:
      return ntk_target_parse (text, &self->target, error);
    case FIELD_PATH:
      g_clear_pointer (&self->data_path, g_free);
      if (text[0] != '\0')
        self->data_path = g_steal_pointer (&text);
      return TRUE;
    case FIELD_DOUBLE:
      {
        double v;
        if (!parse_double_text (text, &v))
          {
            g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                         _("%s: “%s” is not a number (allowed: %s)"), key, text, range_text (field));
            return FALSE;
          }
        if (!check_double (field, v, text, error))
          return FALSE;
        *(double *) (base + field->offset) = v;
        return TRUE;
      }
    case FIELD_UINT:
    case FIELD_UINT64:
      {
        guint64 v;
        if (!parse_uint (field, text, &v, error))
          return FALSE;
        if (field->type == FIELD_UINT)
          *(guint *) (base + field->offset) = (guint) v;
        else
          *(guint64 *) (base + field->offset) = v;
        return TRUE;
      }
    default:
      g_return_val_if_reached (FALSE);
    }
}

char *
ntk_config_get (const NtkConfig *self,
                const char      *key)
{
  const Field *field;
  const guint8 *base = (const guint8 *) self;

  g_return_val_if_fail (self != NULL, NULL);

  field = find_field (key);
  g_return_val_if_fail (field != NULL, NULL);

  switch (field->type)
    {
    case FIELD_ACTIVATION:
      return g_strdup (self->activation < NTK_N_ACTIVATIONS ? activation_names[self->activation] : "");
    case FIELD_DATASET:
      return g_strdup (self->dataset < NTK_N_DATASETS ? dataset_names[self->dataset] : "");
    case FIELD_TARGET:
      return ntk_target_to_string (&self->target);
    case FIELD_PATH:
      return g_strdup (self->data_path != NULL ? self->data_path : "");
    case FIELD_DOUBLE:
      return double_to_string (*(const double *) (base + field->offset));
    case FIELD_UINT:
      return g_strdup_printf ("%u", *(const guint *) (base + field->offset));
    case FIELD_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *(const guint64 *) (base + field->offset));
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ntk_config_field_range (const char  *key,
                        double      *min,
                        double      *max,
                        const char **allowed)
{
  const Field *field = find_field (key);

  if (field == NULL || (field->type != FIELD_DOUBLE && field->type != FIELD_UINT))
    return FALSE;
  if (min != NULL)
    *min = field->min;
  if (max != NULL)
    *max = field->max;
  if (allowed != NULL)
    *allowed = range_text (field);
  return TRUE;
}
