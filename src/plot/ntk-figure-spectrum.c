/* ntk-figure-spectrum.c — eigenvalues of Θ̂₀ and Θ against rank (log–log) above the residual's
 * energy per eigenvector, now and at initialization
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
spectrum_has_data (const NtkFigureSource *source)
{
  const NtkSnapshot *s = source->snapshot;

  return s != NULL && s->constants != NULL && s->constants->n > 0 &&
         ((s->constants->eig0 != NULL && s->constants->eig0->eigval != NULL) ||
          (s->constants->eig != NULL && s->constants->eig->eigval != NULL));
}

static const double *
eigenvalues (const NtkEigen *eig,
             guint           n)
{
  return eig != NULL && eig->eigval != NULL && eig->n == n ? eig->eigval : NULL;
}

static double
square (double v)
{
  return v * v;
}

static void
spectrum_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkSnapshot *s = r->source->snapshot;
  const NtkRunConstants *c = s->constants;
  const NtkPlotTheme *theme = &ctx->theme;
  guint n = c->n;
  const double *ev0 = eigenvalues (c->eig0, n), *ev = eigenvalues (c->eig, n);
  g_autofree double *rank = g_new (double, n);
  g_autofree double *x0 = g_new (double, n);
  g_autofree double *x1 = g_new (double, n);
  g_autofree double *energy = g_new (double, n);
  g_autofree double *energy0 = g_new (double, n);
  g_autofree char *subtitle = ntk_figure_run_subtitle (s);
  g_autofree char *now_label = NULL;
  gboolean have_energy = s->mode_finite != NULL, have_energy0 = c->mode0 != NULL;
  double m = ntk_frame_margin (ctx), lw = ctx->line_width;
  double ax, ay, aw, ah, top_h;
  NtkRange yr, er;
  NtkPanel top = { 0 }, bottom = { 0 };
  NtkPanelSpec ts = { 0 }, bs = { 0 };
  NtkLegend legend;
  NtkStroke st0 = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_BLUE), 1.0, lw, NTK_DASH_SOLID);
  NtkStroke st1 = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_VERMILLION), 1.0, lw, NTK_DASH_DASHED);
  NtkStroke st_now = ntk_stroke (ntk_palette_color (theme, NTK_COLOR_BLUE), 0.85, lw, NTK_DASH_SOLID);
  NtkStroke st_init = ntk_stroke (theme->foreground, 0.55, lw, NTK_DASH_SOLID);

  for (guint i = 0; i < n; i++)
    {
      /* Bars fill 70 % of the log-width between neighbouring ranks. */
      double half = 0.35 * log10 (i == 0 ? 2.0 : (double) (i + 1) / i);

      rank[i] = i + 1;
      x0[i] = rank[i] * pow (10.0, -half);
      x1[i] = rank[i] * pow (10.0, half);
      energy[i] = have_energy ? square (s->mode_finite[i]) : NAN;
      energy0[i] = have_energy0 ? square (c->mode0[i]) : NAN;
    }

  ntk_range_init (&yr, TRUE);
  ntk_range_add_array (&yr, ev0, 1, ev0 ? n : 0);
  ntk_range_add_array (&yr, ev, 1, ev ? n : 0);
  if (!ntk_range_empty (&yr))
    yr.lo = MAX (yr.lo, yr.hi * 1e-16);   /* round-off eigenvalues say nothing */
  ntk_range_init (&er, TRUE);
  ntk_range_add_array (&er, energy, 1, n);
  ntk_range_add_array (&er, energy0, 1, n);
  if (!ntk_range_empty (&er))
    er.lo = MAX (er.lo, er.hi * 1e-16);

  r->top = ntk_frame_draw_title (ctx, _("Spectrum"), subtitle);
  ax = m;
  ay = r->top;
  aw = ctx->width - 2 * m;
  ah = ctx->height - r->top - m;
  top_h = (have_energy || have_energy0) ? 0.56 * ah : ah;

  ts.ylabel = _("eigenvalue λ");
  ts.xscale = ts.yscale = NTK_SCALE_LOG;
  /* Room for the half bars at both ends. */
  ts.xlo = x0[0] / 1.05;
  ts.xhi = x1[n - 1] * 1.05;
  ts.xpad = 0.0;
  ts.ylo = yr.lo;
  ts.yhi = yr.hi;
  ts.ypad = 0.05;
  bs = ts;
  bs.ylabel = _("residual energy");
  bs.xlabel = _("rank i");
  bs.ylo = er.lo;
  bs.yhi = er.hi;
  ts.hide_xticklabels = top_h < ah;
  if (top_h >= ah)
    ts.xlabel = _("rank i");

  ntk_legend_init (&legend);
  if (ev0 != NULL)
    {
      ntk_legend_add (&legend, _("Θ̂₀, empirical NTK at initialization"), NTK_SWATCH_LINE, &st0);
      ntk_legend_set_compact (&legend, "Θ̂₀", NTK_LEGEND_ALWAYS);
    }
  if (ev != NULL)
    {
      ntk_legend_add (&legend, _("Θ, analytic NTK"), NTK_SWATCH_LINE, &st1);
      ntk_legend_set_compact (&legend, "Θ", NTK_LEGEND_ALWAYS);
    }
  {
    double used = ntk_legend_reserve (ctx, &legend, ax, ay, aw, top_h);

    ay += used;
    ah -= used;
    top_h = (have_energy || have_energy0) ? 0.56 * ah : ah;
  }

  ntk_panel_layout (ctx, &top, &ts, ax, ay, aw, top_h);
  if (top_h < ah)
    {
      /* Align the two data rectangles: both use the larger left margin. */
      ntk_panel_layout (ctx, &bottom, &bs, ax, ay + top_h, aw, ah - top_h);
      ts.left_min = bs.left_min = MAX (ntk_panel_left_margin (&top, ax), ntk_panel_left_margin (&bottom, ax));
      ntk_panel_layout (ctx, &top, &ts, ax, ay, aw, top_h);
      ntk_panel_layout (ctx, &bottom, &bs, ax, ay + top_h, aw, ah - top_h);
    }

  /* A short spectrum gets a tick at every rank. */
  if (n <= 12)
    {
      g_auto(GStrv) labels = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        labels[i] = g_strdup_printf ("%u", i + 1);
      ntk_axis_set_ticks (&top.xaxis, rank, (const char *const *) labels, n);
      ntk_axis_set_ticks (&bottom.xaxis, rank, (const char *const *) labels, n);
      ntk_axis_thin_labels (&bottom.xaxis, ntk_measure_label_width, ctx, 0.8 * ctx->em);
    }
  ntk_panel_draw_grid (ctx, &top);
  if (ev != NULL)
    {
      ntk_draw_polyline (ctx, &top, rank, 1, ev, 1, n, &st1);
      ntk_draw_markers (ctx, &top, rank, 1, ev, 1, n, 0.22 * ctx->em, &st1.color, 1.0);
    }
  if (ev0 != NULL)
    {
      ntk_draw_polyline (ctx, &top, rank, 1, ev0, 1, n, &st0);
      ntk_draw_markers (ctx, &top, rank, 1, ev0, 1, n, 0.22 * ctx->em, &st0.color, 1.0);
    }
  ntk_figure_finish_panel (r, 0, &top, &ts, &legend);

  if (top_h < ah)
    {
      ntk_panel_draw_grid (ctx, &bottom);
      ntk_legend_init (&legend);
      if (have_energy)
        {
          ntk_draw_bars (ctx, &bottom, x0, x1, energy, n, &st_now.color, 0.85, FALSE);
          now_label = g_strdup_printf (_("now, step %u"), s->step);
          ntk_legend_add (&legend, now_label, NTK_SWATCH_BAR, &st_now);
          /* Translators: short legend entries of the spectrum's energy bars, for small figures */
          ntk_legend_set_compact (&legend, C_("legend", "now"), NTK_LEGEND_ALWAYS);
        }
      if (have_energy0)
        {
          ntk_draw_bars (ctx, &bottom, x0, x1, energy0, n, &st_init.color, 0.55, TRUE);
          ntk_legend_add (&legend, _("at initialization"), NTK_SWATCH_BAR_OUTLINE, &st_init);
          ntk_legend_set_compact (&legend, C_("legend", "initial"), NTK_LEGEND_ALWAYS);
        }
      ntk_figure_finish_panel (r, 1, &bottom, &bs, &legend);
    }
  ntk_figure_mark_diverged (r, &top);
}

