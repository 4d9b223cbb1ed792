/* test_parser.c — parse_module(): every construct of the language as a
 * dump, keywords used as names, spans, templates, and syntax errors:
 * messages, recovery, and lexical errors that must not cascade. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "diag.h"
#include "parse.h"
#include "suites.h"

typedef struct Parsed {
    Arena arena;
    SourceMap sm;
    DiagList dl;
    uint32_t file;
    Module *m;
    const char *dump;
} Parsed;

static Parsed P;

static Parsed *parse_len(const char *text, size_t len)
{
    memset(&P, 0, sizeof P);
    arena_init(&P.arena);
    source_map_init(&P.sm, &P.arena);
    diag_list_init(&P.dl, &P.arena, &P.sm);
    P.file = source_add(&P.sm, "t.wp", NULL, text, len);
    P.m = parse_module(&P.arena, &P.sm, P.file, &P.dl);
    P.dump = ast_dump_module(&P.arena, P.m);
    return &P;
}

static Parsed *parse(const char *text) { return parse_len(text, strlen(text)); }

static void done(void) { arena_free(&P.arena); }

/* All diagnostics as "line:col CODE message" lines, each with its notes,
 * help and fix (the replaced range and the replacement) under it. */
static const char *diags_text(void)
{
    StrBuf b = {0};
    for (uint32_t i = 0; i < P.dl.items.len; i++) {
        Diag *d = P.dl.items.items[i];
        LineCol lc = source_line_col(&P.sm, P.file, d->span.start);
        strbuf_printf(&P.arena, &b, "%u:%u %s %s\n", lc.line, lc.col, diag_info(d->code)->code, d->message);
        for (uint32_t j = 0; j < d->notes.len; j++) {
            DiagNote *n = d->notes.items[j];
            LineCol nl = source_line_col(&P.sm, P.file, n->span.start);
            strbuf_printf(&P.arena, &b, "  note %u:%u %s\n", nl.line, nl.col, n->message);
        }
        if (d->help) strbuf_printf(&P.arena, &b, "  help %s\n", d->help);
        if (d->has_fix) {
            LineCol a = source_line_col(&P.sm, P.file, d->fix_span.start);
            LineCol z = source_line_col(&P.sm, P.file, d->fix_span.end);
            strbuf_printf(&P.arena, &b, "  fix %u:%u-%u:%u `%s`\n", a.line, a.col, z.line, z.col, d->fix_text);
        }
    }
    return strbuf_cstr(&P.arena, &b);
}

static void expect_dump(const char *src, const char *want)
{
    parse(src);
    if (strcmp(P.dump, want) != 0 || P.dl.items.len != 0 || P.m->had_errors)
        ck_abort_msg("source:\n%s\n--- dump:\n%s--- want:\n%s--- diagnostics:\n%s", src, P.dump, want, diags_text());
    done();
}

static void expect_diags(const char *src, const char *want)
{
    parse(src);
    const char *got = diags_text();
    if (strcmp(got, want) != 0) ck_abort_msg("source:\n%s\n--- diagnostics:\n%s--- want:\n%s", src, got, want);
    ck_assert(P.m->had_errors);
}

static LineCol lc_of(Span s) { return source_line_col(&P.sm, P.file, s.start); }

static const char *span_text(Span s)
{
    SourceFile *f = source_file(&P.sm, P.file);
    return arena_strndup(&P.arena, f->text + s.start, s.end - s.start);
}

/* ---- the examples of language.md -------------------------------------- */

static const char *const doc_state =
    "state {\n"
    "  status: \"draft\" | \"submitted\"\n"
    "  user: {\n"
    "    name: string\n"
    "    email: string\n"
    "    age?: number              // may be absent (undefined)\n"
    "    nickname: string | null\n"
    "  }\n"
    "  legs: map<{ price: number, qty: number, disabled: bool }>   // Record<string, T>\n"
    "  tags: list<string>\n"
    "  extra: any\n"
    "}\n";

static const char *const doc_effects =
    "sync billing.email <-> shipping.email                  // bidirectional\n"
    "sync billing.phone <-> shipping.phone <-> contact.phone // one group of three\n"
    "sync settings.theme -> user.theme                      // one-way: left writes right\n"
    "flip shipping.express <-> shipping.standard            // booleans kept opposite\n"
    "\n"
    "aggregate summary.price <- legs[*].price exclude when legs[*].disabled\n"
    "aggregate order.currency <- billing.currency, shipping.currency exclude when shipping.free\n"
    "// `exclude when` belongs to the source just before it; statements with the\n"
    "// same target merge their sources\n"
    "\n"
    "compute summary.total = sum(legs[*].price) exclude when legs[*].disabled\n"
    "compute summary.avg   = avg(legs[*].price)\n"
    "compute summary.cheapest = min(legs[*].price)          // also max, count\n"
    "\n"
    "clear shipping.address, shipping.zip when user.country changes\n"
    "clear legs[*].quote when legs[*].price changes\n"
    "clear legs[**].selected when filter.text changes\n";

static const char *const doc_fields =
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
    "  concern score = external scoreUser(user.age, user.tier)   // computed in JS\n"
    "}\n"
    "\n"
    "field legs[*].price {\n"
    "  disabled when legs[*].disabled\n"
    "  validate min(0) \"price cannot be negative\"\n"
    "}\n"
    "validator postcode = pattern(\"^[0-9]{5}$\") \"five digits\"\n";

