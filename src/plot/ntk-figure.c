/* ntk-figure.c — being written */
#include <glib.h>