static char *
spectrum_readout (const NtkFigureSource *source,
                  const NtkPlotOptions  *options,
                  const NtkFigureLayout *layout,
                  double                 x,
                  double                 y)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkRunConstants *c = s->constants;
  int p = ntk_figure_layout_panel_at (layout, x, y);
  double rk;
  guint i;
  GString *out;

  if (p < 0)
    return NULL;
  rk = round (ntk_axis_unmap (&layout->panels[p].xaxis, x));
  if (!(rk >= 1.0 && rk <= c->n))
    return NULL;
  i = (guint) rk - 1;
  out = g_string_new (NULL);
  g_string_append_printf (out, _("rank %u"), i + 1);
  if (p == 0)
    {
      const double *ev0 = eigenvalues (c->eig0, c->n), *ev = eigenvalues (c->eig, c->n);

      if (ev0 != NULL)
        {
          g_autofree char *v = ntk_figure_format (ev0[i]);
          g_string_append_printf (out, ", λ(Θ̂₀) = %s", v);
        }
      if (ev != NULL)
        {
          g_autofree char *v = ntk_figure_format (ev[i]);
          g_string_append_printf (out, ", λ(Θ) = %s", v);
        }
    }
  else
    {
      if (s->mode_finite != NULL)
        {
          g_autofree char *v = ntk_figure_format (square (s->mode_finite[i]));
          g_string_append_printf (out, _(", residual energy now = %s"), v);
        }
      if (c->mode0 != NULL)
        {
          g_autofree char *v = ntk_figure_format (square (c->mode0[i]));
          g_string_append_printf (out, _(", at initialization = %s"), v);
        }
    }
  return g_string_free (out, FALSE);
}

