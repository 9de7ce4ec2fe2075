/* ntk-application.h — the NTK Lab GtkApplication: app actions, accelerators, style
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NTK_TYPE_APPLICATION (ntk_application_get_type ())
G_DECLARE_FINAL_TYPE (NtkApplication, ntk_application, NTK, APPLICATION, GtkApplication)

NtkApplication *ntk_application_new (void);

G_END_DECLS
