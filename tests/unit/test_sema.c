/* test_sema.c — semantic analysis: imports, the state type, per-rule checks,
 * duplicates and cycles.  Each test compiles a small .wp text through
 * compile_load_text + sem_check and compares the diagnostics, rendered as
 * "CODE@line:col" (plus "+N" for N notes), sorted by position. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "sem.h"
#include "suites.h"

/* Shared with test_lint.c. */
const char *sema_diags_in(const char *dir, const char *src);
const char *sema_diags(const char *src);

static char rendered[8192];

const char *sema_diags_in(const char *dir, const char *src)
{
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "t.wp", dir, src, strlen(src));
    sem_check(&c);
    diag_sort(&c.diags);
    size_t n = 0;
    rendered[0] = 0;
    for (uint32_t i = 0; i < c.diags.items.len && n + 64 < sizeof rendered; i++) {
        const Diag *d = c.diags.items.items[i];
        LineCol lc = source_line_col(&c.sources, d->span.file, d->span.start);
        const SourceFile *f = source_file(&c.sources, d->span.file);
        const char *file = d->span.file ? f->name : "";
        n += (size_t)snprintf(rendered + n, sizeof rendered - n, "%s%s@%s%s%u:%u", n ? " " : "",
                              diag_info(d->code)->code, file, *file ? ":" : "", lc.line, lc.col);
        if (d->notes.len) n += (size_t)snprintf(rendered + n, sizeof rendered - n, "+%u", d->notes.len);
    }
    compilation_free(&c);
    return rendered;
}

const char *sema_diags(const char *src) { return sema_diags_in(NULL, src); }

/* The first message of the first diagnostic with `code`, for wording checks. */
static char message[1024];
static const char *message_of(const char *src, DiagCode code)
{
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "t.wp", NULL, src, strlen(src));
    sem_check(&c);
    message[0] = 0;
    for (uint32_t i = 0; i < c.diags.items.len; i++) {
        const Diag *d = c.diags.items.items[i];
        if (d->code == code) {
            snprintf(message, sizeof message, "%s", d->message);
            break;
        }
    }
    compilation_free(&c);
    return message;
}

/* The help of the first diagnostic with `code`, and its fix as
 * " [L:C-L:C => text]" when it has one; "" when it has no help. */
static char help[1024];
static const char *help_of(const char *src, DiagCode code)
{
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "t.wp", NULL, src, strlen(src));
    sem_check(&c);
    help[0] = 0;
    for (uint32_t i = 0; i < c.diags.items.len; i++) {
        const Diag *d = c.diags.items.items[i];
        if (d->code != code) continue;
        if (d->help && d->has_fix) {
            LineCol a = source_line_col(&c.sources, d->fix_span.file, d->fix_span.start);
            LineCol z = source_line_col(&c.sources, d->fix_span.file, d->fix_span.end);
            snprintf(help, sizeof help, "%s [%u:%u-%u:%u => %s]", d->help, a.line, a.col, z.line, z.col, d->fix_text);
        } else if (d->help) {
            snprintf(help, sizeof help, "%s", d->help);
        }
        break;
    }
    compilation_free(&c);
    return help;
}

#define CHECK(src, expected) ck_assert_str_eq(sema_diags(src), expected)

/* ---- correct programs ------------------------------------------------------ */

static const char *const state_src = "state {\n"
                                     "  status: \"draft\" | \"submitted\"\n"
                                     "  user: { name: string, email: string, age?: number, nickname: string | null,\n"
                                     "          country: string, editable: bool, tier: string, vip: bool,\n"
                                     "          profile: { name: string }, phone: string, theme: string }\n"
                                     "  billing: { email: string, phone: string, currency: string }\n"
                                     "  shipping: { email: string, phone: string, express: bool, standard: bool,\n"
                                     "              currency: string, free: bool, address: string, zip: string }\n"
                                     "  contact: { phone: string }\n"
                                     "  settings: { theme: string }\n"
                                     "  legs: map<{ price: number, qty: number, disabled: bool, quote: number | null,\n"
                                     "              selected: bool }>\n"
                                     "  summary: { price: any, total: number, avg: number, cheapest: number }\n"
                                     "  order: { currency: string, id?: string }\n"
                                     "  filter: { text: string }\n"
                                     "  tags: list<string>\n"
                                     "  payment: { card: string, method: string }\n"
                                     "  extra: any\n"
                                     "}\n";

