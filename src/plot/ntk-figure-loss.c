/* ntk-figure-loss.c — train and test loss of the finite, linearized and infinite-width
 * predictors against step or time, log y (optionally log x)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ntk-csv.h"
#include "ntk-figure-common.h"

static const char *const csv_names[NTK_N_LOSSES] = {
  "train_finite", "test_finite", "train_linearized", "test_linearized", "train_infinite", "test_infinite",
};

static const char *
loss_label (NtkLossKind kind)
{
  switch (kind)
    {
    case NTK_LOSS_FINITE_TRAIN: return _("finite, train");
    case NTK_LOSS_FINITE_TEST:  return _("finite, test");
    case NTK_LOSS_LIN_TRAIN:    return _("linearized, train");
    case NTK_LOSS_LIN_TEST:     return _("linearized, test");
    case NTK_LOSS_INF_TRAIN:    return _("NTK-GP, train");
    case NTK_LOSS_INF_TEST:     return _("NTK-GP, test");
    case NTK_N_LOSSES:
    default:                    return "";
    }
}

static const char *
predictor_name (NtkLossKind kind)
{
  switch (kind / 2)
    {
    case 0:  return _("finite");
    case 1:  return _("linearized");
    default: return _("NTK-GP");
    }
}

static gboolean
loss_has_data (const NtkFigureSource *source)
{
  const NtkSnapshot *s = source->snapshot;

  return s != NULL && s->history != NULL && s->history->step != NULL &&
         ntk_figure_history_len (s) > 0;
}

/* A series is shown when it exists and has at least one finite value (test losses are NaN
 * when the target function is unknown). */
static gboolean
series_present (const NtkSnapshot *s,
                NtkLossKind        kind)
{
  guint len = ntk_figure_history_len (s);
  const double *v = s->history->loss[kind];

  if (v == NULL)
    return FALSE;
  for (guint i = 0; i < len; i++)
    if (isfinite (v[i]))
      return TRUE;
  return FALSE;
}

static void
loss_render (NtkFigureRender *r)
{
  NtkPlotContext *ctx = r->ctx;
  const NtkSnapshot *s = r->source->snapshot;
  const NtkPlotOptions *o = r->options;
  const NtkPlotTheme *theme = &ctx->theme;
  guint len = ntk_figure_history_len (s);
  g_autofree double *x = ntk_figure_history_x (s, o->x_is_time);
  g_autofree char *subtitle = ntk_figure_run_subtitle (s);
  static const NtkPaletteColor colors[] = { NTK_COLOR_BLUE, NTK_COLOR_VERMILLION, NTK_COLOR_GREEN };
  double lw = ctx->line_width;
  guint above[NTK_N_LOSSES] = { 0 };
  gboolean any_test = FALSE;
  NtkRange yr, finite;
  NtkPanel panel;
  NtkPanelSpec spec = { 0 };
  NtkLegend legend;

  /* The axis is for the finite network; the linearized and NTK-GP losses widen it only where
   * they stay comparable. Past η_crit the linearized model grows to 1e300 (then NaN) while a
   * finite network may catapult and converge: its curves must not become a flat line. */
  ntk_range_init (&finite, TRUE);
  ntk_range_add_array (&finite, s->history->loss[NTK_LOSS_FINITE_TRAIN], 1, len);
  ntk_range_add_array (&finite, s->history->loss[NTK_LOSS_FINITE_TEST], 1, len);
  yr = finite;
  for (guint k = NTK_LOSS_LIN_TRAIN; k < NTK_N_LOSSES; k++)
    ntk_range_add_near (&yr, &finite, 1e6, 1e3, s->history->loss[k], 1, len, &above[k], NULL);
  if (!ntk_range_empty (&yr))
    yr.lo = MAX (yr.lo, yr.hi * 1e-16);

  r->top = ntk_frame_draw_title (ctx, _("Loss"), subtitle);
  ntk_legend_init (&legend);
  for (guint k = 0; k < NTK_N_LOSSES; k++)
    if (series_present (s, k))
      {
        NtkStroke st = ntk_stroke (ntk_palette_color (theme, colors[k / 2]), 1.0, lw,
                                   k % 2 == 0 ? NTK_DASH_SOLID : NTK_DASH_DASHED);
        g_autofree char *label = above[k] > 0 ? ntk_figure_off_scale_label (loss_label (k))
                                              : g_strdup (loss_label (k));

        ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &st);
        ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_FULL_ONLY);
        any_test |= k % 2 == 1;
      }
  /* The compact key: a colour per predictor, then what solid and dashed mean. */
  for (guint p = 0; p < NTK_N_LOSSES / 2; p++)
    if (series_present (s, 2 * p) || series_present (s, 2 * p + 1))
      {
        NtkStroke st = ntk_stroke (ntk_palette_color (theme, colors[p]), 1.0, lw, NTK_DASH_SOLID);
        gboolean off = above[2 * p] > 0 || above[2 * p + 1] > 0;
        g_autofree char *label = off ? ntk_figure_off_scale_label (predictor_name (2 * p))
                                     : g_strdup (predictor_name (2 * p));

        ntk_legend_add (&legend, label, NTK_SWATCH_LINE, &st);
        ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_COMPACT_ONLY);
        if (off)
          ntk_legend_set_essential (&legend);
      }
  if (any_test)
    {
      NtkStroke st = ntk_stroke (theme->foreground, 0.8, lw, NTK_DASH_SOLID);

      /* Translators: legend key, solid lines are training losses */
      ntk_legend_add (&legend, C_("legend", "train"), NTK_SWATCH_LINE, &st);
      ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_COMPACT_ONLY);
      st.dash = NTK_DASH_DASHED;
      /* Translators: legend key, dashed lines are test losses */
      ntk_legend_add (&legend, C_("legend", "test"), NTK_SWATCH_LINE, &st);
      ntk_legend_set_compact (&legend, NULL, NTK_LEGEND_COMPACT_ONLY);
    }

  ntk_figure_run_x_spec (s, o, &spec);
  spec.ylabel = _("loss ½·mean (f − y)²");
  spec.yscale = NTK_SCALE_LOG;
  spec.ylo = yr.lo;
  spec.yhi = yr.hi;
  spec.ypad = 0.04;
  ntk_figure_place_panel (r, &legend, &spec, &panel);
  ntk_panel_draw_grid (ctx, &panel);

  /* Draw back to front: NTK-GP, linearized, finite (the finite net is the main character). */
  for (int k = NTK_N_LOSSES - 1; k >= 0; k--)
    if (series_present (s, k))
      {
        NtkStroke st = ntk_stroke (ntk_palette_color (theme, colors[k / 2]), 1.0, lw,
                                   k % 2 == 0 ? NTK_DASH_SOLID : NTK_DASH_DASHED);
        ntk_draw_polyline (ctx, &panel, x, 1, s->history->loss[k], 1, len, &st);
      }

  ntk_figure_finish_panel (r, 0, &panel, &spec, &legend);
  ntk_figure_mark_diverged (r, &panel);
}

