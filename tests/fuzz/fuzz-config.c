/* fuzz-config.c — libFuzzer harness for the .ntk key-file loader
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input must either load into a configuration that validates and survives
 * to_data → load_data bit for bit (and get → set field by field), or fail with an
 * NTK_CONFIG_ERROR whose message is valid UTF-8. Anything else aborts.
 *
 * The same entry point is replayed over corpus-config/ by the normal test suite
 * (fuzz-replay.c). To fuzz, from the source root with a configured build dir
 * (for config.h) and clang installed:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -I BUILDDIR -I src/engine $(pkg-config --cflags glib-2.0) \
 *     tests/fuzz/fuzz-config.c src/engine/ntk-config.c src/engine/ntk-config-file.c \
 *     src/engine/ntk-config-memory.c $(pkg-config --libs glib-2.0) -lm -o fuzz-config
 *   mkdir -p /tmp/corpus-config && ./fuzz-config -max_total_time=600 -max_len=4096 \
 *     /tmp/corpus-config tests/fuzz/corpus-config
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntk-config.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Warnings and criticals are bugs here. GLib would stop on them with SIGTRAP, which
 * libFuzzer does not treat as a crash (no reproducer is saved): abort instead. */
static void
abort_on_log (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  g_printerr ("%s: %s\n", domain != NULL ? domain : "", message);
  abort ();
}

static void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GLogLevelFlags levels = G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING;

      g_log_set_handler ("GLib", levels, abort_on_log, NULL);
      g_log_set_handler (NULL, levels, abort_on_log, NULL);
      g_once_init_leave (&done, 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NtkConfig) config = NULL;
  g_autoptr(NtkConfig) again = NULL;
  g_autoptr(NtkConfig) by_field = NULL;
  g_autofree char *text = NULL;
  gsize length;

  fuzz_init ();

  config = ntk_config_load_data ((const char *) data, size, &error);
  if (config == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == NTK_CONFIG_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_null (error);
  g_assert_true (ntk_config_validate (config, NULL));

  text = ntk_config_to_data (config, &length);
  again = ntk_config_load_data (text, length, &error);
  if (again == NULL)
    g_error ("saved text does not load: %s\n%s", error->message, text);
  if (!ntk_config_equal (config, again))
    g_error ("key-file round trip differs:\n%s", text);

  by_field = ntk_config_new ();
  for (const char * const *k = ntk_config_field_names (); *k != NULL; k++)
    {
      g_autofree char *value = ntk_config_get (config, *k);
      if (!ntk_config_set (by_field, *k, value, &error))
        g_error ("%s=%s does not set back: %s", *k, value, error->message);
    }
  g_assert_true (ntk_config_equal (config, by_field));

  return 0;
}