START_TEST(language_examples_are_clean)
{
    char src[8192];
    snprintf(src, sizeof src, "%s%s", state_src,
             "sync billing.email <-> shipping.email\n"
             "sync billing.phone <-> shipping.phone <-> contact.phone\n"
             "sync settings.theme -> user.theme\n"
             "flip shipping.express <-> shipping.standard\n"
             "aggregate summary.price <- legs[*].price exclude when legs[*].disabled\n"
             "aggregate order.currency <- billing.currency, shipping.currency exclude when shipping.free\n"
             "compute summary.total = sum(legs[*].price) exclude when legs[*].disabled\n"
             "compute summary.avg   = avg(legs[*].price)\n"
             "compute summary.cheapest = min(legs[*].price)\n"
             "clear shipping.address, shipping.zip when user.country changes\n"
             "clear legs[*].quote when legs[*].price changes\n"
             "clear legs[**].selected when filter.text changes\n"
             "field user.email {\n"
             "  disabled when status == \"submitted\"\n"
             "  visible  when user.age >= 18 and exists user.name\n"
             "  readonly when not user.editable\n"
             "  label       = \"Email for {{user.name}}\"\n"
             "  tooltip     = \"Status: {{status}}\"\n"
             "  placeholder = if user.country == \"US\" then \"you@example.com\" else \"vous@exemple.fr\"\n"
             "  validate required, email, max_length(100) \"at most 100 characters\"\n"
             "  validate external checkEmail(user.email, user.country)\n"
             "  concern risk = match user.tier { \"gold\" => 1, \"silver\" => 2, _ => 3 }\n"
             "  concern highlighted when user.vip\n"
             "  concern score = external scoreUser(user.age, user.tier)\n"
             "}\n"
             "field legs[*].price {\n"
             "  disabled when legs[*].disabled\n"
             "  validate min(0) \"price cannot be negative\"\n"
             "  label = \"{{tags.length}} tags, price {{legs[*].price}}\"\n"
             "}\n"
             "validator postcode = pattern(\"^[0-9]{5}$\") \"five digits\"\n"
             "field shipping.zip { validate postcode }\n"
             "listen legs[*] call recalcLeg\n"
             "listen user.profile.name scope user call audit\n"
             "listen user.profile scope root call log\n"
             "listen user.email, user.phone scope user call contactChanged\n"
             "listen legs[*].price scope legs[*] call repriceLeg\n"
             "listen call logEverything\n"
             "group checkout {\n"
             "  sync order.currency <-> settings.theme\n"
             "  field payment.card { visible when payment.method == \"card\" }\n"
             "}\n"
             "group ord when exists order.id { field order.id { visible when true } }\n"
             "test \"billing email flows to shipping\" {\n"
             "  given { billing: { email: \"\" }, shipping: { email: \"\" }, status: \"draft\" }\n"
             "  set billing.email = \"a@b.c\"\n"
             "  expect shipping.email == \"a@b.c\"\n"
             "  expect user.email:disabledWhen == false\n"
             "  expect legs.a.price:validationState != null\n"
             "  expect changes contain shipping.email\n"
             "  then\n"
             "  set shipping.email = \"x@y.z\"\n"
             "  expect billing.email == \"x@y.z\"\n"
             "}\n");
    CHECK(src, "");
}
END_TEST

START_TEST(sem_info_tables)
{
    const char *src = "state { a: bool, b: bool, n: list<string>, m: map<number> }\n"
                      "validator v = min(1)\n"
                      "sync a <-> b\n"
                      "group g { listen a call h1\n listen b call h1 }\n"
                      "field m[*] { validate v\n validate external ext1(a)\n label = \"{{n.length}}\" }\n"
                      "test \"t\" { set a = true }\n";
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "t.wp", NULL, src, strlen(src));
    sem_check(&c);
    ck_assert_uint_eq(c.diags.items.len, 0);
    const SemInfo *s = c.sem;
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->rules.len, 4);
    const SemRule *r0 = s->rules.items[0], *r1 = s->rules.items[1], *r3 = s->rules.items[3];
    ck_assert_uint_eq(r0->group, SEM_NONE);
    ck_assert_uint_eq(r1->group, 0);
    ck_assert_uint_eq(s->groups.len, 1);
    ck_assert_uint_eq(((const SemGroup *)s->groups.items[0])->nrules, 2);
    ck_assert_uint_eq(s->handlers.len, 1);
    ck_assert_str_eq(s->handlers.items[0], "h1");
    ck_assert_uint_eq(s->external_validators.len, 1);
    ck_assert_uint_eq(s->validators.len, 1);
    ck_assert_uint_eq(((const SemValidator *)s->validators.items[0])->uses, 1);
    ck_assert_uint_eq(s->tests.len, 1);
    ck_assert_ptr_nonnull(s->state);
    ck_assert_uint_eq(r3->concerns.len, 3);
    ck_assert_str_eq(((const SemConcern *)r3->concerns.items[2])->output, "dynamicLabel");
    /* The template placeholder {{n.length}} is a length. */
    const Concern *label = ((const SemConcern *)r3->concerns.items[2])->concern;
    const TemplatePart *part = label->value->parts.items[0];
    ck_assert(part->length);
    const SemPath *sp = sem_path(s, part->path);
    ck_assert_ptr_nonnull(sp);
    ck_assert(sp->length);
    ck_assert_int_eq(sp->type->kind, SEM_TY_NUMBER);
    /* The field path resolves through the map. */
    const SemPath *fp = sem_path(s, r3->item->field);
    ck_assert_str_eq(fp->key, "m[*]");
    ck_assert_int_eq(fp->type->kind, SEM_TY_NUMBER);
    ck_assert(fp->may_be_absent);
    ck_assert_uint_eq(fp->nwild, 1);
    compilation_free(&c);
}
END_TEST

