/* ntk-figure.h — the figures NTK Lab draws, for the screen and every export format
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One render function per figure, drawing from engine data with cairo + pango. The app calls
 * ntk_figure_render() from a widget's snapshot/draw with its own theme; export calls the same
 * function on a PNG/SVG/PDF surface. No GTK here.
 */
#pragma once

#include <cairo.h>
#include "ntk-snapshot.h"
#include "ntk-sweep.h"

G_BEGIN_DECLS

#define NTK_PLOT_ERROR (ntk_plot_error_quark ())
typedef enum {
  NTK_PLOT_ERROR_NO_DATA,   /* the figure has nothing to draw yet */
  NTK_PLOT_ERROR_IO,        /* writing the file failed (nothing is left behind) */
  NTK_PLOT_ERROR_INVALID,   /* a bad export option (size, scale), named in the message */
} NtkPlotError;

typedef enum {
  NTK_FIGURE_PREDICTIONS,
  NTK_FIGURE_KERNEL,        /* heatmap */
  NTK_FIGURE_MODES,         /* per-eigenvalue error decay */
  NTK_FIGURE_SPECTRUM,
  NTK_FIGURE_LOSS,
  NTK_FIGURE_DRIFT,
  NTK_FIGURE_WIDTH_SWEEP,
  NTK_FIGURE_KERNEL_SLICE,
  NTK_N_FIGURES
} NtkFigureKind;

/* Series of the predictions figure, as bits of NtkPlotOptions.hidden_series. */
typedef enum {
  NTK_SERIES_TRAIN_POINTS       = 1 << 0,
  NTK_SERIES_TARGET             = 1 << 1,
  NTK_SERIES_FINITE             = 1 << 2,
  NTK_SERIES_LINEARIZED         = 1 << 3,
  NTK_SERIES_INFINITE           = 1 << 4,  /* NTK-GP mean with ±2σ band */
  NTK_SERIES_KERNEL_REGRESSION  = 1 << 5,  /* t → ∞, faint */
} NtkSeries;

typedef enum {
  NTK_KERNEL_VIEW_EMPIRICAL_INIT,   /* Θ̂_0 */
  NTK_KERNEL_VIEW_EMPIRICAL_NOW,    /* Θ̂_k */
  NTK_KERNEL_VIEW_ANALYTIC_NTK,     /* Θ */
  NTK_KERNEL_VIEW_NNGP,             /* Σ */
  NTK_KERNEL_VIEW_DIFFERENCE,       /* Θ̂_k − Θ̂_0, diverging colormap centred on 0 */
  NTK_N_KERNEL_VIEWS
} NtkKernelView;

typedef struct {
  guint         hidden_series;      /* NtkSeries bits */
  NtkKernelView kernel_view;
  gboolean      lock_range;         /* heatmap colour range fixed to [range_min, range_max] */
  double        range_min, range_max;
  guint         n_modes;            /* modes figure: top modes drawn (default 6) */
  NtkTimeModel  theory;             /* modes figure: discrete GD or gradient flow theory */
  gboolean      log_x;              /* loss / drift / modes: logarithmic step axis */
  gboolean      x_is_time;          /* loss / drift / modes: t = ηk instead of the step */
  gboolean      kernel_on_test;     /* heatmap over the test points (NtkRunConstants *_test_test,
                                     * NtkSnapshot.ntk_k_test) instead of the training points */
} NtkPlotOptions;

void ntk_plot_options_init (NtkPlotOptions *options);   /* the defaults */

typedef struct { double r, g, b, a; } NtkRgba;

/* Colours and font from the caller (the app takes them from the widget's style). */
typedef struct {
  NtkRgba     background;
  NtkRgba     foreground;        /* text, axes, ticks */
  NtkRgba     grid;
  gboolean    dark;              /* picks the palette variant that reads on a dark background */
  const char *font_family;       /* NULL: "Sans" */
  double      font_size;         /* points; 0: 10 */
} NtkPlotTheme;

void ntk_plot_theme_init_light (NtkPlotTheme *theme);
void ntk_plot_theme_init_dark  (NtkPlotTheme *theme);

/* What a figure draws from; unused members may be NULL. */
typedef struct {
  NtkSnapshot    *snapshot;    /* run figures */
  NtkWidthSweep  *sweep;       /* NTK_FIGURE_WIDTH_SWEEP */
  NtkKernelSlice *slice;       /* NTK_FIGURE_KERNEL_SLICE */
} NtkFigureSource;

