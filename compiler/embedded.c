/* embedded.c — lookup in the tables of embedded files (see embedded.h). */
#include "embedded.h"

#include <string.h>

const WpcEmbedded *embedded_find(const WpcEmbedded *table, const char *name)
{
    for (; table->name; table++)
        if (strcmp(table->name, name) == 0) return table;
    return NULL;
}