static void
spectrum_write_csv (const NtkFigureSource *source,
                    const NtkPlotOptions  *options,
                    GString               *csv)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkRunConstants *c = s->constants;
  const double *ev0 = eigenvalues (c->eig0, c->n), *ev = eigenvalues (c->eig, c->n);

  ntk_csv_text (csv, TRUE, "rank");
  if (ev0 != NULL)
    ntk_csv_text (csv, FALSE, "eig_ntk0");
  if (ev != NULL)
    ntk_csv_text (csv, FALSE, "eig_ntk");
  if (s->mode_finite != NULL)
    ntk_csv_text (csv, FALSE, "residual_energy");
  if (c->mode0 != NULL)
    ntk_csv_text (csv, FALSE, "residual_energy_init");
  ntk_csv_end (csv);
  for (guint i = 0; i < c->n; i++)
    {
      ntk_csv_cell (csv, TRUE, i + 1);
      if (ev0 != NULL)
        ntk_csv_cell (csv, FALSE, ev0[i]);
      if (ev != NULL)
        ntk_csv_cell (csv, FALSE, ev[i]);
      if (s->mode_finite != NULL)
        ntk_csv_cell (csv, FALSE, square (s->mode_finite[i]));
      if (c->mode0 != NULL)
        ntk_csv_cell (csv, FALSE, square (c->mode0[i]));
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_spectrum_class = {
  .id = "spectrum",
  .title = N_("Spectrum"),
  .no_data = N_("No spectrum yet: start a run to decompose the NTK."),
  .has_data = spectrum_has_data,
  .render = spectrum_render,
  .readout = spectrum_readout,
  .write_csv = spectrum_write_csv,
};
