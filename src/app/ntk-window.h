/* ntk-window.h — the main window: parameters, live figures, status line
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "ntk-config.h"
#include "ntk-figure.h"
#include "ntk-parameter-panel.h"
#include "ntk-plot-view.h"
#include "ntk-worker.h"

G_BEGIN_DECLS

#define NTK_TYPE_WINDOW (ntk_window_get_type ())
G_DECLARE_FINAL_TYPE (NtkWindow, ntk_window, NTK, WINDOW, GtkApplicationWindow)

NtkWindow         *ntk_window_new             (GtkApplication  *application);

/* Shows @config in the sidebar, remembers it and restarts the run with it. */
void               ntk_window_set_config      (NtkWindow       *self,
                                               const NtkConfig *config);
const NtkConfig   *ntk_window_get_config      (NtkWindow       *self);
/* Loads a preset by id ("lazy", "rich", "spectral-bias", "jacot-2018", "unstable"). */
gboolean           ntk_window_apply_preset    (NtkWindow       *self,
                                               const char      *id);
/* Opens an .ntk file as if chosen in the Open dialog; errors go to the banner too. */
gboolean           ntk_window_open_file       (NtkWindow       *self,
                                               GFile           *file,
                                               GError         **error);
gboolean           ntk_window_save_file       (NtkWindow       *self,
                                               GFile           *file,
                                               GError         **error);

/* Writes one figure (as shown in its view, light theme) or every figure that has data into
 * @folder (files ntk-<figure>.<ext>). Both show the confirmation or the error in the window. */
gboolean           ntk_window_export_figure   (NtkWindow              *self,
                                               NtkFigureKind           kind,
                                               const char             *path,
                                               const NtkExportOptions *options,
                                               GError                **error);
guint              ntk_window_export_all      (NtkWindow              *self,
                                               const char             *folder,
                                               const NtkExportOptions *options,
                                               GError                **error);

/* Renders the whole window into a PNG file (for screenshots and the metainfo). */
gboolean           ntk_window_save_screenshot (NtkWindow       *self,
                                               const char      *path,
                                               GError         **error);

/* Shows the figure page by name: overview spectrum loss drift width-sweep kernel-slice. */
void               ntk_window_show_page       (NtkWindow       *self,
                                               const char      *name);

/* Messages a person sees in the window: an error or a confirmation. */
void               ntk_window_show_error      (NtkWindow       *self,
                                               const GError    *error);
void               ntk_window_show_message    (NtkWindow       *self,
                                               const char      *message,
                                               const char      *folder);

/* For tests and the screenshot mode. */
NtkWorker         *ntk_window_get_worker      (NtkWindow       *self);
NtkParameterPanel *ntk_window_get_panel       (NtkWindow       *self);
NtkPlotView       *ntk_window_get_plot_view   (NtkWindow       *self,
                                               NtkFigureKind    kind);
/* The banner's text when it is shown, else NULL. */
const char        *ntk_window_get_banner_text (NtkWindow       *self);
/* State and details of the status line, as one string. */
char              *ntk_window_get_status_text (NtkWindow       *self);
/* TRUE when every figure of the visible page has data and shows it. */
gboolean           ntk_window_is_page_ready   (NtkWindow       *self);
/* Number of snapshots of the current run drawn into the figures so far. */
guint              ntk_window_get_n_snapshots (NtkWindow       *self);
/* Runs started so far, and whether a restart is being held back while a slider is dragged. */
guint              ntk_window_get_n_restarts  (NtkWindow       *self);
gboolean           ntk_window_get_restart_pending (NtkWindow   *self);
/* The page switcher shown now: the tabs (a GtkStackSwitcher) in a wide window, a GtkDropDown
 * in a narrow one; NULL before the window is first laid out. */
GtkWidget         *ntk_window_get_page_switcher (NtkWindow     *self);

G_END_DECLS
