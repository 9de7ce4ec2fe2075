/* ntk-parameter-panel.h — the sidebar with every experiment parameter
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel owns an NtkConfig.  A control a person changes is applied with ntk_config_set()
 * on a copy; a valid result replaces the configuration and emits "changed", an invalid one
 * emits "invalid" with the engine's message and puts the control back.
 */
#pragma once

#include <gtk/gtk.h>
#include "ntk-config.h"

G_BEGIN_DECLS

#define NTK_TYPE_PARAMETER_PANEL (ntk_parameter_panel_get_type ())
G_DECLARE_FINAL_TYPE (NtkParameterPanel, ntk_parameter_panel, NTK, PARAMETER_PANEL, GtkWidget)

NtkParameterPanel *ntk_parameter_panel_new         (void);
const NtkConfig   *ntk_parameter_panel_get_config  (NtkParameterPanel *self);
/* Shows @config in every control without emitting "changed". */
void               ntk_parameter_panel_set_config  (NtkParameterPanel *self,
                                                    const NtkConfig   *config);
/* Sets one field as if a person had changed it: emits "changed" or "invalid". */
gboolean           ntk_parameter_panel_apply       (NtkParameterPanel *self,
                                                    const char        *key,
                                                    const char        *value);
/* The critical learning rate of the current run (NAN when unknown), for the readout and
 * the "0.5 × η_crit" button. */
void               ntk_parameter_panel_set_eta_crit (NtkParameterPanel *self,
                                                     double             eta_crit);
/* TRUE while a person moves a slider or spin button continuously (the "adjusting" property):
 * dragging, holding a button, scrolling or holding an arrow key on it. */
gboolean           ntk_parameter_panel_get_adjusting (NtkParameterPanel *self);
/* Holds "adjusting" TRUE as if a person held a slider, until called with FALSE (for tests
 * and for anything else that drives the controls continuously). */
void               ntk_parameter_panel_set_adjusting (NtkParameterPanel *self,
                                                      gboolean           adjusting);
/* The control that edits @key (a field name of ntk_config_field_names()), or NULL. */
GtkWidget         *ntk_parameter_panel_get_control (NtkParameterPanel *self,
                                                    const char        *key);

G_END_DECLS
