/* ntk-test-util.h — helpers the engine tests share: assertions, the bare MLP configuration,
 * random inputs, Euclidean norms and a cancel from another thread
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ntk-config.h"

G_BEGIN_DECLS

/* Fails with both values and the relative error unless |a − b| ≤ tol · max(|b|, 1e-300).
 * A macro only to pass the text of @a for the message. */
void      ntk_test_check_rel             (const char   *expr,
                                          double        a,
                                          double        b,
                                          double        tol);
#define assert_rel(a, b, tol) ntk_test_check_rel (#a, (a), (b), (tol))

/* Fails unless @error is set and its message contains @needle. */
void      ntk_test_assert_message_contains (const GError *error,
                                            const char   *needle);

/* A configuration with only what ntk_mlp_new reads (leaky slope 0.1; the rest zero). */
NtkConfig ntk_test_mlp_config            (NtkActivation act,
                                          guint         depth,
                                          guint         width,
                                          double        sigma_w,
                                          double        sigma_b,
                                          guint64       seed);

/* @len values uniform in [−1, 1) from stream @stream of the engine's RNG seeded with @seed. */
void      ntk_test_fill_uniform          (guint64       seed,
                                          guint64       stream,
                                          double       *x,
                                          gsize         len);

/* ‖a‖₂ and ‖a − b‖₂ over n entries, summed in index order. */
double    ntk_test_norm                  (const double *a,
                                          gsize         n);
double    ntk_test_distance              (const double *a,
                                          const double *b,
                                          gsize         n);
/* ‖a − b‖₂ / ‖b‖₂ against a reference @b; ‖a − b‖₂ when b = 0. */
double    ntk_test_rel_distance          (const double *a,
                                          const double *b,
                                          gsize         n);

/* Cancels @cancellable after @delay_us from a thread of its own:
 * g_thread_new (name, ntk_test_cancel_later, &canceller). cancelled_at (monotonic µs) is when
 * it did, to be read after the join. */
typedef struct {
  GCancellable *cancellable;
  gulong        delay_us;
  gint64        cancelled_at;
} NtkTestCanceller;

gpointer  ntk_test_cancel_later          (gpointer      canceller);

G_END_DECLS
