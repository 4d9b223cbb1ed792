/* rt_numfmt.h — a double as text, exactly as JavaScript's String(n)
 * (ECMAScript Number::toString, radix 10): the shortest digits that read back
 * as the same double, the closest of them to the exact value and the even one
 * on a tie (V8's choice), laid out in decimal for 1e-7 <= |n| < 1e21 and in
 * exponent form otherwise. "NaN", "Infinity", "-Infinity"; -0 gives "0".
 *
 * Pure C11 on <stdint.h> and <string.h>, no libc formatting: it is linked
 * into runtime.wasm and into wpc. */
#ifndef RT_NUMFMT_H
#define RT_NUMFMT_H

#include <stdint.h>

/* Room for any result plus a NUL. The longest text is 25 characters, e.g.
 * "-0.0000012345678901234567" (sign, "0.", five zeros, 17 digits). */
#define RT_NUM_TEXT_MAX 32

/* Writes the text of v to out, followed by a NUL, and returns its length
 * (the NUL not counted). */
int32_t rt_num_format(double v, char out[RT_NUM_TEXT_MAX]);

#endif
