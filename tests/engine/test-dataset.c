/* test-dataset.c — circle and interval sets, targets, label noise, CSV files and their errors,
 * CSV streams (FIFOs: finite, endless rows, an endless line) and their limits
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ntk-config.h"
#include "ntk-csv.h"
#include "ntk-dataset.h"
#include "ntk-test-util.h"

static void
assert_close (double a,
              double b,
              double rel)
{
  if (!(fabs (a - b) <= rel * MAX (1.0, MAX (fabs (a), fabs (b)))))
    g_error ("%.17g and %.17g differ by more than %g (relative)", a, b, rel);
}

static void
assert_increasing (const double *v,
                   guint         n)
{
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (v[i], >, v[i - 1]);
}

static void
test_dataset_circle (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkDataset) d = NULL;
  g_autoptr(GError) error = NULL;

  d = ntk_dataset_new_from_config (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->d0, ==, 2);
  g_assert_cmpuint (d->n, ==, 32);
  g_assert_cmpuint (d->n_test, ==, 256);
  g_assert_cmpstr (d->coord_name, ==, "γ");

  for (guint i = 0; i < d->n; i++)
    {
      double r = hypot (d->x[2 * i], d->x[2 * i + 1]);
      assert_close (r, 1.0, 1e-15);
      assert_close (d->coord[i], 2 * G_PI * i / 32, 1e-15);
      /* default target sin γ + 0.5 sin 4γ, no noise */
      assert_close (d->y[i], sin (d->coord[i]) + 0.5 * sin (4 * d->coord[i]), 1e-12);
      g_assert_cmpfloat (d->y[i], ==, d->y_clean[i]);
    }
  /* γ = π/2 (i = 8): sin(π/2) + 0.5 sin(2π) = 1 */
  assert_close (d->y[8], 1.0, 1e-14);
  g_assert_cmpfloat (d->coord[0], ==, 0.0);

  assert_increasing (d->coord_test, d->n_test);
  g_assert_cmpfloat (d->coord_test[0], ==, 0.0);
  g_assert_cmpfloat (d->coord_test[d->n_test - 1], <, 2 * G_PI);
  /* the grid spans every training γ */
  g_assert_cmpfloat (d->coord_test[d->n_test - 1], >=, d->coord[d->n - 1]);
  for (guint j = 0; j < d->n_test; j++)
    {
      assert_close (hypot (d->x_test[2 * j], d->x_test[2 * j + 1]), 1.0, 1e-15);
      assert_close (d->y_test[j], sin (d->coord_test[j]) + 0.5 * sin (4 * d->coord_test[j]), 1e-12);
    }

  /* refcounting: a second reference keeps it alive */
  {
    NtkDataset *extra = ntk_dataset_ref (d);
    g_assert_true (extra == d);
    ntk_dataset_unref (extra);
    g_assert_cmpuint (d->n, ==, 32);
  }
}

static void
test_dataset_interval (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkDataset) d = NULL;
  g_autoptr(NtkDataset) one = NULL;
  g_autoptr(GError) error = NULL;
  const double expected[] = { -1, -0.5, 0, 0.5, 1 };

  c->dataset = NTK_DATASET_INTERVAL;
  c->n_train = 5;
  c->n_test = 101;
  g_assert_true (ntk_target_parse ("sines:1:1", &c->target, NULL));
  d = ntk_dataset_new_from_config (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->d0, ==, 1);
  g_assert_cmpstr (d->coord_name, ==, "x");
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (d->x[i], ==, expected[i]);    /* exact */
      g_assert_cmpfloat (d->coord[i], ==, d->x[i]);
    }
  /* sin(π x): 0, −1, 0, 1, 0 */
  assert_close (d->y[1], -1.0, 1e-15);
  assert_close (d->y[3], 1.0, 1e-15);
  g_assert_cmpfloat (d->y[2], ==, 0.0);

  g_assert_cmpfloat (d->x_test[0], ==, -1.0);
  g_assert_cmpfloat (d->x_test[100], ==, 1.0);
  g_assert_cmpfloat (d->x_test[50], ==, 0.0);
  assert_increasing (d->coord_test, d->n_test);
  for (guint j = 0; j < d->n_test; j++)
    {
      g_assert_cmpfloat (d->x_test[j], ==, -d->x_test[100 - j]);   /* exactly symmetric */
      assert_close (d->y_test[j], sin (G_PI * d->x_test[j]), 1e-15);
    }

  /* n = 1: the single point is x = 0 */
  c->n_train = 1;
  one = ntk_dataset_new_from_config (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n, ==, 1);
  g_assert_cmpfloat (one->x[0], ==, 0.0);
}

