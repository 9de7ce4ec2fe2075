/* ntk-figure-kernel-slice.c — Θ(x₀, ·) over the test grid as in Jacot et al. 2018, Fig. 1: the
 * analytic limit against the empirical NTKs of several seeds at one or more widths
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

static gboolean
slice_has_data (const NtkFigureSource *source)
{
  const NtkKernelSlice *k = source->slice;

  return k != NULL && k->n_test > 0 && k->analytic != NULL;
}

/* The horizontal coordinate of the grid: the data set's, or the grid index. */
static double *
slice_x (const NtkKernelSlice *k)
{
  double *x = g_new (double, k->n_test);

  for (guint i = 0; i < k->n_test; i++)
    x[i] = k->data != NULL && k->data->coord_test != NULL && k->data->n_test == k->n_test
           ? k->data->coord_test[i] : (double) i;
  return x;
}

static const char *
coord_name (const NtkKernelSlice *k)
{
  return k->data != NULL && k->data->coord_name != NULL ? k->data->coord_name : _("index");
}

static gboolean
have_trained (const NtkKernelSlice *k)
{
  return k->empirical_trained != NULL && k->config != NULL && k->config->steps > 0;
}

static void
slice_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkKernelSlice *k = r->source->slice;
  const NtkPlotTheme *theme = &ctx->theme;
  guint nt = k->n_test, nw = k->widths != NULL ? k->n_widths : 0, ns = k->n_seeds;
  g_autofree double *x = slice_x (k);
  g_autofree char *subtitle = NULL;
  double lw = ctx->line_width;
  NtkRange xr, yr;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkLegend legend;
  NtkStroke sa = ntk_stroke (theme->foreground, 0.9, 1.6 * lw, NTK_DASH_SOLID);
  NtkStroke sx = ntk_stroke (theme->foreground, 0.45, ctx->thin, NTK_DASH_DASHED);

  ntk_range_init (&xr, FALSE);
  ntk_range_add_array (&xr, x, 1, nt);
  ntk_range_init (&yr, FALSE);
  ntk_range_add_array (&yr, k->analytic, 1, nt);
  ntk_range_add_array (&yr, k->empirical_init, 1, k->empirical_init ? nw * ns * nt : 0);
  if (have_trained (k))
    ntk_range_add_array (&yr, k->empirical_trained, 1, nw * ns * nt);

  if (k->config != NULL)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u seed per width · depth %u",
                                             "%u seeds per width · depth %u", ns),
                                ns, k->config->depth);
  r->top = ntk_frame_draw_title (ctx, _("Kernel slice Θ(x₀, ·)"), subtitle);
  ntk_legend_init (&legend);
  ntk_legend_add (&legend, _("analytic Θ, infinite width"), NTK_SWATCH_LINE, &sa);
  /* Translators: short legend entries of the kernel-slice figure, for small figures */
  ntk_legend_set_compact (&legend, C_("legend", "analytic Θ"), NTK_LEGEND_ALWAYS);
  for (guint wi = 0; wi < nw; wi++)
    {
      NtkRgba color = ntk_palette_color (theme, wi);
      NtkStroke li = ntk_stroke (color, 1.0, lw, NTK_DASH_SOLID);
      NtkStroke lt = ntk_stroke (color, 1.0, lw, NTK_DASH_DASHED);

      if (k->empirical_init != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("width %u, initialization"), k->widths[wi]);
          g_autofree char *brief = g_strdup_printf (C_("legend", "width %u"), k->widths[wi]);

          ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &li);
          ntk_legend_set_compact (&legend, brief, NTK_LEGEND_ALWAYS);
        }
      if (have_trained (k))
        {
          g_autofree char *label = g_strdup_printf (_("width %u, after %u steps"), k->widths[wi],
                                                    k->config->steps);
          ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &lt);
          /* The compact key names each width's colour once, and the dash once. */
          if (k->empirical_init != NULL)
            ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_FULL_ONLY);
          else
            {
              g_autofree char *brief = g_strdup_printf (C_("legend", "width %u"), k->widths[wi]);
              ntk_legend_set_compact (&legend, brief, NTK_LEGEND_ALWAYS);
            }
        }
    }
  if (have_trained (k) && k->empirical_init != NULL)
    {
      NtkStroke lt = ntk_stroke (theme->foreground, 0.8, lw, NTK_DASH_DASHED);

      ntk_legend_add (&legend, C_("legend", "trained"), NTK_SWATCH_LINE, &lt);
      ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_COMPACT_ONLY);
    }

  spec.xlabel = coord_name (k);
  spec.ylabel = "\u0398(x\u2080, \u00b7)";
  spec.xscale = spec.yscale = NTK_SCALE_LINEAR;
  spec.xlo = xr.lo;
  spec.xhi = xr.hi;
  spec.ylo = yr.lo;
  spec.yhi = yr.hi;
  spec.xpad = 0.01;
  spec.ypad = 0.06;
  spec.x_pi = k->data != NULL && k->data->coord_name != NULL && strcmp (k->data->coord_name, "\u03b3") == 0;
  ntk_figure_place_panel (r, &legend, &spec, &panel);
  ntk_panel_draw_grid (ctx, &panel);

  if (k->x0_index < nt)
    {
      ntk_draw_vline (ctx, &panel, x[k->x0_index], &sx);
      ntk_plot_text (ctx, "x\u2080", NTK_TEXT_SMALL, ntk_axis_map (&panel.xaxis, x[k->x0_index]) + 0.3 * ctx->em,
                     panel.y + panel.h - 0.3 * ctx->em, 0.0, 1.0, 0.0, &theme->foreground, 0.7);
    }

  for (guint wi = 0; wi < nw; wi++)
    {
      NtkRgba color = ntk_palette_color (theme, wi);
      NtkStroke si = ntk_stroke (color, 0.7, 0.6 * lw, NTK_DASH_SOLID);
      NtkStroke st = ntk_stroke (color, 0.7, 0.6 * lw, NTK_DASH_DASHED);

      for (guint s = 0; s < ns; s++)
        {
          gsize off = ((gsize) wi * ns + s) * nt;

          if (k->empirical_init != NULL)
            ntk_draw_polyline (ctx, &panel, x, 1, k->empirical_init + off, 1, nt, &si);
          if (have_trained (k))
            ntk_draw_polyline (ctx, &panel, x, 1, k->empirical_trained + off, 1, nt, &st);
        }
    }
  /* The limit on top: the empirical kernels scatter around it. */
  ntk_draw_polyline (ctx, &panel, x, 1, k->analytic, 1, nt, &sa);

  ntk_figure_finish_panel (r, 0, &panel, &spec, &legend);
}

