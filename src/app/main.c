/* main.c — NTK Lab: see the Neural Tangent Kernel
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ntk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(NtkApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("NTK Lab"));

  app = ntk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