static const char *const doc_listen =
    "listen legs[*] call recalcLeg                  // scope defaults to the listened path\n"
    "listen user.profile.name scope user call audit // scope: an ancestor of (or equal to) the path\n"
    "listen user.profile scope root call log        // full paths, whole state\n"
    "listen user.email, user.phone scope user call contactChanged   // several paths\n"
    "listen legs[*].price scope legs[*] call repriceLeg            // [*] binds by position\n"
    "listen call logEverything                      // root listener: every change\n";

static const char *const doc_group_import_test =
    "import \"std/validators\"     // from the stdlib shipped with wpc\n"
    "import \"./shared.wp\"         // relative to this file\n"
    "group checkout {\n"
    "  sync billing.email <-> shipping.email\n"
    "  field payment.card { visible when payment.method == \"card\" }\n"
    "}\n"
    "group order when exists order.id { sync a <-> b }\n"
    "group checkout2 off { }\n"
    "test \"billing email flows to shipping\" {\n"
    "  given { billing: { email: \"\" }, shipping: { email: \"\" }, status: \"draft\" }\n"
    "  set billing.email = \"a@b.c\"\n"
    "  expect shipping.email == \"a@b.c\"\n"
    "  expect user.email:disabledWhen == false\n"
    "  expect changes contain shipping.email\n"
    "  then                                  // a new batch starts here\n"
    "  set shipping.email = \"x@y.z\"\n"
    "  expect billing.email == \"x@y.z\"\n"
    "  expect changes not contain user.email\n"
    "  expect a != [1, 2]\n"
    "}\n";

START_TEST(doc_state_block)
{
    expect_dump(doc_state,
                "(state\n"
                "  (status (union \"draft\" \"submitted\"))\n"
                "  (user (object (name string) (email string) (age? number) (nickname (union string null))))\n"
                "  (legs (map (object (price number) (qty number) (disabled bool))))\n"
                "  (tags (list string))\n"
                "  (extra any))\n");
}
END_TEST

START_TEST(doc_side_effects)
{
    expect_dump(doc_effects,
                "(sync billing.email <-> shipping.email)\n"
                "(sync billing.phone <-> shipping.phone <-> contact.phone)\n"
                "(sync settings.theme -> user.theme)\n"
                "(flip shipping.express <-> shipping.standard)\n"
                "(aggregate summary.price (source legs[*].price (exclude (truthy legs[*].disabled))))\n"
                "(aggregate order.currency (source billing.currency) (source shipping.currency (exclude (truthy "
                "shipping.free))))\n"
                "(compute summary.total sum (source legs[*].price (exclude-after (truthy legs[*].disabled))))\n"
                "(compute summary.avg avg (source legs[*].price))\n"
                "(compute summary.cheapest min (source legs[*].price))\n"
                "(clear (shipping.address shipping.zip) when (user.country))\n"
                "(clear (legs[*].quote) when (legs[*].price))\n"
                "(clear (legs[**].selected) when (filter.text))\n");
}
END_TEST

START_TEST(doc_fields_and_validators)
{
    expect_dump(doc_fields, "(field user.email\n"
                            "  (when disabled (== status \"submitted\"))\n"
                            "  (when visible (and (>= user.age 18) (exists user.name)))\n"
                            "  (when readonly (not (truthy user.editable)))\n"
                            "  (= label (template \"Email for \" {user.name}))\n"
                            "  (= tooltip (template \"Status: \" {status}))\n"
                            "  (= placeholder (if (== user.country \"US\") (template \"you@example.com\") (template "
                            "\"vous@exemple.fr\")))\n"
                            "  (validate (required) (email) (max_length (100) \"at most 100 characters\"))\n"
                            "  (validate (external checkEmail (user.email user.country)))\n"
                            "  (concern = risk (match user.tier (\"gold\" 1) (\"silver\" 2) (_ 3)))\n"
                            "  (concern when highlighted (truthy user.vip))\n"
                            "  (concern = score (external scoreUser (user.age user.tier))))\n"
                            "(field legs[*].price\n"
                            "  (when disabled (truthy legs[*].disabled))\n"
                            "  (validate (min (0) \"price cannot be negative\")))\n"
                            "(validator postcode (pattern (\"^[0-9]{5}$\") \"five digits\"))\n");
}
END_TEST

START_TEST(doc_listeners)
{
    expect_dump(doc_listen, "(listen (legs[*]) call recalcLeg)\n"
                            "(listen (user.profile.name) scope user call audit)\n"
                            "(listen (user.profile) scope root call log)\n"
                            "(listen (user.email user.phone) scope user call contactChanged)\n"
                            "(listen (legs[*].price) scope legs[*] call repriceLeg)\n"
                            "(listen () call logEverything)\n");
}
END_TEST

START_TEST(doc_groups_imports_tests)
{
    expect_dump(doc_group_import_test, "(import \"std/validators\")\n"
                                       "(import \"./shared.wp\")\n"
                                       "(group checkout\n"
                                       "  (sync billing.email <-> shipping.email)\n"
                                       "  (field payment.card\n"
                                       "    (when visible (== payment.method \"card\"))))\n"
                                       "(group order (when (exists order.id))\n"
                                       "  (sync a <-> b))\n"
                                       "(group checkout2 off)\n"
                                       "(test \"billing email flows to shipping\"\n"
                                       "  (given {billing: {email: \"\"} shipping: {email: \"\"} status: \"draft\"})\n"
                                       "  (set billing.email \"a@b.c\")\n"
                                       "  (expect shipping.email == \"a@b.c\")\n"
                                       "  (expect user.email:disabledWhen == false)\n"
                                       "  (expect-changes contain shipping.email)\n"
                                       "  (then)\n"
                                       "  (set shipping.email \"x@y.z\")\n"
                                       "  (expect billing.email == \"x@y.z\")\n"
                                       "  (expect-changes not-contain user.email)\n"
                                       "  (expect a != [1 2]))\n");
}
END_TEST

