/* ntk-figure-predictions.c — the predictions figure: training data, target, finite network,
 * linearized network, NTK-GP mean ± 2σ and kernel regression over the input coordinate
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ntk-csv.h"
#include "ntk-figure-common.h"

static const NtkDataset *
dataset_of (const NtkFigureSource *source)
{
  const NtkSnapshot *s = source->snapshot;

  if (s == NULL || s->constants == NULL || s->constants->data == NULL)
    return NULL;
  return s->constants->data;
}

static gboolean
predictions_has_data (const NtkFigureSource *source)
{
  const NtkDataset *d = dataset_of (source);

  return d != NULL && d->n_test > 0 && d->coord_test != NULL;
}

static gboolean
any_finite (const double *v,
            guint         n)
{
  if (v == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (isfinite (v[i]))
      return TRUE;
  return FALSE;
}

/* Which series are drawn: visible by the options and present in the snapshot (a series of
 * NaN only draws nothing, so it is not listed either). */
typedef struct {
  gboolean points, target, finite, lin, inf, band, kr;
} Visible;

static Visible
visible_series (const NtkSnapshot    *s,
                const NtkPlotOptions *options)
{
  const NtkDataset *d = s->constants->data;
  guint hidden = options->hidden_series;
  Visible v;

  guint nt = d->n_test;

  v.points = !(hidden & NTK_SERIES_TRAIN_POINTS) && d->coord != NULL && any_finite (d->y, d->n);
  v.target = !(hidden & NTK_SERIES_TARGET) && any_finite (d->y_test, nt);
  v.finite = !(hidden & NTK_SERIES_FINITE) && any_finite (s->f_test, nt);
  v.lin = !(hidden & NTK_SERIES_LINEARIZED) && any_finite (s->lin_test, nt);
  v.inf = !(hidden & NTK_SERIES_INFINITE) && any_finite (s->inf_test, nt);
  v.band = v.inf && any_finite (s->inf_var_test, nt);
  v.kr = !(hidden & NTK_SERIES_KERNEL_REGRESSION) &&
         any_finite (s->constants->kernel_regression_test, nt);
  return v;
}

static double
std_of (double var)
{
  return isfinite (var) && var >= 0.0 ? sqrt (var) : NAN;
}

static gboolean
is_angle (const NtkDataset *d)
{
  return d->coord_name != NULL && strcmp (d->coord_name, "\u03b3") == 0;
}

/* A legend entry of a reference series, marked when part of it is off the plotted range. */
static void
add_series_key (NtkLegend       *legend,
                const char      *label,
                const char      *short_label,
                gboolean         off_scale,
                NtkSwatch        swatch,
                const NtkStroke *stroke)
{
  g_autofree char *full = off_scale ? ntk_figure_off_scale_label (label) : g_strdup (label);
  g_autofree char *brief = off_scale ? ntk_figure_off_scale_label (short_label != NULL ? short_label : label)
                                     : g_strdup (short_label);

  ntk_legend_add (legend, full, swatch, stroke);
  ntk_legend_set_compact (legend, brief, NTK_LEGEND_ALWAYS);
  if (off_scale)
    ntk_legend_set_essential (legend);
}

