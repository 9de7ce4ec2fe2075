/* ntk-export.c — figures to PNG, SVG, PDF and CSV files, with the run's configuration embedded,
 * written atomically
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every format is produced in memory first and written with g_file_set_contents() (temporary
 * file in the same directory, then rename), so a failure at any point leaves nothing behind.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "ntk-csv.h"
#include "ntk-figure-private.h"

#define MIN_SIZE 64
#define MAX_SIZE 16384
#define MIN_SCALE 0.5
#define MAX_SCALE 8.0
/* cairo image surfaces are limited to 32767 pixels a side; 2^28 pixels is 1 GiB of ARGB. */
#define MAX_PNG_SIDE 32767
#define MAX_PNG_PIXELS (1u << 28)

static const char *const format_names[NTK_N_EXPORT_FORMATS] = { "png", "svg", "pdf", "csv" };

void
ntk_export_options_init (NtkExportOptions *options)
{
  g_return_if_fail (options != NULL);

  options->format = NTK_EXPORT_PNG;
  options->width = 1200;
  options->height = 800;
  options->scale = 1.0;
  options->transparent = FALSE;
}

const char *
ntk_export_format_to_string (NtkExportFormat format)
{
  g_return_val_if_fail (format < NTK_N_EXPORT_FORMATS, NULL);
  return format_names[format];
}

gboolean
ntk_export_format_from_string (const char      *name,
                               NtkExportFormat *out)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < NTK_N_EXPORT_FORMATS; i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        if (out != NULL)
          *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
validate_options (const NtkExportOptions *eo,
                  GError                **error)
{
  if ((guint) eo->format >= NTK_N_EXPORT_FORMATS)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_INVALID,
                   _("Export format %d is unknown: use png, svg, pdf or csv"), (int) eo->format);
      return FALSE;
    }
  if (eo->format == NTK_EXPORT_CSV)
    return TRUE;   /* a table has no size */

  if (eo->width < MIN_SIZE || eo->width > MAX_SIZE)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_INVALID,
                   _("Export width %d is out of range: allowed %d–%d"), eo->width, MIN_SIZE, MAX_SIZE);
      return FALSE;
    }
  if (eo->height < MIN_SIZE || eo->height > MAX_SIZE)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_INVALID,
                   _("Export height %d is out of range: allowed %d–%d"), eo->height, MIN_SIZE, MAX_SIZE);
      return FALSE;
    }
  if (eo->format == NTK_EXPORT_PNG)
    {
      double pw, ph;

      if (!(eo->scale >= MIN_SCALE && eo->scale <= MAX_SCALE))
        {
          char value[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (value, sizeof value, "%g", eo->scale);
          g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_INVALID,
                       _("Export scale %s is out of range: allowed 0.5–8"), value);
          return FALSE;
        }
      pw = ceil (eo->width * eo->scale);
      ph = ceil (eo->height * eo->scale);
      if (pw > MAX_PNG_SIDE || ph > MAX_PNG_SIDE || pw * ph > MAX_PNG_PIXELS)
        {
          char scale[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (scale, sizeof scale, "%g", eo->scale);
          g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_INVALID,
                       _("Export size %d × %d at scale %s is %.0f × %.0f pixels: "
                         "a PNG may have at most %d pixels a side and %u pixels in all"),
                       eo->width, eo->height, scale, pw, ph, MAX_PNG_SIDE, MAX_PNG_PIXELS);
          return FALSE;
        }
    }
  return TRUE;
}

static const NtkConfig *
source_config (NtkFigureKind          kind,
               const NtkFigureSource *source)
{
  switch (kind)
    {
    case NTK_FIGURE_WIDTH_SWEEP:
      return source->sweep != NULL ? source->sweep->config : NULL;
    case NTK_FIGURE_KERNEL_SLICE:
      return source->slice != NULL ? source->slice->config : NULL;
    case NTK_FIGURE_PREDICTIONS:
    case NTK_FIGURE_KERNEL:
    case NTK_FIGURE_MODES:
    case NTK_FIGURE_SPECTRUM:
    case NTK_FIGURE_LOSS:
    case NTK_FIGURE_DRIFT:
    case NTK_N_FIGURES:
    default:
      return source->snapshot != NULL && source->snapshot->constants != NULL
             ? source->snapshot->constants->config : NULL;
    }
}

/* What a file says about where it came from. */
typedef struct {
  char *title;      /* the figure's title */
  char *figure;     /* its id */
  char *seed;       /* NULL without a configuration */
  char *config;     /* the .ntk key file text, NULL without one */
  char *keywords;   /* the configuration on one line: "activation=relu; depth=2; …" */
  char *step;       /* run figures: the step drawn */
} Metadata;