static char *
loss_readout (const NtkFigureSource *source,
              const NtkPlotOptions  *options,
              const NtkFigureLayout *layout,
              double                 x,
              double                 y)
{
  const NtkSnapshot *s = source->snapshot;
  guint h;
  GString *out = ntk_figure_history_readout (s, options, layout, x, y, &h);

  if (out == NULL)
    return NULL;
  /* "step 290 · train: finite 0.005, linearized 0.046 · test: …" */
  for (guint split = 0; split < 2; split++)
    {
      gboolean first = TRUE;

      for (guint k = split; k < NTK_N_LOSSES; k += 2)
        if (series_present (s, k))
          {
            g_autofree char *v = ntk_figure_format (s->history->loss[k][h]);

            if (first)
              g_string_append (out, split == 0 ? _(" · train: ") : _(" · test: "));
            else
              g_string_append (out, ", ");
            g_string_append_printf (out, "%s %s", predictor_name (k), v);
            first = FALSE;
          }
    }
  return g_string_free (out, FALSE);
}

static void
loss_write_csv (const NtkFigureSource *source,
                const NtkPlotOptions  *options,
                GString               *csv)
{
  const NtkSnapshot *s = source->snapshot;
  const NtkHistory *hist = s->history;
  guint len = ntk_figure_history_len (s);

  ntk_csv_text (csv, TRUE, "step");
  ntk_csv_text (csv, FALSE, "t");
  for (guint k = 0; k < NTK_N_LOSSES; k++)
    if (series_present (s, k))
      ntk_csv_text (csv, FALSE, csv_names[k]);
  ntk_csv_end (csv);
  for (guint h = 0; h < len; h++)
    {
      ntk_csv_cell (csv, TRUE, hist->step[h]);
      ntk_csv_cell (csv, FALSE, hist->t != NULL ? hist->t[h] : NAN);
      for (guint k = 0; k < NTK_N_LOSSES; k++)
        if (series_present (s, k))
          ntk_csv_cell (csv, FALSE, hist->loss[k][h]);
      ntk_csv_end (csv);
    }
}

const NtkFigureClass ntk_figure_loss_class = {
  .id = "loss",
  .title = N_("Loss"),
  .no_data = N_("No training history yet: start a run to see the losses."),
  .has_data = loss_has_data,
  .render = loss_render,
  .readout = loss_readout,
  .write_csv = loss_write_csv,
};
