/* test-export.c — PNG, SVG, PDF and CSV files: content, metadata, validation and atomic failure
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ntk-test-data.h"

typedef struct {
  NtkTestRun     *run;
  NtkWidthSweep  *sweep;
  NtkKernelSlice *slice;
  NtkFigureSource sources[NTK_N_FIGURES];
  NtkPlotTheme    theme;
  NtkPlotOptions  options;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->run = ntk_test_run_new (8, 64, 30);
  f->sweep = ntk_test_sweep_new ();
  f->slice = ntk_test_slice_new ();
  ntk_test_sources_init (f->sources, f->run, f->sweep, f->slice);
  ntk_plot_theme_init_light (&f->theme);
  ntk_plot_options_init (&f->options);
  f->dir = g_dir_make_tmp ("ntk-plot-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_chmod (path, 0700);
          remove_tree (path);
        }
      else
        g_remove (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  ntk_test_run_free (f->run);
  ntk_test_sweep_free (f->sweep);
  ntk_test_slice_free (f->slice);
}

/* Sorted names in @dir, joined by "\n". */
static char *
listing (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

static gboolean
export (Fixture         *f,
        const char      *path,
        NtkFigureKind    kind,
        NtkExportFormat  format,
        int              width,
        int              height,
        double           scale,
        GError         **error)
{
  NtkExportOptions eo;

  ntk_export_options_init (&eo);
  eo.format = format;
  eo.width = width;
  eo.height = height;
  eo.scale = scale;
  return ntk_figure_export (path, kind, &f->sources[kind], &f->options, &f->theme, &eo, error);
}

/* Binary-safe substring search (PDF streams hold NUL bytes). */
static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Walk the PNG's chunks, checking every CRC; return the text of tEXt chunk @keyword. */
static char *
png_text (const guint8 *data,
          gsize         len,
          const char   *keyword,
          guint        *width,
          guint        *height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  char *found = NULL;
  gsize pos = 8;
  gboolean iend = FALSE;

  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (data, 8, signature, 8);
  while (pos + 12 <= len)
    {
      guint32 n = get_u32 (data + pos);
      const guint8 *type = data + pos + 4;
      guint32 crc;

      g_assert_cmpuint (pos + 12 + n, <=, len);
      crc = crc32 (crc32 (0L, Z_NULL, 0), type, n + 4);
      g_assert_cmpuint (crc, ==, get_u32 (data + pos + 8 + n));
      if (memcmp (type, "IHDR", 4) == 0)
        {
          *width = get_u32 (type + 4);
          *height = get_u32 (type + 8);
        }
      if (memcmp (type, "tEXt", 4) == 0 && strcmp ((const char *) type + 4, keyword) == 0)
        {
          gsize klen = strlen (keyword) + 1;
          found = g_strndup ((const char *) type + 4 + klen, n - klen);
        }
      if (memcmp (type, "IEND", 4) == 0)
        {
          iend = TRUE;
          g_assert_cmpuint (pos + 12, ==, len);   /* IEND is last */
        }
      pos += 12 + n;
    }
  g_assert_true (iend);
  return found;
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "fig.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *seed = NULL, *config = NULL, *figure = NULL, *step = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guint w = 0, h = 0;

  g_assert_true (export (f, path, NTK_FIGURE_PREDICTIONS, NTK_EXPORT_PNG, 300, 200, 2.0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  seed = png_text ((const guint8 *) contents, len, "ntk-lab-seed", &w, &h);
  config = png_text ((const guint8 *) contents, len, "ntk-lab-config", &w, &h);
  figure = png_text ((const guint8 *) contents, len, "ntk-lab-figure", &w, &h);
  step = png_text ((const guint8 *) contents, len, "ntk-lab-step", &w, &h);
  g_assert_cmpuint (w, ==, 600);   /* 300 × 200 at scale 2 */
  g_assert_cmpuint (h, ==, 400);
  g_assert_cmpstr (seed, ==, "1234");
  g_assert_cmpstr (figure, ==, "predictions");
  g_assert_cmpstr (step, ==, "290");
  g_assert_nonnull (config);
  g_test_message ("config chunk:\n%s", config);
  g_assert_nonnull (strstr (config, "seed=1234"));
  g_assert_nonnull (strstr (config, "width=512"));
  /* the configuration round-trips: the figure is reproducible from its file */
  {
    g_autoptr(NtkConfig) back = ntk_config_load_data (config, strlen (config), &error);

    g_assert_no_error (error);
    g_assert_true (ntk_config_equal (back, f->run->constants.config));
  }

  /* cairo reads it back; solid background is opaque white, transparent is clear */
  {
    cairo_surface_t *img = cairo_image_surface_create_from_png (path);
    NtkExportOptions eo;

    g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (img), ==, 600);
    g_assert_cmpfloat (ntk_test_pixel (img, 0, 0).a, ==, 1.0);
    g_assert_cmpfloat (ntk_test_color_dist (ntk_test_pixel (img, 0, 0), f->theme.background), <, 0.003);
    cairo_surface_destroy (img);

    ntk_export_options_init (&eo);
    eo.width = 300;
    eo.height = 200;
    eo.transparent = TRUE;
    g_assert_true (ntk_figure_export (path, NTK_FIGURE_PREDICTIONS, &f->run->source, NULL, NULL, &eo, &error));
    img = cairo_image_surface_create_from_png (path);
    g_assert_cmpint (cairo_image_surface_get_width (img), ==, 300);
    g_assert_cmpfloat (ntk_test_pixel (img, 0, 0).a, ==, 0.0);
    /* while the curves are opaque */
    g_assert_cmpuint (ntk_test_count_color (img, ntk_test_rgb (0x0072B2), 0.05, 0, 0, 300, 200), >, 20);
    cairo_surface_destroy (img);
  }
}

static void
test_svg_pdf (Fixture       *f,
              gconstpointer  data)
{
  for (guint k = 0; k < NTK_N_FIGURES; k++)
    {
      g_autofree char *svg_path = g_build_filename (f->dir, "fig.svg", NULL);
      g_autofree char *pdf_path = g_build_filename (f->dir, "fig.pdf", NULL);
      g_autofree char *svg = NULL, *pdf = NULL;
      g_autoptr(GError) error = NULL;
      gsize svg_len, pdf_len;

      g_assert_true (export (f, svg_path, k, NTK_EXPORT_SVG, 600, 400, 1.0, &error));
      g_assert_no_error (error);
      g_assert_true (export (f, pdf_path, k, NTK_EXPORT_PDF, 600, 400, 1.0, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (svg_path, &svg, &svg_len, NULL));
      g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_len, NULL));
      g_test_message ("%s: svg %zu bytes, pdf %zu bytes", ntk_figure_kind_to_id (k), svg_len, pdf_len);

      g_assert_true (g_str_has_prefix (svg, "<?xml"));
      g_assert_nonnull (strstr (svg, "<svg"));
      g_assert_true (g_str_has_suffix (g_strchomp (svg), "</svg>"));
      g_assert_nonnull (strstr (svg, "<metadata id=\"ntk-lab\""));
      /* well-formed XML, metadata included */
      {
        static const GMarkupParser parser = { 0 };
        GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);

        g_markup_parse_context_parse (ctx, svg, -1, &error);
        g_assert_no_error (error);
        g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
        g_assert_no_error (error);
        g_markup_parse_context_free (ctx);
      }
      g_assert_nonnull (strstr (svg, "seed="));
      g_assert_cmpuint (svg_len, >, 2000);

      g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
      g_assert_true (contains (pdf + pdf_len - 8, 8, "%%EOF"));
      g_assert_cmpuint (pdf_len, >, 2000);
      /* the configuration is in the document information: seed and width as keywords */
      g_assert_true (contains (pdf, pdf_len, "/Keywords"));
      g_assert_true (contains (pdf, pdf_len, "seed="));
    }

  /* SVG metadata holds this run's seed and an XML-escaped configuration */
  {
    g_autofree char *path = g_build_filename (f->dir, "pred.svg", NULL);
    g_autofree char *svg = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (export (f, path, NTK_FIGURE_PREDICTIONS, NTK_EXPORT_SVG, 600, 400, 1.0, &error));
    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "<ntk:run xmlns:ntk=\"urn:ntk-lab:figure\" figure=\"predictions\" seed=\"1234\""));
    g_assert_nonnull (strstr (svg, "seed=1234"));
  }
}

