/* ntk-experiment.c — being written */
#include <glib.h>