static void
metadata_init (Metadata              *md,
               NtkFigureKind          kind,
               const NtkFigureSource *source)
{
  const NtkConfig *config = source_config (kind, source);

  memset (md, 0, sizeof *md);
  md->title = g_strdup (ntk_figure_kind_title (kind));
  md->figure = g_strdup (ntk_figure_kind_to_id (kind));
  if (config != NULL)
    {
      g_auto(GStrv) lines = NULL;
      GString *kw = g_string_new (NULL);
      gsize length = 0;

      md->seed = g_strdup_printf ("%" G_GUINT64_FORMAT, config->seed);
      md->config = ntk_config_to_data (config, &length);
      lines = g_strsplit (md->config != NULL ? md->config : "", "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *line = g_strstrip (lines[i]);

          if (line[0] == '\0' || line[0] == '#' || line[0] == '[')
            continue;
          if (kw->len > 0)
            g_string_append (kw, "; ");
          g_string_append (kw, line);
        }
      md->keywords = g_string_free (kw, FALSE);
    }
  if (kind != NTK_FIGURE_WIDTH_SWEEP && kind != NTK_FIGURE_KERNEL_SLICE && source->snapshot != NULL)
    md->step = g_strdup_printf ("%u", source->snapshot->step);
}

static void
metadata_clear (Metadata *md)
{
  g_free (md->title);
  g_free (md->figure);
  g_free (md->seed);
  g_free (md->config);
  g_free (md->keywords);
  g_free (md->step);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_byte_array_append (out, b, 4);
}

static gboolean
is_ascii (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* A tEXt chunk (ASCII text) or an iTXt chunk (UTF-8), with its CRC over type and data. */
static void
put_text_chunk (GByteArray *out,
                const char *keyword,
                const char *text)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  gboolean international = !is_ascii (text);
  const char *type = international ? "iTXt" : "tEXt";
  uLong crc;

  g_byte_array_append (body, (const guint8 *) type, 4);
  g_byte_array_append (body, (const guint8 *) keyword, strlen (keyword) + 1);
  if (international)
    {
      /* compression flag, method, empty language tag, empty translated keyword */
      static const guint8 header[] = { 0, 0, 0, 0 };
      g_byte_array_append (body, header, sizeof header);
    }
  g_byte_array_append (body, (const guint8 *) text, strlen (text));

  put_u32 (out, body->len - 4);
  g_byte_array_append (out, body->data, body->len);
  crc = crc32 (0L, Z_NULL, 0);
  crc = crc32 (crc, body->data, body->len);
  put_u32 (out, (guint32) crc);
}

