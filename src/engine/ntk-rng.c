/* ntk-rng.c — being written */
#include <glib.h>