START_TEST(without_state_nothing_is_typed)
{
    CHECK("flip a <-> b\ncompute t = sum(name)\nfield x { visible when y > 3 }\n"
          "sync p <-> q\nfield z { label = \"{{p.length}}\" }\n",
          "");
}
END_TEST

/* ---- state and paths ------------------------------------------------------ */

START_TEST(unknown_path_suggests)
{
    const char *src = "state { user: { email: string } }\nsync user.mail <-> user.email\n";
    CHECK(src, "WP0401@2:11");
    ck_assert_str_eq(message_of(src, D_PATH_UNKNOWN), "'user' has no field 'mail'");
    ck_assert_str_eq(help_of(src, D_PATH_UNKNOWN), "did you mean `user.email`? [2:11-2:15 => email]");
    CHECK("state { a: number }\nfield b { visible when true }\n", "WP0401@2:7");
}
END_TEST

START_TEST(path_through_scalar_and_bad_segment)
{
    CHECK("state { user: { name: string } }\nfield user.name.first { visible when true }\n", "WP0402@2:17");
    CHECK("state { tags: list<string> }\nfield tags.first { visible when true }\n", "WP0403@2:12");
    CHECK("state { u: { a: number } }\nfield u[*] { visible when true }\n", "WP0403@2:8");
    /* Lists take indexes and [*]; maps take any key; unions are walked. */
    CHECK("state { tags: list<{ n: number }>, m: map<number>, o: { x: number } | null }\n"
          "field tags[0].n { visible when true }\nfield tags.1.n { visible when true }\n"
          "field m.anything { visible when true }\nfield o.x { visible when exists o.x }\n",
          "");
}
END_TEST

START_TEST(state_blocks_merge_and_duplicates)
{
    CHECK("state { a: number }\nstate { b: string, a: bool }\nfield b { visible when exists a }\n", "WP0412@2:20+1");
    CHECK("state { o: { x: number, x: string } }\n", "WP0412@1:25+1");
}
END_TEST

/* ---- types ------------------------------------------------------------------ */

START_TEST(type_errors)
{
    CHECK("state { a: bool, b: string }\nflip a <-> b\n", "WP0404@2:12");
    CHECK("state { a: bool | null, b: bool }\nflip a <-> b\n", "");
    CHECK("state { t: number, n: string }\ncompute t = sum(n)\n", "WP0405@2:17");
    CHECK("state { t: string, n: number }\ncompute t = count(n)\n", "WP0405@2:9");
    CHECK("state { a: number, b: string }\nsync a <-> b\n", "WP0406@2:12+1");
    CHECK("state { a: \"x\" | \"y\", b: \"y\" | \"z\" }\nsync a <-> b\n", "");
    CHECK("state { a: \"x\", b: \"z\" }\nsync a <-> b\n", "WP0406@2:12+1");
    CHECK("state { status: \"draft\" | \"sent\", x: bool }\n"
          "field x { disabled when status == \"done\" }\n",
          "WP0407@2:35");
    CHECK("state { name: string, x: bool }\nfield x { visible when name > 3 }\n", "WP0408@2:24");
    CHECK("state { n: number, x: bool }\nfield x { visible when length(n) > 3 }\n", "WP0408@2:31");
    CHECK("state { n: string, x: bool }\nfield x { visible when n contains any [\"a\"] }\n", "WP0408@2:24");
    CHECK("state { n: list<number>, x: bool }\nfield x { visible when n contains all [\"a\"] }\n", "WP0407@2:40");
    CHECK("state { n: string, x: bool }\nfield x { visible when n }\n", "WP0407@2:24");
    CHECK("state { n: number, x: bool }\nfield x { visible when n < \"3\" }\n", "WP0515@2:28");
    /* null always fits: a missing value reads as null. */
    CHECK("state { n: number, x: bool }\nfield x { visible when n == null or n in [1, null] }\n", "");
}
END_TEST