static void
predictions_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkSnapshot *s = r->source->snapshot;
  const NtkDataset *d = s->constants->data;
  const NtkPlotTheme *theme = &ctx->theme;
  Visible v = visible_series (s, r->options);
  guint nt = d->n_test;
  g_autofree double *lo = NULL, *hi = NULL;
  g_autofree char *subtitle = ntk_figure_run_subtitle (s);
  NtkRange xr, yr, core;
  guint off_lin = 0, off_inf = 0, off_band = 0, off_kr = 0;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkLegend legend;
  double lw = ctx->line_width;
  NtkStroke st_target = ntk_stroke (theme->foreground, 0.3, 2.4 * lw, NTK_DASH_SOLID);
  NtkStroke st_finite = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_BLUE), 1.0, lw, NTK_DASH_SOLID);
  NtkStroke st_lin = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_VERMILLION), 1.0, lw, NTK_DASH_DASHED);
  NtkStroke st_inf = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_GREEN), 1.0, lw, NTK_DASH_SOLID);
  NtkStroke st_kr = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_PURPLE), 0.55, 0.9 * lw, NTK_DASH_DASH_DOT);
  NtkStroke st_points = ntk_stroke (theme->foreground, 0.9, lw, NTK_DASH_SOLID);

  if (v.band)
    {
      lo = g_new (double, nt);
      hi = g_new (double, nt);
      for (guint i = 0; i < nt; i++)
        {
          double sd = std_of (s->inf_var_test[i]);
          lo[i] = s->inf_test[i] - 2.0 * sd;
          hi[i] = s->inf_test[i] + 2.0 * sd;
        }
    }

  ntk_range_init (&xr, FALSE);
  ntk_range_add_array (&xr, d->coord_test, 1, nt);
  if (v.points)
    ntk_range_add_array (&xr, d->coord, 1, d->n);

  /* The axis follows the data, the target and the finite network. The linearized network, the
   * NTK-GP and kernel regression widen it only up to one span of those on either side: past
   * η_crit the linearized model grows without bound while the finite network may still fit the
   * data, and an axis to 1e30 would flatten everything else. What is left out is clipped at
   * the frame and marked in the legend. */
  ntk_range_init (&core, FALSE);
  if (v.points)
    ntk_range_add_array (&core, d->y, 1, d->n);
  if (v.target)
    ntk_range_add_array (&core, d->y_test, 1, nt);
  if (v.finite)
    ntk_range_add_array (&core, s->f_test, 1, nt);
  yr = core;
  if (v.lin)
    ntk_range_add_near (&yr, &core, 1.0, 1.0, s->lin_test, 1, nt, &off_lin, &off_lin);
  if (v.inf)
    ntk_range_add_near (&yr, &core, 1.0, 1.0, s->inf_test, 1, nt, &off_inf, &off_inf);
  if (v.band)
    {
      ntk_range_add_near (&yr, &core, 1.0, 1.0, lo, 1, nt, &off_band, &off_band);
      ntk_range_add_near (&yr, &core, 1.0, 1.0, hi, 1, nt, &off_band, &off_band);
    }
  if (v.kr)
    ntk_range_add_near (&yr, &core, 1.0, 1.0, s->constants->kernel_regression_test, 1, nt, &off_kr, &off_kr);

  r->top = ntk_frame_draw_title (ctx, _("Predictions"), subtitle);

  ntk_legend_init (&legend);
  if (v.points)
    {
      ntk_legend_add (&legend, _("training data"), NTK_SWATCH_MARKER, &st_points);
      /* Translators: short legend entries of the predictions figure, for small figures */
      ntk_legend_set_compact (&legend, C_("legend", "data"), NTK_LEGEND_ALWAYS);
    }
  if (v.target)
    ntk_legend_add (&legend, _("target"), NTK_SWATCH_LINE, &st_target);
  if (v.finite)
    {
      ntk_legend_add (&legend, _("finite network"), NTK_SWATCH_LINE, &st_finite);
      ntk_legend_set_compact (&legend, C_("legend", "finite"), NTK_LEGEND_ALWAYS);
    }
  if (v.lin)
    add_series_key (&legend, _("linearized"), NULL, off_lin > 0, NTK_SWATCH_LINE, &st_lin);
  if (v.inf)
    add_series_key (&legend, v.band ? _("NTK-GP mean ± 2σ") : _("NTK-GP mean"), C_("legend", "NTK-GP"),
                    off_inf > 0 || off_band > 0, v.band ? NTK_SWATCH_BAND_LINE : NTK_SWATCH_LINE, &st_inf);
  if (v.kr)
    add_series_key (&legend, _("kernel regression (t → ∞)"), C_("legend", "t → ∞"), off_kr > 0,
                    NTK_SWATCH_LINE, &st_kr);

  spec.xlabel = d->coord_name != NULL ? d->coord_name : _("index");
  spec.ylabel = _("network output f");
  spec.xscale = spec.yscale = NTK_SCALE_LINEAR;
  spec.xlo = xr.lo;
  spec.xhi = xr.hi;
  spec.ylo = yr.lo;
  spec.yhi = yr.hi;
  spec.xpad = 0.02;
  spec.ypad = 0.06;
  spec.x_pi = is_angle (d);
  ntk_figure_place_panel (r, &legend, &spec, &panel);
  ntk_panel_draw_grid (ctx, &panel);

  if (v.target)
    ntk_draw_polyline (ctx, &panel, d->coord_test, 1, d->y_test, 1, nt, &st_target);
  if (v.band)
    ntk_draw_band (ctx, &panel, d->coord_test, lo, hi, nt, &st_inf.color, 0.18);
  if (v.kr)
    ntk_draw_polyline (ctx, &panel, d->coord_test, 1, s->constants->kernel_regression_test, 1, nt, &st_kr);
  if (v.inf)
    ntk_draw_polyline (ctx, &panel, d->coord_test, 1, s->inf_test, 1, nt, &st_inf);
  if (v.lin)
    ntk_draw_polyline (ctx, &panel, d->coord_test, 1, s->lin_test, 1, nt, &st_lin);
  if (v.finite)
    ntk_draw_polyline (ctx, &panel, d->coord_test, 1, s->f_test, 1, nt, &st_finite);
  if (v.points)
    ntk_draw_markers (ctx, &panel, d->coord, 1, d->y, 1, d->n, 0.3 * ctx->em,
                      &theme->foreground, 0.9);

  ntk_figure_finish_panel (r, 0, &panel, &spec, &legend);
  ntk_figure_mark_diverged (r, &panel);
}

static void
append_value (GString    *out,
              const char *name,
              double      value)
{
  g_autofree char *text = ntk_figure_format (value);

  g_string_append_printf (out, ", %s = %s", name, text);
}