static void
test_dataset_targets (void)
{
  NtkTarget t;
  const double pt[] = { M_SQRT1_2, M_SQRT1_2 };   /* γ = π/4 */
  const double below[] = { 0.3, -0.2 };
  const double zero[] = { 0.0 };
  const double minus_half[] = { -0.5 };
  const double left[] = { -1.0, 1e-300 };         /* γ just below π: not wrapped to −π */

  g_assert_true (ntk_target_parse ("x1*x2", &t, NULL));
  assert_close (ntk_target_eval (&t, NTK_DATASET_CIRCLE, pt, 2), 0.5, 1e-15);
  g_assert_true (isnan (ntk_target_eval (&t, NTK_DATASET_INTERVAL, zero, 1)));

  g_assert_true (ntk_target_parse ("step", &t, NULL));
  g_assert_cmpfloat (ntk_target_eval (&t, NTK_DATASET_INTERVAL, zero, 1), ==, 1.0);
  g_assert_cmpfloat (ntk_target_eval (&t, NTK_DATASET_INTERVAL, minus_half, 1), ==, -1.0);
  g_assert_cmpfloat (ntk_target_eval (&t, NTK_DATASET_CIRCLE, below, 2), ==, -1.0);

  g_assert_true (ntk_target_parse ("abs", &t, NULL));
  g_assert_cmpfloat (ntk_target_eval (&t, NTK_DATASET_INTERVAL, minus_half, 1), ==, 0.5);
  g_assert_cmpfloat (ntk_target_eval (&t, NTK_DATASET_CIRCLE, below, 2), ==, 0.2);

  /* sines use γ in [0, 2π) on the circle: sin(γ/2) is positive everywhere */
  g_assert_true (ntk_target_parse ("sines:0.5:2", &t, NULL));
  assert_close (ntk_target_eval (&t, NTK_DATASET_CIRCLE, pt, 2), 2 * sin (G_PI / 8), 1e-15);
  assert_close (ntk_target_eval (&t, NTK_DATASET_CIRCLE, below, 2),
                2 * sin (0.5 * (2 * G_PI + atan2 (-0.2, 0.3))), 1e-15);
  assert_close (ntk_target_eval (&t, NTK_DATASET_CIRCLE, left, 2), 2.0, 1e-15);
  /* and π x on the interval */
  assert_close (ntk_target_eval (&t, NTK_DATASET_INTERVAL, minus_half, 1), 2 * sin (-G_PI / 4), 1e-15);
}

static void
test_dataset_noise (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkDataset) a = NULL;
  g_autoptr(NtkDataset) b = NULL;
  g_autoptr(NtkDataset) other = NULL;
  double sum = 0, sum2 = 0;

  c->dataset = NTK_DATASET_INTERVAL;
  c->n_train = 4096;
  c->noise = 0.1;
  c->seed = 42;
  a = ntk_dataset_new_from_config (c, NULL);
  b = ntk_dataset_new_from_config (c, NULL);
  c->seed = 43;
  other = ntk_dataset_new_from_config (c, NULL);

  /* same seed: bit-identical noise; another seed: different noise, same clean targets */
  g_assert_cmpmem (a->y, a->n * sizeof (double), b->y, b->n * sizeof (double));
  g_assert_cmpmem (a->y_clean, a->n * sizeof (double), other->y_clean, other->n * sizeof (double));
  g_assert_false (memcmp (a->y, other->y, a->n * sizeof (double)) == 0);
  g_assert_cmpmem (a->y_test, a->n_test * sizeof (double), other->y_test, other->n_test * sizeof (double));

  for (guint i = 0; i < a->n; i++)
    {
      double e = a->y[i] - a->y_clean[i];
      sum += e;
      sum2 += e * e;
    }
  /* std of 4096 draws: relative standard error of the std ≈ 1.1%; allow 5% */
  g_test_message ("noise mean %.5f std %.5f", sum / a->n, sqrt (sum2 / a->n));
  g_assert_cmpfloat (fabs (sqrt (sum2 / a->n) - 0.1), <, 0.05 * 0.1);
  g_assert_cmpfloat (fabs (sum / a->n), <, 5 * 0.1 / 64);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
