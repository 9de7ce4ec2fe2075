/* ntk-figure-drift.c — how far the kernel and the weights move from initialization during
 * training: relative kernel drift and relative weight drift against step or time
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ntk-csv.h"
#include "ntk-figure-common.h"

static gboolean
drift_has_data (const NtkFigureSource *source)
{
  const NtkSnapshot *s = source->snapshot;

  return s != NULL && s->history != NULL && s->history->step != NULL &&
         (s->history->kernel_drift != NULL || s->history->weight_drift != NULL) &&
         ntk_figure_history_len (s) > 0;
}

static void
drift_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkSnapshot *s = r->source->snapshot;
  const NtkHistory *hist = s->history;
  const NtkPlotOptions *o = r->options;
  const NtkPlotTheme *theme = &ctx->theme;
  guint len = ntk_figure_history_len (s);
  g_autofree double *x = ntk_figure_history_x (s, o->x_is_time);
  g_autofree char *subtitle = ntk_figure_run_subtitle (s);
  double lw = ctx->line_width;
  NtkRange yr;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkLegend legend;
  NtkStroke sk = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_BLUE), 1.0, lw, NTK_DASH_SOLID);
  NtkStroke sw = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_ORANGE), 1.0, lw, NTK_DASH_DASHED);

  ntk_range_init (&yr, FALSE);
  ntk_range_add (&yr, 0.0);   /* drifts start at 0: keep it in view */
  ntk_range_add_array (&yr, hist->kernel_drift, 1, len);
  ntk_range_add_array (&yr, hist->weight_drift, 1, len);

  r->top = ntk_frame_draw_title (ctx, _("Drift from initialization"), subtitle);
  ntk_legend_init (&legend);
  if (hist->kernel_drift != NULL)
    {
      ntk_legend_add (&legend, _("kernel ‖Θ̂ₖ − Θ̂₀‖ / ‖Θ̂₀‖"), NTK_SWATCH_LINE, &sk);
      /* Translators: short legend entries of the drift figure, for small figures */
      ntk_legend_set_compact (&legend, C_("legend", "kernel"), NTK_LEGEND_ALWAYS);
    }
  if (hist->weight_drift != NULL)
    {
      ntk_legend_add (&legend, _("weights ‖θₖ − θ₀‖ / ‖θ₀‖"), NTK_SWATCH_LINE, &sw);
      ntk_legend_set_compact (&legend, C_("legend", "weights"), NTK_LEGEND_ALWAYS);
    }

  ntk_figure_run_x_spec (s, o, &spec);
  spec.ylabel = _("relative change");
  spec.yscale = NTK_SCALE_LINEAR;
  spec.ylo = yr.lo;
  spec.yhi = yr.hi;
  spec.ypad = 0.05;
  ntk_figure_place_panel (r, &legend, &spec, &panel);
  ntk_panel_draw_grid (ctx, &panel);

  if (hist->weight_drift != NULL)
    ntk_draw_polyline (ctx, &panel, x, 1, hist->weight_drift, 1, len, &sw);
  if (hist->kernel_drift != NULL)
    ntk_draw_polyline (ctx, &panel, x, 1, hist->kernel_drift, 1, len, &sk);

  ntk_figure_finish_panel (r, 0, &panel, &spec, &legend);
  ntk_figure_mark_diverged (r, &panel);
}

static char *
drift_readout (const NtkFigureSource *source,
               const NtkPlotOptions  *options,
               const NtkFigureLayout *layout,
               double                 x,
               double                 y)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkHistory *hist = s->history;
  guint h;
  GString *out = ntk_figure_history_readout (s, options, layout, x, y, &h);

  if (out == NULL)
    return NULL;
  if (hist->kernel_drift != NULL)
    {
      g_autofree char *v = ntk_figure_format (hist->kernel_drift[h]);
      g_string_append_printf (out, _(", kernel drift = %s"), v);
    }
  if (hist->weight_drift != NULL)
    {
      g_autofree char *v = ntk_figure_format (hist->weight_drift[h]);
      g_string_append_printf (out, _(", weight drift = %s"), v);
    }
  return g_string_free (out, FALSE);
}

static void
drift_write_csv (const NtkFigureSource *source,
                 const NtkPlotOptions  *options,
                 GString               *csv)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkHistory *hist = s->history;
  guint len = ntk_figure_history_len (s);

  ntk_csv_text (csv, TRUE, "step");
  ntk_csv_text (csv, FALSE, "t");
  if (hist->kernel_drift != NULL)
    ntk_csv_text (csv, FALSE, "kernel_drift");
  if (hist->weight_drift != NULL)
    ntk_csv_text (csv, FALSE, "weight_drift");
  ntk_csv_end (csv);
  for (guint h = 0; h < len; h++)
    {
      ntk_csv_cell (csv, TRUE, hist->step[h]);
      ntk_csv_cell (csv, FALSE, hist->t != NULL ? hist->t[h] : NAN);
      if (hist->kernel_drift != NULL)
        ntk_csv_cell (csv, FALSE, hist->kernel_drift[h]);
      if (hist->weight_drift != NULL)
        ntk_csv_cell (csv, FALSE, hist->weight_drift[h]);
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_drift_class = {
  .id = "drift",
  .title = N_("Drift"),
  .no_data = N_("No training history yet: start a run to see how far kernel and weights move."),
  .has_data = drift_has_data,
  .render = drift_render,
  .readout = drift_readout,
  .write_csv = drift_write_csv,
};
