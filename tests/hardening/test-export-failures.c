/* test-export-failures.c — exports that cannot be written, through the plot export API and
 * through ntk-lab-cli: a full disk, an unwritable folder, a device or FIFO in place of the file
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each must fail with a message naming the path and leave nothing behind: no partial file, no
 * temporary, an existing file untouched, a device still a device. A full disk is reported with
 * the system's reason (not stdio's "Input/output error"), and run/sweep name the file the user
 * asked for (DIR/figure.png), never their hidden staging folder or a writer's temporary.
 *
 * A full disk is simulated with RLIMIT_FSIZE (SIGXFSZ ignored): every write past the limit
 * fails with EFBIG, in the middle of the file, as ENOSPC does on a full disk. (/dev/full itself
 * is refused before anything is written, which tests/plot checks; a device is never replaced.)
 * An unwritable folder is a 0500 folder, or for root, whom permissions do not stop, an
 * immutable one (FS_IMMUTABLE_FL); the case is skipped where neither works.
 *
 * Devices are never touched for real here: the "device" cases use a FIFO, and for root a
 * character device node (the null device's numbers) made in a temporary folder, so a
 * regression that replaces the target damages nothing but that node.
 *
 * Usage (meson passes the program): test-export-failures PATH-TO-ntk-lab-cli
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <glib/gstdio.h>

#include "ntk-experiment.h"
#include "ntk-figure.h"

/* Under the limit: a few header bytes fit, no figure does. */
#define FSIZE_LIMIT 2048

static const char *cli_path;

/* ------------------------------------------------------------------ helpers */

static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
limit_file_size (void)
{
  struct rlimit rl = { FSIZE_LIMIT, FSIZE_LIMIT };

  /* without this, the kernel kills the writer (SIGXFSZ) instead of failing the write */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &rl), ==, 0);
}

static gboolean
set_immutable (const char *dir,
               gboolean    immutable)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int flags = 0;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = ioctl (fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok)
    {
      flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
      ok = ioctl (fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
  close (fd);
  return ok;
}

/* Makes @dir unwritable for this process; FALSE (with a message) where that cannot be done. */
static gboolean
make_unwritable (const char *dir)
{
  if (geteuid () != 0)
    return g_chmod (dir, 0500) == 0 && access (dir, W_OK) != 0;
  if (set_immutable (dir, TRUE))
    return TRUE;
  g_test_message ("running as root without FS_IMMUTABLE_FL support (%s): no unwritable folder", g_strerror (errno));
  return FALSE;
}

static void
make_writable (const char *dir)
{
  if (geteuid () == 0)
    set_immutable (dir, FALSE);
  g_chmod (dir, 0700);
}

/* A FIFO, and for root also a character device node, in @dir: the "not a file" targets. */
static GPtrArray *
special_files (const char *dir)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  char *fifo = g_build_filename (dir, "fifo", NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_ptr_array_add (paths, fifo);
  if (geteuid () == 0)
    {
      char *node = g_build_filename (dir, "null-device", NULL);

      if (mknod (node, S_IFCHR | 0600, makedev (1, 3)) == 0)
        g_ptr_array_add (paths, node);
      else
        {
          g_test_message ("mknod: %s (device case skipped)", g_strerror (errno));
          g_free (node);
        }
    }
  return paths;
}

static gboolean
still_special (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && (S_ISFIFO (st.st_mode) || S_ISCHR (st.st_mode));
}

/* ------------------------------------------------------------------ the plot export API */

static NtkSnapshot *
small_snapshot (void)
{
  g_autoptr(NtkConfig) config = ntk_config_new ();
  g_autoptr(NtkExperiment) exp = NULL;
  g_autoptr(GError) error = NULL;

  config->width = 16;
  config->n_train = 8;
  config->n_test = 256;
  config->steps = 4;
  config->publish_every = 2;
  exp = ntk_experiment_new (config, &error);
  g_assert_no_error (error);
  g_assert_true (ntk_experiment_prepare (exp, NULL, NULL, NULL, &error));
  g_assert_true (ntk_experiment_advance (exp, 4, NULL, &error));
  return ntk_experiment_snapshot (exp);
}

static gboolean
export_figure (NtkSnapshot      *snapshot,
               const char       *path,
               NtkExportFormat   format,
               GError          **error)
{
  NtkFigureSource source = { snapshot, NULL, NULL };
  NtkPlotOptions options;
  NtkPlotTheme theme;
  NtkExportOptions export_options;

  ntk_plot_options_init (&options);
  ntk_plot_theme_init_light (&theme);
  ntk_export_options_init (&export_options);
  export_options.format = format;
  return ntk_figure_export (path, NTK_FIGURE_PREDICTIONS, &source, &options, &theme,
                            &export_options, error);
}

static void
assert_export_fails (NtkSnapshot     *snapshot,
                     const char      *path,
                     NtkExportFormat  format)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (export_figure (snapshot, path, format, &error));
  g_assert_error (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO);
  g_test_message ("%s: %s", ntk_export_format_to_string (format), error->message);
  g_assert_nonnull (strstr (error->message, path));
}