test_dataset_csv_1d (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkDataset) d = NULL;
  g_autoptr(GError) error = NULL;
  const double x[] = { -1.0, -0.25, 0.5, 1.5 }, y[] = { 0.5, -1, 0.2, 3 };

  c->dataset = NTK_DATASET_CSV;
  c->data_path = data_path ("line-1d.csv");
  c->n_test = 50;
  d = ntk_dataset_new_from_config (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->d0, ==, 1);
  g_assert_cmpuint (d->n, ==, 4);
  g_assert_cmpuint (d->n_test, ==, 50);
  g_assert_cmpstr (d->coord_name, ==, "x");
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (d->x[i], ==, x[i]);
      g_assert_cmpfloat (d->y[i], ==, y[i]);
      g_assert_cmpfloat (d->coord[i], ==, x[i]);
      g_assert_true (isnan (d->y_clean[i]));
    }
  /* grid on [min − 5%, max + 5%] of the range 2.5 */
  assert_close (d->x_test[0], -1.0 - 0.125, 1e-15);
  assert_close (d->x_test[49], 1.5 + 0.125, 1e-15);
  assert_increasing (d->coord_test, d->n_test);
  for (guint j = 0; j < d->n_test; j++)
    g_assert_true (isnan (d->y_test[j]));
}

static void
test_dataset_csv_2d (void)
{
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkDataset) d = NULL;
  g_autoptr(NtkDataset) noisy = NULL;
  g_autoptr(NtkDataset) noisy2 = NULL;
  g_autoptr(GError) error = NULL;

  /* BOM, header and CRLF; x1*x2 is allowed with two input columns */
  c->dataset = NTK_DATASET_CSV;
  c->data_path = data_path ("square-2d.csv");
  c->target.kind = NTK_TARGET_PRODUCT;
  d = ntk_dataset_new_from_config (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->d0, ==, 2);
  g_assert_cmpuint (d->n, ==, 5);
  g_assert_cmpuint (d->n_test, ==, 5);
  g_assert_cmpstr (d->coord_name, ==, "index");
  g_assert_cmpfloat (d->x[2], ==, 0.0);
  g_assert_cmpfloat (d->x[3], ==, 1.0);
  g_assert_cmpfloat (d->y[1], ==, -1.0);
  g_assert_cmpfloat (d->y[4], ==, 0.0);
  g_assert_cmpmem (d->x_test, 10 * sizeof (double), d->x, 10 * sizeof (double));
  g_assert_cmpmem (d->y_test, 5 * sizeof (double), d->y, 5 * sizeof (double));
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (d->coord[i], ==, i);
      g_assert_cmpfloat (d->coord_test[i], ==, i);
    }

  /* label noise applies to file targets too, from the seed */
  c->noise = 0.5;
  noisy = ntk_dataset_new_from_config (c, NULL);
  noisy2 = ntk_dataset_new_from_config (c, NULL);
  g_assert_cmpmem (noisy->y, 5 * sizeof (double), noisy2->y, 5 * sizeof (double));
  g_assert_false (memcmp (noisy->y, d->y, 5 * sizeof (double)) == 0);

  /* x1*x2 with a 1-d file is refused */
  g_free (c->data_path);
  c->data_path = data_path ("line-1d.csv");
  g_assert_null (ntk_dataset_new_from_config (c, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID);
  ntk_test_assert_message_contains (error, "target: x1*x2");
  ntk_test_assert_message_contains (error, "has 1 input column,");
}

