/* ntk-figure-private.h — what the figure files share: the layout record, the render state and
 * the table of figure classes
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ntk-figure.h"
#include "ntk-colormap.h"
#include "ntk-legend.h"
#include "ntk-palette.h"

G_BEGIN_DECLS

#define NTK_LAYOUT_MAX_PANELS 2

struct _NtkFigureLayout {
  NtkFigureKind kind;
  gboolean      valid;               /* a render with data happened */
  double        width, height;
  guint         n_panels;
  NtkPanel      panels[NTK_LAYOUT_MAX_PANELS];

  /* Kernel heatmap: cell (i, j) of the sorted matrix covers
   * [hx + j·hw/hn, …) × [hy + i·hh/hn, …); order[i] is the data index of sorted point i. */
  gboolean      has_heatmap;
  double        hx, hy, hw, hh;
  guint         hn;
  guint        *order;
  NtkKernelView view;
  gboolean      on_test;             /* the matrix is over the test points (order: grid positions) */
  gboolean      has_colorbar;
  double        cx, cy, cw, ch;      /* colour bar rectangle */
  double        cmin, cmax;          /* its value range (bottom, top) */
  NtkColormap   colormap;

  /* The keys drawn, for tests (and assistive technology): every label of the full keys in
   * plain text, one per line, and whether a key was drawn compact or not at all. */
  GString      *keys;
  gboolean      key_compact;
  gboolean      key_essential;       /* only the essential items of a key were drawn */
  gboolean      key_hidden;
};

typedef struct {
  NtkPlotContext        *ctx;
  const NtkFigureSource *source;
  const NtkPlotOptions  *options;
  NtkFigureLayout       *layout;     /* never NULL while rendering */
  double                 top;        /* first y below the title */
} NtkFigureRender;

typedef struct {
  const char *id;
  const char *title;                 /* N_(): translated at use */
  const char *no_data;               /* N_(): the note drawn without data */
  gboolean  (*has_data)  (const NtkFigureSource *source);
  void      (*render)    (NtkFigureRender *r);
  char     *(*readout)   (const NtkFigureSource *source, const NtkPlotOptions *options,
                          const NtkFigureLayout *layout, double x, double y);
  void      (*write_csv) (const NtkFigureSource *source, const NtkPlotOptions *options,
                          GString *csv);
} NtkFigureClass;

extern const NtkFigureClass ntk_figure_predictions_class;
extern const NtkFigureClass ntk_figure_kernel_class;
extern const NtkFigureClass ntk_figure_modes_class;
extern const NtkFigureClass ntk_figure_spectrum_class;
extern const NtkFigureClass ntk_figure_loss_class;
extern const NtkFigureClass ntk_figure_drift_class;
extern const NtkFigureClass ntk_figure_width_sweep_class;
extern const NtkFigureClass ntk_figure_kernel_slice_class;

const NtkFigureClass *ntk_figure_class_get (NtkFigureKind kind);

G_END_DECLS
