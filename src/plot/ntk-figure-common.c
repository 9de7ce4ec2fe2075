/* ntk-figure-common.c — helpers every figure uses
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ntk-figure-common.h"

void
ntk_range_init (NtkRange *range,
                gboolean  log)
{
  range->lo = INFINITY;
  range->hi = -INFINITY;
  range->log = log;
}

void
ntk_range_add (NtkRange *range,
               double    value)
{
  if (!isfinite (value) || (range->log && value <= 0.0))
    return;
  range->lo = MIN (range->lo, value);
  range->hi = MAX (range->hi, value);
}

void
ntk_range_add_array (NtkRange     *range,
                     const double *values,
                     gsize         stride,
                     guint         n)
{
  if (values == NULL)
    return;
  for (guint i = 0; i < n; i++)
    ntk_range_add (range, values[i * stride]);
}

gboolean
ntk_range_empty (const NtkRange *range)
{
  return !(range->lo <= range->hi);
}

void
ntk_range_add_near (NtkRange       *range,
                    const NtkRange *core,
                    double          below,
                    double          above,
                    const double   *values,
                    gsize           stride,
                    guint           n,
                    guint          *n_above,
                    guint          *n_below)
{
  double lo, hi;

  if (values == NULL)
    return;
  if (ntk_range_empty (core))
    {
      ntk_range_add_array (range, values, stride, n);
      return;
    }
  if (core->log)
    {
      lo = core->lo / below;
      hi = core->hi * above;
    }
  else
    {
      /* A single value has no span: measure from its size, or from 1 around 0. */
      double span = core->hi > core->lo ? core->hi - core->lo : MAX (fabs (core->hi), 1.0);

      lo = core->lo - below * span;
      hi = core->hi + above * span;
    }
  for (guint i = 0; i < n; i++)
    {
      double v = values[i * stride];

      if (!isfinite (v) || (range->log && v <= 0.0))
        continue;
      if (v > hi)
        {
          if (n_above != NULL)
            (*n_above)++;
        }
      else if (v < lo)
        {
          if (n_below != NULL)
            (*n_below)++;
        }
      else
        ntk_range_add (range, v);
    }
}

char *
ntk_figure_off_scale_label (const char *label)
{
  /* Translators: a legend entry of a curve that leaves the plotted range */
  return g_strdup_printf (_("%s (off scale)"), label);
}

char *
ntk_figure_run_subtitle (const NtkSnapshot *snapshot)
{
  const NtkConfig *config;
  char t[32];

  if (snapshot == NULL)
    return NULL;
  config = snapshot->constants != NULL ? snapshot->constants->config : NULL;
  ntk_format_value (snapshot->t, t, sizeof t);
  if (config == NULL)
    /* Translators: the run's progress; t is the continuous time η·k */
    return g_strdup_printf (_("step %u · t = %s"), snapshot->step, t);
  /* Translators: the run's progress and the network's shape */
  return g_strdup_printf (_("step %u · t = %s · width %u · depth %u"),
                          snapshot->step, t, config->width, config->depth);
}

/* The banner's headline and detail, FALSE when the run has not diverged. */
static gboolean
diverged_text (NtkFigureRender  *r,
               char            **headline,
               char            **detail)
{
  const NtkSnapshot *s = r->source != NULL ? r->source->snapshot : NULL;

  *headline = *detail = NULL;
  if (s == NULL || s->state != NTK_RUN_DIVERGED)
    return FALSE;
  *headline = g_strdup_printf (_("Diverged at step %u"), s->diverged_step);
  if (s->message != NULL && strstr (s->message, *headline) == NULL)
    *detail = g_strdup (s->message);
  else if (s->eta_over_eta_crit > 1.0 && isfinite (s->eta_over_eta_crit))
    {
      char ratio[32];

      ntk_format_value (s->eta_over_eta_crit, ratio, sizeof ratio);
      /* Translators: %s is how many times the critical learning rate η is, e.g. "5" */
      *detail = g_strdup_printf (_("η is %s × the critical learning rate"), ratio);
    }
  else if (s->message != NULL)
    *detail = g_strdup (s->message);
  if (*detail != NULL && strcmp (*detail, *headline) == 0)
    g_clear_pointer (detail, g_free);
  return TRUE;
}

