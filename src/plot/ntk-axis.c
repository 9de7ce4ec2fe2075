/* ntk-axis.c — one plot axis: range, data ↔ pixel mapping, nice ticks and their labels
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "ntk-axis.h"

#define MINUS "\u2212"
/* Largest magnitude an axis accepts: keeps spans and mapped pixels finite. */
#define AXIS_LIMIT 1e300

static const char *const superscript_digits[10] = {
  "\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
  "\u2075", "\u2076", "\u2077", "\u2078", "\u2079",
};

void
ntk_format_decade (int   exponent,
                   char *buf,
                   gsize size)
{
  GString *s = g_string_new ("10");
  char digits[16];
  unsigned int magnitude = exponent < 0 ? (unsigned int) (-(gint64) exponent) : (unsigned int) exponent;

  if (exponent < 0)
    g_string_append (s, "\u207b");
  g_snprintf (digits, sizeof digits, "%u", magnitude);
  for (const char *p = digits; *p; p++)
    g_string_append (s, superscript_digits[*p - '0']);
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
}

/* Replace ASCII '-' by the typographic minus sign. */
static void
copy_with_minus (const char *src,
                 char       *buf,
                 gsize       size)
{
  GString *s = g_string_new (NULL);

  for (const char *p = src; *p; p++)
    {
      if (*p == '-')
        g_string_append (s, MINUS);
      else
        g_string_append_c (s, *p);
    }
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
}

static void
strip_zeros (char *s)
{
  char *dot = strchr (s, '.');
  char *end;

  if (dot == NULL)
    return;
  end = s + strlen (s) - 1;
  while (end > dot && *end == '0')
    *end-- = '\0';
  if (end == dot)
    *end = '\0';
}

/* m·10^e with @decimals mantissa decimals (trailing zeros dropped) as "2.5e−13". */
static void
format_exponent (double value,
                 int    decimals,
                 char  *buf,
                 gsize  size)
{
  char mant[64], tmp[96], fmt[16];
  int e = (int) floor (log10 (fabs (value)) + 1e-12);

  decimals = CLAMP (decimals, 0, 15);
  g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
  g_ascii_formatd (mant, sizeof mant, fmt, value / pow (10.0, e));
  /* Rounding may carry the mantissa to 10 (9.9996 → "10.000"). */
  if (fabs (g_ascii_strtod (mant, NULL)) >= 10.0)
    {
      e += 1;
      g_ascii_formatd (mant, sizeof mant, fmt, value / pow (10.0, e));
    }
  strip_zeros (mant);
  g_snprintf (tmp, sizeof tmp, "%se%d", mant, e);
  copy_with_minus (tmp, buf, size);
}

void
ntk_format_value (double value,
                  char  *buf,
                  gsize  size)
{
  double a = fabs (value);
  char tmp[64];

  if (isnan (value))
    {
      g_strlcpy (buf, "NaN", size);
      return;
    }
  if (isinf (value))
    {
      g_strlcpy (buf, value > 0 ? "\u221e" : MINUS "\u221e", size);
      return;
    }
  if (value == 0.0)
    {
      g_strlcpy (buf, "0", size);
      return;
    }
  if (a >= 1e-3 && a < 1e4)
    {
      g_ascii_formatd (tmp, sizeof tmp, "%.4g", value);
      copy_with_minus (tmp, buf, size);
      return;
    }
  if (a >= 1e4 && a < 1e5)
    {
      g_ascii_formatd (tmp, sizeof tmp, "%.0f", value);
      copy_with_minus (tmp, buf, size);
      return;
    }
  format_exponent (value, 3, buf, size);
}