static char *
predictions_readout (const NtkFigureSource *source,
                     const NtkPlotOptions  *options,
                     const NtkFigureLayout *layout,
                     double                 x,
                     double                 y)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkDataset *d = s->constants->data;
  const NtkPanel *panel = &layout->panels[0];
  Visible v = visible_series (s, options);
  GString *out;
  g_autofree char *coord = NULL;
  guint i;

  if (ntk_figure_layout_panel_at (layout, x, y) != 0)
    return NULL;

  /* A training point under the pointer says more than the curves beside it. */
  if (v.points)
    for (guint k = 0; k < d->n; k++)
      {
        double px = ntk_axis_map (&panel->xaxis, d->coord[k]);
        double py = ntk_axis_map (&panel->yaxis, d->y[k]);

        if (isfinite (px) && isfinite (py) && hypot (px - x, py - y) <= 6.0)
          {
            g_autofree char *cx = ntk_figure_format (d->coord[k]);
            g_autofree char *cy = ntk_figure_format (d->y[k]);

            out = g_string_new (NULL);
            g_string_append_printf (out, _("training point %u: %s = %s, y = %s"), k + 1,
                                    d->coord_name ? d->coord_name : "x", cx, cy);
            if (s->f_train != NULL)
              append_value (out, _("finite"), s->f_train[k]);
            return g_string_free (out, FALSE);
          }
      }

  i = ntk_nearest_index (d->coord_test, 1, d->n_test, ntk_axis_unmap (&panel->xaxis, x));
  if (i == G_MAXUINT)
    return NULL;
  coord = ntk_figure_format (d->coord_test[i]);
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s = %s", d->coord_name ? d->coord_name : "x", coord);
  if (v.target && isfinite (d->y_test[i]))
    append_value (out, _("target"), d->y_test[i]);
  if (v.finite)
    append_value (out, _("finite"), s->f_test[i]);
  if (v.lin)
    append_value (out, _("linearized"), s->lin_test[i]);
  if (v.inf)
    {
      append_value (out, _("NTK-GP"), s->inf_test[i]);
      if (v.band)
        {
          g_autofree char *sd = ntk_figure_format (2.0 * std_of (s->inf_var_test[i]));
          g_string_append_printf (out, " ± %s", sd);
        }
    }
  if (v.kr)
    append_value (out, _("kernel regression"), s->constants->kernel_regression_test[i]);
  return g_string_free (out, FALSE);
}

static void
predictions_write_csv (const NtkFigureSource *source,
                       const NtkPlotOptions  *options,
                       GString               *csv)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkDataset *d = s->constants->data;
  Visible v = visible_series (s, options);
  guint rows = MAX (d->n_test, v.points ? d->n : 0);

  ntk_csv_text (csv, TRUE, "coord");
  if (v.target)
    ntk_csv_text (csv, FALSE, "target");
  if (v.finite)
    ntk_csv_text (csv, FALSE, "finite");
  if (v.lin)
    ntk_csv_text (csv, FALSE, "linearized");
  if (v.inf)
    ntk_csv_text (csv, FALSE, "infinite_mean");
  if (v.band)
    ntk_csv_text (csv, FALSE, "infinite_std");
  if (v.kr)
    ntk_csv_text (csv, FALSE, "kernel_regression");
  if (v.points)
    {
      ntk_csv_text (csv, FALSE, "train_coord");
      ntk_csv_text (csv, FALSE, "train_target");
    }
  ntk_csv_end (csv);

  /* The test grid and the training points share rows; the shorter one is padded with NaN. */
  for (guint i = 0; i < rows; i++)
    {
      gboolean grid = i < d->n_test;

      ntk_csv_cell (csv, TRUE, grid ? d->coord_test[i] : NAN);
      if (v.target)
        ntk_csv_cell (csv, FALSE, grid ? d->y_test[i] : NAN);
      if (v.finite)
        ntk_csv_cell (csv, FALSE, grid ? s->f_test[i] : NAN);
      if (v.lin)
        ntk_csv_cell (csv, FALSE, grid ? s->lin_test[i] : NAN);
      if (v.inf)
        ntk_csv_cell (csv, FALSE, grid ? s->inf_test[i] : NAN);
      if (v.band)
        ntk_csv_cell (csv, FALSE, grid ? std_of (s->inf_var_test[i]) : NAN);
      if (v.kr)
        ntk_csv_cell (csv, FALSE, grid ? s->constants->kernel_regression_test[i] : NAN);
      if (v.points)
        {
          ntk_csv_cell (csv, FALSE, i < d->n ? d->coord[i] : NAN);
          ntk_csv_cell (csv, FALSE, i < d->n ? d->y[i] : NAN);
        }
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_predictions_class = {
  .id = "predictions",
  .title = N_("Predictions"),
  .no_data = N_("No predictions yet: start a run to see the network learn."),
  .has_data = predictions_has_data,
  .render = predictions_render,
  .readout = predictions_readout,
  .write_csv = predictions_write_csv,
};
