# wpc — the WP rules compiler.
#
#   make            build build/wpc
#   make example    install what is missing, build wpc, compile the bundled example
#   make test       install what is missing, run every test suite
#   make bench      apply and compile-time benchmarks (bench/results.json)
#   make docs       regenerate docs/diagnostics.md from compiler/diag_codes.def
#   make clean
#
# Generated sources (re2c, lemon, the embedded stdlib and runtime) go to
# build/gen and are never committed.

BUILD   ?= build
GEN     := $(BUILD)/gen
CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-sign-conversion -Werror
CFLAGS  ?= -O2 -g
WPC_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
              -Icompiler -Igrammar -I$(GEN)
# Generated code is compiled without -Werror-worthy warnings it cannot avoid.
GEN_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wno-unused-parameter \
              -Wno-unused-variable -Wno-unused-but-set-variable $(CFLAGS) \
              -Icompiler -Igrammar -I$(GEN)
LDLIBS_WPC := -lcjson -lbinaryen -lm
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

.PHONY: all deps wpc test wp-test format format-check layers-check unit unit-asan corpus scale snapshots snapshots-check fmt-check example docs docs-check md-links-check clean js-test pkg-test regex-test valgrind-check bench import-test grammar-test tutorial-test mutate ref-test

all: wpc

deps:
	@bash scripts/install-deps.sh