static GStrv
read_lines (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  contents[strlen (contents) - 1] = '\0';
  return g_strsplit (contents, "\n", -1);
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "fig.csv", NULL);
  g_autoptr(GError) error = NULL;
  NtkSnapshot *snap = &f->run->snapshot;
  const NtkDataset *d = &f->run->data;
  guint nt = d->n_test, n = d->n;

  /* predictions: the header, one row per grid point, exact values */
  {
    g_auto(GStrv) lines = NULL;

    g_assert_true (export (f, path, NTK_FIGURE_PREDICTIONS, NTK_EXPORT_CSV, 0, 0, 0, &error));
    g_assert_no_error (error);
    lines = read_lines (path);
    g_assert_cmpstr (lines[0], ==, "coord,target,finite,linearized,infinite_mean,infinite_std,"
                                   "kernel_regression,train_coord,train_target");
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + nt);
    for (guint i = 0; i < nt; i++)
      {
        g_auto(GStrv) cells = g_strsplit (lines[1 + i], ",", -1);

        g_assert_cmpuint (g_strv_length (cells), ==, 9);
        g_assert_cmpfloat (g_ascii_strtod (cells[0], NULL), ==, d->coord_test[i]);
        g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), ==, snap->f_test[i]);
        g_assert_cmpfloat (g_ascii_strtod (cells[5], NULL), ==, sqrt (snap->inf_var_test[i]));
        if (i < n)
          g_assert_cmpfloat (g_ascii_strtod (cells[7], NULL), ==, d->coord[i]);
        else
          g_assert_cmpstr (cells[7], ==, "NaN");
      }
  }

  /* hidden series are not written; NaN values are written as NaN */
  {
    g_auto(GStrv) lines = NULL;

    f->options.hidden_series = NTK_SERIES_LINEARIZED | NTK_SERIES_TRAIN_POINTS | NTK_SERIES_INFINITE;
    snap->f_test[3] = NAN;
    g_assert_true (export (f, path, NTK_FIGURE_PREDICTIONS, NTK_EXPORT_CSV, 0, 0, 0, &error));
    lines = read_lines (path);
    g_assert_cmpstr (lines[0], ==, "coord,target,finite,kernel_regression");
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + nt);
    g_assert_true (g_str_has_suffix (lines[4], ",NaN," ) || strstr (lines[4], ",NaN,") != NULL);
    f->options.hidden_series = 0;
    snap->f_test[3] = 0.9 * d->y_test[3] + 0.05;
  }

  /* kernel: a header row of sorted coordinates, n rows of n + 1 cells */
  {
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) head = NULL;

    f->options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_INIT;
    g_assert_true (export (f, path, NTK_FIGURE_KERNEL, NTK_EXPORT_CSV, 0, 0, 0, &error));
    lines = read_lines (path);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + n);
    head = g_strsplit (lines[0], ",", -1);
    g_assert_cmpuint (g_strv_length (head), ==, 1 + n);
    g_assert_cmpstr (head[0], ==, "coord");
    for (guint j = 1; j < n; j++)
      g_assert_cmpfloat (g_ascii_strtod (head[j], NULL), <, g_ascii_strtod (head[j + 1], NULL));
    for (guint i = 1; i <= n; i++)
      {
        g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
        g_assert_cmpuint (g_strv_length (cells), ==, 1 + n);
        /* the diagonal of Θ̂₀ is e⁰ + 0.1 */
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[i], NULL), 1.1, 1e-15);
      }
  }

  /* kernel over the test points: grid coordinates, Θ = 1.05 (e^{cos(γ − γ′) − 1} + 0.1); Θ̂ₖ on
   * every 3rd grid point only */
  {
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) head = NULL;
    guint m = (nt + 2) / 3;

    f->options.kernel_on_test = TRUE;
    f->options.kernel_view = NTK_KERNEL_VIEW_ANALYTIC_NTK;
    g_assert_true (export (f, path, NTK_FIGURE_KERNEL, NTK_EXPORT_CSV, 0, 0, 0, &error));
    lines = read_lines (path);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + nt);
    head = g_strsplit (lines[0], ",", -1);
    g_assert_cmpuint (g_strv_length (head), ==, 1 + nt);
    g_assert_cmpstr (head[0], ==, "test_coord");
    for (guint j = 0; j < nt; j++)
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (head[j + 1], NULL), d->coord_test[j], 1e-15);
    for (guint i = 0; i < nt; i++)
      {
        g_auto(GStrv) cells = g_strsplit (lines[i + 1], ",", -1);

        g_assert_cmpuint (g_strv_length (cells), ==, 1 + nt);
        for (guint j = 0; j < nt; j++)
          {
            double want = 1.05 * (exp (cos (d->coord_test[i] - d->coord_test[j]) - 1.0) + 0.1);

            g_assert_cmpfloat (fabs (g_ascii_strtod (cells[j + 1], NULL) - want), <=, 1e-15 * want);
          }
      }
    g_clear_pointer (&lines, g_strfreev);
    g_clear_pointer (&head, g_strfreev);

    ntk_test_run_set_ntk_k_test_stride (f->run, 3);
    f->options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_NOW;
    g_assert_true (export (f, path, NTK_FIGURE_KERNEL, NTK_EXPORT_CSV, 0, 0, 0, &error));
    lines = read_lines (path);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + m);
    head = g_strsplit (lines[0], ",", -1);
    g_assert_cmpuint (g_strv_length (head), ==, 1 + m);
    for (guint b = 0; b < m; b++)
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (head[b + 1], NULL), d->coord_test[3 * b], 1e-15);

    /* not tracked: nothing to write, and the export says so and leaves no file */
    ntk_test_run_set_ntk_k_test_stride (f->run, 0);
    g_assert_true (g_remove (path) == 0);
    g_assert_false (export (f, path, NTK_FIGURE_KERNEL, NTK_EXPORT_CSV, 0, 0, 0, &error));
    g_assert_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_NO_DATA);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    f->options.kernel_on_test = FALSE;
  }

  /* the history figures: a header and one row per published step */
  {
    static const struct { NtkFigureKind kind; const char *header; } cases[] = {
      { NTK_FIGURE_MODES, "step,t,mode_1_finite,mode_1_theory,mode_2_finite,mode_2_theory,"
                          "mode_3_finite,mode_3_theory,mode_4_finite,mode_4_theory,"
                          "mode_5_finite,mode_5_theory,mode_6_finite,mode_6_theory" },
      { NTK_FIGURE_LOSS, "step,t,train_finite,test_finite,train_linearized,test_linearized,"
                         "train_infinite,test_infinite" },
      { NTK_FIGURE_DRIFT, "step,t,kernel_drift,weight_drift" },
    };

    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_auto(GStrv) lines = NULL;
        g_auto(GStrv) row = NULL;

        g_assert_true (export (f, path, cases[c].kind, NTK_EXPORT_CSV, 0, 0, 0, &error));
        lines = read_lines (path);
        g_assert_cmpstr (lines[0], ==, cases[c].header);
        g_assert_cmpuint (g_strv_length (lines), ==, 1 + f->run->snapshot.history_len);
        row = g_strsplit (lines[11], ",", -1);
        g_assert_cmpstr (row[0], ==, "100");
        g_assert_cmpstr (row[1], ==, "50");
      }
  }

  /* modes: |e| as plotted, and the discrete-GD theory (1 − ηλ/n)^k |e₀| */
  {
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) row = NULL;
    double lambda = f->run->eig0.eigval[1], e0 = fabs (f->run->constants.mode0[1]);
    double want = e0 * pow (fabs (1 - 0.5 * lambda / n), 100);

    g_assert_true (export (f, path, NTK_FIGURE_MODES, NTK_EXPORT_CSV, 0, 0, 0, &error));
    lines = read_lines (path);
    row = g_strsplit (lines[11], ",", -1);
    g_assert_cmpfloat (g_ascii_strtod (row[4], NULL), >=, 0.0);
    g_assert_cmpfloat (fabs (g_ascii_strtod (row[5], NULL) - want), <=, 1e-12 * want);
  }

  /* spectrum, width sweep, kernel slice */
  {
    g_auto(GStrv) spectrum = NULL, sweep = NULL, slice = NULL;

    g_assert_true (export (f, path, NTK_FIGURE_SPECTRUM, NTK_EXPORT_CSV, 0, 0, 0, &error));
    spectrum = read_lines (path);
    g_assert_cmpstr (spectrum[0], ==, "rank,eig_ntk0,eig_ntk,residual_energy,residual_energy_init");
    g_assert_cmpuint (g_strv_length (spectrum), ==, 1 + n);
    g_assert_true (g_str_has_prefix (spectrum[1], "1,5,5.5,"));

    g_assert_true (export (f, path, NTK_FIGURE_WIDTH_SWEEP, NTK_EXPORT_CSV, 0, 0, 0, &error));
    sweep = read_lines (path);
    g_assert_cmpstr (sweep[0], ==, "width,kernel_drift_mean,init_error_mean,kernel_drift_seed_1,"
                                   "kernel_drift_seed_2,kernel_drift_seed_3,init_error_seed_1,"
                                   "init_error_seed_2,init_error_seed_3");
    g_assert_cmpuint (g_strv_length (sweep), ==, 1 + f->sweep->n_widths);
    g_assert_true (g_str_has_prefix (sweep[1], "16,"));

    g_assert_true (export (f, path, NTK_FIGURE_KERNEL_SLICE, NTK_EXPORT_CSV, 0, 0, 0, &error));
    slice = read_lines (path);
    g_assert_true (g_str_has_prefix (slice[0], "coord,analytic,w64_seed1_init,w64_seed1_trained,"));
    g_assert_true (g_str_has_suffix (slice[0], ",w1024_seed3_trained"));
    g_assert_cmpuint (g_strv_length (slice), ==, 1 + f->slice->n_test);
  }
  g_assert_no_error (error);
}

