/* fuzz_parse.c — libFuzzer target: the lexer and the parser on any bytes.
 *
 * Each input is loaded as a root file from memory (compile_load_text: lex,
 * parse, and the imports it names, resolved against a directory that does
 * not exist so nothing outside the input is read), then formatted
 * (fmt_file_text, which parses again and prints the AST). Properties: no
 * crash, leak or undefined behaviour (the sanitizers); a load that reports
 * no error can be formatted; formatting is idempotent (fmt of fmt's output
 * is the same text). */
#include <stdint.h>
#include <string.h>

#include "compile.h"
#include "diag.h"
#include "fmt.h"
#include "fuzz_common.h"

#define NO_DIR "/nonexistent/wpc-fuzz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "fuzz.wp", NO_DIR, (const char *)data, size);
    int clean = !diag_has_errors(&c.diags);
    compilation_free(&c);

    Compilation f;
    compilation_init(&f);
    const char *out = NULL;
    FmtStatus st = fmt_file_text(&f, "fuzz.wp", (const char *)data, size, &out);
    if (clean) FUZZ_CHECK(st == FMT_OK && out, "a file that loads without errors does not format");
    if (st == FMT_OK && out) {
        Compilation g;
        compilation_init(&g);
        const char *again = NULL;
        FmtStatus st2 = fmt_file_text(&g, "fuzz.wp", out, strlen(out), &again);
        FUZZ_CHECK(st2 == FMT_OK && again, "fmt's output does not parse");
        FUZZ_CHECK(strcmp(out, again) == 0, "fmt is not idempotent");
        compilation_free(&g);
    }
    compilation_free(&f);
    return 0;
}
