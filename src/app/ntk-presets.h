/* ntk-presets.h — ready-made experiments that show one NTK phenomenon each
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-config.h"
#include "ntk-figure.h"

G_BEGIN_DECLS

typedef struct {
  const char    *id;            /* "lazy", "rich", "spectral-bias", "jacot-2018", "unstable" */
  const char    *title;         /* untranslated; use _() */
  const char    *description;   /* untranslated; use _() */
  /* When > 0 the learning rate is set to this multiple of the run's η_crit as soon as the first
   * snapshot tells η_crit (it does not depend on η, so the restarted run has the same kernels). */
  double         eta_crit_factor;
  NtkFigureKind  page_figure;   /* the figure worth looking at first */
} NtkPreset;

guint            ntk_presets_get_n  (void);
const NtkPreset *ntk_presets_get    (guint       index);
const NtkPreset *ntk_presets_lookup (const char *id);
/* The preset's configuration: the engine defaults with the preset's fields set. */
NtkConfig       *ntk_preset_build_config (const NtkPreset *preset);

G_END_DECLS