START_TEST(comments_are_collected)
{
    parse(doc_effects);
    ck_assert_uint_eq(P.m->comments.len, 7);
    Comment *c = P.m->comments.items[4];
    ck_assert(c->own_line && !c->block);
    ck_assert_str_eq(span_text(c->span), "// `exclude when` belongs to the source just before it; statements with the");
    done();
}
END_TEST

/* ---- details of the grammar ----------------------------------------------- */

START_TEST(keywords_as_names)
{
    expect_dump("state { map: number, list: list<string> count?: number \"x-y\": bool }\n"
                "sync user.count <-> map.list.field\n"
                "field x.count { disabled when count > 1 and sum.avg }\n"
                "field state { validate min(0), max(10) \"m\", count }\n"
                "listen test, group.call call group\n"
                "validator max = max(3)\n"
                "group off off when off { field when { concern in = 1 } }\n",
                "(state\n"
                "  (map number)\n"
                "  (list (list string))\n"
                "  (count? number)\n"
                "  (\"x-y\" bool))\n"
                "(sync user.count <-> map.list.field)\n"
                "(field x.count\n"
                "  (when disabled (and (> count 1) (truthy sum.avg))))\n"
                "(field state\n"
                "  (validate (min (0)) (max (10) \"m\") (count)))\n"
                "(listen (test group.call) call group)\n"
                "(validator max (max (3)))\n"
                "(group off off (when (truthy off))\n"
                "  (field when\n"
                "    (concern = in 1)))\n");
}
END_TEST

START_TEST(paths_every_segment_form)
{
    expect_dump("clear a.b, items.0.1, items[0].qty, legs[\"SKU-1\"].price, legs[*].x, legs[**].y when a changes\n",
                "(clear (a.b items.0.1 items[0].qty legs[\"SKU-1\"].price legs[*].x legs[**].y) when (a))\n");
    parse("clear items.0.1, legs[\"k\"][3] when a changes");
    Item *it = P.m->items.items[0];
    Path *p = it->paths.items[0];
    ck_assert_uint_eq(p->segs.len, 3);
    PathSeg *s1 = p->segs.items[1], *s2 = p->segs.items[2];
    ck_assert_int_eq(s1->kind, SEG_INDEX);
    ck_assert_uint_eq(s1->index, 0);
    ck_assert(!s1->bracketed);
    ck_assert_int_eq(s2->kind, SEG_INDEX);
    ck_assert_uint_eq(s2->index, 1);
    Path *q = it->paths.items[1];
    PathSeg *k = q->segs.items[1], *i3 = q->segs.items[2];
    ck_assert_int_eq(k->kind, SEG_NAME);
    ck_assert(k->quoted);
    ck_assert_str_eq(k->name, "k");
    ck_assert(i3->bracketed);
    ck_assert_uint_eq(i3->index, 3);
    ck_assert_str_eq(span_text(q->span), "legs[\"k\"][3]");
    ck_assert_str_eq(ast_path_text(&P.arena, q), "legs[\"k\"][3]");
    done();
}
END_TEST

START_TEST(bracket_index_must_be_whole)
{
    expect_diags("sync a[1.5] <-> b[-1]\n", "1:8 WP0201 a list index is a whole number such as [0]\n"
                                            "  help quote a key that is not an index: `[\"1.5\"]`\n"
                                            "  fix 1:8-1:11 `\"1.5\"`\n"
                                            "1:19 WP0201 a list index is a whole number such as [0]\n"
                                            "  help quote a key that is not an index: `[\"-1\"]`\n"
                                            "  fix 1:19-1:21 `\"-1\"`\n");
    done();
}
END_TEST

START_TEST(sync_and_flip_chains)
{
    expect_dump("sync a -> b <-> c -> d\nflip x <-> y <-> z\n", "(sync a -> b <-> c -> d)\n(flip x <-> y <-> z)\n");
    parse("sync a -> b <-> c");
    Item *it = P.m->items.items[0];
    ck_assert_uint_eq(it->paths.len, 3);
    ck_assert_int_eq(it->arrows[0], ARROW_ONEWAY);
    ck_assert_int_eq(it->arrows[1], ARROW_BOTH);
    done();
}
END_TEST

START_TEST(aggregate_and_compute_sources)
{
    expect_dump(
        "aggregate t <- a exclude when x, b, c exclude when y or z\n"
        "compute t = count(a exclude when p, b,)\n"
        "compute t = max(a, b) exclude when q\n",
        "(aggregate t (source a (exclude (truthy x))) (source b) (source c (exclude (or (truthy y) (truthy z)))))\n"
        "(compute t count (source a (exclude (truthy p))) (source b))\n"
        "(compute t max (source a) (source b (exclude-after (truthy q))))\n");
    expect_diags("compute t = sum(a exclude when p) exclude when q\n",
                 "1:48 WP0201 the last source of 'compute' already has an 'exclude when'\n"
                 "  note 1:32 the first 'exclude when' condition\n"
                 "  help write one `exclude when` and join the two conditions with `or`\n");
    done();
}
END_TEST

