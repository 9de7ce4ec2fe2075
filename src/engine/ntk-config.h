/* ntk-config.h — one experiment's parameters: defaults, validation, .ntk key files
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field a person can set lives here. The key-file names (group "experiment")
 * and the command-line flags of ntk-lab-cli are the same strings, listed in
 * ntk_config_field_names().  Validation never clamps: a bad value is a GError
 * (NTK_CONFIG_ERROR) whose message names the field, the value and the allowed range.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NTK_CONFIG_ERROR (ntk_config_error_quark ())

typedef enum {
  NTK_CONFIG_ERROR_INVALID,        /* a field's value is out of range or unparsable */
  NTK_CONFIG_ERROR_PARSE,          /* a key file or CSV line is malformed (message names the line) */
  NTK_CONFIG_ERROR_MEMORY_LIMIT,   /* the run would need more memory than allowed */
  NTK_CONFIG_ERROR_IO,             /* a file could not be read or written */
} NtkConfigError;

typedef enum {
  NTK_ACTIVATION_IDENTITY,
  NTK_ACTIVATION_RELU,
  NTK_ACTIVATION_LEAKY_RELU,
  NTK_ACTIVATION_ABS,
  NTK_ACTIVATION_ERF,
  NTK_ACTIVATION_SIN,
  NTK_ACTIVATION_TANH,
  NTK_ACTIVATION_SIGMOID,
  NTK_ACTIVATION_SOFTPLUS,
  NTK_ACTIVATION_GELU,
  NTK_ACTIVATION_SILU,
  NTK_N_ACTIVATIONS
} NtkActivation;

typedef enum {
  NTK_DATASET_CIRCLE,    /* x = (cos γ, sin γ), γ_i = 2π i / n; plots use γ */
  NTK_DATASET_INTERVAL,  /* scalar x, evenly spaced in [−1, 1]; plots use x */
  NTK_DATASET_CSV,       /* user file: inputs, then the target as the last column */
  NTK_N_DATASETS
} NtkDatasetKind;

typedef enum {
  NTK_TARGET_SINES,    /* Σ_j a_j sin(f_j s), s = γ (circle) or π x (interval) */
  NTK_TARGET_PRODUCT,  /* x1 · x2 (Jacot et al. 2018), needs 2-d inputs */
  NTK_TARGET_STEP,     /* sign of the last input coordinate (±1, +1 at 0) */
  NTK_TARGET_ABS,      /* |last input coordinate| */
  NTK_N_TARGETS
} NtkTargetKind;

#define NTK_MAX_SINES 8

/* Target spec strings: "sines:F:A[,F:A…]" (e.g. "sines:1:1,4:0.5"), "x1*x2", "step", "abs". */
typedef struct {
  NtkTargetKind kind;
  guint         n_sines;
  double        freq[NTK_MAX_SINES];
  double        amp[NTK_MAX_SINES];
} NtkTarget;

typedef struct {
  NtkActivation  activation;     /* key "activation": identity relu leaky_relu abs erf sin tanh sigmoid softplus gelu silu */
  double         leaky_slope;    /* key "leaky-slope": slope α of leaky_relu for u < 0, in [−10, 10]; default 0.1 */
  guint          depth;          /* key "depth": hidden layers L, 1–16 */
  guint          width;          /* key "width": hidden width m, 1–16384 */
  double         sigma_w;        /* key "sigma-w": (0, 10] */
  double         sigma_b;        /* key "sigma-b": [0, 10] */
  double         learning_rate;  /* key "learning-rate": η, finite, > 0 */
  guint          steps;          /* key "steps": GD steps, 0–10000000 */
  guint64        seed;           /* key "seed": any 64-bit unsigned integer */
  NtkDatasetKind dataset;        /* key "dataset": circle interval csv */
  char          *data_path;      /* key "data": CSV path, required when dataset = csv (may be NULL, or kept but unused, otherwise) */
  NtkTarget      target;         /* key "target": spec string, see above */
  guint          n_train;        /* key "n-train": 1–4096 (csv: taken from the file) */
  guint          n_test;         /* key "n-test": test-grid size 2–4096 */
  double         noise;          /* key "noise": label-noise std ≥ 0 (finite) */
  guint          publish_every;  /* key "publish-every": steps between snapshots, ≥ 1 */
  guint64        memory_limit;   /* key "memory-limit": bytes; 0 = half of physical RAM */
} NtkConfig;

