/* compile.c — set-up and tear-down of a Compilation (see compile.h). */
#include "compile.h"

#include <string.h>

void compilation_init(Compilation *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    source_map_init(&c->sources, &c->arena);
    diag_list_init(&c->diags, &c->arena, &c->sources);
}

void compilation_free(Compilation *c)
{
    arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}