START_TEST(condition_forms_and_precedence)
{
    expect_dump("field f {\n"
                "  disabled when a == 1 or b != \"x\" and not c < 2\n"
                "  visible when not (a <= 1 or b > 2) and c >= -3\n"
                "  readonly when length(tags) > 3 or empty a.b or exists c\n"
                "  concern k1 when a in [1, \"two\", null,] and b contains any [1] or c contains all []\n"
                "  concern k2 when true\n"
                "  concern k3 when (false)\n"
                "  concern k4 when not not a\n"
                "}\n",
                "(field f\n"
                "  (when disabled (or (== a 1) (and (!= b \"x\") (not (< c 2)))))\n"
                "  (when visible (and (not (paren (or (<= a 1) (> b 2)))) (>= c -3)))\n"
                "  (when readonly (or (or (length tags > 3) (empty a.b)) (exists c)))\n"
                "  (concern when k1 (or (and (in a [1 \"two\" null]) (contains-any b [1])) (contains-all c [])))\n"
                "  (concern when k2 (bool true))\n"
                "  (concern when k3 (paren (bool false)))\n"
                "  (concern when k4 (not (not (truthy a)))))\n");
}
END_TEST

START_TEST(value_forms)
{
    expect_dump("field f {\n"
                "  label = if a then \"A\" else if b then \"B\" else \"C\"\n"
                "  tooltip = match s { 1 => \"one\", true => 2, null => [1, {k: 2}], _ => if x then 1 else 2, }\n"
                "  placeholder = 3.5\n"
                "  concern obj = { a: 1, \"b-c\": [true, false], }\n"
                "  concern e = match s { }\n"
                "  concern n = null\n"
                "}\n",
                "(field f\n"
                "  (= label (if (truthy a) (template \"A\") (if (truthy b) (template \"B\") (template \"C\"))))\n"
                "  (= tooltip (match s (1 (template \"one\")) (true 2) (null [1 {k: 2}]) (_ (if (truthy x) 1 2))))\n"
                "  (= placeholder 3.5)\n"
                "  (concern = obj {a: 1 \"b-c\": [true false]})\n"
                "  (concern = e (match s))\n"
                "  (concern = n null))\n");
}
END_TEST

START_TEST(validators_and_externals)
{
    expect_dump("field f {\n"
                "  validate required \"needed\", one_of([\"a\", \"b\"]), pattern(\"x\",) \"p\", integer()\n"
                "  validate external zod\n"
                "  validate external zod()\n"
                "  validate external zod(a, b.c,)\n"
                "  concern s = external f\n"
                "}\n"
                "validator v = required\n"
                "validator w = min(1) \"m\"\n",
                "(field f\n"
                "  (validate (required \"needed\") (one_of ([\"a\" \"b\"])) (pattern (\"x\") \"p\") (integer ()))\n"
                "  (validate (external zod))\n"
                "  (validate (external zod ()))\n"
                "  (validate (external zod (a b.c)))\n"
                "  (concern = s (external f)))\n"
                "(validator v (required))\n"
                "(validator w (min (1) \"m\"))\n");
}
END_TEST

START_TEST(state_separators_and_types)
{
    expect_dump("state { a: 1 | -2.5 | \"x\", b: { }, c: map<list<map<any>>>, d: {x: bool y?: null,}, }\n"
                "state {}\n",
                "(state\n"
                "  (a (union 1 -2.5 \"x\"))\n"
                "  (b (object))\n"
                "  (c (map (list (map any))))\n"
                "  (d (object (x bool) (y? null))))\n"
                "(state)\n");
}
END_TEST

START_TEST(templates)
{
    parse("field f { label = \"\\u00e9 {{ user.name }} and {{items[0].x}}{{p.length}}!\" }");
    ck_assert_uint_eq(P.dl.items.len, 0);
    Item *it = P.m->items.items[0];
    Concern *c = it->concerns.items[0];
    Value *v = c->value;
    ck_assert_int_eq(v->kind, VAL_TEMPLATE);
    ck_assert_str_eq(ast_dump_value(&P.arena, v),
                     "(template \"\xc3\xa9 \" {user.name} \" and \" {items[0].x} {p.length} \"!\")");
    TemplatePart *p1 = v->parts.items[1];
    ck_assert(p1->is_path);
    /* spans point into the file even after an escape */
    ck_assert_str_eq(span_text(p1->path->span), "user.name");
    PathSeg *s = p1->path->segs.items[1];
    ck_assert_str_eq(span_text(s->span), "name");
    TemplatePart *p4 = v->parts.items[4];
    PathSeg *len = p4->path->segs.items[1];
    ck_assert_str_eq(len->name, "length");
    ck_assert_str_eq(v->lit->text, "\xc3\xa9 {{ user.name }} and {{items[0].x}}{{p.length}}!");
    done();
}
END_TEST

START_TEST(template_errors)
{
    expect_diags("field f { label = \"a {{ b\" }\n", "1:22 WP0203 this '{{' has no closing '}}'\n"
                                                     "  help close the placeholder: `{{ b}}`\n"
                                                     "  fix 1:26-1:26 `}}`\n");
    done();
    expect_diags("field f { label = \"{{}} {{a b}} {{ x. }}\" }\n",
                 "1:20 WP0203 expected a path between '{{' and '}}', such as {{user.name}}\n"
                 "1:25 WP0203 expected a path between '{{' and '}}', such as {{user.name}}\n"
                 "1:33 WP0203 expected a path between '{{' and '}}', such as {{user.name}}\n");
    done();
    /* single braces are text */
    expect_dump("field f { label = \"{a} }}\" }\n", "(field f\n  (= label (template \"{a} }}\")))\n");
}
END_TEST

