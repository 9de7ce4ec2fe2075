/* ntk-settings.h — the last experiment remembered in GSettings
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ntk-config.h"

G_BEGIN_DECLS

/* The engine defaults with every field a person has changed before (a key with a user value)
 * applied.  A remembered value the engine refuses is skipped and reported in @error, which is
 * then set while a valid configuration is still returned. */
NtkConfig *ntk_settings_load_config (GSettings       *settings,
                                     GError         **error);
/* Writes every field of @config (one key per field, same names as the .ntk file). */
void       ntk_settings_save_config (GSettings       *settings,
                                     const NtkConfig *config);

G_END_DECLS
