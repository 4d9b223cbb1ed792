/* numfmt_harness.c — rt_num_format as a filter, for the differential test
 * against node (numfmt.test.mjs): reads one double per line as 16 hex digits
 * of its bit pattern (most significant first), writes its text per line.
 * A malformed line prints "?" so the test sees it. Exit status 0. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rt_numfmt.h"

static int parse(const char *s, uint64_t *bits)
{
    uint64_t v = 0;
    int i = 0;
    for (; i < 16; i++) {
        char c = s[i];
        uint64_t h;
        if (c >= '0' && c <= '9')
            h = (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            h = (uint64_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            h = (uint64_t)(c - 'A' + 10);
        else
            return 0;
        v = v << 4 | h;
    }
    if (s[i] && s[i] != '\n' && s[i] != '\r') return 0;
    *bits = v;
    return 1;
}

int main(void)
{
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        uint64_t bits;
        if (!parse(line, &bits)) {
            fputs("?\n", stdout);
            if (!strchr(line, '\n')) /* skip the rest of an overlong line */
                for (int c = getchar(); c != EOF && c != '\n'; c = getchar()) {}
            continue;
        }
        double v;
        memcpy(&v, &bits, sizeof v);
        char text[RT_NUM_TEXT_MAX];
        int32_t len = rt_num_format(v, text);
        fwrite(text, 1, (size_t)len, stdout);
        fputc('\n', stdout);
    }
    return 0;
}
