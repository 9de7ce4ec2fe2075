/* test-axis.c — the tick generator and number formatting on ordinary and edge ranges
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ntk-axis.h"
#include "ntk-draw.h"

/* A fake measure: 7 pixels per character (UTF-8 aware), so tests need no fonts. */
static double
measure_chars (const char *label,
               gpointer    user_data)
{
  return 7.0 * g_utf8_strlen (label, -1);
}

static guint
count_major (const NtkAxis *axis)
{
  guint n = 0;

  for (guint i = 0; i < axis->n_ticks; i++)
    n += axis->ticks[i].major;
  return n;
}

/* Every axis must satisfy these, whatever the range. */
static void
check_axis_invariants (const NtkAxis *axis,
                       guint          max_major)
{
  double prev = -INFINITY;

  g_assert_true (isfinite (axis->min) && isfinite (axis->max));
  g_assert_cmpfloat (axis->min, <, axis->max);
  if (axis->scale == NTK_SCALE_LOG)
    g_assert_cmpfloat (axis->min, >, 0.0);
  g_assert_cmpuint (count_major (axis), >=, 1);
  g_assert_cmpuint (count_major (axis), <=, max_major);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      const NtkTick *t = &axis->ticks[i];
      double span = axis->max - axis->min;

      g_assert_true (isfinite (t->value));
      /* inside the range (with round-off slack) */
      if (axis->scale == NTK_SCALE_LOG)
        {
          g_assert_cmpfloat (t->value, >=, axis->min * (1 - 1e-9));
          g_assert_cmpfloat (t->value, <=, axis->max * (1 + 1e-9));
        }
      else
        {
          g_assert_cmpfloat (t->value, >=, axis->min - 1e-9 * span);
          g_assert_cmpfloat (t->value, <=, axis->max + 1e-9 * span);
        }
      if (t->major)
        {
          g_assert_cmpfloat (t->value, >, prev);
          prev = t->value;
          g_assert_true (g_utf8_validate (t->label, -1, NULL));
          g_assert_cmpuint (strlen (t->label), >, 0);
          /* never the ASCII hyphen as a minus */
          g_assert_null (strchr (t->label, '-'));
        }
    }
  /* labels are distinct */
  for (guint i = 0; i < axis->n_ticks; i++)
    for (guint j = i + 1; j < axis->n_ticks; j++)
      if (axis->ticks[i].labelled && axis->ticks[j].labelled)
        g_assert_cmpstr (axis->ticks[i].label, !=, axis->ticks[j].label);
}

static NtkAxis
make_axis (NtkScale scale,
           double   lo,
           double   hi,
           guint    max_major)
{
  NtkAxis axis;

  ntk_axis_init (&axis, scale, lo, hi, 0.0);
  ntk_axis_set_pixels (&axis, 0.0, 600.0);
  ntk_axis_make_ticks (&axis, max_major);
  check_axis_invariants (&axis, max_major);
  return axis;
}

static void
test_linear_basic (void)
{
  NtkAxis axis = make_axis (NTK_SCALE_LINEAR, 0.0, 10.0, 6);
  static const char *const want[] = { "0", "2", "4", "6", "8", "10" };

  g_assert_cmpuint (axis.n_ticks, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      g_assert_cmpfloat_with_epsilon (axis.ticks[i].value, 2.0 * i, 1e-12);
      g_assert_cmpstr (axis.ticks[i].label, ==, want[i]);
    }
  g_assert_cmpfloat_with_epsilon (axis.step, 2.0, 1e-12);

  /* 1-2-5 steps only */
  for (guint m = 2; m <= 12; m++)
    {
      NtkAxis a = make_axis (NTK_SCALE_LINEAR, -3.7, 41.2, m);
      double mant = a.step / pow (10.0, floor (log10 (a.step) + 1e-9));

      g_assert_true (fabs (mant - 1) < 1e-9 || fabs (mant - 2) < 1e-9 || fabs (mant - 5) < 1e-9);
    }

  /* consistent decimals: 0.0 0.5 1.0 */
  axis = make_axis (NTK_SCALE_LINEAR, 0.0, 1.0, 3);
  g_assert_cmpstr (axis.ticks[0].label, ==, "0.0");
  g_assert_cmpstr (axis.ticks[1].label, ==, "0.5");
  g_assert_cmpstr (axis.ticks[2].label, ==, "1.0");
}