/* ---- wildcards ------------------------------------------------------------ */

START_TEST(wildcard_binding)
{
    CHECK("clear legs[*].quote when filter.text changes\n", "WP0501@1:11");
    CHECK("clear legs[*].quote when legs[*].price changes\n", "");
    CHECK("clear legs[*].quote when legs[*].price, filter.text changes\n", "WP0501@1:11");
    CHECK("sync a[**].x <-> b.x\n", "WP0502@1:7");
    CHECK("sync a[*].x <-> s.x\nsync a[*].y <-> b[*].y\n", "");
    CHECK("sync a[*].x <-> b[*][*].y\n", "WP0501@1:21");
    CHECK("sync a.x -> b[*].y\n", "WP0501@1:14");
    CHECK("sync a[*].x -> b.y\n", "");
    CHECK("aggregate t[*] <- s\n", "WP0501@1:12");
    CHECK("aggregate t <- s exclude when s[*].off\n", "WP0501@1:32");
    CHECK("field x { visible when legs[*].on }\n", "WP0501@1:28");
    CHECK("field legs[*].x { visible when legs[*].on\n label = \"{{legs[*].name}}\" }\n", "");
    CHECK("group g when a[*] { sync a <-> b }\n", "WP0501@1:15");
    CHECK("test \"t\" { set a[*] = 1 }\n", "WP0501@1:17");
}
END_TEST

/* ---- listeners ------------------------------------------------------------- */

START_TEST(listener_scope)
{
    CHECK("listen user.email scope billing call f\n", "WP0511@1:25+1");
    CHECK("listen user.email, billing.x scope user call f\n", "WP0511@1:36+1");
    CHECK("listen legs[*].price scope legs.a call f\n", "WP0511@1:28+1");
    CHECK("listen username scope user call f\n", "WP0511@1:23+1");
    CHECK("listen user.email scope user.email call f\nlisten a.b scope a call g\n"
          "listen legs[*].price scope legs[*] call h\n",
          "");
}
END_TEST

/* ---- help lines ----------------------------------------------------------- */

/* Each diagnostic that can say how to fix it does, with the replacement
 * when there is one (docs/diagnostics.md). */