START_TEST(duplicate_keys)
{
    expect_diags("test \"t\" { given { a: 1, \"a\": 2, b: { c: 1, c: 2 } } }\n",
                 "1:26 WP0204 duplicate key 'a' in this object\n"
                 "  note 1:20 'a' first appears here\n"
                 "  help keep one 'a': a key holds one value\n"
                 "1:45 WP0204 duplicate key 'c' in this object\n"
                 "  note 1:39 'c' first appears here\n"
                 "  help keep one 'c': a key holds one value\n");
    done();
}
END_TEST

START_TEST(spans_of_nodes)
{
    parse("// c\nsync a.b <-> c\n\nfield  x.y {\n  disabled when p == 1\n  concern risk = 3\n}\n");
    Item *sync = P.m->items.items[0];
    Item *field = P.m->items.items[1];
    LineCol lc = lc_of(sync->span);
    ck_assert_uint_eq(lc.line, 2);
    ck_assert_uint_eq(lc.col, 1);
    ck_assert_str_eq(span_text(sync->span), "sync a.b <-> c");
    ck_assert_str_eq(span_text(sync->keyword_span), "sync");
    Path *c = sync->paths.items[1];
    lc = lc_of(c->span);
    ck_assert_uint_eq(lc.line, 2);
    ck_assert_uint_eq(lc.col, 14);
    lc = lc_of(field->field->span);
    ck_assert_uint_eq(lc.line, 4);
    ck_assert_uint_eq(lc.col, 8);
    ck_assert_str_eq(span_text(field->span), "field  x.y {\n  disabled when p == 1\n  concern risk = 3\n}");
    Concern *d = field->concerns.items[0];
    ck_assert_str_eq(span_text(d->span), "disabled when p == 1");
    ck_assert_str_eq(span_text(d->cond->span), "p == 1");
    Concern *r = field->concerns.items[1];
    ck_assert_str_eq(span_text(r->span), "concern risk = 3");
    ck_assert_str_eq(span_text(r->name_span), "risk");
    lc = lc_of(r->name_span);
    ck_assert_uint_eq(lc.line, 6);
    ck_assert_uint_eq(lc.col, 11);
    done();
}
END_TEST

START_TEST(more_spans)
{
    parse("group g off when (a) { compute t = sum(x) exclude when y }\n"
          "listen a scope root call h\n"
          "test \"n\" { expect a:b == 1 }\n");
    Item *g = P.m->items.items[0];
    ck_assert_str_eq(span_text(g->span), "group g off when (a) { compute t = sum(x) exclude when y }");
    ck_assert_str_eq(span_text(g->when->span), "(a)");
    ck_assert(g->when->parens);
    Item *comp = g->items.items[0];
    ck_assert_str_eq(span_text(comp->span), "compute t = sum(x) exclude when y");
    ck_assert_str_eq(span_text(comp->op_span), "sum");
    Item *l = P.m->items.items[1];
    ck_assert_int_eq(l->scope_kind, SCOPE_ROOT);
    ck_assert_str_eq(span_text(l->name_span), "h");
    Item *t = P.m->items.items[2];
    TestStep *st = t->steps.items[0];
    ck_assert_str_eq(span_text(st->concern_span), "b");
    ck_assert_str_eq(span_text(st->span), "expect a:b == 1");
    ck_assert_str_eq(span_text(t->name_span), "\"n\"");
    done();
}
END_TEST

START_TEST(literal_values)
{
    parse("test \"t\" { set a = 1_000.5 set b = \"\\n\" set c = -0 }");
    Item *t = P.m->items.items[0];
    TestStep *s0 = t->steps.items[0], *s1 = t->steps.items[1];
    ck_assert_int_eq(s0->lit->kind, LIT_NUMBER);
    ck_assert_str_eq(s0->lit->text, "1000.5");
    ck_assert_double_eq(s0->lit->number, 1000.5);
    ck_assert_int_eq(s1->lit->kind, LIT_STRING);
    ck_assert_str_eq(s1->lit->text, "\n");
    ck_assert_uint_eq(s1->lit->text_len, 1);
    ck_assert(!P.m->had_errors);
    done();
}
END_TEST

/* ---- errors ---------------------------------------------------------------- */

START_TEST(message_missing_path)
{
    expect_diags("sync\n", "1:5 WP0201 unexpected end of file: expected a path after 'sync'\n");
    done();
    expect_diags("sync = a\n", "1:6 WP0201 expected a path after 'sync'\n");
    done();
}
END_TEST

START_TEST(message_missing_arrow)
{
    expect_diags("sync billing.email shipping.email\n",
                 "1:20 WP0201 expected '<->' or '->' between the paths of 'sync'\n"
                 "  help write `<->` between the two paths (or `->` from the source to the target)\n"
                 "  fix 1:20-1:20 `<-> `\n");
    done();
    expect_diags("flip a -> b\n", "1:8 WP0201 expected '<->' between the paths of 'flip'\n"
                                  "  help write `<->` between the two paths\n"
                                  "  fix 1:8-1:8 `<-> `\n");
    done();
}
END_TEST

START_TEST(message_concern_line)
{
    expect_diags("field x { disabled status == 1 }\n", "1:20 WP0201 expected 'when' or '=' after 'disabled'\n");
    done();
    expect_diags("field x { disabled when a = 1 }\n",
                 "1:27 WP0201 expected a comparison such as '==' after 'a'; '=' does not compare\n"
                 "  help to compare, write `==`\n"
                 "  fix 1:27-1:28 `==`\n");
    done();
}
END_TEST