static void
test_linear_tiny_span (void)
{
  /* a span of 1e-12 around 1: distinct labels, no exponent needed */
  NtkAxis axis = make_axis (NTK_SCALE_LINEAR, 1.0, 1.0 + 1e-12, 6);

  g_assert_cmpuint (count_major (&axis), >=, 2);
  g_test_message ("1 + 1e-12: first label %s, step %g", axis.ticks[0].label, axis.step);
  g_assert_cmpfloat (axis.step, <=, 1e-12);

  /* a span of 1e-12 around 0: exponent labels like "2e−13" */
  axis = make_axis (NTK_SCALE_LINEAR, 0.0, 1e-12, 6);
  g_assert_cmpuint (count_major (&axis), >=, 2);
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      /* "2e−13", never "0.0000000000002" */
      g_assert_null (strstr (axis.ticks[i].label, "0.0"));
      if (axis.ticks[i].value != 0.0)
        g_assert_nonnull (strstr (axis.ticks[i].label, "e\u2212"));
    }
  g_assert_cmpstr (axis.ticks[axis.n_ticks - 1].label, ==, "1e\u221212");
}

static void
test_linear_huge (void)
{
  NtkAxis axis = make_axis (NTK_SCALE_LINEAR, 0.0, 1e12, 6);

  g_assert_cmpstr (axis.ticks[0].label, ==, "0");
  g_assert_cmpstr (axis.ticks[axis.n_ticks - 1].label, ==, "1e12");
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      g_assert_cmpuint (g_utf8_strlen (axis.ticks[i].label, -1), <=, 6);
      g_assert_null (strstr (axis.ticks[i].label, "000"));   /* "1e12", never "1000000000000" */
    }

  /* mantissas with a decimal where the step needs it */
  axis = make_axis (NTK_SCALE_LINEAR, 1e12, 2e12, 6);
  g_assert_cmpstr (axis.ticks[1].label, ==, "1.2e12");

  /* the largest doubles do not overflow the span */
  axis = make_axis (NTK_SCALE_LINEAR, -1e308, 1e308, 5);
  g_assert_cmpuint (count_major (&axis), >=, 2);
}

static void
test_linear_negative (void)
{
  NtkAxis axis = make_axis (NTK_SCALE_LINEAR, -7.3, -2.1, 6);

  for (guint i = 0; i < axis.n_ticks; i++)
    {
      g_assert_cmpfloat (axis.ticks[i].value, <, 0.0);
      g_assert_true (g_str_has_prefix (axis.ticks[i].label, "\u2212"));
    }
  g_assert_cmpstr (axis.ticks[0].label, ==, "\u22127");
}

static void
test_single_value (void)
{
  NtkAxis axis;

  /* min = max: a range around the value that contains it */
  axis = make_axis (NTK_SCALE_LINEAR, 3.0, 3.0, 6);
  g_assert_cmpfloat (axis.min, <, 3.0);
  g_assert_cmpfloat (axis.max, >, 3.0);
  g_assert_cmpuint (count_major (&axis), >=, 2);

  axis = make_axis (NTK_SCALE_LINEAR, 0.0, 0.0, 6);
  g_assert_cmpfloat (axis.min, ==, -1.0);
  g_assert_cmpfloat (axis.max, ==, 1.0);

  axis = make_axis (NTK_SCALE_LINEAR, -2.5e-9, -2.5e-9, 6);
  g_assert_cmpfloat (axis.min, <, -2.5e-9);
  g_assert_cmpfloat (axis.max, >, -2.5e-9);

  axis = make_axis (NTK_SCALE_LOG, 1e-3, 1e-3, 6);
  g_assert_cmpfloat (axis.min, <, 1e-3);
  g_assert_cmpfloat (axis.max, >, 1e-3);

  /* reversed and non-finite bounds */
  axis = make_axis (NTK_SCALE_LINEAR, 5.0, 1.0, 6);
  g_assert_cmpfloat (axis.min, ==, 1.0);
  g_assert_cmpfloat (axis.max, ==, 5.0);
  axis = make_axis (NTK_SCALE_LINEAR, NAN, INFINITY, 6);
  g_assert_cmpfloat (axis.min, ==, 0.0);
  g_assert_cmpfloat (axis.max, ==, 1.0);
  axis = make_axis (NTK_SCALE_LINEAR, NAN, 4.0, 6);
  g_assert_cmpfloat (axis.min, <, 4.0);
  axis = make_axis (NTK_SCALE_LOG, -5.0, -1.0, 6);
  g_assert_cmpfloat (axis.min, >, 0.0);
  axis = make_axis (NTK_SCALE_LOG, 0.0, 100.0, 6);
  g_assert_cmpfloat (axis.min, >, 0.0);
}