START_TEST(helps_and_fixes)
{
    static const struct {
        const char *src;
        DiagCode code;
        const char *help;
    } cases[] = {
        {"state { user: { email: string } }\nsync user.emial <-> user.email\n", D_PATH_UNKNOWN,
         "did you mean `user.email`? [2:11-2:16 => email]"},
        {"state { a: number }\nfield billing.zip { visible when true }\n", D_PATH_UNKNOWN,
         "declare it in the state block, e.g. `billing: { zip: string }`"},
        {"state { a: { b: number } }\nfield a.legs[*].d { visible when true }\n", D_PATH_UNKNOWN,
         "declare it among the fields of 'a', e.g. `legs: map<{ d: string }>`"},
        {"state { n: string }\nfield n.first { visible when true }\n", D_PATH_THROUGH_SCALAR,
         "stop the path at `n`, or declare 'n' as an object in the state block"},
        {"state { tags: list<string> }\nfield tags.first { visible when true }\n", D_PATH_BAD_SEGMENT,
         "write `tags[*]` for every item, or `tags[0]` for the first"},
        {"state { o: { a: number, b: number } }\nfield o[*] { visible when true }\n", D_PATH_BAD_SEGMENT,
         "name one of its fields: `a`, `b`"},
        {"state { a: bool, b: string }\nflip a <-> b\n", D_TYPE_FLIP_NOT_BOOL,
         "to keep the values equal, write `sync` [2:1-2:5 => sync]"},
        {"state { name: string, t: number }\ncompute t = sum(name)\n", D_TYPE_NOT_NUMBER,
         "to count the values instead, write `count` [2:13-2:16 => count]"},
        {"state { s: string, t: string }\ncompute t = count(s)\n", D_TYPE_NOT_NUMBER,
         "declare the target as a number in the state block: `t: number`"},
        {"state { status: \"draft\" | \"sent\" }\nfield x { disabled when status == \"snet\" }\n",
         D_TYPE_LITERAL_MISMATCH, "did you mean `\"sent\"`? [2:35-2:41 => \"sent\"]"},
        {"state { age: number }\nfield x { disabled when age == \"3\" }\n", D_TYPE_LITERAL_MISMATCH,
         "did you mean `3`? [2:32-2:35 => 3]"},
        {"state { name: string }\nfield x { visible when name }\n", D_TYPE_LITERAL_MISMATCH,
         "to test that it has a value, write `exists name` (or `not empty name`) [2:24-2:28 => exists name]"},
        {"state { name: string }\nfield x { visible when name > 3 }\n", D_TYPE_BAD_OPERAND,
         "compare its length: `length(name)` [2:24-2:28 => length(name)]"},
        {"state { name: string }\nfield x { visible when name contains any [\"a\"] }\n", D_TYPE_BAD_OPERAND,
         "to test whether 'name' is one of several values, write `name in [...]`"},
        {"field x { visible when n < \"3\" }\n", D_BAD_LITERAL_VALUE,
         "write the number without quotes: `3` [1:28-1:31 => 3]"},
        {"field x { validate min(\"3\") }\n", D_VALIDATOR_ARGS, "write `min(3)` [1:24-1:27 => 3]"},
        {"field x { validate email(1) }\n", D_VALIDATOR_ARGS, "remove the arguments: `email` [1:25-1:28 => ]"},
        {"field x { validate max_length(1.5) }\n", D_VALIDATOR_ARGS,
         "write a whole number, e.g. `max_length(1)` [1:31-1:34 => 1]"},
        {"field x { validate one_of(\"a\") }\n", D_VALIDATOR_ARGS, "write `one_of([\"a\"])` [1:27-1:30 => [\"a\"]]"},
        {"validator zip = pattern(\"^[0-9]{5}$\")\nfield x { validate zip(1) \"m\" }\n", D_VALIDATOR_ARGS,
         "remove the arguments: `zip` [2:23-2:26 => ]"},
        {"clear legs[*].quote when filter.text changes\n", D_WILDCARD_UNBOUND,
         "write `[**]` to clear every key at this level [1:11-1:14 => [**]]"},
        {"sync a[**].x <-> b.x\n", D_DEEP_WILDCARD_PLACE,
         "write `[*]`: it binds the key by position, like the other paths of the rule [1:7-1:11 => [*]]"},
        {"listen user.email, user.phone scope user.email call g\n", D_SCOPE_NOT_ANCESTOR,
         "write `scope user`, the nearest ancestor of every listened path [1:37-1:47 => user]"},
        {"listen a.b, c.d scope a call g\n", D_SCOPE_NOT_ANCESTOR,
         "write `scope root`, the only scope above every listened path [1:23-1:24 => root]"},
        {"compute t = sum(a)\nsync t <-> b\n", D_COMPUTED_WRITTEN,
         "copy the computed value one way: `sync t -> b` [2:6-2:13 => t -> b]"},
        {"compute t = sum(a)\ncompute t = max(b)\n", D_COMPUTE_OP_CONFLICT,
         "write `sum` as the first computation does, or compute into another path [2:13-2:16 => sum]"},
        {"flip a <-> b\nflip b <-> c\nflip a <-> c\n", D_FLIP_CONTRADICTION,
         "if 'a' and 'c' should be equal, write `sync` here; otherwise remove a flip of the cycle [3:1-3:5 => sync]"},
        {"test \"t\" { }\ntest \"t\" { }\n", D_DUPLICATE_TEST, "rename this test, e.g. `\"t 2\"` [2:6-2:9 => \"t 2\"]"},
        {"validator required = pattern(\"a\")\n", D_DUPLICATE_VALIDATOR,
         "rename it, e.g. `my_required`, and use that name on `validate` lines [1:11-1:19 => my_required]"},
        {"field f { disabled when a }\ntest \"t\" { expect f:disabled == true }\n", D_TEST_UNKNOWN_CONCERN,
         "did you mean `f:disabledWhen`? [2:21-2:29 => disabledWhen]"},
        {"import \"std/validatorz\"\n", D_IMPORT_UNKNOWN_STD,
         "did you mean `\"std/validators\"`? [1:8-1:24 => \"std/validators\"]"},
        {"import \"shared\"\n", D_IMPORT_BAD_PATH,
         "for a file next to this one, write `\"./shared.wp\"` [1:8-1:16 => \"./shared.wp\"]"},
        {"import \"std/validators.wp\"\n", D_IMPORT_BAD_PATH,
         "write `\"std/validators\"` [1:8-1:27 => \"std/validators\"]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = help_of(cases[i].src, cases[i].code);
        if (strcmp(got, cases[i].help) != 0)
            ck_abort_msg("source:\n%s--- help of %s:\n%s\n--- want:\n%s", cases[i].src, diag_info(cases[i].code)->code,
                         got, cases[i].help);
    }
}
END_TEST

/* ---- validators --------------------------------------------------------- */

START_TEST(validators)
{
    const char *src = "field x { validate requried }\n";
    CHECK(src, "WP0409@1:20");
    ck_assert_str_eq(message_of(src, D_VALIDATOR_UNKNOWN), "no validator 'requried' is built in or declared");
    ck_assert_str_eq(help_of(src, D_VALIDATOR_UNKNOWN), "did you mean `required`? [1:20-1:28 => required]");
    CHECK("field x { validate min(\"3\") }\n", "WP0410@1:24");
    CHECK("field x { validate min }\n", "WP0410@1:20");
    CHECK("field x { validate email(1) }\n", "WP0410@1:20");
    CHECK("field x { validate max_length(1.5) }\n", "WP0410@1:31");
    CHECK("field x { validate one_of([1, 2]), pattern(\"^a+$\") }\n", "");
    CHECK("validator v = min(1)\nfield x { validate v(2) }\n", "WP0410@2:20");
    CHECK("validator v = w\n", "WP1004@1:11 WP0409@1:15");
    CHECK("validator required = min(1)\n", "WP0505@1:11");
}
END_TEST

START_TEST(regex_subset)
{
    CHECK("field x { validate pattern(\"(a)\\\\1\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"(?=a)\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"a(b\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"a)b\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"*a\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"[z-a]\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"a{3,2}\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"a+?\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"\\\\bword\") }\n", "WP0411@1:28");
    CHECK("field x { validate pattern(\"^(?:[A-Za-z0-9._%+-]+)@[\\\\w.-]+\\\\.[a-z]{2,}$|^\\\\d{3}-\\\\d{4}$\") }\n",
          "");
    CHECK("field x { validate pattern(\"a{,3}[]x]\\\\u00e9\\\\x41.\\\\/\") }\n", "");
    /* In the subset but over the DFA limits: WP0414 at the string, naming the way out. */
    CHECK("field x { validate pattern(\"(a{1000}){1000}\") }\n", "WP0414@1:28");
    CHECK("validator v = pattern(\"a.{12}b\")\nfield x { validate v }\n", "WP0414@1:23");
    const char *big = "field x { validate pattern(\"^[a-z.]{1,300}\\\\.[a-z]{2,60}$\") }\n";
    CHECK(big, "WP0414@1:28");
    ck_assert_ptr_nonnull(strstr(message_of(big, D_VALIDATOR_PATTERN_TOO_LARGE), "validate external fn(...)"));
    CHECK("field x { validate pattern(\"^\\\\w{1,1000}$\") }\n", "");
}
END_TEST

