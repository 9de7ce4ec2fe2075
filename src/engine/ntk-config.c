/* ntk-config.c — being written */
#include <glib.h>