static void
test_log_decades (void)
{
  /* 12 decades, room for 5 labels: every third decade, minor ticks at the others */
  NtkAxis axis = make_axis (NTK_SCALE_LOG, 1e-12, 1.0, 5);
  guint minors = 0;

  g_assert_cmpfloat_with_epsilon (axis.step, 3.0, 1e-12);
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      const NtkTick *t = &axis.ticks[i];
      int e = (int) lround (log10 (t->value));

      g_assert_cmpfloat_with_epsilon (log10 (t->value), e, 1e-9);   /* all on decades */
      if (t->major)
        g_assert_cmpint (e % 3, ==, 0);
      else
        minors++;
    }
  g_assert_cmpuint (minors, ==, 13 - 5);
  g_assert_cmpstr (axis.ticks[0].label, ==, "10\u207b\u00b9\u00b2");

  /* enough room: every decade labelled, 2…9 minor ticks between */
  axis = make_axis (NTK_SCALE_LOG, 1e-6, 1e3, 12);
  g_assert_cmpfloat_with_epsilon (axis.step, 1.0, 1e-12);
  g_assert_cmpuint (count_major (&axis), ==, 10);
  g_assert_cmpuint (axis.n_ticks, ==, 10 + 9 * 8);

  /* 600 decades */
  axis = make_axis (NTK_SCALE_LOG, 1e-300, 1e300, 6);
  g_assert_cmpuint (count_major (&axis), >=, 2);
}

static void
test_log_few_decades (void)
{
  /* everyday numbers over two decades: 1-2-5 labels in plain notation */
  NtkAxis axis = make_axis (NTK_SCALE_LOG, 0.005, 0.65, 12);
  static const char *const want[] = { "0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5" };
  guint k = 0;

  for (guint i = 0; i < axis.n_ticks; i++)
    if (axis.ticks[i].major)
      g_assert_cmpstr (axis.ticks[i].label, ==, want[k++]);
  g_assert_cmpuint (k, ==, G_N_ELEMENTS (want));

  /* less than a decade, far from 1: linear steps, exponent labels, all positive */
  axis = make_axis (NTK_SCALE_LOG, 2e-6, 8e-6, 6);
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      g_assert_cmpfloat (axis.ticks[i].value, >, 0.0);
      g_assert_nonnull (strstr (axis.ticks[i].label, "e\u2212"));
    }
}

static void
test_pi_ticks (void)
{
  NtkAxis axis;
  static const char *const want[] = { "0", "\u03c0/2", "\u03c0", "3\u03c0/2", "2\u03c0" };

  ntk_axis_init (&axis, NTK_SCALE_LINEAR, 0.0, 2 * G_PI, 0.0);
  axis.pi_units = TRUE;
  ntk_axis_make_ticks (&axis, 6);
  g_assert_cmpuint (axis.n_ticks, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      g_assert_cmpstr (axis.ticks[i].label, ==, want[i]);
      g_assert_cmpfloat_with_epsilon (axis.ticks[i].value, i * G_PI / 2, 1e-12);
    }

  ntk_axis_init (&axis, NTK_SCALE_LINEAR, -G_PI, G_PI, 0.0);
  axis.pi_units = TRUE;
  ntk_axis_make_ticks (&axis, 9);
  g_assert_cmpstr (axis.ticks[0].label, ==, "\u2212\u03c0");
  g_assert_cmpstr (axis.ticks[1].label, ==, "\u22123\u03c0/4");

  /* too narrow for π steps: plain numbers */
  ntk_axis_init (&axis, NTK_SCALE_LINEAR, 0.0, 0.3, 0.0);
  axis.pi_units = TRUE;
  ntk_axis_make_ticks (&axis, 6);
  check_axis_invariants (&axis, 6);
  g_assert_null (strstr (axis.ticks[1].label, "\u03c0"));
}

static void
test_fit_no_overlap (void)
{
  static const double ranges[][2] = {
    { 0, 1 }, { -1e-12, 1e-12 }, { 1, 1 + 1e-12 }, { 0, 1e12 }, { -123456, 987654 }, { 1e3, 1e3 + 1e-6 },
  };

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (guint len = 40; len <= 1000; len += 80)
      {
        NtkAxis axis;

        ntk_axis_init (&axis, NTK_SCALE_LINEAR, ranges[r][0], ranges[r][1], 0.0);
        ntk_axis_set_pixels (&axis, 0.0, len);
        ntk_axis_fit_ticks (&axis, 10, measure_chars, NULL, 8.0);
        g_assert_true (ntk_axis_labels_fit (&axis, measure_chars, NULL, 8.0));
        g_assert_cmpuint (ntk_axis_n_labels (&axis), >=, 1);
        if (len >= 200)
          g_assert_cmpuint (ntk_axis_n_labels (&axis), >=, 2);
      }

  /* log axes over many decades on a short axis: thinned, never overlapping */
  for (guint len = 30; len <= 600; len += 30)
    {
      NtkAxis axis;

      ntk_axis_init (&axis, NTK_SCALE_LOG, 1e-15, 1e3, 0.0);
      ntk_axis_set_pixels (&axis, len, 0.0);   /* a y axis: pixels decrease upwards */
      ntk_axis_fit_ticks (&axis, 20, measure_chars, NULL, 4.0);
      g_assert_true (ntk_axis_labels_fit (&axis, measure_chars, NULL, 4.0));
      g_assert_cmpuint (ntk_axis_n_labels (&axis), >=, 1);
    }
}