/* Runs in a subprocess: the file-size limit must not outlive it. */
static void
plot_full_disk_child (void)
{
  g_autoptr(NtkSnapshot) snapshot = small_snapshot ();
  g_autofree char *dir = g_dir_make_tmp ("ntk-export-full-XXXXXX", NULL);

  limit_file_size ();
  for (int format = 0; format < NTK_N_EXPORT_FORMATS; format++)
    {
      g_autofree char *name = g_strdup_printf ("fig.%s", ntk_export_format_to_string (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *after = NULL;
      g_autofree char *old = NULL;

      /* a new file: nothing left */
      assert_export_fails (snapshot, path, format);
      after = listing (dir);
      g_assert_cmpstr (after, ==, "");

      /* an existing file: left as it was */
      g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));
      assert_export_fails (snapshot, path, format);
      g_assert_true (g_file_get_contents (path, &old, NULL, NULL));
      g_assert_cmpstr (old, ==, "old contents\n");
      g_clear_pointer (&after, g_free);
      after = listing (dir);
      g_assert_cmpstr (after, ==, name);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_plot_full_disk (void)
{
  if (g_test_subprocess ())
    {
      plot_full_disk_child ();
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_plot_unwritable_folder (void)
{
  g_autoptr(NtkSnapshot) snapshot = small_snapshot ();
  g_autofree char *dir = g_dir_make_tmp ("ntk-export-ro-XXXXXX", NULL);
  g_autofree char *nested = g_build_filename (dir, "sub", "fig.png", NULL);
  gboolean failed[NTK_N_EXPORT_FORMATS + 1] = { FALSE };
  g_autofree char *after = NULL;

  if (!make_unwritable (dir))
    {
      g_rmdir (dir);
      g_test_skip ("no way to make a folder unwritable here");
      return;
    }
  for (int format = 0; format < NTK_N_EXPORT_FORMATS; format++)
    {
      g_autofree char *name = g_strdup_printf ("fig.%s", ntk_export_format_to_string (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;

      failed[format] = !export_figure (snapshot, path, format, &error) &&
                       g_error_matches (error, NTK_PLOT_ERROR, NTK_PLOT_ERROR_IO) &&
                       strstr (error->message, path) != NULL;
      if (error != NULL)
        g_test_message ("%s", error->message);
    }
  {
    g_autoptr(GError) error = NULL;
    failed[NTK_N_EXPORT_FORMATS] = !export_figure (snapshot, nested, NTK_EXPORT_PNG, &error) && error != NULL;
  }
  after = listing (dir);
  make_writable (dir);   /* before any assertion, so a failure leaves no immutable folder */
  remove_tree (dir);

  for (guint i = 0; i <= NTK_N_EXPORT_FORMATS; i++)
    g_assert_true (failed[i]);
  g_assert_cmpstr (after, ==, "");
}

static void
test_plot_not_a_file (void)
{
  if (g_test_subprocess ())
    {
      /* a regression could open the FIFO for writing and wait for a reader forever: the
       * parent's timeout turns that into a failure */
      g_autoptr(NtkSnapshot) snapshot = small_snapshot ();
      g_autofree char *dir = g_dir_make_tmp ("ntk-export-special-XXXXXX", NULL);
      g_autoptr(GPtrArray) paths = special_files (dir);

      for (guint i = 0; i < paths->len; i++)
        for (int format = 0; format < NTK_N_EXPORT_FORMATS; format++)
          {
            assert_export_fails (snapshot, paths->pdata[i], format);
            g_assert_true (still_special (paths->pdata[i]));
          }
      remove_tree (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ------------------------------------------------------------------ ntk-lab-cli */

typedef struct {
  rlim_t      fsize_limit;   /* 0: none */
  const char *stdout_path;   /* NULL: captured */
} ChildSetup;

/* After fork, before exec: only async-signal-safe calls. */
static void
cli_child_setup (gpointer data)
{
  const ChildSetup *cs = data;

  if (cs->fsize_limit > 0)
    {
      struct rlimit rl = { cs->fsize_limit, cs->fsize_limit };

      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &rl);
    }
  if (cs->stdout_path != NULL)
    {
      int fd = open (cs->stdout_path, O_WRONLY);

      if (fd >= 0)
        {
          dup2 (fd, STDOUT_FILENO);
          close (fd);
        }
    }
}

typedef struct {
  int   status;      /* exit status, or 128 + signal */
  char *err;
} CliResult;

static void
cli_result_free (CliResult *r)
{
  g_free (r->err);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

static CliResult *
cli_run (const ChildSetup *cs,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  CliResult *r = g_new0 (CliResult, 1);
  int wait_status;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) cli_path);
  va_start (ap, cs);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                               cli_child_setup, (gpointer) cs,
                               cs->stdout_path == NULL ? &out : NULL, &r->err,
                               &wait_status, &error));
  g_assert_no_error (error);
  if (WIFEXITED (wait_status))
    r->status = WEXITSTATUS (wait_status);
  else
    r->status = 128 + WTERMSIG (wait_status);
  g_test_message ("ntk-lab-cli %s → %d: %s", (char *) argv->pdata[1], r->status, g_strstrip (r->err));
  return r;
}

static char *
inputs_csv (const char *dir)
{
  g_autoptr(GString) text = g_string_new ("");
  char *path = g_build_filename (dir, "x1.csv", NULL);

  /* enough rows that the kernel matrix is far over the size limit */
  for (guint i = 0; i < 64; i++)
    g_string_append_printf (text, "%g,%g\n", cos (i * 0.1), sin (i * 0.1));
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return path;
}

/* A failure on a full disk: exit 1, the system's reason (EFBIG is what the file-size limit
 * gives; ENOSPC on a real full disk), the file the user asked for — @expected_path, never the
 * hidden staging folder or a temporary — and nothing left in @outdir but @listing_before. */
static void
assert_full_disk_failure (const CliResult *r,
                          const char      *expected_path,
                          const char      *outdir,
                          const char      *listing_before)
{
  g_autofree char *after = listing (outdir);
  g_autofree char *quoted = g_strdup_printf ("“%s”", expected_path);

  g_assert_cmpint (r->status, ==, 1);
  g_assert_nonnull (strstr (r->err, g_strerror (EFBIG)));
  g_assert_null (strstr (r->err, g_strerror (EIO)));
  g_assert_nonnull (strstr (r->err, quoted));
  g_assert_null (strstr (r->err, ".tmp-"));
  /* nor a temporary of GLib's (g_file_set_contents: "NAME.XXXXXX") beside the named file */
  {
    const char *p = r->err;

    while ((p = strstr (p, expected_path)) != NULL)
      {
        p += strlen (expected_path);
        g_assert_true (g_str_has_prefix (p, "”"));
      }
  }
  g_assert_cmpstr (after, ==, listing_before);
}

static void
test_cli_full_disk (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("ntk-cli-full-XXXXXX", NULL);
  g_autofree char *x1 = inputs_csv (tmp);
  g_autofree char *outdir = g_dir_make_tmp ("ntk-cli-full-out-XXXXXX", NULL);
  g_autofree char *run_out = g_build_filename (outdir, "run", NULL);
  g_autofree char *sweep_out = g_build_filename (outdir, "sweep", NULL);
  g_autofree char *kernel_out = g_build_filename (outdir, "k.csv", NULL);
  ChildSetup full = { FSIZE_LIMIT, NULL };
  /* room for the data files of a small run, not for its first figure */
  ChildSetup fuller = { 20000, NULL };

  /* run: train_predictions.csv, streamed during training, is the first to fail */
  {
    g_autoptr(CliResult) r = cli_run (&full, "run", "--steps", "10", "--width", "32", "--out", run_out, NULL);
    g_autofree char *expected = g_build_filename (run_out, "train_predictions.csv", NULL);

    assert_full_disk_failure (r, expected, outdir, "");
  }
  /* run: a figure (written by the plot code through g_file_set_contents) fails */
  {
    g_autoptr(CliResult) r = cli_run (&fuller, "run", "--steps", "2", "--width", "16", "--n-train", "8",
                                      "--out", run_out, NULL);
    g_autofree char *expected = g_build_filename (run_out, "predictions.png", NULL);

    assert_full_disk_failure (r, expected, outdir, "");
  }
  {
    g_autoptr(CliResult) r = cli_run (&full, "sweep", "--steps", "5", "--widths", "8,16", "--seeds", "1",
                                      "--out", sweep_out, NULL);
    g_autofree char *expected = g_build_filename (sweep_out, "width-sweep.png", NULL);

    assert_full_disk_failure (r, expected, outdir, "");
  }
  {
    g_autoptr(CliResult) r = cli_run (&full, "kernel", "--x1", x1, "--out", kernel_out, NULL);

    assert_full_disk_failure (r, kernel_out, outdir, "");
  }
  /* an existing result stays as it was */
  {
    g_autoptr(CliResult) r = NULL;
    g_autofree char *kept = NULL;

    g_assert_true (g_file_set_contents (kernel_out, "old\n", -1, NULL));
    r = cli_run (&full, "kernel", "--x1", x1, "--out", kernel_out, NULL);
    assert_full_disk_failure (r, kernel_out, outdir, "k.csv");
    g_assert_true (g_file_get_contents (kernel_out, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "old\n");
    g_unlink (kernel_out);
  }
  /* run and sweep into an existing folder (staged in a hidden folder inside it): the message
   * names DIR/FILE, the folder's files stay as they were and no staging folder is left */
  {
    g_autofree char *summary = g_build_filename (run_out, "summary.json", NULL);
    g_autofree char *kept = NULL;

    g_assert_cmpint (g_mkdir (run_out, 0700), ==, 0);
    g_assert_true (g_file_set_contents (summary, "{}\n", -1, NULL));
    {
      g_autoptr(CliResult) r = cli_run (&full, "run", "--steps", "10", "--width", "32", "--out", run_out, NULL);
      g_autofree char *expected = g_build_filename (run_out, "train_predictions.csv", NULL);

      assert_full_disk_failure (r, expected, run_out, "summary.json");
    }
    {
      g_autoptr(CliResult) r = cli_run (&fuller, "run", "--steps", "2", "--width", "16", "--n-train", "8",
                                        "--out", run_out, NULL);
      g_autofree char *expected = g_build_filename (run_out, "predictions.png", NULL);

      assert_full_disk_failure (r, expected, run_out, "summary.json");
    }
    {
      g_autoptr(CliResult) r = cli_run (&full, "sweep", "--steps", "5", "--widths", "8,16", "--seeds", "1",
                                        "--out", run_out, NULL);
      g_autofree char *expected = g_build_filename (run_out, "width-sweep.png", NULL);

      assert_full_disk_failure (r, expected, run_out, "summary.json");
    }
    g_assert_true (g_file_get_contents (summary, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "{}\n");
  }

  remove_tree (outdir);
  remove_tree (tmp);
}

/* The standard output on a full disk (/dev/full: redirecting to it replaces nothing). */
static void
test_cli_stdout_full (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("ntk-cli-stdout-XXXXXX", NULL);
  g_autofree char *x1 = inputs_csv (tmp);
  ChildSetup to_full = { 0, "/dev/full" };
  GStatBuf st;

  if (g_stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    {
      remove_tree (tmp);
      g_test_skip ("no /dev/full");
      return;
    }
  {
    g_autoptr(CliResult) r = cli_run (&to_full, "kernel", "--x1", x1, NULL);

    g_assert_cmpint (r->status, ==, 1);
    g_assert_nonnull (strstr (r->err, "standard output"));
    /* the system's reason, not stdio's "Input/output error" */
    g_assert_nonnull (strstr (r->err, g_strerror (ENOSPC)));
  }
  remove_tree (tmp);
}

static void
test_cli_not_a_file (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("ntk-cli-special-XXXXXX", NULL);
  g_autofree char *x1 = inputs_csv (tmp);
  g_autoptr(GPtrArray) paths = special_files (tmp);
  ChildSetup plain = { 0, NULL };

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(CliResult) r = cli_run (&plain, "kernel", "--x1", x1, "--out", paths->pdata[i], NULL);

      g_assert_cmpint (r->status, !=, 0);
      g_assert_nonnull (strstr (r->err, paths->pdata[i]));
      g_assert_true (still_special (paths->pdata[i]));
    }
  remove_tree (tmp);
}

static void
test_cli_unwritable_folder (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("ntk-cli-ro-XXXXXX", NULL);
  g_autofree char *x1 = inputs_csv (tmp);
  g_autofree char *ro = g_build_filename (tmp, "ro", NULL);
  g_autofree char *run_out = g_build_filename (ro, "out", NULL);
  g_autofree char *kernel_out = g_build_filename (ro, "k.csv", NULL);
  ChildSetup plain = { 0, NULL };
  CliResult *run, *kernel;
  g_autofree char *after = NULL;

  g_assert_cmpint (g_mkdir (ro, 0700), ==, 0);
  if (!make_unwritable (ro))
    {
      remove_tree (tmp);
      g_test_skip ("no way to make a folder unwritable here");
      return;
    }
  run = cli_run (&plain, "run", "--steps", "5", "--width", "16", "--out", run_out, NULL);
  kernel = cli_run (&plain, "kernel", "--x1", x1, "--out", kernel_out, NULL);
  after = listing (ro);
  make_writable (ro);   /* before any assertion */
  remove_tree (tmp);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "--out"));
  g_assert_cmpint (kernel->status, ==, 1);
  g_assert_nonnull (strstr (kernel->err, kernel_out));
  g_assert_cmpstr (after, ==, "");
  cli_result_free (run);
  cli_result_free (kernel);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-')
      cli_path = argv[i];

  g_test_add_func ("/export/plot/full-disk", test_plot_full_disk);
  g_test_add_func ("/export/plot/unwritable-folder", test_plot_unwritable_folder);
  g_test_add_func ("/export/plot/not-a-file", test_plot_not_a_file);
  if (cli_path != NULL)
    {
      g_test_add_func ("/export/cli/full-disk", test_cli_full_disk);
      g_test_add_func ("/export/cli/stdout-full", test_cli_stdout_full);
      g_test_add_func ("/export/cli/not-a-file", test_cli_not_a_file);
      g_test_add_func ("/export/cli/unwritable-folder", test_cli_unwritable_folder);
    }
  else
    g_printerr ("no ntk-lab-cli given: CLI cases not run\n");

  return g_test_run ();
}
