/* harness.c — the native side of the differential regex test
 * (tests/regex/regex.test.mjs): compiles patterns with regex_dfa.c and runs
 * strings through rt_dfa_search, so node can compare every answer with
 * JavaScript's RegExp.prototype.test.
 *
 * Reads lines from stdin, answers one line each on stdout:
 *   P <hex of the pattern's UTF-8 bytes>
 *       -> "P ok <states> <classes> <ranges> <nfa nodes> <bytes> <blob hex>"
 *          or "P syntax <message>" / "P large <message>"
 *   S <hex of the string's UTF-16 code units, 4 digits each>
 *       -> "1" or "0" for the last pattern ("-" when it did not compile)
 * A string is handed to rt_dfa_search as WTF-8, the way runtime/js/codec.js
 * stores it (a pair as 4 bytes, a lone surrogate as its 3-byte form). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../runtime/rt_dfa.h"
#include "regex_dfa.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* UTF-16 units → WTF-8; returns the byte count (out holds 3 per unit). */
static size_t to_wtf8(const unsigned *u, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = u[i];
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && u[i + 1] >= 0xdc00 && u[i + 1] <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (u[i + 1] - 0xdc00);
            i++;
        }
        if (c < 0x80)
            out[o++] = (unsigned char)c;
        else if (c < 0x800) {
            out[o++] = (unsigned char)(0xc0 | c >> 6);
            out[o++] = (unsigned char)(0x80 | (c & 63));
        } else if (c < 0x10000) {
            out[o++] = (unsigned char)(0xe0 | c >> 12);
            out[o++] = (unsigned char)(0x80 | ((c >> 6) & 63));
            out[o++] = (unsigned char)(0x80 | (c & 63));
        } else {
            out[o++] = (unsigned char)(0xf0 | c >> 18);
            out[o++] = (unsigned char)(0x80 | ((c >> 12) & 63));
            out[o++] = (unsigned char)(0x80 | ((c >> 6) & 63));
            out[o++] = (unsigned char)(0x80 | (c & 63));
        }
    }
    return o;
}

int main(void)
{
    Arena arena;
    arena_init(&arena);
    const uint8_t *blob = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned *units = NULL;
    unsigned char *bytes = NULL;
    size_t ucap = 0;
    while ((got = getline(&line, &cap, stdin)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = 0;
        if (got < 1) continue;
        const char *hex = got > 2 ? line + 2 : "";
        size_t hn = strlen(hex);
        if (hn + 1 > ucap) {
            ucap = hn + 1;
            units = realloc(units, ucap * sizeof *units);
            bytes = realloc(bytes, ucap * 3 + 4);
            if (!units || !bytes) return 70;
        }
        if (line[0] == 'P') {
            size_t n = hn / 2;
            for (size_t i = 0; i < n; i++) bytes[i] = (unsigned char)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
            arena_free(&arena);
            arena_init(&arena);
            RegexDfa d;
            const char *err = NULL;
            RegexStatus st = regex_compile(&arena, (const char *)bytes, n, &d, &err);
            if (st != REGEX_OK) {
                blob = NULL;
                printf("P %s %s\n", st == REGEX_SYNTAX ? "syntax" : "large", err);
                continue;
            }
            blob = d.blob;
            printf("P ok %u %u %u %u %u ", d.n_states, d.n_classes, d.n_ranges, d.nfa_nodes, d.blob_len);
            if (getenv("WP_REGEX_STATS"))
                fprintf(stderr, "%u built states, %llu work\n", d.built_states, (unsigned long long)d.work);
            for (uint32_t i = 0; i < d.blob_len; i++) printf("%02x", d.blob[i]);
            putchar('\n');
        } else if (line[0] == 'S') {
            if (!blob) {
                puts("-");
                continue;
            }
            size_t n = hn / 4;
            for (size_t i = 0; i < n; i++)
                units[i] = (unsigned)(hexval(hex[4 * i]) << 12 | hexval(hex[4 * i + 1]) << 8 |
                                      hexval(hex[4 * i + 2]) << 4 | hexval(hex[4 * i + 3]));
            size_t len = to_wtf8(units, n, bytes);
            putchar(rt_dfa_search(blob, bytes, (int32_t)len) ? '1' : '0');
            putchar('\n');
        }
    }
    free(line);
    free(units);
    free(bytes);
    arena_free(&arena);
    return 0;
}
