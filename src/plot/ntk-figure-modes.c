/* ntk-figure-modes.c — per-eigenvalue error decay: |qᵢᵀ(f − y)| of the top modes against step
 * or time, finite network solid, theory (discrete GD or gradient flow) dashed
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ntk-csv.h"
#include "ntk-figure-common.h"

#define THEORY_SAMPLES 400
/* Modes listed one by one in the legend; beyond that the first few and the last. */
#define LEGEND_MODES 8

static gboolean
modes_has_data (const NtkFigureSource *source)
{
  const NtkSnapshot *s = source->snapshot;

  return s != NULL && s->constants != NULL && s->history != NULL &&
         s->history->step != NULL && s->history->mode_finite != NULL && s->constants->n_modes_tracked > 0 &&
         ntk_figure_history_len (s) > 0;
}

static guint
modes_shown (const NtkSnapshot    *s,
             const NtkPlotOptions *options)
{
  guint k = options->n_modes > 0 ? options->n_modes : 6;

  return MIN (k, s->constants->n_modes_tracked);
}

static gboolean
have_theory (const NtkSnapshot *s)
{
  const NtkRunConstants *c = s->constants;

  return c->eig0 != NULL && c->eig0->eigval != NULL && c->mode0 != NULL && c->config != NULL &&
         c->n > 0;
}

/* |e_{i,0}| (1 − ηλ/n)^k for discrete GD, |e_{i,0}| e^{−λt/n} for gradient flow (math.md §5). */
static double
theory_value (const NtkSnapshot *s,
              NtkTimeModel       model,
              guint              i,
              double             step)
{
  const NtkRunConstants *c = s->constants;
  double lambda = c->eig0->eigval[i], e0 = fabs (c->mode0[i]);
  double eta = c->config->learning_rate, n = c->n;

  if (!isfinite (step) || step < 0.0)
    return NAN;
  if (model == NTK_TIME_FLOW)
    return e0 * exp (-lambda * eta * step / n);
  {
    double factor = fabs (1.0 - eta * lambda / n);
    double k = round (step);

    if (k == 0.0)
      return e0;
    if (factor == 0.0)
      return 0.0;
    return e0 * exp (k * log (factor));
  }
}

static const char *
theory_label (NtkTimeModel model)
{
  return model == NTK_TIME_FLOW ? _("theory: gradient flow exp(−λt/n)")
                                : _("theory: discrete GD (1 − ηλ/n)ᵏ");
}

/* Discrete GD theory of a shown mode grows without bound: |1 − ηλᵢ/n| > 1, i.e. η > η_crit
 * for the top mode. */
static gboolean
theory_diverges (const NtkSnapshot    *s,
                 const NtkPlotOptions *options,
                 guint                 k)
{
  const NtkRunConstants *c = s->constants;

  if (options->theory != NTK_TIME_DISCRETE)
    return FALSE;
  for (guint i = 0; i < k; i++)
    if (fabs (1.0 - c->config->learning_rate * c->eig0->eigval[i] / c->n) > 1.0)
      return TRUE;
  return FALSE;
}

/* Theory values so large they overflow (a diverging mode over many steps) still point up out
 * of the panel: clipped to the frame, not a gap before its edge. */
static double
drawable (double v)
{
  return isinf (v) && v > 0 ? 1e300 : v;
}

