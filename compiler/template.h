/* template.h — the scanner of the printf-like templates of ast_dump.c
 * (dumpf) and fmt_expr.c (fmt_writef): text to copy as it stands, then a
 * '%' and the letter of one directive. */
#ifndef WPC_TEMPLATE_H
#define WPC_TEMPLATE_H

#include <stddef.h>

typedef struct TemplateStep {
    const char *text; /* up to the next directive */
    size_t len;
    char directive; /* its letter; 0 at the end of the template */
} TemplateStep;

/* The next step of the template at *at, which moves past it (a '%' that
 * ends the template is dropped). */
static inline TemplateStep template_next(const char **at)
{
    const char *f = *at;
    TemplateStep s = {f, 0, 0};
    while (*f && *f != '%') f++;
    s.len = (size_t)(f - s.text);
    if (*f && f[1]) s.directive = f[1];
    *at = *f ? f + (f[1] ? 2 : 1) : f;
    return s;
}

#endif