static void
mean_std (const double *v,
          gsize         stride,
          guint         n,
          double       *mean,
          double       *std)
{
  double s = 0.0, s2 = 0.0;
  guint count = 0;

  for (guint i = 0; i < n; i++)
    if (isfinite (v[i * stride]))
      {
        s += v[i * stride];
        count++;
      }
  *mean = count ? s / count : NAN;
  for (guint i = 0; i < n; i++)
    if (isfinite (v[i * stride]))
      s2 += (v[i * stride] - *mean) * (v[i * stride] - *mean);
  *std = count > 1 ? sqrt (s2 / (count - 1)) : 0.0;
}

static char *
slice_readout (const NtkFigureSource *source,
               const NtkPlotOptions  *options,
               const NtkFigureLayout *layout,
               double                 x,
               double                 y)
{
  const NtkKernelSlice *k = source->slice;
  g_autofree double *xs = slice_x (k);
  g_autofree char *cv = NULL, *av = NULL;
  guint i, nw = k->widths != NULL ? k->n_widths : 0;
  GString *out;

  if (ntk_figure_layout_panel_at (layout, x, y) != 0)
    return NULL;
  i = ntk_nearest_index (xs, 1, k->n_test, ntk_axis_unmap (&layout->panels[0].xaxis, x));
  if (i == G_MAXUINT)
    return NULL;
  cv = ntk_figure_format (xs[i]);
  av = ntk_figure_format (k->analytic[i]);
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s = %s, Θ = %s", coord_name (k), cv, av);
  for (guint wi = 0; wi < nw && k->empirical_init != NULL && k->n_seeds > 0; wi++)
    {
      double mean, sd;
      g_autofree char *mv = NULL, *sv = NULL;

      mean_std (k->empirical_init + (gsize) wi * k->n_seeds * k->n_test + i, k->n_test, k->n_seeds,
                &mean, &sd);
      mv = ntk_figure_format (mean);
      sv = ntk_figure_format (sd);
      g_string_append_printf (out, _(", width %u: %s ± %s"), k->widths[wi], mv, sv);
    }
  return g_string_free (out, FALSE);
}

static void
slice_write_csv (const NtkFigureSource *source,
                 const NtkPlotOptions  *options,
                 GString               *csv)
{
  const NtkKernelSlice *k = source->slice;
  g_autofree double *xs = slice_x (k);
  guint nt = k->n_test, nw = k->widths != NULL ? k->n_widths : 0, ns = k->n_seeds;
  gboolean trained = have_trained (k);

  ntk_csv_text (csv, TRUE, "coord");
  ntk_csv_text (csv, FALSE, "analytic");
  for (guint wi = 0; wi < nw; wi++)
    for (guint s = 0; s < ns; s++)
      {
        if (k->empirical_init != NULL)
          {
            g_autofree char *name = g_strdup_printf ("w%u_seed%u_init", k->widths[wi], s + 1);
            ntk_csv_text (csv, FALSE, name);
          }
        if (trained)
          {
            g_autofree char *name = g_strdup_printf ("w%u_seed%u_trained", k->widths[wi], s + 1);
            ntk_csv_text (csv, FALSE, name);
          }
      }
  ntk_csv_end (csv);
  for (guint i = 0; i < nt; i++)
    {
      ntk_csv_cell (csv, TRUE, xs[i]);
      ntk_csv_cell (csv, FALSE, k->analytic[i]);
      for (guint wi = 0; wi < nw; wi++)
        for (guint s = 0; s < ns; s++)
          {
            gsize off = ((gsize) wi * ns + s) * nt + i;

            if (k->empirical_init != NULL)
              ntk_csv_cell (csv, FALSE, k->empirical_init[off]);
            if (trained)
              ntk_csv_cell (csv, FALSE, k->empirical_trained[off]);
          }
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_kernel_slice_class = {
  .id = "kernel-slice",
  .title = N_("Kernel slice"),
  .no_data = N_("No kernel slice yet: compute one to compare empirical kernels with the limit."),
  .has_data = slice_has_data,
  .render = slice_render,
  .readout = slice_readout,
  .write_csv = slice_write_csv,
};