/* Where the last render put its data area(s), for hover readouts. Opaque. */
typedef struct _NtkFigureLayout NtkFigureLayout;
NtkFigureLayout *ntk_figure_layout_new  (void);
void             ntk_figure_layout_free (NtkFigureLayout *layout);

const char *ntk_figure_kind_to_id    (NtkFigureKind kind);   /* "predictions", "kernel", "modes", "spectrum", "loss", "drift", "width-sweep", "kernel-slice" */
gboolean    ntk_figure_kind_from_id  (const char *id, NtkFigureKind *out);
const char *ntk_figure_kind_title    (NtkFigureKind kind);   /* translated */
gboolean    ntk_figure_has_data      (NtkFigureKind kind, const NtkFigureSource *source);

/* Draw the whole figure into the rectangle (0, 0, width, height) of @cr (user units).
 * Without data, draws a centred note saying what is missing. Never draws NaN/Inf: such
 * points are skipped; a diverged run is marked on the figure. @layout (may be NULL) records
 * the data areas for ntk_figure_readout(). */
void  ntk_figure_render   (cairo_t *cr, double width, double height,
                           NtkFigureKind kind, const NtkFigureSource *source,
                           const NtkPlotOptions *options, const NtkPlotTheme *theme,
                           NtkFigureLayout *layout);
/* The colour range the kernel heatmap gives the kernel @options selects (kernel_view,
 * kernel_on_test) when the range is not locked: the extent of its finite values, symmetric
 * around 0 for Θ̂ₖ − Θ̂₀. What "lock colour range" should lock to. FALSE when @source has no
 * such kernel (e.g. over the test points of a run with too many of them). */
gboolean ntk_figure_kernel_range (const NtkFigureSource *source, const NtkPlotOptions *options,
                                  double *vmin, double *vmax);

/* Text describing the data under (x, y) of the last render with @layout, or NULL. */
char *ntk_figure_readout  (NtkFigureKind kind, const NtkFigureSource *source,
                           const NtkPlotOptions *options, const NtkFigureLayout *layout,
                           double x, double y);

/* Geometry of the last render with @layout (for crosshairs, zoom boxes and tests). Panels are
 * numbered top to bottom (the spectrum has two); each maps data coordinates to user units with
 * its own axes. On the kernel heatmap the data coordinates are sorted point indices: cell
 * (row i, column j) is centred on data (j + 0.5, i + 0.5). FALSE when there is no such panel
 * (no render yet, no data) or the value cannot be shown (e.g. ≤ 0 on a log axis). */
guint    ntk_figure_layout_get_n_panels  (const NtkFigureLayout *layout);
gboolean ntk_figure_layout_get_data_rect (const NtkFigureLayout *layout, guint panel,
                                          double *x, double *y, double *width, double *height);
gboolean ntk_figure_layout_data_to_point (const NtkFigureLayout *layout, guint panel,
                                          double data_x, double data_y, double *x, double *y);
gboolean ntk_figure_layout_point_to_data (const NtkFigureLayout *layout, guint panel,
                                          double x, double y, double *data_x, double *data_y);

typedef enum {
  NTK_EXPORT_PNG,
  NTK_EXPORT_SVG,
  NTK_EXPORT_PDF,
  NTK_EXPORT_CSV,
  NTK_N_EXPORT_FORMATS
} NtkExportFormat;

typedef struct {
  NtkExportFormat format;
  int             width, height;   /* logical pixels (PNG) or points (SVG/PDF); 64–16384 */
  double          scale;           /* PNG device scale, 0.5–8 (2 for HiDPI) */
  gboolean        transparent;     /* no background fill */
} NtkExportOptions;

void        ntk_export_options_init       (NtkExportOptions *options);  /* PNG 1200×800 at 1× */
const char *ntk_export_format_to_string   (NtkExportFormat format);     /* "png" "svg" "pdf" "csv" */
gboolean    ntk_export_format_from_string (const char *name, NtkExportFormat *out);

/* Write the figure to @path atomically (temporary file, then rename). PNG carries the run's
 * configuration and seed as tEXt chunks, SVG/PDF as metadata; CSV holds exactly the plotted
 * series with a header. On failure nothing is left at @path and @error says why. */
gboolean ntk_figure_export (const char *path, NtkFigureKind kind, const NtkFigureSource *source,
                            const NtkPlotOptions *options, const NtkPlotTheme *theme,
                            const NtkExportOptions *export_options, GError **error);

GQuark ntk_plot_error_quark (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NtkFigureLayout, ntk_figure_layout_free)

G_END_DECLS
