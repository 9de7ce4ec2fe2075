/* ntk-figure-width-sweep.c — kernel drift and initial kernel error against width (log–log), per
 * seed and on average, with the fitted slopes and a 1/√width guide
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
sweep_has_data (const NtkFigureSource *source)
{
  const NtkWidthSweep *w = source->sweep;

  return w != NULL && w->n_widths > 0 && w->widths != NULL &&
         (w->kernel_drift_mean != NULL || w->init_error_mean != NULL);
}

static char *
format_slope (double slope)
{
  char buf[32];

  if (!isfinite (slope))
    return NULL;
  g_snprintf (buf, sizeof buf, "%.2f", fabs (slope));
  return g_strdup_printf ("%s%s", slope < 0 ? "\u2212" : "", buf);
}

/* c / √width through the drift means (the least-squares c for a fixed slope of −1/2). */
static double
guide_constant (const NtkWidthSweep *w)
{
  const double *mean = w->kernel_drift_mean != NULL ? w->kernel_drift_mean : w->init_error_mean;
  double sum = 0.0;
  guint count = 0;

  for (guint i = 0; i < w->n_widths; i++)
    if (isfinite (mean[i]) && mean[i] > 0.0 && w->widths[i] > 0)
      {
        sum += log (mean[i]) + 0.5 * log (w->widths[i]);
        count++;
      }
  return count > 0 ? exp (sum / count) : NAN;
}

static void
sweep_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkWidthSweep *w = r->source->sweep;
  const NtkPlotTheme *theme = &ctx->theme;
  guint nw = w->n_widths, ns = w->n_seeds;
  g_autofree double *xw = g_new (double, nw);
  g_autofree double *xs = g_new (double, (gsize) nw * MAX (ns, 1));
  g_autofree char *subtitle = NULL;
  g_autofree char *drift_slope = NULL, *error_slope = NULL;
  double lw = ctx->line_width, c;
  NtkRange xr, yr;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkLegend legend;
  NtkStroke sd = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_BLUE), 1.0, lw, NTK_DASH_SOLID);
  NtkStroke si = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_VERMILLION), 1.0, lw, NTK_DASH_SOLID);
  NtkStroke sg = ntk_stroke (theme->foreground, 0.55, lw, NTK_DASH_DOTTED);

  for (guint i = 0; i < nw; i++)
    {
      xw[i] = w->widths[i];
      for (guint k = 0; k < ns; k++)
        xs[(gsize) i * ns + k] = w->widths[i];
    }

  ntk_range_init (&xr, TRUE);
  ntk_range_add_array (&xr, xw, 1, nw);
  ntk_range_init (&yr, TRUE);
  ntk_range_add_array (&yr, w->kernel_drift_mean, 1, w->kernel_drift_mean ? nw : 0);
  ntk_range_add_array (&yr, w->init_error_mean, 1, w->init_error_mean ? nw : 0);
  ntk_range_add_array (&yr, w->kernel_drift, 1, w->kernel_drift ? nw * ns : 0);
  ntk_range_add_array (&yr, w->init_error, 1, w->init_error ? nw * ns : 0);

  if (w->config != NULL)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u seed per width · %u steps · depth %u",
                                             "%u seeds per width · %u steps · depth %u", ns),
                                ns, w->steps, w->config->depth);
  r->top = ntk_frame_draw_title (ctx, _("Width sweep"), subtitle);
  c = guide_constant (w);
  drift_slope = format_slope (w->drift_slope);
  error_slope = format_slope (w->init_error_slope);
  ntk_legend_init (&legend);
  if (w->init_error_mean != NULL)
    {
      g_autofree char *label = error_slope != NULL
        ? g_strdup_printf (_("initial error ‖Θ̂₀ − Θ‖/‖Θ‖, slope %s"), error_slope)
        : g_strdup (_("initial error ‖Θ̂₀ − Θ‖/‖Θ‖"));
      ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &si);
      /* Translators: short legend entries of the width-sweep figure, for small figures */
      ntk_legend_set_compact (&legend, C_("legend", "initial error"), NTK_LEGEND_ALWAYS);
    }
  if (w->kernel_drift_mean != NULL)
    {
      g_autofree char *label = drift_slope != NULL
        ? g_strdup_printf (_("kernel drift after training, slope %s"), drift_slope)
        : g_strdup (_("kernel drift after training"));
      ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &sd);
      ntk_legend_set_compact (&legend, C_("legend", "kernel drift"), NTK_LEGEND_ALWAYS);
    }
  if (isfinite (c))
    ntk_legend_add (&legend, _("∝ 1/√m"), NTK_SWATCH_LINE, &sg);

  spec.xlabel = _("width m");
  spec.ylabel = _("relative change / error");
  spec.xscale = spec.yscale = NTK_SCALE_LOG;
  spec.xlo = xr.lo;
  spec.xhi = xr.hi;
  spec.ylo = yr.lo;
  spec.yhi = yr.hi;
  spec.xpad = 0.06;
  spec.ypad = 0.08;
  ntk_figure_place_panel (r, &legend, &spec, &panel);
  /* Ticks at the widths that were run: the values a reader looks for. */
  if (nw <= 16)
    {
      g_auto(GStrv) labels = g_new0 (char *, nw + 1);

      for (guint i = 0; i < nw; i++)
        labels[i] = g_strdup_printf ("%u", w->widths[i]);
      ntk_axis_set_ticks (&panel.xaxis, xw, (const char *const *) labels, nw);
      ntk_axis_thin_labels (&panel.xaxis, ntk_measure_label_width, ctx, 0.8 * ctx->em);
    }
  ntk_panel_draw_grid (ctx, &panel);

  if (isfinite (c))
    {
      double gx[64], gy[64];

      for (guint j = 0; j < G_N_ELEMENTS (gx); j++)
        {
          gx[j] = panel.xaxis.min * pow (panel.xaxis.max / panel.xaxis.min, j / 63.0);
          gy[j] = c / sqrt (gx[j]);
        }
      ntk_draw_polyline (ctx, &panel, gx, 1, gy, 1, G_N_ELEMENTS (gx), &sg);
    }
  if (w->init_error != NULL && ns > 1)
    ntk_draw_markers (ctx, &panel, xs, 1, w->init_error, 1, nw * ns, 0.18 * ctx->em, &si.color, 0.45);
  if (w->kernel_drift != NULL && ns > 1)
    ntk_draw_markers (ctx, &panel, xs, 1, w->kernel_drift, 1, nw * ns, 0.18 * ctx->em, &sd.color, 0.45);
  if (w->init_error_mean != NULL)
    {
      ntk_draw_polyline (ctx, &panel, xw, 1, w->init_error_mean, 1, nw, &si);
      ntk_draw_markers (ctx, &panel, xw, 1, w->init_error_mean, 1, nw, 0.3 * ctx->em, &si.color, 1.0);
    }
  if (w->kernel_drift_mean != NULL)
    {
      ntk_draw_polyline (ctx, &panel, xw, 1, w->kernel_drift_mean, 1, nw, &sd);
      ntk_draw_markers (ctx, &panel, xw, 1, w->kernel_drift_mean, 1, nw, 0.3 * ctx->em, &sd.color, 1.0);
    }

  ntk_figure_finish_panel (r, 0, &panel, &spec, &legend);
}

