/* ntk-snapshot.c — being written */
#include <glib.h>
