/* ntk-dynamics.c — being written */
#include <glib.h>
