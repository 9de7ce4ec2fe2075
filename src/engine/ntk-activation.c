/* ntk-activation.c — being written */
#include <glib.h>
