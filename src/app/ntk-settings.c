/* ntk-settings.c — the last experiment remembered in GSettings
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys are typed (u, d, t, s) so dconf-editor shows them sensibly, but values travel through
 * the text form of ntk_config_get/ntk_config_set, so validation stays in one place.  Only keys
 * with a user value are applied: the engine's defaults remain the only defaults.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ntk-settings.h"

static gboolean
has_key (GSettings  *settings,
         const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

NtkConfig *
ntk_settings_load_config (GSettings  *settings,
                          GError    **error)
{
  g_autoptr(NtkConfig) config = ntk_config_new ();
  const char *const *keys = ntk_config_field_names ();
  g_autoptr(GString) problems = NULL;
  /* "dataset" = csv needs "data" first; the key order of the engine may not have it so. */
  static const char *first[] = { "data", NULL };

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; (pass == 0 ? first[i] : keys[i]) != NULL; i++)
      {
        const char *key = pass == 0 ? first[i] : keys[i];
        g_autoptr(GVariant) value = NULL;
        g_autoptr(GError) local_error = NULL;
        g_autofree char *text = NULL;

        if (pass == 1 && g_str_equal (key, "data"))
          continue;
        if (!has_key (settings, key))
          continue;
        value = g_settings_get_user_value (settings, key);
        if (value == NULL)
          continue;

        if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
          text = g_variant_dup_string (value, NULL);
        else
          text = g_variant_print (value, FALSE);

        /* An empty "data" means "no file". */
        if (g_str_equal (key, "data") && *text == '\0')
          continue;

        if (!ntk_config_set (config, key, text, &local_error))
          {
            if (problems == NULL)
              problems = g_string_new (NULL);
            else
              g_string_append_c (problems, '\n');
            g_string_append (problems, local_error->message);
          }
      }

  /* The remembered combination may be invalid (a CSV file that has gone, say): start from the
   * defaults then, and say so. */
  {
    g_autoptr(GError) local_error = NULL;

    if (!ntk_config_validate (config, &local_error))
      {
        if (problems == NULL)
          problems = g_string_new (NULL);
        else
          g_string_append_c (problems, '\n');
        g_string_append (problems, local_error->message);
        ntk_config_free (config);
        config = ntk_config_new ();
      }
  }

  if (problems != NULL)
    g_set_error (error, NTK_CONFIG_ERROR, NTK_CONFIG_ERROR_INVALID,
                 _("The remembered parameters could not all be restored: %s"), problems->str);

  return g_steal_pointer (&config);
}

void
ntk_settings_save_config (GSettings       *settings,
                          const NtkConfig *config)
{
  const char *const *keys = ntk_config_field_names ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (config != NULL);

  g_object_get (settings, "settings-schema", &schema, NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GSettingsSchemaKey) schema_key = NULL;
      g_autofree char *text = NULL;
      const GVariantType *type;
      g_autoptr(GVariant) value = NULL;

      if (!g_settings_schema_has_key (schema, keys[i]))
        continue;
      schema_key = g_settings_schema_get_key (schema, keys[i]);
      type = g_settings_schema_key_get_value_type (schema_key);
      text = ntk_config_get (config, keys[i]);
      if (text == NULL)
        text = g_strdup ("");

      if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
        value = g_variant_ref_sink (g_variant_new_string (text));
      else
        value = g_variant_parse (type, text, NULL, NULL, NULL);

      if (value != NULL)
        g_settings_set_value (settings, keys[i], value);
    }
}