static void
test_csv_numbers (void)
{
  static const double values[] = { 0.1, 1.0 / 3.0, -2.5e-300, 1e300, 6.02214076e23, 0.0, -0.0, 4.9e-324 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      /* through the public path: a one-point width sweep */
      NtkWidthSweep *w = ntk_test_sweep_new ();
      g_autofree char *dir = g_dir_make_tmp ("ntk-csv-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "w.csv", NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL, cells = NULL;
      NtkFigureSource source = { .sweep = w };
      NtkExportOptions eo;

      ntk_export_options_init (&eo);
      eo.format = NTK_EXPORT_CSV;
      w->kernel_drift_mean[0] = values[i];
      g_assert_true (ntk_figure_export (path, NTK_FIGURE_WIDTH_SWEEP, &source, NULL, NULL, &eo, NULL));
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      lines = g_strsplit (text, "\n", -1);
      cells = g_strsplit (lines[1], ",", -1);
      g_test_message ("%.17g → %s", values[i], cells[1]);
      g_assert_cmpfloat (g_ascii_strtod (cells[1], NULL), ==, values[i]);
      g_assert_cmpuint (strlen (cells[1]), <=, 24);
      g_remove (path);
      g_rmdir (dir);
      ntk_test_sweep_free (w);
    }
}

static void
assert_export_fails (Fixture    *f,
                     const char *path,
                     const char *watch_dir,
                     GQuark      domain,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = watch_dir != NULL ? listing (watch_dir) : NULL;

  for (guint format = 0; format < NTK_N_EXPORT_FORMATS; format++)
    {
      g_assert_false (export (f, path, NTK_FIGURE_PREDICTIONS, format, 300, 200, 1.0, &error));
      g_assert_error (error, domain, code);
      g_test_message ("%s → %s", path, error->message);
      g_assert_nonnull (strstr (error->message, path));
      g_clear_error (&error);
      if (watch_dir != NULL)
        {
          g_autofree char *after = listing (watch_dir);
          g_assert_cmpstr (before, ==, after);
        }
    }
}

static void
test_write_failures (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", "fig.png", NULL);
  g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "fig.png", NULL);
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "fig.png", NULL);
  GStatBuf st;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  /* a directory that does not exist, a file in place of a directory */
  assert_export_fails (f, missing, f->dir, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
  assert_export_fails (f, under_file, f->dir, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* a directory without write permission (root may write anyway: then only note it) */
  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  if (access (locked, W_OK) != 0)
    {
      assert_export_fails (f, in_locked, locked, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
      g_assert_false (g_file_test (in_locked, G_FILE_TEST_EXISTS));
    }
  else
    g_test_message ("running as root: a read-only directory is writable, skipped that case");
  g_chmod (locked, 0700);

  /* a device (/dev/full: every write fails) and a directory are refused before writing,
   * and stay what they were */
  if (g_stat ("/dev/full", &st) == 0)
    {
      assert_export_fails (f, "/dev/full", NULL, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
      g_assert_cmpint (g_stat ("/dev/full", &st), ==, 0);
      g_assert_true (S_ISCHR (st.st_mode));
    }
  assert_export_fails (f, f->dir, NULL, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
  g_assert_true (g_file_test (f->dir, G_FILE_TEST_IS_DIR));

  /* /proc does not take new files, even from root */
  assert_export_fails (f, "/proc/ntk-lab-test-figure.png", NULL, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
  g_assert_false (g_file_test ("/proc/ntk-lab-test-figure.png", G_FILE_TEST_EXISTS));
}

static void
test_overwrite (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "fig.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));
  g_assert_true (export (f, path, NTK_FIGURE_DRIFT, NTK_EXPORT_CSV, 0, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "step,t,kernel_drift"));
  /* no temporary file left beside it */
  names = listing (f->dir);
  g_assert_cmpstr (names, ==, "fig.csv");
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { NtkExportFormat format; int w, h; double scale; const char *field; } bad[] = {
    { NTK_EXPORT_PNG, 63, 400, 1.0, "width" },
    { NTK_EXPORT_SVG, 16385, 400, 1.0, "width" },
    { NTK_EXPORT_PDF, 400, 0, 1.0, "height" },
    { NTK_EXPORT_PNG, 400, 20000, 1.0, "height" },
    { NTK_EXPORT_PNG, 400, 400, 0.4, "scale" },
    { NTK_EXPORT_PNG, 400, 400, 8.5, "scale" },
    { NTK_EXPORT_PNG, 400, 400, NAN, "scale" },
    { NTK_EXPORT_PNG, 16384, 16384, 8.0, "size" },
    { (NtkExportFormat) 17, 400, 400, 1.0, "format" },
  };
  g_autofree char *path = g_build_filename (f->dir, "bad.png", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (export (f, path, NTK_FIGURE_LOSS, bad[i].format, bad[i].w, bad[i].h, bad[i].scale, &error));
      g_assert_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].field));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  /* the limits themselves are fine; CSV ignores size and scale */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (export (f, path, NTK_FIGURE_LOSS, NTK_EXPORT_PNG, 64, 64, 0.5, &error));
    g_assert_no_error (error);
    g_assert_true (export (f, path, NTK_FIGURE_LOSS, NTK_EXPORT_CSV, 0, -5, NAN, &error));
    g_assert_no_error (error);
  }

  /* no data: NO_DATA, nothing written */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *empty_path = g_build_filename (f->dir, "empty.png", NULL);
    NtkFigureSource empty = { 0 };
    NtkExportOptions eo;

    ntk_export_options_init (&eo);
    g_assert_false (ntk_figure_export (empty_path, NTK_FIGURE_MODES, &empty, NULL, NULL, &eo, &error));
    g_assert_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_NO_DATA);
    g_assert_false (g_file_test (empty_path, G_FILE_TEST_EXISTS));
  }
}