void
ntk_figure_mark_diverged (NtkFigureRender *r,
                          const NtkPanel  *panel)
{
  g_autofree char *headline = NULL;
  g_autofree char *detail = NULL;

  if (diverged_text (r, &headline, &detail))
    /* Translators: the divergence banner of a figure too narrow for "Diverged at step k" */
    ntk_frame_draw_banner (r->ctx, panel, headline, _("Diverged"), detail);
}

guint
ntk_figure_history_len (const NtkSnapshot *snapshot)
{
  if (snapshot == NULL || snapshot->history == NULL)
    return 0;
  return MIN (snapshot->history_len, snapshot->history->capacity);
}

double *
ntk_figure_history_x (const NtkSnapshot *snapshot,
                      gboolean           x_is_time)
{
  guint n = ntk_figure_history_len (snapshot);
  double *x = g_new (double, MAX (n, 1));
  const NtkHistory *h = snapshot->history;

  for (guint i = 0; i < n; i++)
    {
      if (x_is_time)
        x[i] = h->t != NULL ? h->t[i] : NAN;
      else
        x[i] = h->step != NULL ? (double) h->step[i] : NAN;
    }
  return x;
}

void
ntk_figure_run_x_range (const NtkSnapshot    *snapshot,
                        const NtkPlotOptions *options,
                        double               *lo,
                        double               *hi)
{
  g_autofree double *x = ntk_figure_history_x (snapshot, options->x_is_time);
  guint n = ntk_figure_history_len (snapshot);
  const NtkConfig *config = snapshot->constants != NULL ? snapshot->constants->config : NULL;
  NtkRange range;

  ntk_range_init (&range, options->log_x);
  ntk_range_add_array (&range, x, 1, n);
  if (config != NULL && snapshot->state != NTK_RUN_DIVERGED)
    {
      double planned = config->steps;

      if (options->x_is_time)
        planned *= config->learning_rate;
      ntk_range_add (&range, planned);
    }
  if (!options->log_x)
    ntk_range_add (&range, 0.0);
  if (ntk_range_empty (&range))
    {
      *lo = options->log_x ? 1.0 : 0.0;
      *hi = options->log_x ? 10.0 : 1.0;
      return;
    }
  *lo = range.lo;
  *hi = range.hi;
}

const char *
ntk_figure_run_x_label (const NtkPlotOptions *options)
{
  return options->x_is_time ? _("time t = η·step") : _("gradient-descent step");
}

void
ntk_figure_run_x_spec (const NtkSnapshot    *snapshot,
                       const NtkPlotOptions *options,
                       NtkPanelSpec         *spec)
{
  spec->xlabel = ntk_figure_run_x_label (options);
  spec->xscale = options->log_x ? NTK_SCALE_LOG : NTK_SCALE_LINEAR;
  ntk_figure_run_x_range (snapshot, options, &spec->xlo, &spec->xhi);
  spec->xpad = options->log_x ? 0.0 : 0.01;
}

GString *
ntk_figure_history_readout (const NtkSnapshot     *snapshot,
                            const NtkPlotOptions  *options,
                            const NtkFigureLayout *layout,
                            double                 x,
                            double                 y,
                            guint                 *h)
{
  g_autofree double *xs = NULL;
  GString *out;

  if (ntk_figure_layout_panel_at (layout, x, y) != 0)
    return NULL;
  xs = ntk_figure_history_x (snapshot, options->x_is_time);
  *h = ntk_nearest_index (xs, 1, ntk_figure_history_len (snapshot),
                          ntk_axis_unmap (&layout->panels[0].xaxis, x));
  if (*h == G_MAXUINT)
    return NULL;
  out = g_string_new (NULL);
  g_string_append_printf (out, _("step %u"), snapshot->history->step[*h]);
  return out;
}