static void
modes_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkSnapshot *s = r->source->snapshot;
  const NtkRunConstants *c = s->constants;
  const NtkPlotOptions *o = r->options;
  const NtkPlotTheme *theme = &ctx->theme;
  guint len = ntk_figure_history_len (s), tracked = c->n_modes_tracked, k = modes_shown (s, o);
  gboolean theory = have_theory (s);
  double eta = c->config != NULL ? c->config->learning_rate : 1.0;
  g_autofree double *x = ntk_figure_history_x (s, o->x_is_time);
  g_autofree double *e = g_new (double, (gsize) MAX (len, 1) * k);
  g_autofree double *tx = g_new (double, THEORY_SAMPLES);
  g_autofree double *ty = g_new (double, (gsize) THEORY_SAMPLES * k);
  g_autofree char *subtitle = ntk_figure_run_subtitle (s);
  double lw = ctx->line_width;
  guint theory_above = 0;
  NtkRange yr, finite;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkLegend legend;
  NtkStroke st;

  for (guint h = 0; h < len; h++)
    for (guint i = 0; i < k; i++)
      e[(gsize) i * len + h] = fabs (s->history->mode_finite[(gsize) h * tracked + i]);

  ntk_figure_run_x_spec (s, o, &spec);
  if (theory)
    for (guint j = 0; j < THEORY_SAMPLES; j++)
      {
        double f = (double) j / (THEORY_SAMPLES - 1);
        double xv = o->log_x ? spec.xlo * pow (spec.xhi / spec.xlo, f)
                             : spec.xlo + f * (spec.xhi - spec.xlo);
        double step = o->x_is_time ? xv / eta : xv;

        /* Discrete GD exists at whole steps only. */
        if (o->theory == NTK_TIME_DISCRETE)
          {
            step = round (step);
            xv = o->x_is_time ? step * eta : step;
          }
        tx[j] = xv;
        for (guint i = 0; i < k; i++)
          ty[(gsize) i * THEORY_SAMPLES + j] = drawable (theory_value (s, o->theory, i, step));
      }

  /* The axis is for the network: the theory widens it only where it stays comparable (above
   * η_crit it grows as |1 − ηλ/n|ᵏ to 1e300 and would flatten the finite curves into the
   * bottom edge); what it leaves out is clipped at the frame. */
  ntk_range_init (&finite, TRUE);
  ntk_range_add_array (&finite, e, 1, len * k);
  yr = finite;
  if (theory)
    ntk_range_add_near (&yr, &finite, 1e6, 1e3, ty, 1, THEORY_SAMPLES * k, &theory_above, NULL);
  /* Exponential decay reaches 1e-300 quickly: show twelve decades below the top at most. */
  if (!ntk_range_empty (&yr))
    yr.lo = MAX (yr.lo, yr.hi * 1e-12);

  r->top = ntk_frame_draw_title (ctx, _("Error per eigenvector of \u0398\u0302\u2080"), subtitle);

  ntk_legend_init (&legend);
  for (guint i = 0; i < k; i++)
    {
      g_autofree char *lambda = NULL;
      g_autofree char *label = NULL;

      if (k > LEGEND_MODES && i == LEGEND_MODES - 2)
        {
          st = ntk_stroke (theme->foreground, 1.0, lw, NTK_DASH_SOLID);
          ntk_legend_add (&legend, "\u22ee", NTK_SWATCH_NONE, &st);
          ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_FULL_ONLY);
        }
      if (k > LEGEND_MODES && i >= LEGEND_MODES - 2 && i != k - 1)
        continue;
      lambda = c->eig0 != NULL && c->eig0->eigval != NULL ? ntk_figure_format (c->eig0->eigval[i]) : NULL;
      label = lambda != NULL ? g_strdup_printf (_("mode %u, λ = %s"), i + 1, lambda)
                             : g_strdup_printf (_("mode %u"), i + 1);
      st = ntk_stroke (ntk_palette_sequential (theme, k > 1 ? (double) i / (k - 1) : 0.0), 1.0, lw,
                       NTK_DASH_SOLID);
      ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &st);
      ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_FULL_ONLY);
    }
  /* The compact key: one colour ramp for all modes, then what solid and dashed mean. */
  {
    g_autofree char *label = k > 1 ? g_strdup_printf (_("modes 1–%u"), k) : g_strdup (_("mode 1"));

    st = ntk_stroke (ntk_palette_sequential (theme, 0.0), 1.0, lw, NTK_DASH_SOLID);
    ntk_legend_add (&legend, label, k > 1 ? NTK_SWATCH_RAMP : NTK_SWATCH_LINE, &st);
    ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_COMPACT_ONLY);
  }
  /* In the compact key the ramp's solid line is the finite network, set against the dashed
   * theory: one row fits a figure 200 px wide. */
  st = ntk_stroke (theme->foreground, 0.8, lw, NTK_DASH_SOLID);
  ntk_legend_add (&legend, _("finite network"), NTK_SWATCH_LINE, &st);
  ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_FULL_ONLY);
  if (theory)
    {
      st = ntk_stroke (theme->foreground, 0.8, 0.9 * lw, NTK_DASH_DASHED);
      if (theory_above > 0 && theory_diverges (s, o, k))
        {
          /* Translators: legend entry of the linearized theory curves when they grow off the
           * plot; keep the markup, η<sub>crit</sub> is the critical learning rate */
          ntk_legend_add (&legend, _("theory diverges: η &gt; η<sub>crit</sub>"), NTK_SWATCH_LINE, &st);
          ntk_legend_set_markup (&legend);
          /* Translators: short legend entry, theory curves that grow off the plot */
          ntk_legend_set_compact (&legend, C_("legend", "theory diverges"), NTK_LEGEND_ALWAYS);
          ntk_legend_set_essential (&legend);
        }
      else if (theory_above > 0)
        {
          g_autofree char *label = ntk_figure_off_scale_label (theory_label (o->theory));

          ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &st);
          /* Translators: short legend entry, theory curves partly off the plot */
          ntk_legend_set_compact (&legend, C_("legend", "theory (off scale)"), NTK_LEGEND_ALWAYS);
          ntk_legend_set_essential (&legend);
        }
      else
        {
          ntk_legend_add (&legend, theory_label (o->theory), NTK_SWATCH_LINE, &st);
          /* Translators: short legend entry for the theory's dashed curves, in small figures */
          ntk_legend_set_compact (&legend, C_("legend", "theory"), NTK_LEGEND_ALWAYS);
        }
    }

  spec.ylabel = "|q\u1d62\u1d40(f \u2212 y)|";
  spec.yscale = NTK_SCALE_LOG;
  spec.ylo = yr.lo;
  spec.yhi = yr.hi;
  spec.ypad = 0.04;
  ntk_figure_place_panel (r, &legend, &spec, &panel);
  ntk_panel_draw_grid (ctx, &panel);

  for (guint i = 0; i < k; i++)
    {
      NtkRgba color = ntk_palette_sequential (theme, k > 1 ? (double) i / (k - 1) : 0.0);

      if (theory)
        {
          st = ntk_stroke (color, 0.9, 0.9 * lw, NTK_DASH_DASHED);
          ntk_draw_polyline (ctx, &panel, tx, 1, ty + (gsize) i * THEORY_SAMPLES, 1, THEORY_SAMPLES, &st);
        }
      st = ntk_stroke (color, 1.0, lw, NTK_DASH_SOLID);
      ntk_draw_polyline (ctx, &panel, x, 1, e + (gsize) i * len, 1, len, &st);
    }

  ntk_figure_finish_panel (r, 0, &panel, &spec, &legend);
  ntk_figure_mark_diverged (r, &panel);
}

