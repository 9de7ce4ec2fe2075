/* ntk-export-dialog.h — choose format, size, scale and background, then where to save
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog only asks: when a person picks a file (one figure) or a folder (all figures) it
 * emits "export" and closes; the window writes the files and shows the confirmation.
 */
#pragma once

#include <gtk/gtk.h>
#include "ntk-figure.h"

G_BEGIN_DECLS

#define NTK_TYPE_EXPORT_DIALOG (ntk_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NtkExportDialog, ntk_export_dialog, NTK, EXPORT_DIALOG, GtkWindow)

/* @kind: the figure preselected, or -1 to export every figure into a folder.
 * @format: the format preselected, or -1 for the remembered one.
 * Remembers format, size, scale, transparency and folder in @settings (may be NULL).
 * Signal "export" (int kind, const char *path, gpointer options): kind −1 and a folder for
 * "all", options is a const NtkExportOptions *. */
NtkExportDialog *ntk_export_dialog_new (GtkWindow *parent,
                                        GSettings *settings,
                                        int        kind,
                                        int        format);

void             ntk_export_dialog_get_options (NtkExportDialog  *self,
                                                NtkExportOptions *options);

G_END_DECLS
