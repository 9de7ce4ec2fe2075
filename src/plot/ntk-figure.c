/* ntk-figure.c — the figure table: ids, titles, defaults, themes, rendering and readouts
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ntk-figure-private.h"

G_DEFINE_QUARK (ntk-plot-error-quark, ntk_plot_error)

static const NtkFigureClass *const figure_classes[NTK_N_FIGURES] = {
  [NTK_FIGURE_PREDICTIONS]  = &ntk_figure_predictions_class,
  [NTK_FIGURE_KERNEL]       = &ntk_figure_kernel_class,
  [NTK_FIGURE_MODES]        = &ntk_figure_modes_class,
  [NTK_FIGURE_SPECTRUM]     = &ntk_figure_spectrum_class,
  [NTK_FIGURE_LOSS]         = &ntk_figure_loss_class,
  [NTK_FIGURE_DRIFT]        = &ntk_figure_drift_class,
  [NTK_FIGURE_WIDTH_SWEEP]  = &ntk_figure_width_sweep_class,
  [NTK_FIGURE_KERNEL_SLICE] = &ntk_figure_kernel_slice_class,
};

const NtkFigureClass *
ntk_figure_class_get (NtkFigureKind kind)
{
  g_return_val_if_fail (kind < NTK_N_FIGURES, NULL);
  return figure_classes[kind];
}

void
ntk_plot_options_init (NtkPlotOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->hidden_series = 0;
  options->kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_NOW;
  options->lock_range = FALSE;
  options->range_min = 0.0;
  options->range_max = 1.0;
  options->n_modes = 6;
  options->theory = NTK_TIME_DISCRETE;
  options->log_x = FALSE;
  options->x_is_time = FALSE;
  options->kernel_on_test = FALSE;
}

void
ntk_plot_theme_init_light (NtkPlotTheme *theme)
{
  g_return_if_fail (theme != NULL);

  theme->background = (NtkRgba) { 1.0, 1.0, 1.0, 1.0 };
  theme->foreground = (NtkRgba) { 0.14, 0.14, 0.16, 1.0 };
  theme->grid = (NtkRgba) { 0.0, 0.0, 0.0, 0.08 };
  theme->dark = FALSE;
  theme->font_family = NULL;
  theme->font_size = 0.0;
}

void
ntk_plot_theme_init_dark (NtkPlotTheme *theme)
{
  g_return_if_fail (theme != NULL);

  /* Adwaita's dark view background. */
  theme->background = (NtkRgba) { 0.118, 0.118, 0.118, 1.0 };
  theme->foreground = (NtkRgba) { 0.92, 0.92, 0.92, 1.0 };
  theme->grid = (NtkRgba) { 1.0, 1.0, 1.0, 0.10 };
  theme->dark = TRUE;
  theme->font_family = NULL;
  theme->font_size = 0.0;
}

static void
layout_reset (NtkFigureLayout *layout,
              NtkFigureKind    kind,
              double           width,
              double           height)
{
  g_free (layout->order);
  if (layout->keys != NULL)
    g_string_free (layout->keys, TRUE);
  memset (layout, 0, sizeof *layout);
  layout->kind = kind;
  layout->width = width;
  layout->height = height;
}

NtkFigureLayout *
ntk_figure_layout_new (void)
{
  return g_new0 (NtkFigureLayout, 1);
}

void
ntk_figure_layout_free (NtkFigureLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->order);
  if (layout->keys != NULL)
    g_string_free (layout->keys, TRUE);
  g_free (layout);
}

const char *
ntk_figure_kind_to_id (NtkFigureKind kind)
{
  g_return_val_if_fail (kind < NTK_N_FIGURES, NULL);
  return figure_classes[kind]->id;
}

gboolean
ntk_figure_kind_from_id (const char    *id,
                         NtkFigureKind *out)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint k = 0; k < NTK_N_FIGURES; k++)
    if (strcmp (id, figure_classes[k]->id) == 0)
      {
        if (out != NULL)
          *out = k;
        return TRUE;
      }
  return FALSE;
}

const char *
ntk_figure_kind_title (NtkFigureKind kind)
{
  g_return_val_if_fail (kind < NTK_N_FIGURES, NULL);
  return _(figure_classes[kind]->title);
}

gboolean
ntk_figure_has_data (NtkFigureKind          kind,
                     const NtkFigureSource *source)
{
  g_return_val_if_fail (kind < NTK_N_FIGURES, FALSE);

  return source != NULL && figure_classes[kind]->has_data (source);
}