static char *
modes_readout (const NtkFigureSource *source,
               const NtkPlotOptions  *options,
               const NtkFigureLayout *layout,
               double                 x,
               double                 y)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkPanel *panel = &layout->panels[0];
  guint tracked = s->constants->n_modes_tracked;
  guint k = modes_shown (s, options), best = G_MAXUINT;
  guint h;
  GString *out = ntk_figure_history_readout (s, options, layout, x, y, &h);
  double best_d = INFINITY;

  if (out == NULL)
    return NULL;
  /* The mode whose curve passes nearest the pointer. */
  for (guint i = 0; i < k; i++)
    {
      double py = ntk_axis_map (&panel->yaxis, fabs (s->history->mode_finite[(gsize) h * tracked + i]));

      if (isfinite (py) && fabs (py - y) < best_d)
        {
          best_d = fabs (py - y);
          best = i;
        }
    }
  if (best != G_MAXUINT)
    {
      g_autofree char *fv = ntk_figure_format (fabs (s->history->mode_finite[(gsize) h * tracked + best]));

      g_string_append_printf (out, _(", mode %u: finite = %s"), best + 1, fv);
      if (have_theory (s))
        {
          g_autofree char *tv = ntk_figure_format (theory_value (s, options->theory, best, s->history->step[h]));
          g_string_append_printf (out, _(", theory = %s"), tv);
        }
    }
  return g_string_free (out, FALSE);
}

static void
modes_write_csv (const NtkFigureSource *source,
                 const NtkPlotOptions  *options,
                 GString               *csv)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkHistory *hist = s->history;
  guint len = ntk_figure_history_len (s), tracked = s->constants->n_modes_tracked;
  guint k = modes_shown (s, options);
  gboolean theory = have_theory (s);

  ntk_csv_text (csv, TRUE, "step");
  ntk_csv_text (csv, FALSE, "t");
  for (guint i = 0; i < k; i++)
    {
      g_autofree char *fin = g_strdup_printf ("mode_%u_finite", i + 1);
      g_autofree char *th = g_strdup_printf ("mode_%u_theory", i + 1);

      ntk_csv_text (csv, FALSE, fin);
      if (theory)
        ntk_csv_text (csv, FALSE, th);
    }
  ntk_csv_end (csv);
  for (guint h = 0; h < len; h++)
    {
      ntk_csv_cell (csv, TRUE, hist->step != NULL ? hist->step[h] : NAN);
      ntk_csv_cell (csv, FALSE, hist->t != NULL ? hist->t[h] : NAN);
      for (guint i = 0; i < k; i++)
        {
          ntk_csv_cell (csv, FALSE, fabs (hist->mode_finite[(gsize) h * tracked + i]));
          if (theory)
            ntk_csv_cell (csv, FALSE, theory_value (s, options->theory, i,
                                                    hist->step != NULL ? hist->step[h] : NAN));
        }
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_modes_class = {
  .id = "modes",
  .title = N_("Error per eigenvalue"),
  .no_data = N_("No training history yet: start a run to watch each eigenvector's error decay."),
  .has_data = modes_has_data,
  .render = modes_render,
  .readout = modes_readout,
  .write_csv = modes_write_csv,
};