/* ---- values ----------------------------------------------------------------- */

START_TEST(match_checks)
{
    CHECK("field x { label = match tier { \"1\" => \"a\", 1 => \"b\", _ => \"c\" } }\n", "WP0512@1:44+1");
    CHECK("field x { label = match tier { true => \"a\", \"true\" => \"b\", _ => \"c\" } }\n", "WP0512@1:45+1");
    CHECK("field x { label = match tier { \"gold\" => 1 } }\n", "WP0513@1:19");
    CHECK("field x { label = match tier { 1 => 1, _ => 2, _ => 3 } }\n", "WP0512@1:48+1");
    CHECK("state { tier: \"gold\" | \"silver\", x: bool }\n"
          "field x { label = match tier { \"gold\" => 1, \"bronze\" => 2, _ => 3 } }\n",
          "WP0407@2:45");
    CHECK("state { n: number, x: bool }\n"
          "field x { label = match n { 1 => \"one\", \"2\" => \"two\", _ => \"many\" } }\n",
          "");
    CHECK("field x { label = match tier { null => 1, _ => 2 } }\n", "WP0515@1:32");
}
END_TEST

START_TEST(templates)
{
    CHECK("state { user: { name: string }, x: bool }\n"
          "field x { label = \"Hi {{user.nme}}\" }\n",
          "WP0401@2:30");
    CHECK("state { user: { name: string }, x: bool }\n"
          "field x { label = \"{{user.name.length}} chars\" }\n",
          "");
    /* An object with a real `length` field keeps it a path. */
    CHECK("state { o: { length: number }, x: bool }\nfield x { label = \"{{o.length}}\" }\n", "");
    CHECK("state { o: { size: number }, x: bool }\nfield x { label = \"{{o.length}}\" }\n", "WP0401@2:24");
}
END_TEST

/* ---- duplicates --------------------------------------------------------- */