GQuark      ntk_config_error_quark        (void);

NtkConfig  *ntk_config_new                (void);                 /* the defaults */
NtkConfig  *ntk_config_copy               (const NtkConfig *self);
void        ntk_config_free               (NtkConfig       *self);
gboolean    ntk_config_equal              (const NtkConfig *a,
                                           const NtkConfig *b);

/* Full validation of every field and of their combination (e.g. x1*x2 needs 2-d inputs). */
gboolean    ntk_config_validate           (const NtkConfig *self,
                                           GError         **error);

/* Set one field from its text form, as typed in a key file or on the command line.
 * @key is one of ntk_config_field_names(). Validates the value. */
gboolean    ntk_config_set                (NtkConfig       *self,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);
/* The text form of one field (round-trips exactly through ntk_config_set). */
char       *ntk_config_get                (const NtkConfig *self,
                                           const char      *key);
const char *const *ntk_config_field_names (void);
/* Bounds of a numeric field (for spin buttons and help): [min, max] as numbers (an open
 * end such as sigma-w's 0 is reported as its limit; max is INFINITY when unbounded) and
 * the allowed-range text used in error messages, e.g. "1–16384". FALSE for other keys. */
gboolean    ntk_config_field_range        (const char      *key,
                                           double          *min,
                                           double          *max,
                                           const char     **allowed);

/* .ntk key files: group "experiment", one key per field. Round-trip exact (doubles in the
 * shortest of %.15g/%.16g/%.17g that reads back to the same bits). Unknown keys or groups and
 * bad values are errors naming the line ("FILE:LINE: …", or "line N: …" for load_data, whose
 * @length may be -1 for a NUL-terminated string); missing keys keep their defaults.
 * load_file resolves a relative "data" path against the file's folder. */
NtkConfig  *ntk_config_load_file          (const char      *path,
                                           GError         **error);
NtkConfig  *ntk_config_load_data          (const char      *data,
                                           gsize            length,
                                           GError         **error);
gboolean    ntk_config_save_file          (const NtkConfig *self,
                                           const char      *path,
                                           GError         **error);   /* atomic */
char       *ntk_config_to_data            (const NtkConfig *self,
                                           gsize           *length);

/* Names and parsing of the enums (names as in the key file). */
const char *ntk_activation_to_string      (NtkActivation   activation);
gboolean    ntk_activation_from_string    (const char     *name,
                                           NtkActivation  *out);
const char *ntk_dataset_kind_to_string    (NtkDatasetKind  kind);
gboolean    ntk_dataset_kind_from_string  (const char     *name,
                                           NtkDatasetKind *out);
char       *ntk_target_to_string          (const NtkTarget *target);
gboolean    ntk_target_parse              (const char     *spec,
                                           NtkTarget      *out,
                                           GError        **error);

/* @value as the shortest of %.15g, %.16g and %.17g that reads back to the same double,
 * whatever the locale: "0.6", not "0.59999999999999998", yet every double round-trips. The
 * rule of .ntk files and of everything ntk-lab-cli writes. */
void        ntk_format_double             (char            buf[G_ASCII_DTOSTR_BUF_SIZE],
                                           double          value);

/* Memory a run of this configuration needs (bytes), for n_train training points with
 * inputs of dimension d0, and the check against config->memory_limit. */
guint64     ntk_config_estimate_memory    (const NtkConfig *self,
                                           guint            n_train,
                                           guint            d0);
gboolean    ntk_config_check_memory       (const NtkConfig *self,
                                           guint            n_train,
                                           guint            d0,
                                           GError         **error);
guint64     ntk_physical_memory           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkConfig, ntk_config_free)

G_END_DECLS
