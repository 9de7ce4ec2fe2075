/* ntk-dataset.c — being written */
#include <glib.h>