START_TEST(message_unknown_concerns)
{
    expect_diags(
        "field x {\n hidden when a\n label when b\n visible = 1\n color = 2\n}\n",
        "2:2 WP0202 unknown concern 'hidden': the built-in conditions are 'disabled', 'visible' and 'readonly'\n"
        "  help for a concern of your own, write `concern hidden when ...`\n"
        "  fix 2:2-2:2 `concern `\n"
        "3:2 WP0202 'label' takes a value, not a condition\n"
        "  help write `label = \"...\"`, or `label = if CONDITION then \"...\" else \"...\"`\n"
        "4:2 WP0202 'visible' takes a condition, not a value\n"
        "  help write `visible when CONDITION`\n"
        "5:2 WP0202 unknown concern 'color': the built-in values are 'label', 'tooltip' and 'placeholder'\n"
        "  help for a concern of your own, write `concern color = ...`\n"
        "  fix 5:2-5:2 `concern `\n");
    ck_assert_uint_eq(((Item *)P.m->items.items[0])->concerns.len, 4);
    done();
}
END_TEST

START_TEST(message_unclosed_block)
{
    expect_diags("field x {\n  disabled when a\nsync a <-> b\n",
                 "3:1 WP0201 expected '}' to close the 'field' block opened here\n"
                 "  note 1:9 the 'field' block opens here\n"
                 "  help add `}` after 'a' to close the block\n"
                 "  fix 2:18-2:18 ` }`\n");
    /* the field is kept, closed where the next statement starts */
    ck_assert_str_eq(P.dump, "(field x\n  (when disabled (truthy a)))\n(sync a <-> b)\n");
    ck_assert_str_eq(span_text(((Item *)P.m->items.items[0])->span), "field x {\n  disabled when a");
    done();
    expect_diags("group g {\n  sync a <-> b\n",
                 "2:15 WP0201 unexpected end of file: the 'group' block 'g' is not closed\n"
                 "  note 1:9 the 'group' block opens here\n"
                 "  help add `}` at the end to close the group 'g'\n"
                 "  fix 2:15-2:15 `\n"
                 "}`\n");
    ck_assert_str_eq(P.dump, "(group g\n  (sync a <-> b))\n");
    done();
    expect_diags("field x { disabled when a", "1:26 WP0201 unexpected end of file: the 'field' block is not closed\n"
                                              "  note 1:9 the 'field' block opens here\n"
                                              "  help add `}` at the end to close the block\n"
                                              "  fix 1:26-1:26 ` }`\n");
    done();
}
END_TEST

START_TEST(stray_brace_while_recovering_is_quiet)
{
    /* the `{` is lost in the broken string: its `}` is not reported again */
    expect_diags("test billing\" {\n set a = 1\n}\nsync a <-> b\n",
                 "1:6 WP0201 expected a string after 'test'\n"
                 "1:13 WP0102 this string has no closing quote before the end of the line\n"
                 "  help add the closing `\"` (a string ends on its line; write \\n for a newline)\n"
                 "  fix 1:16-1:16 `\"`\n");
    ck_assert_str_eq(P.dump, "(sync a <-> b)\n");
    done();
    expect_diags("sync a..b <-> c\n", "1:8 WP0201 expected a name or an index after '.'\n");
    done();
}
END_TEST

START_TEST(message_statement_expected)
{
    expect_diags("given x\nsync a <-> b\n", "1:1 WP0201 expected a statement, found 'given'\n");
    ck_assert_str_eq(P.dump, "(sync a <-> b)\n");
    done();
    expect_diags("}\nsync a <-> b\n", "1:1 WP0201 unexpected '}': there is no open block to close\n"
                                      "  help remove this `}`\n"
                                      "  fix 1:1-1:2 ``\n");
    ck_assert_str_eq(P.dump, "(sync a <-> b)\n");
    done();
    expect_diags("test \"t\" { expect a > 1 }\n", "1:21 WP0201 expected ':', '==' or '!=' after 'a'\n");
    done();
}
END_TEST

START_TEST(operand_missing_before_next_statement)
{
    /* `field` could be a path segment; the next token shows it is not */
    expect_diags("sync a <->\nfield x { disabled when b }\nstate { field: string }\n",
                 "2:1 WP0201 expected a path after '<->'\n");
    ck_assert_str_eq(P.dump, "(field x\n  (when disabled (truthy b)))\n(state\n  (field string))\n");
    done();
    /* ...and here it is one */
    expect_dump("sync a <->\n  field.x\n", "(sync a <-> field.x)\n");
}
END_TEST

START_TEST(recovery_keeps_statements_between_errors)
{
    expect_diags("sync a <- b\n"
                 "flip c <-> d\n"
                 "aggregate x <- \n"
                 "  , y\n"
                 "field f { label = \"ok\" }\n",
                 "1:8 WP0201 expected '<->' or '->' between the paths of 'sync'\n"
                 "  help write `<->`, or `->` with the source on the left\n"
                 "  fix 1:8-1:10 `<->`\n"
                 "4:3 WP0201 expected a path after '<-'\n");
    ck_assert_str_eq(P.dump, "(flip c <-> d)\n(field f\n  (= label (template \"ok\")))\n");
    done();
}
END_TEST