guint
ntk_nearest_index (const double *values,
                   gsize         stride,
                   guint         n,
                   double        v)
{
  guint best = G_MAXUINT;
  double best_d = INFINITY;

  if (values == NULL || !isfinite (v))
    return G_MAXUINT;
  for (guint i = 0; i < n; i++)
    {
      double d = fabs (values[i * stride] - v);

      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

char *
ntk_figure_format (double value)
{
  char buf[64];

  ntk_format_value (value, buf, sizeof buf);
  return g_strdup (buf);
}

void
ntk_figure_keep_panel (NtkFigureRender *r,
                       guint            index,
                       const NtkPanel  *panel)
{
  g_return_if_fail (index < NTK_LAYOUT_MAX_PANELS);
  r->layout->panels[index] = *panel;
  r->layout->n_panels = MAX (r->layout->n_panels, index + 1);
}

void
ntk_figure_place_panel (NtkFigureRender    *r,
                        NtkLegend          *legend,
                        const NtkPanelSpec *spec,
                        NtkPanel           *panel)
{
  NtkPlotContext *ctx = r->ctx;
  double m = ntk_frame_margin (ctx);

  r->top += ntk_legend_reserve (ctx, legend, m, r->top, ctx->width - 2 * m, ctx->height - r->top - m);
  ntk_panel_layout (ctx, panel, spec, m, r->top, ctx->width - 2 * m, ctx->height - r->top - m);
}

static void
record_key (NtkFigureLayout *layout,
            const NtkLegend *legend)
{
  if (legend->n_items == 0)
    return;
  if (layout->keys == NULL)
    layout->keys = g_string_new (NULL);
  for (guint i = 0; i < legend->n_items; i++)
    {
      const NtkLegendItem *item = &legend->items[i];
      g_autofree char *plain = NULL;

      if (item->role == NTK_LEGEND_COMPACT_ONLY)
        continue;
      if (!item->markup || !pango_parse_markup (item->label, -1, 0, NULL, &plain, NULL, NULL))
        plain = g_strdup (item->label);
      g_string_append (layout->keys, plain);
      g_string_append_c (layout->keys, '\n');
    }
  layout->key_compact |= legend->compact;
  layout->key_essential |= legend->essential;
  layout->key_hidden |= legend->hidden;
}

void
ntk_figure_finish_panel (NtkFigureRender    *r,
                         guint               index,
                         NtkPanel           *panel,
                         const NtkPanelSpec *spec,
                         NtkLegend          *legend)
{
  g_autofree char *headline = NULL;
  g_autofree char *detail = NULL;

  ntk_panel_draw_axes (r->ctx, panel, spec);
  /* The divergence banner comes last, across the top of the first panel: the key keeps out of
   * its way. */
  if (index == 0 && diverged_text (r, &headline, &detail))
    {
      double bx, by, bw, bh;

      ntk_frame_banner_rect (r->ctx, panel, headline, _("Diverged"), detail, &bx, &by, &bw, &bh);
      ntk_panel_mark_rect (panel, bx, by, bw, bh, 1000);
    }
  ntk_legend_draw (r->ctx, panel, legend);
  record_key (r->layout, legend);
  ntk_legend_clear (legend);
  ntk_figure_keep_panel (r, index, panel);
}

int
ntk_figure_layout_panel_at (const NtkFigureLayout *layout,
                            double                 x,
                            double                 y)
{
  if (layout == NULL || !layout->valid)
    return -1;
  for (guint i = 0; i < layout->n_panels; i++)
    if (ntk_panel_contains (&layout->panels[i], x, y))
      return (int) i;
  return -1;
}

NtkStroke
ntk_stroke (NtkRgba color,
            double  alpha,
            double  width,
            NtkDash dash)
{
  return (NtkStroke) { color, alpha, width, dash };
}