START_TEST(duplicates)
{
    CHECK("field a { visible when b }\nfield a { disabled when b }\n", "WP0503@2:7+1");
    CHECK("field items[0] { visible when b }\nfield items.0 { disabled when b }\n", "WP0503@2:7+1");
    CHECK("field a { visible when b }\ngroup g { field a { disabled when b } }\n", "");
    CHECK("field a { label = \"x\"\n label = \"y\" }\n", "WP0504@2:2+1");
    CHECK("field a { disabled when b\n concern disabledWhen when c }\n", "WP0504@2:10+1");
    CHECK("field a { validate required\n validate email\n validate external f(a) }\n", "");
    CHECK("field a { validate required\n concern validationState when b }\n", "WP0504@2:10+1");
    CHECK("validator z = min(1)\nvalidator z = max(2)\nfield q { validate z }\n", "WP0505@2:11+1");
    CHECK("group g { sync a <-> b }\ngroup g { sync c <-> d }\n", "WP0506@2:7+1");
    CHECK("test \"t\" { set a = 1 }\ntest \"t\" { set b = 1 }\n", "WP0507@2:6+1");
}
END_TEST

START_TEST(groups_and_tests)
{
    const char *r = sema_diags("group a { group b { sync x <-> y } }\n");
    ck_assert(strstr(r, "WP0205@1:11"));
    CHECK("field user.email { disabled when x }\n"
          "test \"t\" { expect user.email:disabled == true }\n",
          "WP0413@2:30");
    CHECK("test \"t\" { expect user.email:disabledWhen == true }\n", "WP0413@1:30");
    CHECK("field legs[*].p { validate required }\n"
          "test \"t\" { expect legs.k.p:validationState != null }\n",
          "");
    CHECK("state { a: number }\ntest \"t\" { set a = \"x\"\n expect a == true }\n", "WP0407@2:20 WP0407@3:14");
}
END_TEST

/* ---- graph -------------------------------------------------------------------- */

START_TEST(derived_targets)
{
    CHECK("aggregate a <- b\naggregate b <- a\n", "WP0508@1:16+2 WP0508@2:16+2");
    CHECK("aggregate a <- a\n", "WP0508@1:16+1");
    CHECK("compute t = sum(a)\ncompute t = max(b)\n", "WP0509@2:13+1");
    CHECK("compute t = sum(a)\ncompute t = sum(b)\n", "");
    CHECK("aggregate t <- a\ncompute t = sum(b)\n", "WP0510@2:9+1");
    CHECK("aggregate t <- a\nsync x -> t\n", "WP0510@2:11+1");
    CHECK("compute t = sum(a)\nsync t <-> b\n", "WP0516@2:6+1");
    CHECK("compute t = sum(a)\nsync t -> b\nclear t when c changes\n", "WP0516@3:7+1");
}
END_TEST

START_TEST(derived_cycles)
{
    CHECK("compute a = sum(b)\ncompute b = sum(a)\n", "WP0601@1:9+2");
    CHECK("compute a = sum(a)\n", "WP0601@1:9+1");
    CHECK("sync a -> b\nsync b -> a\n", "WP0601@1:11+2");
    /* Through a sync component and through ancestors. */
    CHECK("compute t = sum(s)\nsync t -> u\nsync u <-> s\n", "WP0601@1:9+2");
    CHECK("compute o.total = sum(o.items[*].price)\n", "");
    CHECK("aggregate o <- x\ncompute x.n = count(o.k)\n", "WP0601@1:11+2");
    CHECK("compute a = sum(b)\ncompute c = sum(a)\n", "");
}
END_TEST

START_TEST(flip_contradictions)
{
    /* One flip around a cycle: odd.  (Two flips and a sync are consistent:
     * a = !b = c.) */
    CHECK("flip a <-> b\nsync b <-> c\nsync a <-> c\n", "WP0602@3:6+3");
    CHECK("flip a <-> b\nflip b <-> c\nsync a <-> c\n", "");
    CHECK("flip a <-> b\nflip b <-> c\nflip a <-> c\n", "WP0602@3:6+3");
    CHECK("flip a <-> b\nsync b <-> c\nflip c <-> d\nsync d <-> a\n", "");
    CHECK("flip a <-> b\nflip b <-> c\nsync c <-> d\nflip d <-> a\n", "WP0602@4:6+4");
    CHECK("flip a <-> a\n", "WP0602@1:6");
    CHECK("sync a <-> b\nsync b <-> a\nflip x <-> y <-> z\n", "WP1002@2:1+1");
}
END_TEST

START_TEST(oneway_conflicts)
{
    CHECK("sync a -> b\nflip a <-> c\nsync c -> b\n", "WP0603@3:11+1");
    CHECK("sync a -> b\nsync a <-> c\nsync c -> b\n", "");
}
END_TEST

