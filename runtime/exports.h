/* exports.h — prototypes for every export of exports.def, generated from the
 * list. Included by rt_exports.c after the real headers: a prototype that
 * disagrees with its declaration is a compile error. */
#ifndef RT_EXPORTS_H
#define RT_EXPORTS_H

#include "rt_value.h"

#define RT_EXPORT(kind, ret, name, params) ret name params;
#include "exports.def"
#undef RT_EXPORT

#endif