static char *
sweep_readout (const NtkFigureSource *source,
               const NtkPlotOptions  *options,
               const NtkFigureLayout *layout,
               double                 x,
               double                 y)
{
  const NtkWidthSweep *w = source->sweep;
  const NtkPanel *panel = &layout->panels[0];
  guint best = G_MAXUINT;
  double best_d = INFINITY;
  GString *out;

  if (ntk_figure_layout_panel_at (layout, x, y) != 0)
    return NULL;
  for (guint i = 0; i < w->n_widths; i++)
    {
      double d = fabs (ntk_axis_map (&panel->xaxis, w->widths[i]) - x);

      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  if (best == G_MAXUINT)
    return NULL;
  out = g_string_new (NULL);
  g_string_append_printf (out, _("width %u"), w->widths[best]);
  if (w->kernel_drift_mean != NULL)
    {
      g_autofree char *v = ntk_figure_format (w->kernel_drift_mean[best]);
      g_string_append_printf (out, _(", kernel drift = %s"), v);
    }
  if (w->init_error_mean != NULL)
    {
      g_autofree char *v = ntk_figure_format (w->init_error_mean[best]);
      g_string_append_printf (out, _(", initial error = %s"), v);
    }
  if (w->n_seeds > 1)
    g_string_append_printf (out, _(" (mean of %u seeds)"), w->n_seeds);
  return g_string_free (out, FALSE);
}

static void
sweep_write_csv (const NtkFigureSource *source,
                 const NtkPlotOptions  *options,
                 GString               *csv)
{
  const NtkWidthSweep *w = source->sweep;
  guint nw = w->n_widths, ns = w->n_seeds;

  ntk_csv_text (csv, TRUE, "width");
  if (w->kernel_drift_mean != NULL)
    ntk_csv_text (csv, FALSE, "kernel_drift_mean");
  if (w->init_error_mean != NULL)
    ntk_csv_text (csv, FALSE, "init_error_mean");
  for (guint k = 0; k < ns && w->kernel_drift != NULL; k++)
    {
      g_autofree char *name = g_strdup_printf ("kernel_drift_seed_%u", k + 1);
      ntk_csv_text (csv, FALSE, name);
    }
  for (guint k = 0; k < ns && w->init_error != NULL; k++)
    {
      g_autofree char *name = g_strdup_printf ("init_error_seed_%u", k + 1);
      ntk_csv_text (csv, FALSE, name);
    }
  ntk_csv_end (csv);
  for (guint i = 0; i < nw; i++)
    {
      ntk_csv_cell (csv, TRUE, w->widths[i]);
      if (w->kernel_drift_mean != NULL)
        ntk_csv_cell (csv, FALSE, w->kernel_drift_mean[i]);
      if (w->init_error_mean != NULL)
        ntk_csv_cell (csv, FALSE, w->init_error_mean[i]);
      for (guint k = 0; k < ns && w->kernel_drift != NULL; k++)
        ntk_csv_cell (csv, FALSE, w->kernel_drift[(gsize) i * ns + k]);
      for (guint k = 0; k < ns && w->init_error != NULL; k++)
        ntk_csv_cell (csv, FALSE, w->init_error[(gsize) i * ns + k]);
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_width_sweep_class = {
  .id = "width-sweep",
  .title = N_("Width sweep"),
  .no_data = N_("No width sweep yet: run one to see the kernel settle as the width grows."),
  .has_data = sweep_has_data,
  .render = sweep_render,
  .readout = sweep_readout,
  .write_csv = sweep_write_csv,
};
