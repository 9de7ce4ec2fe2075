/* ntk-plot-context.c — the cairo context, the theme and its font for one render
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ntk-plot-context.h"

static const double style_scale[] = { 1.0, 0.9, 1.15 };

void
ntk_plot_context_init (NtkPlotContext     *ctx,
                       cairo_t            *cr,
                       double              width,
                       double              height,
                       const NtkPlotTheme *theme)
{
  cairo_font_options_t *options;
  double points;

  g_return_if_fail (ctx != NULL && cr != NULL && theme != NULL);

  ctx->cr = cr;
  ctx->theme = *theme;
  if (ctx->theme.font_family == NULL || ctx->theme.font_family[0] == '\0')
    ctx->theme.font_family = "Sans";
  points = theme->font_size > 0.0 && isfinite (theme->font_size) ? theme->font_size : 10.0;
  points = CLAMP (points, 4.0, 72.0);
  ctx->width = width;
  ctx->height = height;
  ctx->em = points * 96.0 / 72.0;
  ctx->line_width = MAX (1.0, ctx->em * 0.135);
  ctx->thin = MAX (0.75, ctx->em * 0.07);

  ctx->pango = pango_cairo_create_context (cr);
  /* Unhinted metrics: the layout must not depend on the surface (screen, PNG, PDF). */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  /* Grey antialiasing: subpixel colour fringes belong to one screen, not to a file. */
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (ctx->pango, options);
  cairo_font_options_destroy (options);

  for (guint i = 0; i < G_N_ELEMENTS (ctx->fonts); i++)
    {
      PangoFontDescription *desc = pango_font_description_from_string (ctx->theme.font_family);

      /* The family string may carry a size ("Cantarell 11"); the theme's size wins. */
      pango_font_description_set_absolute_size (desc, ctx->em * style_scale[i] * PANGO_SCALE);
      if (i == NTK_TEXT_TITLE)
        pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
      ctx->fonts[i] = desc;
    }
}

void
ntk_plot_context_clear (NtkPlotContext *ctx)
{
  for (guint i = 0; i < G_N_ELEMENTS (ctx->fonts); i++)
    g_clear_pointer (&ctx->fonts[i], pango_font_description_free);
  g_clear_object (&ctx->pango);
}

void
ntk_plot_set_rgba (NtkPlotContext *ctx,
                   const NtkRgba  *color,
                   double          alpha)
{
  cairo_set_source_rgba (ctx->cr, color->r, color->g, color->b, color->a * alpha);
}

/* Common fonts place a combining circumflex at lowercase height, where it collides with a
 * capital (the hat of Θ̂ sits inside the Θ). Lift such marks by a fifth of an em. */
static void
raise_capital_accents (NtkPlotContext *ctx,
                       PangoAttrList  *attrs,
                       const char     *text,
                       guint           style)
{
  gunichar prev = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == 0x0302 || c == 0x0303) && g_unichar_isupper (prev))
        {
          PangoAttribute *rise = pango_attr_rise_new ((int) (0.2 * ctx->em * style_scale[style] * PANGO_SCALE));

          rise->start_index = p - text;
          rise->end_index = g_utf8_next_char (p) - text;
          pango_attr_list_insert (attrs, rise);
        }
      prev = c;
    }
}

PangoLayout *
ntk_plot_layout (NtkPlotContext *ctx,
                 const char     *text,
                 NtkTextStyle    style)
{
  PangoLayout *layout = pango_layout_new (ctx->pango);
  guint base = MIN (style & NTK_TEXT_STYLE_MASK, NTK_TEXT_TITLE);
  PangoAttrList *attrs = NULL;
  g_autofree char *plain = NULL;

  /* Parsed here rather than with pango_layout_set_markup(), so a bad string (a translation,
   * say) shows as typed instead of warning and showing nothing. */
  if ((style & NTK_TEXT_MARKUP) && !pango_parse_markup (text, -1, 0, &attrs, &plain, NULL, NULL))
    attrs = NULL;
  if (attrs == NULL)
    attrs = pango_attr_list_new ();
  pango_layout_set_font_description (layout, ctx->fonts[base]);
  pango_layout_set_text (layout, plain != NULL ? plain : text, -1);
  raise_capital_accents (ctx, attrs, plain != NULL ? plain : text, base);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
ntk_plot_text_size (NtkPlotContext *ctx,
                    const char     *text,
                    NtkTextStyle    style,
                    double         *width,
                    double         *height)
{
  g_autoptr(PangoLayout) layout = ntk_plot_layout (ctx, text, style);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

void
ntk_plot_text (NtkPlotContext *ctx,
               const char     *text,
               NtkTextStyle    style,
               double          x,
               double          y,
               double          ax,
               double          ay,
               double          angle,
               const NtkRgba  *color,
               double          alpha)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;
  cairo_t *cr = ctx->cr;

  if (text == NULL || text[0] == '\0')
    return;
  layout = ntk_plot_layout (ctx, text, style);
  pango_layout_get_extents (layout, NULL, &logical);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, angle);
  cairo_translate (cr,
                   -ax * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                   -ay * logical.height / PANGO_SCALE - (double) logical.y / PANGO_SCALE);
  ntk_plot_set_rgba (ctx, color, alpha);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
ntk_plot_message (NtkPlotContext *ctx,
                  double          x,
                  double          y,
                  double          w,
                  double          h,
                  const char     *text)
{
  g_autoptr(PangoLayout) layout = ntk_plot_layout (ctx, text, NTK_TEXT_NORMAL);
  PangoRectangle logical;
  cairo_t *cr = ctx->cr;

  pango_layout_set_width (layout, (int) (MAX (w - 2 * ctx->em, ctx->em) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_get_extents (layout, NULL, &logical);

  cairo_save (cr);
  cairo_translate (cr, x + 0.5 * w - 0.5 * pango_layout_get_width (layout) / PANGO_SCALE,
                   y + 0.5 * h - 0.5 * logical.height / PANGO_SCALE);
  ntk_plot_set_rgba (ctx, &ctx->theme.foreground, 0.6);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}
