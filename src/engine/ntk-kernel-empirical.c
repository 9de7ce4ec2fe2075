/* ntk-kernel-empirical.c — being written */
#include <glib.h>