START_TEST(recovery_inside_a_group)
{
    expect_diags("group g {\n"
                 "  sync a b\n"
                 "  field f { visible when x }\n"
                 "  clear a when b\n"
                 "}\n"
                 "sync c <-> d\n",
                 "2:10 WP0201 expected '<->' or '->' between the paths of 'sync'\n"
                 "  help write `<->` between the two paths (or `->` from the source to the target)\n"
                 "  fix 2:10-2:10 `<-> `\n"
                 "5:1 WP0201 expected 'changes' or ',' after 'b'\n");
    ck_assert_str_eq(P.dump, "(group g\n  (field f\n    (when visible (truthy x))))\n(sync c <-> d)\n");
    done();
}
END_TEST

START_TEST(not_here_inside_group)
{
    expect_diags("group g {\n import \"x\"\n state { a: bool }\n validator v = required\n"
                 " test \"t\" { then }\n group h { sync a <-> b }\n sync c <-> d\n}\n",
                 "2:2 WP0205 'import' is not allowed inside the group 'g'\n"
                 "  note 1:1 the group 'g' starts here\n"
                 "  help move the 'import' to the top level of the file, outside the group 'g'\n"
                 "3:2 WP0205 'state' is not allowed inside the group 'g'\n"
                 "  note 1:1 the group 'g' starts here\n"
                 "  help move the 'state' to the top level of the file, outside the group 'g'\n"
                 "4:2 WP0205 'validator' is not allowed inside the group 'g'\n"
                 "  note 1:1 the group 'g' starts here\n"
                 "  help move the 'validator' to the top level of the file, outside the group 'g'\n"
                 "5:2 WP0205 'test' is not allowed inside the group 'g'\n"
                 "  note 1:1 the group 'g' starts here\n"
                 "  help move the 'test' to the top level of the file, outside the group 'g'\n"
                 "6:2 WP0205 groups cannot be nested: 'h' is inside the group 'g'\n"
                 "  note 1:1 the group 'g' starts here\n"
                 "  help close the group 'g' before this one; a group whose rules need both conditions takes them "
                 "joined with `and`\n");
    Item *g = P.m->items.items[0];
    ck_assert_uint_eq(g->items.len, 6);
    Item *h = g->items.items[4];
    ck_assert_int_eq(h->kind, ITEM_GROUP);
    ck_assert_uint_eq(h->items.len, 1);
    done();
}
END_TEST

START_TEST(lexical_errors_do_not_cascade)
{
    expect_diags("sync a <-> b#c\nsync c <-> d\n",
                 "1:13 WP0101 unexpected character '#'\n"
                 "  help remove it; a key with this character is quoted: `[\"#\"]`\n");
    ck_assert_str_eq(P.dump, "(sync a <-> b)\n(sync c <-> d)\n");
    done();
    expect_diags("sync a <-> b /* open\nsync c <-> d\n",
                 "1:14 WP0104 this comment is not closed with */ before the end of the file\n"
                 "  help add `*/` where the comment ends (block comments do not nest)\n");
    done();
    expect_diags("sync a <-> /* open\n", "1:12 WP0104 this comment is not closed with */ before the end of the file\n"
                                         "  help add `*/` where the comment ends (block comments do not nest)\n");
    done();
    expect_diags("field f { label = \"abc\n}\nsync a <-> b\n",
                 "1:19 WP0102 this string has no closing quote before the end of the line\n"
                 "  help add the closing `\"` (a string ends on its line; write \\n for a newline)\n"
                 "  fix 1:23-1:23 `\"`\n");
    ck_assert_str_eq(P.dump, "(field f\n  (= label (template \"abc\")))\n(sync a <-> b)\n");
    done();
    expect_diags("field f { validate max(1__0) \"\\q\" }\n", "1:24 WP0105 malformed number '1__0'\n"
                                                             "  help write `1_0`\n"
                                                             "  fix 1:24-1:28 `1_0`\n"
                                                             "1:31 WP0103 '\\q' is not a valid escape\n"
                                                             "  help write `\\\\q` for a backslash and 'q'\n"
                                                             "  fix 1:31-1:32 `\\\\`\n");
    done();
    expect_diags("sync a@ <-> b\n", "1:7 WP0101 unexpected character '@'\n"
                                    "  help remove it; a key with this character is quoted: `[\"@\"]`\n");
    done();
    /* text dropped inside a statement silences the syntax error it causes */
    expect_diags("field x { visible when a % b }\nsync c <-> d e\n",
                 "1:26 WP0101 unexpected character '%'\n"
                 "  help remove it; a key with this character is quoted: `[\"%\"]`\n"
                 "2:14 WP0201 expected '<->', '->' or a new statement after 'd'\n");
    ck_assert_str_eq(P.dump, "(sync c <-> d)\n");
    done();
    /* JavaScript operators are reported and read as meant */
    expect_diags("field x { visible when a && !b || c === 1 }\n",
                 "1:26 WP0101 '&&' is written 'and' in .wp conditions\n"
                 "  help write `and`\n"
                 "  fix 1:26-1:28 `and`\n"
                 "1:29 WP0101 '!' is written 'not' in .wp conditions\n"
                 "  help write `not`\n"
                 "  fix 1:29-1:30 `not`\n"
                 "1:32 WP0101 '||' is written 'or' in .wp conditions\n"
                 "  help write `or`\n"
                 "  fix 1:32-1:34 `or`\n"
                 "1:37 WP0101 '===' is written '==' in .wp conditions\n"
                 "  help write `==`\n"
                 "  fix 1:37-1:40 `==`\n");
    ck_assert_str_eq(P.dump, "(field x\n  (when visible (or (and (truthy a) (not (truthy b))) (== c 1))))\n");
    done();
}

