/* fuzz-replay.c — runs a fuzz harness over its seed corpus as an ordinary test
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked with one fuzz-*.c (FUZZ_NAME says which); every file of
 * tests/fuzz/corpus-FUZZ_NAME goes through LLVMFuzzerTestOneInput, whose own
 * checks abort on a bug. Crash reproducers found later belong in the corpus too.
 */

#include "config.h"

#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
test_replay (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-" FUZZ_NAME, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  /* an empty corpus would make this test pass without testing anything */
  g_assert_cmpuint (names->len, >=, 5);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes)", (const char *) names->pdata[i], length);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/" FUZZ_NAME "/replay", test_replay);
  return g_test_run ();
}
