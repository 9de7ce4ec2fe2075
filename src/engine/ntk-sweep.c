/* ntk-sweep.c — being written */
#include <glib.h>
