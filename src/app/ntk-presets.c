/* ntk-presets.c — ready-made experiments that show one NTK phenomenon each
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Presets are written as key/value pairs of the .ntk format, so they go through the same
 * validation as a file a person writes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ntk-presets.h"

typedef struct {
  NtkPreset   preset;
  const char *fields[40];   /* key, value, …, NULL */
} PresetDef;

static const PresetDef presets[] = {
  {
    { "lazy", N_("Lazy Regime (Wide)"),
      N_("A wide ReLU network at half the critical learning rate: the kernel barely moves and the network follows its linearization."),
      0.5, NTK_FIGURE_PREDICTIONS },
    { "activation", "relu", "depth", "2", "width", "4096", "sigma-w", "1.4142135623730951",
      "sigma-b", "0.1", "dataset", "circle", "target", "sines:1:1,3:0.5", "n-train", "24",
      "n-test", "200", "noise", "0", "steps", "2000", "publish-every", "10", NULL },
  },
  {
    { "rich", N_("Rich Regime (Narrow)"),
      N_("A narrow network: the empirical kernel drifts far from its initial value and the linearization stops describing training."),
      0.5, NTK_FIGURE_DRIFT },
    { "activation", "relu", "depth", "2", "width", "16", "sigma-w", "1.4142135623730951",
      "sigma-b", "0.1", "dataset", "circle", "target", "sines:1:1,3:0.5", "n-train", "24",
      "n-test", "200", "noise", "0", "steps", "5000", "publish-every", "20", NULL },
  },
  {
    { "spectral-bias", N_("Spectral Bias on the Circle"),
      N_("Low frequencies are learned first: each eigenmode of the NTK decays at its own rate (1 − ηλᵢ/n)ᵏ."),
      0.5, NTK_FIGURE_MODES },
    { "activation", "relu", "depth", "2", "width", "1024", "sigma-w", "1.4142135623730951",
      "sigma-b", "0.1", "dataset", "circle", "target", "sines:1:1,4:1,8:1", "n-train", "64",
      "n-test", "256", "noise", "0", "steps", "5000", "publish-every", "20", NULL },
  },
  {
    { "jacot-2018", N_("Jacot et al. 2018, Figure 1"),
      N_("The NTK Θ(x₀, x) on the unit circle for a 4-layer ReLU network: empirical kernels of several seeds at two widths against the infinite-width limit."),
      0, NTK_FIGURE_KERNEL_SLICE },
    { "activation", "relu", "depth", "3", "width", "500", "sigma-w", "1", "sigma-b", "0.1",
      "dataset", "circle", "target", "x1*x2", "n-train", "4", "n-test", "200", "noise", "0",
      "learning-rate", "1", "steps", "200", "publish-every", "2", NULL },
  },
  {
    { "unstable", N_("Unstable Learning Rate"),
      N_("η at 5 × the critical learning rate 2n/λ, λ the largest eigenvalue of Θ̂₀: the top eigenmode grows by |1 − ηλ/n| > 1 every step and training diverges. (Between the critical rate and a few times it, a finite network may instead catapult: its loss spikes, its kernel moves and it settles in a flatter region.)"),
      5.0, NTK_FIGURE_LOSS },
    { "activation", "relu", "depth", "2", "width", "512", "sigma-w", "1.4142135623730951",
      "sigma-b", "0.1", "dataset", "circle", "target", "sines:1:1,3:0.5", "n-train", "24",
      "n-test", "200", "noise", "0", "steps", "2000", "publish-every", "1", NULL },
  },
};

guint
ntk_presets_get_n (void)
{
  return G_N_ELEMENTS (presets);
}

const NtkPreset *
ntk_presets_get (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (presets), NULL);
  return &presets[index].preset;
}

const NtkPreset *
ntk_presets_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].preset.id, id))
      return &presets[i].preset;
  return NULL;
}

NtkConfig *
ntk_preset_build_config (const NtkPreset *preset)
{
  const PresetDef *def = (const PresetDef *) preset;
  g_autoptr(NtkConfig) config = ntk_config_new ();

  g_return_val_if_fail (preset != NULL, NULL);

  for (guint i = 0; def->fields[i] != NULL; i += 2)
    {
      g_autoptr(GError) error = NULL;

      /* A preset the engine refuses is a programming error, not a user's. */
      if (!ntk_config_set (config, def->fields[i], def->fields[i + 1], &error))
        g_critical ("Preset “%s”: %s", preset->id, error->message);
    }

  return g_steal_pointer (&config);
}