START_TEST(message_condition_mistakes)
{
    /* a path on the right of a comparison is a comparison of two values */
    expect_dump("field x { disabled when a == b.c }\n", "(field x\n  (when disabled (== a b.c)))\n");
    expect_dump("field x { disabled when length(a) >= b }\n", "(field x\n  (when disabled (length a >= b)))\n");
    expect_diags("field x { disabled when (a }\n",
                 "1:28 WP0201 expected a comparison operator, 'and', 'or', 'in', 'contains' or ')' after 'a'\n");
    done();
    expect_diags("field x { disabled when a in 1 }\n", "1:30 WP0201 expected '[' after 'in'\n");
    done();
    expect_diags("field x { disabled when a contains b }\n", "1:36 WP0201 expected 'any' or 'all' after 'contains'\n");
    done();
    expect_diags("compute t = total(a)\n", "1:13 WP0201 expected 'sum', 'avg', 'min', 'max' or 'count' after '='\n");
    done();
    expect_diags("field x { label = if a then 1 }\n", "1:31 WP0201 expected 'else' after '1'\n");
    done();
    expect_diags("state { a string }\n", "1:11 WP0201 expected ':' or '?' after 'a'\n");
    done();
}
END_TEST

START_TEST(every_prefix_parses_without_crashing)
{
    /* recovery must terminate and never crash, wherever the text stops */
    const char *docs[] = {doc_state, doc_effects, doc_fields, doc_listen, doc_group_import_test};
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        size_t n = strlen(docs[d]);
        for (size_t len = 0; len <= n; len += 3) {
            parse_len(docs[d], len);
            done();
        }
    }
    /* and with a token dropped in the middle of the text */
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        size_t n = strlen(docs[d]);
        char *buf = malloc(n + 1);
        for (size_t cut = 0; cut + 4 < n; cut += 7) {
            memcpy(buf, docs[d], cut);
            memcpy(buf + cut, docs[d] + cut + 4, n - cut - 4);
            parse_len(buf, n - 4);
            done();
        }
        free(buf);
    }
}
END_TEST

START_TEST(deep_nesting_is_an_error_not_a_crash)
{
    size_t n = 5000;
    char *buf = malloc(n * 2 + 64);
    strcpy(buf, "test \"t\" { given ");
    size_t k = strlen(buf);
    for (size_t i = 0; i < n; i++) buf[k++] = '[';
    for (size_t i = 0; i < n; i++) buf[k++] = ']';
    strcpy(buf + k, " }\nsync a <-> b\n");
    parse(buf);
    ck_assert(P.m->had_errors);
    ck_assert_uint_ge(P.dl.items.len, 1);
    Diag *d = P.dl.items.items[0];
    ck_assert_int_eq(d->code, D_PARSE_TOO_DEEP);
    ck_assert_str_eq(d->message, "nested too deeply: the parser holds at most 1000 unfinished "
                                 "constructs (parentheses, brackets, braces, 'not', 'if') at once");
    done();
    free(buf);
}
END_TEST

START_TEST(empty_and_comment_only_files)
{
    expect_dump("", "");
    expect_dump("// only a comment\n/* and a block */\n", "");
}
END_TEST

Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("constructs");
    tcase_add_test(tc, doc_state_block);
    tcase_add_test(tc, doc_side_effects);
    tcase_add_test(tc, doc_fields_and_validators);
    tcase_add_test(tc, doc_listeners);
    tcase_add_test(tc, doc_groups_imports_tests);
    tcase_add_test(tc, comments_are_collected);
    tcase_add_test(tc, keywords_as_names);
    tcase_add_test(tc, paths_every_segment_form);
    tcase_add_test(tc, bracket_index_must_be_whole);
    tcase_add_test(tc, sync_and_flip_chains);
    tcase_add_test(tc, aggregate_and_compute_sources);
    tcase_add_test(tc, condition_forms_and_precedence);
    tcase_add_test(tc, value_forms);
    tcase_add_test(tc, validators_and_externals);
    tcase_add_test(tc, state_separators_and_types);
    tcase_add_test(tc, templates);
    tcase_add_test(tc, template_errors);
    tcase_add_test(tc, duplicate_keys);
    tcase_add_test(tc, spans_of_nodes);
    tcase_add_test(tc, more_spans);
    tcase_add_test(tc, literal_values);
    tcase_add_test(tc, empty_and_comment_only_files);
    suite_add_tcase(s, tc);

    TCase *te = tcase_create("errors");
    tcase_add_test(te, message_missing_path);
    tcase_add_test(te, message_missing_arrow);
    tcase_add_test(te, message_concern_line);
    tcase_add_test(te, message_unknown_concerns);
    tcase_add_test(te, message_unclosed_block);
    tcase_add_test(te, message_statement_expected);
    tcase_add_test(te, stray_brace_while_recovering_is_quiet);
    tcase_add_test(te, operand_missing_before_next_statement);
    tcase_add_test(te, recovery_keeps_statements_between_errors);
    tcase_add_test(te, recovery_inside_a_group);
    tcase_add_test(te, not_here_inside_group);
    tcase_add_test(te, lexical_errors_do_not_cascade);
    tcase_add_test(te, message_condition_mistakes);
    tcase_add_test(te, every_prefix_parses_without_crashing);
    tcase_add_test(te, deep_nesting_is_an_error_not_a_crash);
    suite_add_tcase(s, te);
    return s;
}