/* ---- imports ------------------------------------------------------------ */

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void remove_tree(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(imports_relative_std_and_errors)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wpc-sema-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    write_file("shared.wp", "import \"./sub/b.wp\"\nstate { a: bool }\n");
    write_file("sub/b.wp", "import \"../shared.wp\"\nstate { b: bool }\nvalidator zip = min(1)\n");
    write_file("bad.wp", "state { a: number }\n");

    /* A cycle is harmless; each file once; the merged state sees both. */
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"./shared.wp\"\nflip a <-> b\n"
                                           "field a { validate zip }\n"),
                     "");
    /* The import's own state duplicates count, with the file named. */
    const char *r = sema_diags_in(tmpdir, "import \"./shared.wp\"\nimport \"./bad.wp\"\n");
    ck_assert_msg(strstr(r, "WP0412@") != NULL, "got %s", r);
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"./missing.wp\"\n"), "WP0301@1:8");
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"shared\"\n"), "WP0303@1:8");
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"./shared\"\n"), "WP0303@1:8");
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"std/validator\"\n"), "WP0302@1:8");
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"std/../x\"\n"), "WP0303@1:8");
    ck_assert_str_eq(sema_diags_in(tmpdir, "import \"std/validators\"\nimport \"std/validators\"\n"
                                           "field x { validate postcode_us }\n"),
                     "");
    remove_tree();
}
END_TEST

START_TEST(import_display_names_and_root_file)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wpc-sema-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    write_file("app.wp", "import \"./lib/x.wp\"\n");
    char sub[300];
    snprintf(sub, sizeof sub, "%s/lib", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    write_file("lib/x.wp", "import \"./../lib/./y.wp\"\n");
    char cwd[512];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(tmpdir), 0);
    Compilation c;
    compilation_init(&c);
    ck_assert_int_eq(compile_load(&c, "app.wp"), LOAD_OK);
    ck_assert_uint_eq(c.modules.len, 2);
    ck_assert_uint_eq(c.diags.items.len, 1);
    const Diag *d = c.diags.items.items[0];
    ck_assert_int_eq(d->code, D_IMPORT_NOT_FOUND);
    ck_assert_str_eq(source_file(&c.sources, 1)->name, "lib/x.wp");
    ck_assert_msg(strstr(d->message, "'lib/y.wp'") != NULL, "%s", d->message);
    compilation_free(&c);

    compilation_init(&c);
    ck_assert_int_eq(compile_load(&c, "nope.wp"), LOAD_IO_ERROR);
    ck_assert_msg(strncmp(c.io_error, "cannot read 'nope.wp': ", 23) == 0, "%s", c.io_error);
    compilation_free(&c);
    ck_assert_int_eq(chdir(cwd), 0);
    remove_tree();
}
END_TEST

/* ---- error recovery ------------------------------------------------------- */

START_TEST(parse_errors_do_not_cascade)
{
    const char *r = sema_diags("state { a: number \nsync a <-> b\nfield q { }\n");
    ck_assert_msg(strstr(r, "WP04") == NULL && strstr(r, "WP10") == NULL, "got %s", r);
}
END_TEST

Suite *sema_suite(void)
{
    Suite *s = suite_create("sema");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, language_examples_are_clean);
    tcase_add_test(tc, sem_info_tables);
    tcase_add_test(tc, without_state_nothing_is_typed);
    tcase_add_test(tc, unknown_path_suggests);
    tcase_add_test(tc, helps_and_fixes);
    tcase_add_test(tc, path_through_scalar_and_bad_segment);
    tcase_add_test(tc, state_blocks_merge_and_duplicates);
    tcase_add_test(tc, type_errors);
    tcase_add_test(tc, wildcard_binding);
    tcase_add_test(tc, listener_scope);
    tcase_add_test(tc, validators);
    tcase_add_test(tc, regex_subset);
    tcase_add_test(tc, match_checks);
    tcase_add_test(tc, templates);
    tcase_add_test(tc, duplicates);
    tcase_add_test(tc, groups_and_tests);
    tcase_add_test(tc, derived_targets);
    tcase_add_test(tc, derived_cycles);
    tcase_add_test(tc, flip_contradictions);
    tcase_add_test(tc, oneway_conflicts);
    tcase_add_test(tc, imports_relative_std_and_errors);
    tcase_add_test(tc, import_display_names_and_root_file);
    tcase_add_test(tc, parse_errors_do_not_cascade);
    suite_add_tcase(s, tc);
    return s;
}