void
ntk_axis_init (NtkAxis *axis,
               NtkScale scale,
               double   lo,
               double   hi,
               double   pad)
{
  g_return_if_fail (axis != NULL);

  memset (axis, 0, sizeof *axis);
  axis->scale = scale;
  axis->p0 = 0.0;
  axis->p1 = 1.0;

  if (!(pad >= 0.0) || pad > 1.0)
    pad = 0.0;

  if (!isfinite (lo) && !isfinite (hi))
    {
      lo = scale == NTK_SCALE_LOG ? 1.0 : 0.0;
      hi = scale == NTK_SCALE_LOG ? 10.0 : 1.0;
    }
  else if (!isfinite (lo))
    lo = hi;
  else if (!isfinite (hi))
    hi = lo;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  lo = CLAMP (lo, -AXIS_LIMIT, AXIS_LIMIT);
  hi = CLAMP (hi, -AXIS_LIMIT, AXIS_LIMIT);

  if (scale == NTK_SCALE_LOG)
    {
      double llo, lhi;

      if (hi <= 0.0)
        {
          lo = 1.0;
          hi = 10.0;
        }
      else if (lo <= 0.0)
        lo = hi * 1e-3;   /* callers pass the smallest positive value; this is a fallback */
      lo = MAX (lo, 1e-300);
      llo = log10 (lo);
      lhi = log10 (hi);
      if (lhi - llo < 1e-9)
        {
          /* A single value: show the decade around it. */
          llo -= 0.5;
          lhi += 0.5;
        }
      else
        {
          double d = (lhi - llo) * pad;
          llo -= d;
          lhi += d;
        }
      llo = MAX (llo, -300.0);
      lhi = MIN (lhi, 300.0);
      axis->min = pow (10.0, llo);
      axis->max = pow (10.0, lhi);
    }
  else
    {
      double span = hi - lo;
      double mag = MAX (fabs (lo), fabs (hi));

      if (span <= mag * 64.0 * DBL_EPSILON)
        {
          /* A single value (or a span below double resolution): centre it. */
          double c = 0.5 * (lo + hi);

          if (mag == 0.0)
            {
              lo = -1.0;
              hi = 1.0;
            }
          else
            {
              lo = c - 0.1 * fabs (c);
              hi = c + 0.1 * fabs (c);
            }
        }
      else
        {
          double d = span * pad;
          lo -= d;
          hi += d;
        }
      axis->min = lo;
      axis->max = hi;
    }
}

void
ntk_axis_set_pixels (NtkAxis *axis,
                     double   p0,
                     double   p1)
{
  g_return_if_fail (axis != NULL);
  axis->p0 = p0;
  axis->p1 = p1;
}

gboolean
ntk_axis_value_ok (const NtkAxis *axis,
                   double         value)
{
  if (!isfinite (value))
    return FALSE;
  if (axis->scale == NTK_SCALE_LOG && value <= 0.0)
    return FALSE;
  return TRUE;
}

double
ntk_axis_map (const NtkAxis *axis,
              double         value)
{
  double f;

  if (!ntk_axis_value_ok (axis, value))
    return NAN;
  if (axis->scale == NTK_SCALE_LOG)
    f = (log10 (value) - log10 (axis->min)) / (log10 (axis->max) - log10 (axis->min));
  else
    f = (value - axis->min) / (axis->max - axis->min);
  f = axis->p0 + f * (axis->p1 - axis->p0);
  return isfinite (f) ? f : NAN;
}

double
ntk_axis_unmap (const NtkAxis *axis,
                double         pixel)
{
  double f;

  if (axis->p1 == axis->p0)
    return NAN;
  f = (pixel - axis->p0) / (axis->p1 - axis->p0);
  if (axis->scale == NTK_SCALE_LOG)
    return pow (10.0, log10 (axis->min) + f * (log10 (axis->max) - log10 (axis->min)));
  return axis->min + f * (axis->max - axis->min);
}

static NtkTick *
add_tick (NtkAxis *axis,
          double   value,
          gboolean major)
{
  NtkTick *t;

  if (axis->n_ticks >= NTK_AXIS_MAX_TICKS)
    return NULL;
  t = &axis->ticks[axis->n_ticks++];
  t->value = value;
  t->major = major;
  t->labelled = major;
  t->label[0] = '\0';
  return t;
}

static int
floor_log10 (double v)
{
  return (int) floor (log10 (v) + 1e-9);
}

static gint64
count_multiples (double lo,
                 double hi,
                 double step)
{
  double i0 = ceil (lo / step - 1e-9);
  double i1 = floor (hi / step + 1e-9);

  return (gint64) (i1 - i0 + 1.0);
}

/* Smallest 1-2-5 step giving at most @max_major ticks in [lo, hi]. */
static double
nice_step (double lo,
           double hi,
           guint  max_major)
{
  double span = hi - lo;
  int e = floor_log10 (span / max_major) - 1;
  static const double mult[] = { 1.0, 2.0, 5.0 };

  for (int k = 0; k < 60; k++, e++)
    for (guint j = 0; j < G_N_ELEMENTS (mult); j++)
      {
        double s = mult[j] * pow (10.0, e);

        if (count_multiples (lo, hi, s) <= (gint64) max_major)
          return s;
      }
  return span;
}