static void
test_dataset_csv_fixture_errors (void)
{
  const struct { const char *file, *where, *what; } cases[] = {
    { "bad-ragged.csv", ":3:", "has 3 columns, but line 1 has 2" },
    { "bad-nan.csv", ":4:", "column 2: “nan” is not a finite number" },
    { "bad-inf.csv", ":2:", "column 2: “-inf” is not a finite number" },
    { "bad-text.csv", ":3:", "column 2: “three” is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(NtkConfig) c = ntk_config_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = NULL;

      c->dataset = NTK_DATASET_CSV;
      c->data_path = data_path (cases[i].file);
      prefix = g_strconcat (c->data_path, cases[i].where, NULL);
      g_assert_null (ntk_dataset_new_from_config (c, &error));
      g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      ntk_test_assert_message_contains (error, cases[i].what);
    }
}

/* In-memory parsing: the whole message for each kind of bad input. */
static void
test_dataset_csv_parse_errors (void)
{
  const struct { const char *text; guint min_cols; const char *message; } cases[] = {
    { "1,2\n3\n", 2, "f.csv:2: has 1 column, but line 1 has 2 (ragged rows are not allowed)" },
    { "1\n2\n", 2, "f.csv:1: has 1 column; at least 2 are needed (the inputs, then the target)" },
    { "x,y\n1,2\nx,y\n", 2, "f.csv:3: column 1: “x” is not a number" },
    { "1,2\n\n# c\n1,NaN\n", 2, "f.csv:4: column 2: “NaN” is not a finite number (NaN and infinities are not allowed)" },
    { "1,2\n1e999,2\n", 2, "f.csv:2: column 1: “1e999” is not a finite number (NaN and infinities are not allowed)" },
    { "1,2\n1,12abc\n", 2, "f.csv:2: column 2: “12abc” is not a number" },
    { "1,,2\n", 2, "f.csv:1: column 2 is empty" },
    { "1,2,\n", 2, "f.csv:1: column 3 is empty" },
    { "x,1.5\n", 2, "f.csv:1: column 1: “x” is not a number" },
    { "# nothing\n\n", 2, "f.csv: no data rows" },
    { "x,y\n", 2, "f.csv: no data rows" },
    { "", 1, "f.csv: no data rows" },
    { "1,2\n3,4\n5,6\n", 2, "f.csv:3: more than 2 data rows (the limit is 2)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double *v = NULL;
      guint rows = 0, cols = 0;

      g_assert_false (ntk_csv_parse (cases[i].text, strlen (cases[i].text), "f.csv",
                                     cases[i].min_cols, 2, &v, &rows, &cols, &error));
      g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_null (v);
    }

  /* a NUL byte */
  {
    const char text[] = "1,2\n3,\0\n";
    g_autoptr(GError) error = NULL;
    double *v = NULL;
    guint rows, cols;

    g_assert_false (ntk_csv_parse (text, sizeof text - 1, "f.csv", 2, 10, &v, &rows, &cols, &error));
    g_assert_cmpstr (error->message, ==, "f.csv:2: contains a NUL byte (not a text file)");
  }

  /* happy path: spaces, a header, no final newline */
  {
    const char *text = "  a , b \n 1 , -2e-3 \n+3,0x10";
    g_autofree double *v = NULL;
    guint rows, cols;

    g_assert_true (ntk_csv_parse (text, strlen (text), "f.csv", 2, 10, &v, &rows, &cols, NULL));
    g_assert_cmpuint (rows, ==, 2);
    g_assert_cmpuint (cols, ==, 2);
    g_assert_cmpfloat (v[0], ==, 1);
    g_assert_cmpfloat (v[1], ==, -2e-3);
    g_assert_cmpfloat (v[2], ==, 3);
    g_assert_cmpfloat (v[3], ==, 16);
  }
}

static void
test_dataset_csv_too_many_rows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-dataset-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("x,y\n");
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(NtkDataset) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "%u,%u\n", i, i % 7);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  c->dataset = NTK_DATASET_CSV;
  c->data_path = g_strdup (path);
  g_assert_null (ntk_dataset_new_from_config (c, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  /* the header is line 1, row 4097 is line 4098 */
  expected = g_strdup_printf ("%s:4098: more than 4096 data rows (the limit is 4096)", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* exactly 4096 rows are fine */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 4096; i++)
    g_string_append_printf (text, "%u,%u\n", i, i % 7);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  d = ntk_dataset_new_from_config (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n, ==, 4096);
  g_assert_cmpfloat (d->y[4095], ==, 4095 % 7);

  /* a missing file is an IO error naming it */
  g_remove (path);
  g_assert_null (ntk_dataset_new_from_config (c, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO);
  ntk_test_assert_message_contains (error, path);
  g_rmdir (dir);
}

static void
test_dataset_read_inputs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-dataset-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "x.csv", NULL);
  g_autofree double *x = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0, d0 = 0;

  g_assert_true (g_file_set_contents (path, "# inputs\n0.5\n-1\n2\n", -1, NULL));
  g_assert_true (ntk_read_inputs_csv (path, &x, &n, &d0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (d0, ==, 1);
  g_assert_cmpfloat (x[0], ==, 0.5);
  g_assert_cmpfloat (x[2], ==, 2);
  g_clear_pointer (&x, g_free);

  g_assert_true (g_file_set_contents (path, "1,0\n0,1\n", -1, NULL));
  g_assert_true (ntk_read_inputs_csv (path, &x, &n, &d0, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (d0, ==, 2);
  g_clear_pointer (&x, g_free);

  g_assert_true (g_file_set_contents (path, "1,0\n0,inf\n", -1, NULL));
  g_assert_false (ntk_read_inputs_csv (path, &x, &n, &d0, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  ntk_test_assert_message_contains (error, ":2: column 2");
  g_remove (path);
  g_rmdir (dir);
}

/* ---- streams: FIFOs fed by a writer thread ------------------------------------------------- */

/* What a writer thread writes into a FIFO: @head once, then @body @repeat times (0: "forever",
 * i.e. until the reader closes its end, or — so that a regression fails instead of eating all
 * memory — until WRITER_BUDGET bytes are written). */
#define WRITER_BUDGET (4 * NTK_CSV_MAX_FILE_SIZE)

typedef struct {
  char       *path;
  const char *head;
  char       *body;
  gsize       body_length;
  guint64     repeat;
  guint64     written;
  gboolean    reader_closed;   /* the writer stopped on EPIPE */
  int         failed_errno;    /* any other write error */
  GThread    *thread;
} FifoWriter;

static gboolean
write_all (FifoWriter *w,
           int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          /* EPIPE: the reader has closed (SIGPIPE is ignored in main()) */
          if (errno == EPIPE)
            w->reader_closed = TRUE;
          else
            w->failed_errno = errno;
          return FALSE;
        }
      w->written += n;
      data += n;
      length -= n;
    }
  return TRUE;
}

static gpointer
fifo_writer_thread (gpointer data)
{
  FifoWriter *w = data;
  int fd = open (w->path, O_WRONLY | O_CLOEXEC);   /* blocks until the reader opens */

  if (fd < 0)
    {
      w->failed_errno = errno;
      return NULL;
    }
  if (write_all (w, fd, w->head, strlen (w->head)))
    for (guint64 i = 0; w->repeat == 0 || i < w->repeat; i++)
      if (w->written >= WRITER_BUDGET ||
          !write_all (w, fd, w->body, w->body_length))
        break;
  close (fd);
  return NULL;
}

/* A FIFO in a new temporary folder and a writer feeding it: @head, then @unit repeated to fill
 * a body of 64 KiB, which is written @repeat times (0: forever). @head must outlive the writer. */
static FifoWriter *
fifo_writer_start (const char *head,
                   const char *unit,
                   guint64     repeat)
{
  FifoWriter *w = g_new0 (FifoWriter, 1);
  g_autofree char *dir = g_dir_make_tmp ("ntk-dataset-fifo-XXXXXX", NULL);
  GString *body = g_string_new ("");

  g_assert_nonnull (dir);
  g_assert_true (repeat > 0 || unit[0] != '\0');
  w->path = g_build_filename (dir, "data.csv", NULL);
  g_assert_cmpint (mkfifo (w->path, 0600), ==, 0);
  w->head = head;
  while (body->len < 64 * 1024 && unit[0] != '\0')
    g_string_append (body, unit);
  w->body_length = body->len;
  w->body = g_string_free (body, FALSE);
  w->repeat = repeat;
  w->thread = g_thread_new ("fifo-writer", fifo_writer_thread, w);
  return w;
}

/* Waits for the writer and frees it; TRUE if it was stopped by the reader closing the FIFO. */
static gboolean
fifo_writer_finish (FifoWriter *w)
{
  g_autofree char *dir = g_path_get_dirname (w->path);
  gboolean reader_closed;
  int fd;

  /* If the reader never opened the FIFO, the writer still waits in open(): a reader that
   * opens and closes at once lets it go on to EPIPE. */
  fd = open (w->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0)
    close (fd);
  g_thread_join (w->thread);
  g_test_message ("writer: %" G_GUINT64_FORMAT " bytes written, %s", w->written,
                  w->reader_closed ? "stopped by the reader closing" : "finished");
  g_assert_cmpint (w->failed_errno, ==, 0);
  reader_closed = w->reader_closed;
  g_unlink (w->path);
  g_rmdir (dir);
  g_free (w->path);
  g_free (w->body);
  g_free (w);
  return reader_closed;
}

/* `--data` from an endless stream of valid rows (`yes 1,2`): refused at the first row over the
 * limit, with the same message as a file, after reading little more than those rows. */
static void
test_dataset_csv_endless_rows (void)
{
  FifoWriter *w = fifo_writer_start ("x,y\n", "1,2\n", 0);
  g_autoptr(NtkConfig) c = ntk_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 start = g_get_monotonic_time ();

  c->dataset = NTK_DATASET_CSV;
  c->data_path = g_strdup (w->path);
  g_assert_null (ntk_dataset_new_from_config (c, &error));
  g_test_message ("refused after %.3f s: %s", (g_get_monotonic_time () - start) / 1e6,
                  error->message);
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  /* header on line 1: row 4097 is line 4098 */
  expected = g_strdup_printf ("%s:%u: more than %u data rows (the limit is %u)", w->path,
                              NTK_CSV_MAX_ROWS + 2, NTK_CSV_MAX_ROWS, NTK_CSV_MAX_ROWS);
  g_assert_cmpstr (error->message, ==, expected);

  /* the reader closed the stream: the writer did not run into its budget or an end */
  g_assert_true (fifo_writer_finish (w));
}

/* The message for a stream over NTK_CSV_MAX_FILE_SIZE: names the file and the limit. */
static void
assert_stream_cap_error (const GError *error,
                         const char   *path)
{
  g_autofree char *limit = g_format_size_full (NTK_CSV_MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *expected = g_strdup_printf ("%s: still no end after %s, the most a data set of "
                                               "at most %u rows may take (an endless stream?)",
                                               path, limit, NTK_CSV_MAX_ROWS);

  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
}

/* An endless line without a newline (`yes | tr -d '\n'`), and an endless stream of comment
 * lines, where no row limit can help: refused by the byte cap, having read just over it. */
static void
test_dataset_csv_endless_no_rows (void)
{
  static const struct { const char *what, *head, *unit; } cases[] = {
    { "one endless line", "", "1," },
    { "endless comments", "x,y\n", "# not a row\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FifoWriter *w = fifo_writer_start (cases[i].head, cases[i].unit, 0);
      g_autoptr(GError) error = NULL;
      g_autofree double *v = NULL;
      guint rows = 0, cols = 0;
      gint64 start = g_get_monotonic_time ();

      g_assert_false (ntk_csv_read_file (w->path, 2, NTK_CSV_MAX_ROWS, &v, &rows, &cols, &error));
      g_test_message ("%s: refused after %.3f s: %s", cases[i].what,
                      (g_get_monotonic_time () - start) / 1e6, error->message);
      g_assert_null (v);
      assert_stream_cap_error (error, w->path);
      g_assert_true (fifo_writer_finish (w));
    }
}

/* A finite CSV through a FIFO (process substitution, `--data <(…)`) loads like a file: more
 * than one read long, a byte-order mark first and no newline after the last row. */
static void
test_dataset_csv_finite_fifo (void)
{
  const guint n = 3000;
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF" "x1,x2,y\n");
  g_autofree double *v = NULL;
  g_autoptr(GError) error = NULL;
  guint rows = 0, cols = 0;
  FifoWriter *w;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%.17g,%.17g,%u%s", sin (i), cos (i), i, i + 1 < n ? "\n" : "");
  g_assert_cmpuint (text->len, >, 2 * 64 * 1024);

  w = fifo_writer_start (text->str, "", 1);
  g_assert_true (ntk_csv_read_file (w->path, 2, NTK_CSV_MAX_ROWS, &v, &rows, &cols, &error));
  g_assert_no_error (error);
  g_assert_false (fifo_writer_finish (w));   /* it wrote everything and closed */

  g_assert_cmpuint (rows, ==, n);
  g_assert_cmpuint (cols, ==, 3);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (v[3 * i], ==, sin (i));
      g_assert_cmpfloat (v[3 * i + 1], ==, cos (i));
      g_assert_cmpfloat (v[3 * i + 2], ==, i);
    }
}

typedef struct {
  const char *path;
  GError     *error;
  gboolean    ok;
} PipeRead;

static gpointer
pipe_read_thread (gpointer data)
{
  PipeRead *r = data;
  g_autofree double *v = NULL;
  guint rows = 0, cols = 0;

  r->ok = ntk_csv_read_file (r->path, 2, NTK_CSV_MAX_ROWS, &v, &rows, &cols, &r->error);
  return NULL;
}

/* A FIFO nobody writes to, and one whose writer stalls after a row, are refused after the idle
 * timeout instead of blocking the reading (worker) thread for ever. */
static void
test_dataset_csv_silent_pipe (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ntk-dataset-fifo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *expected = NULL;
  PipeRead r = { path, NULL, FALSE };
  GThread *reader;
  gint64 start;
  int fd;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  ntk_csv_set_pipe_idle_timeout (1000);
  expected = g_strdup_printf ("Could not read “%s”: nothing came through this pipe for 1 s "
                              "(is the program that writes it running?)", path);

  /* no writer at all: open() must not wait for one */
  start = g_get_monotonic_time ();
  pipe_read_thread (&r);
  g_test_message ("no writer: refused after %.3f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_false (r.ok);
  g_assert_error (r.error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO);
  g_assert_cmpstr (r.error->message, ==, expected);
  g_clear_error (&r.error);

  /* a writer that sends a header and a row, then neither writes nor closes */
  reader = g_thread_new ("csv-reader", pipe_read_thread, &r);
  fd = open (path, O_WRONLY | O_CLOEXEC);   /* returns once the reader has opened */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "x,y\n1,2\n", 8), ==, 8);
  g_thread_join (reader);
  close (fd);
  g_assert_false (r.ok);
  g_assert_error (r.error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_IO);
  g_assert_cmpstr (r.error->message, ==, expected);
  g_clear_error (&r.error);

  /* a writer that connects and closes without a byte: an empty file, at once */
  reader = g_thread_new ("csv-reader", pipe_read_thread, &r);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_thread_join (reader);
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_assert_null (strstr (r.error->message, "nothing came through"));
  g_clear_error (&r.error);

  ntk_csv_set_pipe_idle_timeout (0);
  g_unlink (path);
  g_rmdir (dir);
}

/* The shipped default.ntk and bad-key.ntk fixtures. */
static void
test_dataset_key_file_fixtures (void)
{
  g_autofree char *good = data_path ("default.ntk");
  g_autofree char *bad = data_path ("bad-key.ntk");
  g_autoptr(NtkConfig) def = ntk_config_new ();
  g_autoptr(NtkConfig) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;

  loaded = ntk_config_load_file (good, &error);
  g_assert_no_error (error);
  g_assert_true (ntk_config_equal (def, loaded));

  g_assert_null (ntk_config_load_file (bad, &error));
  g_assert_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_PARSE);
  prefix = g_strdup_printf ("%s:4: unknown key “widht”", bad);
  g_assert_true (g_str_has_prefix (error->message, prefix));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* the FIFO writers learn that the reader has gone from EPIPE */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/dataset/circle", test_dataset_circle);
  g_test_add_func ("/dataset/interval", test_dataset_interval);
  g_test_add_func ("/dataset/targets", test_dataset_targets);
  g_test_add_func ("/dataset/noise", test_dataset_noise);
  g_test_add_func ("/dataset/csv-1d", test_dataset_csv_1d);
  g_test_add_func ("/dataset/csv-2d", test_dataset_csv_2d);
  g_test_add_func ("/dataset/csv-fixture-errors", test_dataset_csv_fixture_errors);
  g_test_add_func ("/dataset/csv-parse-errors", test_dataset_csv_parse_errors);
  g_test_add_func ("/dataset/csv-too-many-rows", test_dataset_csv_too_many_rows);
  g_test_add_func ("/dataset/csv-endless-rows", test_dataset_csv_endless_rows);
  g_test_add_func ("/dataset/csv-endless-no-rows", test_dataset_csv_endless_no_rows);
  g_test_add_func ("/dataset/csv-finite-fifo", test_dataset_csv_finite_fifo);
  g_test_add_func ("/dataset/csv-silent-pipe", test_dataset_csv_silent_pipe);
  g_test_add_func ("/dataset/read-inputs", test_dataset_read_inputs);
  g_test_add_func ("/dataset/key-file-fixtures", test_dataset_key_file_fixtures);

  return g_test_run ();
}