static GBytes *
render_png (NtkFigureKind           kind,
            const NtkFigureSource  *source,
            const NtkPlotOptions   *options,
            const NtkPlotTheme     *theme,
            const NtkExportOptions *eo,
            const Metadata         *md,
            GError                **error)
{
  int pw = (int) ceil (eo->width * eo->scale), ph = (int) ceil (eo->height * eo->scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  GByteArray *out;
  cairo_status_t status;
  cairo_t *cr;
  gsize iend;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO,
                   _("Could not create a %d × %d image: %s"), pw, ph,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_set_device_scale (surface, eo->scale, eo->scale);
  cr = cairo_create (surface);
  ntk_figure_render (cr, eo->width, eo->height, kind, source, options, theme, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  status = cairo_surface_write_to_png_stream (surface, append_bytes, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO, _("Could not encode the PNG: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  /* The text chunks go just before IEND, the last 12 bytes of the stream. */
  if (png->len < 8 + 12 || memcmp (png->data + png->len - 8, "IEND", 4) != 0)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO, _("Could not encode the PNG: no IEND chunk"));
      return NULL;
    }
  iend = png->len - 12;
  out = g_byte_array_sized_new (png->len + 4096);
  g_byte_array_append (out, png->data, iend);
  put_text_chunk (out, "Title", md->title);
  put_text_chunk (out, "Software", "NTK Lab " PACKAGE_VERSION);
  put_text_chunk (out, "ntk-lab-figure", md->figure);
  if (md->step != NULL)
    put_text_chunk (out, "ntk-lab-step", md->step);
  if (md->seed != NULL)
    put_text_chunk (out, "ntk-lab-seed", md->seed);
  if (md->config != NULL)
    put_text_chunk (out, "ntk-lab-config", md->config);
  g_byte_array_append (out, png->data + iend, 12);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
render_vector (NtkFigureKind           kind,
               const NtkFigureSource  *source,
               const NtkPlotOptions   *options,
               const NtkPlotTheme     *theme,
               const NtkExportOptions *eo,
               const Metadata         *md,
               GError                **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (eo->format == NTK_EXPORT_SVG)
    surface = cairo_svg_surface_create_for_stream (append_bytes, data, eo->width, eo->height);
  else
    {
      g_autofree char *subject = md->seed != NULL
        ? g_strdup_printf (_("NTK Lab figure “%s”, seed %s"), md->figure, md->seed)
        : g_strdup_printf (_("NTK Lab figure “%s”"), md->figure);

      surface = cairo_pdf_surface_create_for_stream (append_bytes, data, eo->width, eo->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, md->title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "NTK Lab " PACKAGE_VERSION);
      if (md->keywords != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, md->keywords);
    }
  cr = cairo_create (surface);
  ntk_figure_render (cr, eo->width, eo->height, kind, source, options, theme, NULL);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO, _("Could not draw the %s: %s"),
                   ntk_export_format_to_string (eo->format), cairo_status_to_string (status));
      return NULL;
    }

  if (eo->format == NTK_EXPORT_SVG)
    {
      /* A <title> and <metadata> right after the opening <svg …> tag. */
      const char *text = (const char *) data->data;
      const char *svg = g_strstr_len (text, data->len, "<svg");
      const char *end = svg != NULL ? memchr (svg, '>', data->len - (svg - text)) : NULL;
      g_autofree char *title = g_markup_escape_text (md->title, -1);
      g_autofree char *config = md->config != NULL ? g_markup_escape_text (md->config, -1) : NULL;
      GString *meta;
      gsize at;

      if (end == NULL)
        {
          g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO, _("Could not draw the svg: no <svg> element"));
          return NULL;
        }
      at = (end - text) + 1;
      meta = g_string_new ("\n");
      g_string_append_printf (meta, "<title>%s</title>\n", title);
      /* Foreign-namespace content is what SVG's <metadata> is for. */
      g_string_append_printf (meta, "<metadata id=\"ntk-lab\"><ntk:run xmlns:ntk=\"urn:ntk-lab:figure\" "
                              "figure=\"%s\"", md->figure);
      if (md->seed != NULL)
        g_string_append_printf (meta, " seed=\"%s\"", md->seed);
      if (md->step != NULL)
        g_string_append_printf (meta, " step=\"%s\"", md->step);
      g_string_append_printf (meta, ">%s</ntk:run></metadata>", config != NULL ? config : "");
      {
        GByteArray *out = g_byte_array_sized_new (data->len + meta->len);

        g_byte_array_append (out, data->data, at);
        g_byte_array_append (out, (const guint8 *) meta->str, meta->len);
        g_byte_array_append (out, data->data + at, data->len - at);
        g_string_free (meta, TRUE);
        return g_byte_array_free_to_bytes (out);
      }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static GBytes *
render_csv (NtkFigureKind          kind,
            const NtkFigureSource *source,
            const NtkPlotOptions  *options,
            GError               **error)
{
  GString *csv = g_string_new (NULL);

  ntk_figure_class_get (kind)->write_csv (source, options, csv);
  if (csv->len == 0)
    {
      g_string_free (csv, TRUE);
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_NO_DATA,
                   _("The figure “%s” has no series to write"), ntk_figure_kind_to_id (kind));
      return NULL;
    }
  return g_string_free_to_bytes (csv);
}

gboolean
ntk_figure_export (const char             *path,
                   NtkFigureKind           kind,
                   const NtkFigureSource  *source,
                   const NtkPlotOptions   *options,
                   const NtkPlotTheme     *theme,
                   const NtkExportOptions *export_options,
                   GError                **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  NtkPlotOptions default_options;
  NtkPlotTheme light, themed;
  Metadata md;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (kind < NTK_N_FIGURES, FALSE);
  g_return_val_if_fail (export_options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_options (export_options, error))
    return FALSE;
  if (!ntk_figure_has_data (kind, source))
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_NO_DATA,
                   _("The figure “%s” has no data yet"), ntk_figure_kind_to_id (kind));
      return FALSE;
    }
  /* Replacing a device, a directory or a FIFO with a regular file is never what was meant
   * (e.g. /dev/full): refuse before anything is written. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO,
                   _("Could not write “%s”: not a regular file"), path);
      return FALSE;
    }
  if (options == NULL)
    {
      ntk_plot_options_init (&default_options);
      options = &default_options;
    }
  if (theme == NULL)
    {
      ntk_plot_theme_init_light (&light);
      theme = &light;
    }
  themed = *theme;
  if (export_options->transparent)
    themed.background.a = 0.0;

  metadata_init (&md, kind, source);
  switch (export_options->format)
    {
    case NTK_EXPORT_PNG:
      bytes = render_png (kind, source, options, &themed, export_options, &md, error);
      break;
    case NTK_EXPORT_SVG:
    case NTK_EXPORT_PDF:
      bytes = render_vector (kind, source, options, &themed, export_options, &md, error);
      break;
    case NTK_EXPORT_CSV:
    case NTK_N_EXPORT_FORMATS:
    default:
      bytes = render_csv (kind, source, options, error);
      break;
    }
  metadata_clear (&md);
  if (bytes == NULL)
    return FALSE;

  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &local))
    {
      g_set_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO, _("Could not write “%s”: %s"), path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}