static void
gcd_reduce (gint64 *num,
            gint64 *den)
{
  gint64 a = *num < 0 ? -*num : *num, b = *den;

  while (b != 0)
    {
      gint64 t = a % b;
      a = b;
      b = t;
    }
  if (a > 1)
    {
      *num /= a;
      *den /= a;
    }
}

/* i · π · num / den as "3π/4". */
static void
format_pi (gint64 i,
           gint64 num,
           gint64 den,
           char  *buf,
           gsize  size)
{
  gint64 n = i * num, d = den;
  char tmp[64];

  if (n == 0)
    {
      g_strlcpy (buf, "0", size);
      return;
    }
  gcd_reduce (&n, &d);
  if (n == 1 || n == -1)
    g_snprintf (tmp, sizeof tmp, "%s\u03c0", n < 0 ? "-" : "");
  else
    g_snprintf (tmp, sizeof tmp, "%" G_GINT64_FORMAT "\u03c0", n);
  if (d != 1)
    {
      char frac[80];
      g_snprintf (frac, sizeof frac, "%s/%" G_GINT64_FORMAT, tmp, d);
      copy_with_minus (frac, buf, size);
    }
  else
    copy_with_minus (tmp, buf, size);
}

static gboolean
make_pi_ticks (NtkAxis *axis,
               guint    max_major)
{
  /* Steps as fractions of π: π/4, π/2, π, 2π, 5π, 10π, … */
  static const struct { gint64 num, den; } steps[] = {
    { 1, 4 }, { 1, 2 }, { 1, 1 }, { 2, 1 }, { 5, 1 }, { 10, 1 }, { 20, 1 }, { 50, 1 }, { 100, 1 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
    {
      double s = G_PI * steps[k].num / steps[k].den;
      gint64 count = count_multiples (axis->min, axis->max, s);
      double i0, i1;

      if (count > (gint64) max_major)
        continue;
      if (count < 2)
        return FALSE;   /* too narrow a range for π steps: plain numbers read better */
      axis->step = s;
      i0 = ceil (axis->min / s - 1e-9);
      i1 = floor (axis->max / s + 1e-9);
      for (double i = i0; i <= i1; i++)
        {
          NtkTick *t = add_tick (axis, i * s, TRUE);

          if (t == NULL)
            break;
          format_pi ((gint64) i, steps[k].num, steps[k].den, t->label, sizeof t->label);
        }
      return TRUE;
    }
  return FALSE;
}

/* Labels of linear (or sub-decade log) ticks spaced by @step. */
static void
label_linear_ticks (NtkAxis *axis,
                    double   step)
{
  double maxabs = 0.0;
  int k = floor_log10 (step);
  gboolean exponent;

  for (guint i = 0; i < axis->n_ticks; i++)
    if (axis->ticks[i].major)
      maxabs = MAX (maxabs, fabs (axis->ticks[i].value));
  /* Exponents when fixed notation would need many leading zeros or digits. */
  exponent = maxabs >= 1e5 || (maxabs > 0.0 && maxabs < 1e-3);

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      NtkTick *t = &axis->ticks[i];
      char tmp[64];

      if (!t->major)
        continue;
      if (t->value == 0.0 && exponent)
        g_strlcpy (t->label, "0", sizeof t->label);
      else if (exponent)
        {
          int e = (int) floor (log10 (fabs (t->value)) + 1e-9);
          format_exponent (t->value, e - k, t->label, sizeof t->label);
        }
      else
        {
          char fmt[16];
          g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (-k, 0, 17));
          g_ascii_formatd (tmp, sizeof tmp, fmt, t->value);
          copy_with_minus (tmp, t->label, sizeof t->label);
        }
    }
}

static void
make_linear_ticks (NtkAxis *axis,
                   guint    max_major,
                   gboolean positive_only)
{
  double s = nice_step (axis->min, axis->max, max_major);
  double i0 = ceil (axis->min / s - 1e-9);
  double i1 = floor (axis->max / s + 1e-9);

  if (axis->scale == NTK_SCALE_LINEAR)
    axis->step = s;
  for (double i = i0; i <= i1; i++)
    {
      double v = i * s;

      if (fabs (v) < s * 1e-9)
        v = 0.0;
      if (positive_only && v <= 0.0)
        continue;
      if (add_tick (axis, v, TRUE) == NULL)
        break;
    }
  label_linear_ticks (axis, s);
}