void
ntk_figure_render (cairo_t               *cr,
                   double                 width,
                   double                 height,
                   NtkFigureKind          kind,
                   const NtkFigureSource *source,
                   const NtkPlotOptions  *options,
                   const NtkPlotTheme    *theme,
                   NtkFigureLayout       *layout)
{
  const NtkFigureClass *klass;
  NtkFigureSource empty = { 0 };
  NtkPlotOptions defaults;
  g_autoptr(NtkFigureLayout) scratch = NULL;
  NtkPlotContext ctx;
  NtkFigureRender r;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (kind < NTK_N_FIGURES);
  g_return_if_fail (theme != NULL);

  klass = figure_classes[kind];
  if (options == NULL)
    {
      ntk_plot_options_init (&defaults);
      options = &defaults;
    }
  if (source == NULL)
    source = &empty;
  if (layout == NULL)
    layout = scratch = ntk_figure_layout_new ();
  layout_reset (layout, kind, width, height);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS || !(width > 0.0) || !(height > 0.0) ||
      !isfinite (width) || !isfinite (height))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (theme->background.a > 0.0)
    {
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b,
                             theme->background.a);
      cairo_paint (cr);
    }

  ntk_plot_context_init (&ctx, cr, width, height, theme);
  r = (NtkFigureRender) { &ctx, source, options, layout, 0.0 };
  /* Below a few lines of text there is no room for axes: leave the background alone. */
  if (width >= 8.0 * ctx.em && height >= 6.0 * ctx.em)
    {
      if (!klass->has_data (source))
        {
          double top = ntk_frame_draw_title (&ctx, _(klass->title), NULL);
          ntk_plot_message (&ctx, 0, top, width, height - top, _(klass->no_data));
        }
      else
        {
          klass->render (&r);
          layout->valid = TRUE;
        }
    }
  ntk_plot_context_clear (&ctx);
  cairo_restore (cr);
}

char *
ntk_figure_readout (NtkFigureKind          kind,
                    const NtkFigureSource *source,
                    const NtkPlotOptions  *options,
                    const NtkFigureLayout *layout,
                    double                 x,
                    double                 y)
{
  NtkPlotOptions defaults;

  g_return_val_if_fail (kind < NTK_N_FIGURES, NULL);

  if (layout == NULL || !layout->valid || layout->kind != kind || source == NULL ||
      !isfinite (x) || !isfinite (y) || !figure_classes[kind]->has_data (source))
    return NULL;
  if (options == NULL)
    {
      ntk_plot_options_init (&defaults);
      options = &defaults;
    }
  return figure_classes[kind]->readout (source, options, layout, x, y);
}

guint
ntk_figure_layout_get_n_panels (const NtkFigureLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->valid ? layout->n_panels : 0;
}

gboolean
ntk_figure_layout_get_data_rect (const NtkFigureLayout *layout,
                                 guint                  panel,
                                 double                *x,
                                 double                *y,
                                 double                *width,
                                 double                *height)
{
  const NtkPanel *p;

  g_return_val_if_fail (layout != NULL, FALSE);
  if (!layout->valid || panel >= layout->n_panels)
    return FALSE;
  p = &layout->panels[panel];
  if (x)
    *x = p->x;
  if (y)
    *y = p->y;
  if (width)
    *width = p->w;
  if (height)
    *height = p->h;
  return TRUE;
}

gboolean
ntk_figure_layout_data_to_point (const NtkFigureLayout *layout,
                                 guint                  panel,
                                 double                 data_x,
                                 double                 data_y,
                                 double                *x,
                                 double                *y)
{
  double px, py;

  g_return_val_if_fail (layout != NULL, FALSE);
  if (!layout->valid || panel >= layout->n_panels)
    return FALSE;
  px = ntk_axis_map (&layout->panels[panel].xaxis, data_x);
  py = ntk_axis_map (&layout->panels[panel].yaxis, data_y);
  if (!isfinite (px) || !isfinite (py))
    return FALSE;
  if (x)
    *x = px;
  if (y)
    *y = py;
  return TRUE;
}

gboolean
ntk_figure_layout_point_to_data (const NtkFigureLayout *layout,
                                 guint                  panel,
                                 double                 x,
                                 double                 y,
                                 double                *data_x,
                                 double                *data_y)
{
  double dx, dy;

  g_return_val_if_fail (layout != NULL, FALSE);
  if (!layout->valid || panel >= layout->n_panels)
    return FALSE;
  dx = ntk_axis_unmap (&layout->panels[panel].xaxis, x);
  dy = ntk_axis_unmap (&layout->panels[panel].yaxis, y);
  if (!isfinite (dx) || !isfinite (dy))
    return FALSE;
  if (data_x)
    *data_x = dx;
  if (data_y)
    *data_y = dy;
  return TRUE;
}