static void
test_format_names (void)
{
  static const char *const names[] = { "png", "svg", "pdf", "csv" };
  NtkExportOptions eo;

  for (guint i = 0; i < NTK_N_EXPORT_FORMATS; i++)
    {
      NtkExportFormat back;

      g_assert_cmpstr (ntk_export_format_to_string (i), ==, names[i]);
      g_assert_true (ntk_export_format_from_string (names[i], &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_true (ntk_export_format_from_string ("PNG", NULL));
  g_assert_false (ntk_export_format_from_string ("jpeg", NULL));

  ntk_export_options_init (&eo);
  g_assert_cmpint (eo.format, ==, NTK_EXPORT_PNG);
  g_assert_cmpint (eo.width, ==, 1200);
  g_assert_cmpint (eo.height, ==, 800);
  g_assert_cmpfloat (eo.scale, ==, 1.0);
  g_assert_false (eo.transparent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/plot/export/png", test_png);
  ADD ("/plot/export/svg-pdf", test_svg_pdf);
  ADD ("/plot/export/csv", test_csv);
  ADD ("/plot/export/write-failures", test_write_failures);
  ADD ("/plot/export/overwrite", test_overwrite);
  ADD ("/plot/export/validation", test_validation);
#undef ADD
  g_test_add_func ("/plot/export/csv-numbers", test_csv_numbers);
  g_test_add_func ("/plot/export/format-names", test_format_names);

  return g_test_run ();
}
