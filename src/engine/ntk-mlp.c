/* ntk-mlp.c — being written */
#include <glib.h>
