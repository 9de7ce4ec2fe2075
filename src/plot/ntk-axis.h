/* ntk-axis.h — one plot axis: range, data ↔ pixel mapping, nice ticks and their labels
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linear axes put major ticks on 1-2-5 steps (or on multiples of π/4 … for angles); log axes on
 * decades, every k-th decade when there are many, with minor ticks between. Labels use fixed
 * notation where it reads well and exponents elsewhere ("2e−13", "10⁻⁶"), never "0.000001".
 * ntk_axis_fit_ticks() picks the densest tick set whose labels do not overlap, from measured
 * label extents, so the same code serves the screen and every export size.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  NTK_SCALE_LINEAR,
  NTK_SCALE_LOG,
} NtkScale;

#define NTK_AXIS_MAX_TICKS 160
#define NTK_AXIS_LABEL_SIZE 48

typedef struct {
  double   value;
  gboolean major;
  gboolean labelled;                  /* major ticks may lose their label to avoid overlaps */
  char     label[NTK_AXIS_LABEL_SIZE];
} NtkTick;

typedef struct {
  NtkScale scale;
  gboolean pi_units;       /* linear axis of an angle: ticks at multiples of π/4, π/2, π, … */
  double   min, max;       /* shown range in data units, min < max (log: 0 < min) */
  double   p0, p1;         /* pixel positions of min and max (p1 < p0 on a y axis) */
  double   step;           /* major step: data units (linear), decades (log) */
  guint    n_ticks;
  NtkTick  ticks[NTK_AXIS_MAX_TICKS];
} NtkAxis;

/* Extent along the axis (width for x, height for y) of a label, for overlap tests. */
typedef double (*NtkLabelMeasure) (const char *label, gpointer user_data);

/* Set the shown range from data extents lo…hi, widened by @pad (a fraction of the span, or of a
 * decade on log axes). Handles every degenerate case: non-finite or reversed bounds, lo = hi
 * (including 0), spans below double resolution, lo ≤ 0 on a log axis. No ticks yet. */
void     ntk_axis_init           (NtkAxis *axis, NtkScale scale, double lo, double hi, double pad);
void     ntk_axis_set_pixels     (NtkAxis *axis, double p0, double p1);

/* Ticks with at most @max_major labelled major ticks (at least 2 are asked for). */
void     ntk_axis_make_ticks     (NtkAxis *axis, guint max_major);
/* The densest tick set, starting from @max_major, whose labels keep @gap pixels apart; falls
 * back to dropping labels (never ticks) when even two labels collide. @measure NULL: no check. */
void     ntk_axis_fit_ticks      (NtkAxis *axis, guint max_major, NtkLabelMeasure measure,
                                  gpointer user_data, double gap);
/* Ticks chosen by the caller (e.g. the widths of a sweep), all major and labelled; values the
 * axis cannot show are skipped. */
void     ntk_axis_set_ticks      (NtkAxis *axis, const double *values, const char *const *labels,
                                  guint n);
/* Drop labels (never ticks) that would overlap the previous kept one. */
void     ntk_axis_thin_labels    (NtkAxis *axis, NtkLabelMeasure measure, gpointer user_data,
                                  double gap);
/* TRUE when no two labelled ticks overlap. */
gboolean ntk_axis_labels_fit     (const NtkAxis *axis, NtkLabelMeasure measure,
                                  gpointer user_data, double gap);
guint    ntk_axis_n_labels       (const NtkAxis *axis);

/* Data → pixel; NAN when @value cannot be shown (non-finite, ≤ 0 on a log axis). Values outside
 * the range map outside the pixel range. */
double   ntk_axis_map            (const NtkAxis *axis, double value);
double   ntk_axis_unmap          (const NtkAxis *axis, double pixel);
gboolean ntk_axis_value_ok       (const NtkAxis *axis, double value);

/* Readout formatting: 4 significant digits, Unicode minus, short exponents ("1.23e−6"). */
void     ntk_format_value        (double value, char *buf, gsize size);
/* "10⁻⁶" */
void     ntk_format_decade       (int exponent, char *buf, gsize size);

G_END_DECLS
