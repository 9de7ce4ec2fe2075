/* plot-gallery.c — every figure from the synthetic test data, as PNG/SVG/PDF files in a folder,
 * for looking at them (not a test)
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: plot-gallery DIR [WIDTH HEIGHT]
 */
#include "config.h"

#include <stdlib.h>

#include "ntk-test-data.h"

static void
export (const char            *dir,
        const char            *name,
        NtkFigureKind          kind,
        const NtkFigureSource *source,
        const NtkPlotOptions  *options,
        const NtkPlotTheme    *theme,
        NtkExportFormat        format,
        int                    width,
        int                    height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.%s", name, ntk_export_format_to_string (format));
  g_autofree char *path = g_build_filename (dir, file, NULL);
  NtkExportOptions eo;

  ntk_export_options_init (&eo);
  eo.format = format;
  eo.width = width;
  eo.height = height;
  if (!ntk_figure_export (path, kind, source, options, theme, &eo, &error))
    g_printerr ("%s: %s\n", path, error->message);
  else
    g_print ("%s\n", path);
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = argc > 1 ? argv[1] : "/tmp/ntk-gallery";
  int width = argc > 3 ? atoi (argv[2]) : 900;
  int height = argc > 3 ? atoi (argv[3]) : 600;
  NtkTestRun *run = ntk_test_run_new (8, 64, 30);
  NtkTestRun *big = ntk_test_run_new (40, 200, 60);
  NtkWidthSweep *sweep = ntk_test_sweep_new ();
  NtkKernelSlice *slice = ntk_test_slice_new ();
  NtkFigureSource sources[NTK_N_FIGURES];
  NtkFigureSource empty = { 0 };
  NtkPlotTheme themes[2];
  NtkPlotOptions options;

  g_mkdir_with_parents (dir, 0755);
  ntk_plot_theme_init_light (&themes[0]);
  ntk_plot_theme_init_dark (&themes[1]);
  ntk_plot_options_init (&options);
  ntk_test_sources_init (sources, run, sweep, slice);

  for (guint t = 0; t < 2; t++)
    for (guint k = 0; k < NTK_N_FIGURES; k++)
      {
        g_autofree char *name = g_strdup_printf ("%s-%s", ntk_figure_kind_to_id (k), t ? "dark" : "light");
        export (dir, name, k, &sources[k], &options, &themes[t], NTK_EXPORT_PNG, width, height);
      }

  /* Variants: other kernel views, log x, flow theory, a bigger run, a diverged run, no data,
   * a small widget-sized render. */
  options.kernel_view = NTK_KERNEL_VIEW_DIFFERENCE;
  export (dir, "kernel-difference", NTK_FIGURE_KERNEL, &run->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);
  options.kernel_view = NTK_KERNEL_VIEW_ANALYTIC_NTK;
  export (dir, "kernel-big", NTK_FIGURE_KERNEL, &big->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);

  /* Over the test points: Θ on the whole grid, Θ̂ₖ and Θ̂ₖ − Θ̂₀ on every 3rd grid point, and
   * the notes for a Θ̂ₖ that is not tracked and for too many test points. */
  options.kernel_on_test = TRUE;
  for (guint t = 0; t < 2; t++)
    {
      g_autofree char *name = g_strdup_printf ("kernel-test-%s", t ? "dark" : "light");
      export (dir, name, NTK_FIGURE_KERNEL, &big->source, &options, &themes[t], NTK_EXPORT_PNG, width, height);
    }
  ntk_test_run_set_ntk_k_test_stride (big, 3);
  options.kernel_view = NTK_KERNEL_VIEW_EMPIRICAL_NOW;
  export (dir, "kernel-test-now-strided", NTK_FIGURE_KERNEL, &big->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);
  options.kernel_view = NTK_KERNEL_VIEW_DIFFERENCE;
  export (dir, "kernel-test-difference", NTK_FIGURE_KERNEL, &big->source, &options, &themes[1], NTK_EXPORT_PNG, width, height);
  export (dir, "kernel-test-small", NTK_FIGURE_KERNEL, &big->source, &options, &themes[0], NTK_EXPORT_PNG, 420, 280);
  {
    cairo_surface_t *s;
    NtkTestRun *many;
    g_autofree char *path = g_build_filename (dir, "kernel-test-unavailable.png", NULL);
    g_autofree char *path2 = g_build_filename (dir, "kernel-test-too-many.png", NULL);

    ntk_test_run_set_ntk_k_test_stride (big, 0);
    s = ntk_test_render (NTK_FIGURE_KERNEL, &big->source, &options, &themes[0], width, height, NULL);
    cairo_surface_write_to_png (s, path);
    cairo_surface_destroy (s);
    g_print ("%s\n", path);
    /* as the engine leaves a run with more test points than it keeps kernels for */
    many = ntk_test_run_new (8, NTK_TEST_KERNEL_MAX_POINTS + 1, 30);
    many->constants.ntk0_test_test = many->constants.ntk_test_test = many->constants.nngp_test_test = NULL;
    ntk_test_run_set_ntk_k_test_stride (many, 0);
    options.kernel_view = NTK_KERNEL_VIEW_NNGP;
    s = ntk_test_render (NTK_FIGURE_KERNEL, &many->source, &options, &themes[1], width, height, NULL);
    cairo_surface_write_to_png (s, path2);
    cairo_surface_destroy (s);
    g_print ("%s\n", path2);
    ntk_test_run_free (many);
  }
  options.kernel_on_test = FALSE;
  ntk_plot_options_init (&options);
  options.log_x = TRUE;
  options.theory = NTK_TIME_FLOW;
  options.x_is_time = TRUE;
  options.n_modes = 12;
  export (dir, "modes-logx-flow", NTK_FIGURE_MODES, &big->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);
  export (dir, "loss-logx", NTK_FIGURE_LOSS, &big->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);
  ntk_plot_options_init (&options);
  export (dir, "predictions-big", NTK_FIGURE_PREDICTIONS, &big->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);
  export (dir, "spectrum-big", NTK_FIGURE_SPECTRUM, &big->source, &options, &themes[0], NTK_EXPORT_PNG, width, height);
  big->snapshot.state = NTK_RUN_DIVERGED;
  big->snapshot.diverged_step = 590;
  export (dir, "predictions-diverged", NTK_FIGURE_PREDICTIONS, &big->source, &options, &themes[1], NTK_EXPORT_PNG, width, height);
  export (dir, "predictions-small", NTK_FIGURE_PREDICTIONS, &run->source, &options, &themes[0], NTK_EXPORT_PNG, 420, 280);
  export (dir, "kernel-small", NTK_FIGURE_KERNEL, &run->source, &options, &themes[0], NTK_EXPORT_PNG, 420, 280);
  export (dir, "modes-small", NTK_FIGURE_MODES, &run->source, &options, &themes[0], NTK_EXPORT_PNG, 420, 280);
  export (dir, "predictions", NTK_FIGURE_PREDICTIONS, &run->source, &options, &themes[0], NTK_EXPORT_SVG, width, height);
  export (dir, "predictions", NTK_FIGURE_PREDICTIONS, &run->source, &options, &themes[0], NTK_EXPORT_PDF, width, height);
  {
    /* No data: the centred note (export refuses, so draw by hand). */
    cairo_surface_t *s = ntk_test_render (NTK_FIGURE_MODES, &empty, &options, &themes[0], width, height, NULL);
    g_autofree char *path = g_build_filename (dir, "modes-empty.png", NULL);
    cairo_surface_write_to_png (s, path);
    cairo_surface_destroy (s);
    g_print ("%s\n", path);
  }

  ntk_test_run_free (run);
  ntk_test_run_free (big);
  ntk_test_sweep_free (sweep);
  ntk_test_slice_free (slice);
  return 0;
}