static void
test_map (void)
{
  NtkAxis axis;

  ntk_axis_init (&axis, NTK_SCALE_LINEAR, -2.0, 6.0, 0.0);
  ntk_axis_set_pixels (&axis, 100.0, 500.0);
  g_assert_cmpfloat_with_epsilon (ntk_axis_map (&axis, -2.0), 100.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ntk_axis_map (&axis, 2.0), 300.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ntk_axis_unmap (&axis, 300.0), 2.0, 1e-12);
  g_assert_true (isnan (ntk_axis_map (&axis, NAN)));
  g_assert_true (isnan (ntk_axis_map (&axis, INFINITY)));

  ntk_axis_init (&axis, NTK_SCALE_LOG, 1e-3, 1e3, 0.0);
  ntk_axis_set_pixels (&axis, 400.0, 100.0);
  g_assert_cmpfloat_with_epsilon (ntk_axis_map (&axis, 1.0), 250.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ntk_axis_unmap (&axis, 150.0) / 1e2, 1.0, 1e-12);
  g_assert_true (isnan (ntk_axis_map (&axis, 0.0)));
  g_assert_true (isnan (ntk_axis_map (&axis, -1.0)));
}

static void
test_format (void)
{
  static const struct { double v; const char *want; } cases[] = {
    { 0.0, "0" }, { 0.5, "0.5" }, { 0.456, "0.456" }, { 1.23456, "1.235" }, { -2.5, "\u22122.5" },
    { 1e-6, "1e\u22126" }, { 0.000001234, "1.234e\u22126" }, { -2.5e-7, "\u22122.5e\u22127" },
    { 123456.0, "1.235e5" }, { 12345.0, "12345" }, { 9.99996e-7, "1e\u22126" },
    { NAN, "NaN" }, { INFINITY, "\u221e" }, { -INFINITY, "\u2212\u221e" },
  };
  char buf[64];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ntk_format_value (cases[i].v, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, cases[i].want);
    }
  ntk_format_decade (-6, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10\u207b\u2076");
  ntk_format_decade (10, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10\u00b9\u2070");
}

static void
test_clip_segment (void)
{
  double x0, y0, x1, y1;

  /* inside: unchanged */
  x0 = 1; y0 = 1; x1 = 2; y1 = 2;
  g_assert_true (ntk_clip_segment (0, 0, 10, 10, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat (x0, ==, 1);
  g_assert_cmpfloat (y1, ==, 2);

  /* crossing: clipped to the edges */
  x0 = -10; y0 = 5; x1 = 20; y1 = 5;
  g_assert_true (ntk_clip_segment (0, 0, 10, 10, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat_with_epsilon (x0, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x1, 10.0, 1e-12);

  /* outside: nothing */
  x0 = -10; y0 = -5; x1 = -1; y1 = -20;
  g_assert_false (ntk_clip_segment (0, 0, 10, 10, &x0, &y0, &x1, &y1));

  /* a point at 1e300 pixels: the visible part is exact */
  x0 = 5; y0 = 5; x1 = 5; y1 = 1e300;
  g_assert_true (ntk_clip_segment (0, 0, 10, 10, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat_with_epsilon (y1, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, 5.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/axis/linear", test_linear_basic);
  g_test_add_func ("/plot/axis/tiny-span", test_linear_tiny_span);
  g_test_add_func ("/plot/axis/huge", test_linear_huge);
  g_test_add_func ("/plot/axis/negative", test_linear_negative);
  g_test_add_func ("/plot/axis/single-value", test_single_value);
  g_test_add_func ("/plot/axis/log-decades", test_log_decades);
  g_test_add_func ("/plot/axis/log-few-decades", test_log_few_decades);
  g_test_add_func ("/plot/axis/pi", test_pi_ticks);
  g_test_add_func ("/plot/axis/no-overlap", test_fit_no_overlap);
  g_test_add_func ("/plot/axis/map", test_map);
  g_test_add_func ("/plot/axis/format", test_format);
  g_test_add_func ("/plot/axis/clip", test_clip_segment);

  return g_test_run ();
}
