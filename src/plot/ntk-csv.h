/* ntk-csv.h — writing the plotted series as CSV: exact, locale-independent numbers
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers use the shortest form that reads back to the same double ("0.1", not
 * "0.10000000000000001"); missing values are written as NaN, which R, pandas and numpy all read.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ntk_csv_number (GString *csv, double value);
/* A cell: a comma first unless it starts the row. */
void ntk_csv_cell   (GString *csv, gboolean first, double value);
/* A header or text cell, quoted when it holds a comma, quote or newline. */
void ntk_csv_text   (GString *csv, gboolean first, const char *text);
void ntk_csv_end    (GString *csv);

G_END_DECLS