static gboolean
make_log125_ticks (NtkAxis *axis,
                   guint    max_major)
{
  static const int majors[] = { 1, 2, 5 };
  int e0 = (int) floor (log10 (axis->min)), e1 = (int) ceil (log10 (axis->max));
  double lo = axis->min * (1 - 1e-12), hi = axis->max * (1 + 1e-12);
  double pixels_per_decade = fabs (axis->p1 - axis->p0) / MAX (log10 (axis->max / axis->min), 1e-9);
  guint count = 0;

  for (int e = e0; e <= e1; e++)
    for (guint j = 0; j < G_N_ELEMENTS (majors); j++)
      {
        double v = majors[j] * pow (10.0, e);
        if (v >= lo && v <= hi)
          count++;
      }
  if (count < 2 || count > max_major)
    return FALSE;

  axis->step = 0.0;
  for (int e = e0; e <= e1; e++)
    for (int m = 1; m <= 9; m++)
      {
        double v = m * pow (10.0, e);
        gboolean major = m == 1 || m == 2 || m == 5;
        NtkTick *t;

        if (v < lo || v > hi || (!major && pixels_per_decade < 40.0 && axis->p0 != axis->p1))
          continue;
        t = add_tick (axis, v, major);
        if (t != NULL && major)
          {
            char fmt[16];

            g_snprintf (fmt, sizeof fmt, "%%.%df", MAX (0, -e));
            g_ascii_formatd (t->label, sizeof t->label, fmt, v);
          }
      }
  return TRUE;
}

static void
make_log_ticks (NtkAxis *axis,
                guint    max_major)
{
  double lmin = log10 (axis->min), lmax = log10 (axis->max);
  int d0 = (int) ceil (lmin - 1e-9);
  int d1 = (int) floor (lmax + 1e-9);
  int n_dec = d1 - d0 + 1;
  static const int mult[] = { 1, 2, 3, 5 };
  int stride = 1;
  double pixels_per_decade;

  /* A few decades of everyday numbers: majors at 1, 2 and 5 × 10^d, labelled "0.02". */
  if (n_dec <= 3 && lmin >= -3.0 - 1e-9 && lmax <= 4.0 + 1e-9 && make_log125_ticks (axis, max_major))
    return;
  if (n_dec < 2)
    {
      /* Less than a decade: 1-2-5 steps in data units read better than one decade tick. */
      make_linear_ticks (axis, max_major, TRUE);
      axis->step = 0.0;
      return;
    }

  for (int e = 0, found = 0; !found && e < 4; e++)
    for (guint j = 0; j < G_N_ELEMENTS (mult); j++)
      {
        int s = mult[j] * (int) pow (10.0, e);
        int count = 0;

        for (int d = d0; d <= d1; d++)
          if (((d % s) + s) % s == 0)
            count++;
        if (count <= (int) max_major)
          {
            stride = s;
            found = 1;
            break;
          }
      }
  axis->step = stride;

  pixels_per_decade = fabs (axis->p1 - axis->p0) / MAX (lmax - lmin, 1e-9);
  /* Majors first, so the minor ticks can never crowd them out of the tick array. */
  for (int d = d0; d <= d1; d++)
    if (((d % stride) + stride) % stride == 0)
      {
        NtkTick *t = add_tick (axis, pow (10.0, d), TRUE);
        if (t != NULL)
          ntk_format_decade (d, t->label, sizeof t->label);
      }
  if (stride > 1)
    {
      /* Unlabelled decades between the labelled ones (every few decades when strides are long). */
      int minor = MAX (1, stride / 5);

      for (int d = d0; d <= d1; d++)
        if (((d % stride) + stride) % stride != 0 && ((d % minor) + minor) % minor == 0)
          add_tick (axis, pow (10.0, d), FALSE);
    }
  else if (pixels_per_decade >= 40.0 || (axis->p0 == axis->p1 && n_dec <= 6))
    {
      /* 2…9 × 10^d between decades, when they have room. */
      for (int d = d0 - 1; d <= d1; d++)
        for (int j = 2; j <= 9; j++)
          {
            double v = j * pow (10.0, d);
            if (v >= axis->min * (1 - 1e-12) && v <= axis->max * (1 + 1e-12))
              add_tick (axis, v, FALSE);
          }
    }
}