# ---- sources ---------------------------------------------------------------
COMPILER_SRCS := $(wildcard compiler/*.c)
CLI_SRCS      := $(wildcard compiler/cli/*.c)
GEN_SRCS      := $(GEN)/lexer.c $(GEN)/parser.c $(GEN)/stdlib_data.c $(GEN)/runtime_data.c \
                 $(GEN)/js_data.c $(GEN)/test_driver_data.c
# Runtime files the compiler shares: the table blob builder (codegen_tables.c),
# the listener index builder (gen_listeners.c) and the number formatter
# (String(n), rt_numfmt.h).
RT_SHARED_SRCS := $(wildcard runtime/tables_build.c runtime/listener_build.c runtime/rt_numfmt.c)
HEADERS       := $(wildcard compiler/*.h compiler/*.def compiler/cli/*.h grammar/*.def) $(GEN)/parser.h \
                 $(wildcard runtime/*.h runtime/*.def runtime/kits/*.h)

# ---- generated sources -----------------------------------------------------
$(GEN)/parser.c $(GEN)/parser.h: grammar/parser.y
	@mkdir -p $(GEN)
	lemon -q -l -d$(GEN) -T/usr/share/lemon/lempar.c grammar/parser.y

$(GEN)/lexer.c: grammar/lexer.re $(GEN)/parser.h
	@mkdir -p $(GEN)
	re2c -W --no-generation-date --no-version -o $@ grammar/lexer.re

$(GEN)/stdlib_data.c: $(wildcard stdlib/*.wp) scripts/embed.sh
	@mkdir -p $(GEN)
	bash scripts/embed.sh wpc_stdlib $@ $(sort $(wildcard stdlib/*.wp))

# runtime.wasm (runtime/runtime.mk) embedded as wpc_runtime; rebuilt with it.
$(GEN)/runtime_data.c: $(BUILD)/runtime.wasm scripts/embed.sh
	@mkdir -p $(GEN)
	bash scripts/embed.sh wpc_runtime $@ $(BUILD)/runtime.wasm

# The JS glue (runtime/js/*.js) embedded as wpc_js, assembled by pkg.c.
$(GEN)/js_data.c: $(wildcard runtime/js/*.js) scripts/embed.sh
	@mkdir -p $(GEN)
	bash scripts/embed.sh wpc_js $@ $(sort $(wildcard runtime/js/*.js))

# The node script `wpc test` runs (compiler/cli/test_driver.mjs), embedded
# as wpc_test_driver and written beside the package for each run.
$(GEN)/test_driver_data.c: compiler/cli/test_driver.mjs scripts/embed.sh
	@mkdir -p $(GEN)
	bash scripts/embed.sh wpc_test_driver $@ compiler/cli/test_driver.mjs

# ---- objects: plain and sanitized ------------------------------------------
obj      = $(patsubst %.c,$(BUILD)/obj/%.o,$(notdir $(1)))
asan_obj = $(patsubst %.c,$(BUILD)/asan/%.o,$(notdir $(1)))

COMPILER_OBJS := $(call obj,$(COMPILER_SRCS) $(RT_SHARED_SRCS))
GEN_OBJS      := $(call obj,$(GEN_SRCS))
ASAN_OBJS     := $(call asan_obj,$(COMPILER_SRCS) $(RT_SHARED_SRCS)) $(call asan_obj,$(GEN_SRCS))

CLI_OBJS      := $(call obj,$(CLI_SRCS))
CLI_ASAN_OBJS := $(call asan_obj,$(CLI_SRCS))

# obj_rule OUT SRC COMPILE: OUT/%.o from SRC/%.c by COMPILE (the compiler
# and its flags); every object depends on all the headers.
define obj_rule
$(1)/%.o: $(2)/%.c $$(HEADERS)
	@mkdir -p $$(dir $$@)
	$(3) -c $$< -o $$@
endef
$(eval $(call obj_rule,$(BUILD)/obj,compiler,$(CC) $(WPC_CFLAGS)))
$(eval $(call obj_rule,$(BUILD)/obj,runtime,$(CC) $(WPC_CFLAGS)))
$(eval $(call obj_rule,$(BUILD)/asan,runtime,$(CC) $(WPC_CFLAGS) $(SAN)))
$(eval $(call obj_rule,$(BUILD)/obj,$(GEN),$(CC) $(GEN_CFLAGS)))
$(eval $(call obj_rule,$(BUILD)/obj,compiler/cli,$(CC) $(WPC_CFLAGS) -Icompiler/cli))
$(eval $(call obj_rule,$(BUILD)/asan,compiler,$(CC) $(WPC_CFLAGS) $(SAN)))
$(eval $(call obj_rule,$(BUILD)/asan,compiler/cli,$(CC) $(WPC_CFLAGS) $(SAN) -Icompiler/cli))
$(eval $(call obj_rule,$(BUILD)/asan,$(GEN),$(CC) $(GEN_CFLAGS) $(SAN)))

$(BUILD)/libwpc.a: $(COMPILER_OBJS) $(GEN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libwpc-asan.a: $(ASAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

wpc: $(BUILD)/wpc
$(BUILD)/wpc: $(CLI_OBJS) $(BUILD)/libwpc.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_WPC)

$(BUILD)/asan/wpc: $(CLI_ASAN_OBJS) $(BUILD)/libwpc-asan.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS_WPC)

# ---- unit tests (Check) ----------------------------------------------------
UNIT_SRCS := $(wildcard tests/unit/*.c)
# The runtime's DFA matcher (not part of wpc), so test_regex.c can run the
# blobs regex_dfa.c compiles.
UNIT_RT_SRCS := runtime/rt_dfa.c

$(BUILD)/unit_tests: $(UNIT_SRCS) $(UNIT_RT_SRCS) $(BUILD)/libwpc.a $(HEADERS)
	$(CC) $(WPC_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -o $@ $(UNIT_SRCS) $(UNIT_RT_SRCS) \
	  $(BUILD)/libwpc.a $(CHECK_LIBS) $(LDLIBS_WPC)

$(BUILD)/unit_tests_asan: $(UNIT_SRCS) $(UNIT_RT_SRCS) $(BUILD)/libwpc-asan.a $(HEADERS)
	$(CC) $(WPC_CFLAGS) $(SAN) $(CHECK_CFLAGS) -Itests/unit -o $@ $(UNIT_SRCS) $(UNIT_RT_SRCS) \
	  $(BUILD)/libwpc-asan.a $(CHECK_LIBS) $(LDLIBS_WPC)

unit: $(BUILD)/unit_tests
	cd tests/unit && ../../$(BUILD)/unit_tests

unit-asan: $(BUILD)/unit_tests_asan
	cd tests/unit && CK_FORK=no ASAN_OPTIONS=detect_leaks=1 ../../$(BUILD)/unit_tests_asan

# ---- end-to-end suites over the CLI -----------------------------------------
corpus: $(BUILD)/wpc $(BUILD)/asan/wpc
	bash tests/run-corpus.sh $(BUILD)/wpc $(BUILD)/asan/wpc

# Large inputs of generated-file shapes within generous time and memory
# limits (tests/run-scale.sh): structure, not speed.
scale: $(BUILD)/wpc
	bash tests/run-scale.sh $(BUILD)/wpc

# Snapshot goldens (tests/snapshots/*.ir, *.wat): compare, or regenerate.
snapshots-check: $(BUILD)/wpc
	bash tests/run-snapshots.sh $(BUILD)/wpc

snapshots: $(BUILD)/wpc
	UPDATE=1 bash tests/run-snapshots.sh $(BUILD)/wpc

# The project's own .wp files follow wpc fmt (tests/diag and the fmt inputs
# are laid out on purpose and are not checked).
FORMATTED_WP := $(wildcard examples/*/*.wp stdlib/*.wp bench/fixtures/*.wp \
                           tests/pkg/fixtures/*.wp tests/snapshots/*.wp tests/wptest/*.wp)
fmt-check: $(BUILD)/wpc
	$(BUILD)/wpc fmt --check $(FORMATTED_WP)

# The compiler under valgrind on the checkout example: lint, fmt, a whole
# package build (codegen and Binaryen included) and its tests (node, which
# wpc test starts, is not traced); and an import.  ASan covers the unit tests
# and the corpus; valgrind also sees into the uninstrumented libraries
# (Binaryen, cJSON). Its report goes to stdout; wpc's warnings are dropped.
VALGRIND := valgrind -q --error-exitcode=9 --leak-check=full
valgrind-check: $(BUILD)/wpc
	$(VALGRIND) $(BUILD)/wpc lint examples/checkout/checkout.wp
	$(VALGRIND) $(BUILD)/wpc fmt examples/checkout/checkout.wp > /dev/null
	$(VALGRIND) --log-fd=1 $(BUILD)/wpc build examples/checkout/checkout.wp -o $(BUILD)/valgrind-pkg 2> /dev/null
	$(VALGRIND) --log-fd=1 $(BUILD)/wpc import tests/import/cases/state.json -o $(BUILD)/valgrind-import.wp 2> /dev/null
	$(VALGRIND) $(BUILD)/wpc test examples/checkout/checkout.wp > /dev/null

# ---- wpc test (docs/testing.md) ------------------------------------------------
# The project's own .wp tests, run by wpc test (the sanitized build too:
# it forks node and parses what the driver prints), and the command's own
# behaviour: output formats, --filter, exit codes, a missing node
# (tests/run-wp-test-cmd.sh), and the examples of docs/cli.md and
# docs/testing.md run as written (tests/wptest/docs.mjs).
WP_TESTS := $(shell grep -l '^test ' $(wildcard examples/*/*.wp) 2>/dev/null)
wp-test: $(BUILD)/wpc $(BUILD)/asan/wpc
	$(BUILD)/wpc test $(WP_TESTS)
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)/asan/wpc test $(WP_TESTS) > /dev/null
	bash tests/run-wp-test-cmd.sh $(BUILD)/wpc
	node tests/wptest/docs.mjs $(BUILD)/wpc

