/* ntk-kernel-analytic.c — being written */
#include <glib.h>