void
ntk_axis_make_ticks (NtkAxis *axis,
                     guint    max_major)
{
  g_return_if_fail (axis != NULL);

  max_major = CLAMP (max_major, 2, NTK_AXIS_MAX_TICKS / 2);
  axis->n_ticks = 0;
  axis->step = 0.0;

  if (axis->scale == NTK_SCALE_LOG)
    make_log_ticks (axis, max_major);
  else if (!(axis->pi_units && make_pi_ticks (axis, max_major)))
    make_linear_ticks (axis, max_major, FALSE);
}

guint
ntk_axis_n_labels (const NtkAxis *axis)
{
  guint n = 0;

  for (guint i = 0; i < axis->n_ticks; i++)
    if (axis->ticks[i].labelled && axis->ticks[i].label[0] != '\0')
      n++;
  return n;
}

typedef struct {
  double pos, extent;
  guint  index;
} LabelSpan;

static int
compare_span (gconstpointer a,
              gconstpointer b)
{
  const LabelSpan *sa = a, *sb = b;
  return (sa->pos > sb->pos) - (sa->pos < sb->pos);
}

static guint
collect_spans (const NtkAxis  *axis,
               NtkLabelMeasure measure,
               gpointer        user_data,
               LabelSpan      *spans)
{
  guint n = 0;

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      const NtkTick *t = &axis->ticks[i];

      if (!t->labelled || t->label[0] == '\0')
        continue;
      spans[n].pos = ntk_axis_map (axis, t->value);
      spans[n].extent = measure (t->label, user_data);
      spans[n].index = i;
      n++;
    }
  qsort (spans, n, sizeof *spans, compare_span);
  return n;
}

gboolean
ntk_axis_labels_fit (const NtkAxis  *axis,
                     NtkLabelMeasure measure,
                     gpointer        user_data,
                     double          gap)
{
  LabelSpan spans[NTK_AXIS_MAX_TICKS];
  guint n;

  g_return_val_if_fail (axis != NULL, FALSE);
  if (measure == NULL)
    return TRUE;

  n = collect_spans (axis, measure, user_data, spans);
  for (guint i = 1; i < n; i++)
    if (spans[i].pos - spans[i - 1].pos < 0.5 * (spans[i].extent + spans[i - 1].extent) + gap)
      return FALSE;
  return TRUE;
}

void
ntk_axis_set_ticks (NtkAxis           *axis,
                    const double      *values,
                    const char *const *labels,
                    guint              n)
{
  g_return_if_fail (axis != NULL);

  axis->n_ticks = 0;
  axis->step = 0.0;
  for (guint i = 0; i < n; i++)
    {
      NtkTick *t;

      if (!ntk_axis_value_ok (axis, values[i]))
        continue;
      t = add_tick (axis, values[i], TRUE);
      if (t == NULL)
        break;
      g_strlcpy (t->label, labels[i], sizeof t->label);
    }
}

void
ntk_axis_thin_labels (NtkAxis        *axis,
                      NtkLabelMeasure measure,
                      gpointer        user_data,
                      double          gap)
{
  LabelSpan spans[NTK_AXIS_MAX_TICKS];
  double last_end = -G_MAXDOUBLE;
  guint n;

  g_return_if_fail (axis != NULL);
  if (measure == NULL)
    return;
  n = collect_spans (axis, measure, user_data, spans);
  for (guint i = 0; i < n; i++)
    {
      double start = spans[i].pos - 0.5 * spans[i].extent;

      if (start < last_end + gap)
        axis->ticks[spans[i].index].labelled = FALSE;
      else
        last_end = spans[i].pos + 0.5 * spans[i].extent;
    }
}

void
ntk_axis_fit_ticks (NtkAxis        *axis,
                    guint           max_major,
                    NtkLabelMeasure measure,
                    gpointer        user_data,
                    double          gap)
{
  g_return_if_fail (axis != NULL);

  for (guint m = MAX (max_major, 2); m >= 2; m--)
    {
      ntk_axis_make_ticks (axis, m);
      if (ntk_axis_labels_fit (axis, measure, user_data, gap))
        return;
    }

  /* Even two labels collide (a tiny axis or very long labels): keep the ticks, drop the labels
   * that would overlap the previous kept one. */
  ntk_axis_thin_labels (axis, measure, user_data, gap);
}