# ---- docs --------------------------------------------------------------------
docs: $(BUILD)/wpc
	$(BUILD)/wpc explain --all --markdown > docs/diagnostics.md

docs-check: $(BUILD)/wpc
	@$(BUILD)/wpc explain --all --markdown | diff -u docs/diagnostics.md - \
	  || { echo "docs/diagnostics.md is stale: run 'make docs'"; exit 1; }

# The docs stand alone (scripts/md-links-check.mjs): every relative link of
# README.md and docs/*.md, and of the README of a package wpc builds, leads to
# a file (and heading) that exists; nothing names the specification outside
# the repository; the package cites only its own files.  tests/docs shows
# the check failing on planted bad links.
md-links-check: $(BUILD)/wpc
	@rm -rf $(BUILD)/md-links-pkg
	$(BUILD)/wpc build examples/checkout/checkout.wp -o $(BUILD)/md-links-pkg 2> /dev/null
	node scripts/md-links-check.mjs --package $(BUILD)/md-links-pkg README.md docs/*.md
	node --test tests/docs/

# ---- the runtime (issue 3) ---------------------------------------------------
-include runtime/runtime.mk

# ---- the JS glue of the package (runtime/js/, docs/internals.md) --------------
# Codec and pipeline against runtime.wasm with stub hooks, and a package built
# by wpc imported through ESM and CommonJS.
js-test: $(BUILD)/runtime.wasm $(BUILD)/wpc
	WP_RUNTIME_WASM=$(BUILD)/runtime.wasm WPC=$(BUILD)/wpc node --test runtime/js/tests/

# ---- the generated packages against docs/semantics.md and docs/package.md ------
# tests/pkg builds its fixtures with wpc and drives them through node --test;
# types.test.mjs type-checks index.d.ts with the tsc that install-deps.sh
# puts in tests/pkg/node_modules.
pkg-test: $(BUILD)/wpc
	bash tests/run-pkg.sh $(BUILD)/wpc

# ---- wpc import (docs/migrating.md) --------------------------------------------
# Goldens of tests/import/cases (JSON in, .wp and diagnostics out; UPDATE=1
# rewrites them), the sanitized build on each, and the round trip: import,
# build, run the package in node (tests/import/*.test.mjs).
import-test: $(BUILD)/wpc $(BUILD)/asan/wpc
	bash tests/run-import.sh $(BUILD)/wpc $(BUILD)/asan/wpc

# ---- React, valtio, the Vite plugin and the checkout page (docs/react.md) -------
# tests/web: the ./react and ./valtio subpaths under React DOM in jsdom
# (render counts), their types, the Vite plugin, and the checkout page built
# with Vite and driven in the Debian chromium by playwright-core, all pinned in
# tests/web/package-lock.json (installed by install-deps.sh). Its fixtures
# follow wpc fmt too (fmt-check).
FORMATTED_WP += $(wildcard tests/web/fixtures/*.wp)
.PHONY: web-test
web-test: $(BUILD)/wpc
	WPC=$(BUILD)/wpc node --test tests/web/

# ---- the TextMate grammar (grammar/wp.tmLanguage.json, docs/editor.md) ---------
# Tokenized with vscode-textmate and vscode-oniguruma, pinned in
# tests/grammar/package-lock.json and installed by install-deps.sh.
grammar-test:
	node --test tests/grammar/

# ---- the docs' examples run: docs/tutorial.md (its files written, its commands
# run, each output compared with the page's; UPDATE=1 writes the outputs into
# the page; its TypeScript step uses the tsc of tests/pkg/node_modules) and
# docs/package.md (its rules file built, its `js test` blocks run, each value
# shown compared).
tutorial-test: $(BUILD)/wpc
	WPC=$(BUILD)/wpc node --test tests/tutorial/

# ---- pattern regexes against JavaScript (tests/regex) ------------------------
# The harness compiles each pattern with regex_dfa.c and answers strings with
# rt_dfa_search; regex.test.mjs compares it, and rt_dfa_search inside
# runtime.wasm, with RegExp.prototype.test on generated strings.
$(BUILD)/regex_harness: tests/regex/harness.c runtime/rt_dfa.c $(BUILD)/libwpc.a $(HEADERS)
	$(CC) $(WPC_CFLAGS) -o $@ tests/regex/harness.c runtime/rt_dfa.c $(BUILD)/libwpc.a

regex-test: $(BUILD)/regex_harness $(BUILD)/runtime.wasm
	WP_REGEX_HARNESS=$(BUILD)/regex_harness WP_RUNTIME_WASM=$(BUILD)/runtime.wasm node --test tests/regex/

# ---- fuzzing (tests/fuzz/fuzz.mk: make fuzz, make fuzz-replay) ---------------
include tests/fuzz/fuzz.mk

# ---- the reference engine (tests/ref: docs/testing.md) -------------------------
# Random programs at -O0, -O2 and in an interpreter of the IR, side by side.
# REF_COUNT cases from REF_SEED; by hand: make ref-test REF_COUNT=2000 REF_SEED=1000
REF_COUNT ?= 100
REF_SEED  ?= 1
ref-test: $(BUILD)/wpc
	WPC=$(BUILD)/wpc node tests/ref/run.mjs --count $(REF_COUNT) --seed $(REF_SEED)

# ---- mutation run (tests/mutate.mjs; part of make fuzz, not of make test) -------
# Plants one bug at a time in the runtime and the JS glue, in a copy of the
# tree, and fails if the suite named for a mutant still passes.
mutate: $(BUILD)/wpc $(BUILD)/runtime.wasm
	node tests/mutate.mjs

# ---- benchmarks (never part of make test: speed is measured, not asserted) --------
# bench/results.json gets the figures; docs/performance.md keeps the latest table.
# make bench BENCH_FLAGS=--quick shortens the catalog scenarios.
bench: deps
	$(MAKE) --no-print-directory wpc
	$(BUILD)/wpc build bench/fixtures/one-sync.wp -o $(BUILD)/bench/one-sync
	$(BUILD)/wpc build bench/fixtures/one-listener.wp -o $(BUILD)/bench/one-listener
	$(BUILD)/wpc build examples/catalog/catalog.wp -o $(BUILD)/bench/catalog 2>/dev/null
	$(BUILD)/wpc build examples/catalog/catalog.wp --emit wasm -o $(BUILD)/bench/catalog.wasm 2>/dev/null
	node bench/apply.mjs $(BUILD)/bench/one-sync
	node bench/listener.mjs $(BUILD)/bench/one-listener
	# the concerns' cost: the catalog without listeners, with and without its field blocks
	# (the listeners' JavaScript would drown the conditions' nanoseconds)
	node -e "process.stdout.write(require('fs').readFileSync('examples/catalog/catalog.wp','utf8').replace(/^listen [^\n]*\n/gm, ''))" > $(BUILD)/bench/catalog-conds.wp
	$(BUILD)/wpc build $(BUILD)/bench/catalog-conds.wp -o $(BUILD)/bench/catalog-conds 2>/dev/null
	node -e "process.stdout.write(require('fs').readFileSync('examples/catalog/catalog.wp','utf8').replace(/^field [^\n]*\{[\s\S]*?^\}\n/gm, '').replace(/^listen [^\n]*\n/gm, ''))" > $(BUILD)/bench/catalog-bare.wp
	$(BUILD)/wpc build $(BUILD)/bench/catalog-bare.wp -o $(BUILD)/bench/catalog-bare 2>/dev/null
	node bench/concerns.mjs $(BUILD)/bench/catalog-conds $(BUILD)/bench/catalog-bare
	node -e "process.stdout.write(require('fs').readFileSync('examples/catalog/catalog.wp','utf8').replace(/^field [^\n]*\{[\s\S]*?^\}\n/gm, '').replace(/^listen [^\n]*\n/gm, ''))" > $(BUILD)/bench/catalog-syncflip.wp
	$(BUILD)/wpc build $(BUILD)/bench/catalog-syncflip.wp -o $(BUILD)/bench/catalog-syncflip 2>/dev/null
	node bench/catalog.mjs $(BUILD)/bench/catalog $(BUILD)/bench/catalog-syncflip $(BENCH_FLAGS)
	# bytes the JS heap allocates per apply beyond the result (the glue's hot path allocates nothing)
	node --expose-gc bench/alloc.mjs $(BUILD)/bench/one-sync $(BUILD)/bench/catalog-syncflip
	$(BUILD)/wpc build bench/fixtures/wild-sum.wp -o $(BUILD)/bench/wild-sum
	node bench/derived.mjs $(BUILD)/bench/wild-sum
	node --expose-gc bench/scale.mjs $(BUILD)/bench/one-sync $(BUILD)/bench/catalog $(BUILD)/bench/catalog.wasm
	bash bench/compile.sh $(BUILD)/wpc

# ---- the two commands of the README -------------------------------------------
test: deps
	$(MAKE) --no-print-directory wpc
	$(MAKE) --no-print-directory format-check layers-check unit unit-asan corpus scale snapshots-check fmt-check valgrind-check docs-check md-links-check
	$(MAKE) --no-print-directory web-test
	@if [ -f runtime/runtime.mk ]; then $(MAKE) --no-print-directory runtime-test; fi
	$(MAKE) --no-print-directory js-test pkg-test regex-test import-test grammar-test wp-test tutorial-test
	$(MAKE) --no-print-directory fuzz-replay ref-test
	@echo "make test: all suites passed"

# Every C file of the project (generated sources excluded) is as clang-format
# (.clang-format) would write it: `make format` rewrites, the check only reads.
C_SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^grammar/')
format:
	clang-format -i $(C_SOURCES)
format-check:
	@clang-format --dry-run --Werror $(C_SOURCES) && echo "format-check: $(words $(C_SOURCES)) files formatted"

# The back end (IR, codegen, emit, pkg) includes no front-end header.
layers-check: $(GEN)/parser.h
	bash tests/check-layers.sh $(GEN)

example: deps
	$(MAKE) --no-print-directory wpc
	bash scripts/example.sh $(BUILD)/wpc

clean:
	rm -rf $(BUILD)
