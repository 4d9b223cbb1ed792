# runtime.mk — builds and tests the runtime (runtime/*.c).
#
# Included by the top-level Makefile, and usable alone:
#   make -f runtime/runtime.mk runtime-test
# Targets:
#   $(BUILD)/runtime.wasm  the runtime for wpc to embed (hooks imported from "wp")
#   runtime-wasm           the same, phony
#   runtime-test           Check suites natively (plain, ASan+UBSan, valgrind),
#                          the import-list check, the node smoke test and the
#                          number-text differential test against node
# Every output goes under $(BUILD)/runtime/, except $(BUILD)/runtime.wasm.

BUILD ?= build

RT_DIR := runtime
RT_OUT := $(BUILD)/runtime
RT_HEADERS := $(wildcard $(RT_DIR)/*.h) $(wildcard $(RT_DIR)/*.def) $(wildcard $(RT_DIR)/kits/*.h)
# The core (rt_*.c) and the table-driven kits (kits/*.c), in wasm and natively.
RT_SRCS := $(sort $(wildcard $(RT_DIR)/rt_*.c)) $(sort $(wildcard $(RT_DIR)/kits/*.c))
RT_WASM_SRCS := $(filter-out $(RT_DIR)/rt_exports.c,$(RT_SRCS))
# The blob builders (tables_build.c, listener_build.c) are not in the module:
# wpc runs them at build time, and the native tests use them to lay out their
# blobs.
# numfmt_harness.c is a program of its own (the numfmt differential test).
RT_HARNESS_SRC := $(RT_DIR)/tests/numfmt_harness.c
# tables_build.c keeps its state index in a compiler IdMap (compiler/maps.c).
RT_TEST_SRCS := $(sort $(filter-out $(RT_HARNESS_SRC),$(wildcard $(RT_DIR)/tests/*.c))) $(RT_DIR)/tables_build.c \
                $(RT_DIR)/listener_build.c compiler/arena.c compiler/maps.c
RT_TEST_HEADERS := $(wildcard $(RT_DIR)/tests/*.h) compiler/arena.h compiler/maps.h

RT_WARN := -std=c11 -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes \
           -Wmissing-prototypes -Werror

# native (unit tests)
RT_CC ?= gcc
RT_CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
RT_CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
RT_NATIVE_CFLAGS := $(RT_WARN) -g -O1 -D_POSIX_C_SOURCE=200809L -I$(RT_DIR) -Icompiler $(RT_CHECK_CFLAGS)
RT_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# wasm
RT_WASM_CC ?= clang
RT_STACK_SIZE ?= 262144
RT_EXPORT_NAMES := $(shell sed -n 's/^RT_EXPORT[^,]*,[^,]*, *\([a-z_0-9]*\),.*/\1/p' $(RT_DIR)/exports.def)
# Link-time optimisation lets LLVM inline the small accessors of one file
# (rt_path_depth, rt_change_path, ...) into the kits of another, which
# Binaryen's -O2 inliner does not (S11b 26 -> 21 us, S03 6.2 -> 5.0); the
# inline threshold keeps the catalog module near its old size (86 -> 92 KB;
# LLVM's default of 225 gives 115 KB, over the 100 KB bar).
RT_WASM_LTO := -flto -Wl,--lto-O2 -Wl,-mllvm,-inline-threshold=40
RT_WASM_CFLAGS := --target=wasm32-wasi $(RT_WARN) -O2 -flto -I$(RT_DIR)
RT_COMMA := ,
RT_WASM_LDFLAGS := $(RT_WASM_LTO) -nostartfiles -Wl,--no-entry -Wl,--stack-first -Wl,-z,stack-size=$(RT_STACK_SIZE) \
                   -Wl,--export=__heap_base $(addprefix -Wl$(RT_COMMA)--export=,$(RT_EXPORT_NAMES))

RT_VALGRIND ?= valgrind
RT_NODE ?= node

.PHONY: runtime-wasm runtime-test runtime-test-native runtime-test-asan runtime-test-valgrind \
        runtime-test-imports runtime-test-smoke runtime-test-numfmt

runtime-wasm: $(BUILD)/runtime.wasm

# Compiled with -O2 and linked without it, then optimised by wasm-opt with
# --debuginfo: one clang call with -O2 would run wasm-opt itself, which drops
# the function names that `wpc build -g` keeps. (wpc strips them otherwise.)
RT_WASM_OBJS := $(patsubst $(RT_DIR)/%.c,$(RT_OUT)/wasm/%.o,$(RT_WASM_SRCS))

$(RT_OUT)/wasm/%.o: $(RT_DIR)/%.c $(RT_HEADERS) $(RT_DIR)/runtime.mk
	@mkdir -p $(dir $@)
	$(RT_WASM_CC) $(RT_WASM_CFLAGS) -c $< -o $@

$(BUILD)/runtime.wasm: $(RT_WASM_OBJS)
	@mkdir -p $(dir $@)
	$(RT_WASM_CC) --target=wasm32-wasi $(RT_WASM_LDFLAGS) $(RT_WASM_OBJS) -o $@.linked
	wasm-opt $@.linked --strip-dwarf -O2 --debuginfo -o $@
	rm -f $@.linked

$(RT_OUT)/rt_tests: $(RT_SRCS) $(RT_TEST_SRCS) $(RT_HEADERS) $(RT_TEST_HEADERS)
	@mkdir -p $(dir $@)
	$(RT_CC) $(RT_NATIVE_CFLAGS) $(RT_SRCS) $(RT_TEST_SRCS) -o $@ $(RT_CHECK_LIBS) -lm

$(RT_OUT)/rt_tests_san: $(RT_SRCS) $(RT_TEST_SRCS) $(RT_HEADERS) $(RT_TEST_HEADERS)
	@mkdir -p $(dir $@)
	$(RT_CC) $(RT_NATIVE_CFLAGS) $(RT_SAN_FLAGS) $(RT_SRCS) $(RT_TEST_SRCS) -o $@ $(RT_CHECK_LIBS) -lm

# rt_num_format as a stdin/stdout filter, with the sanitizers on.
$(RT_OUT)/numfmt_harness: $(RT_HARNESS_SRC) $(RT_DIR)/rt_numfmt.c $(RT_DIR)/rt_numfmt.h
	@mkdir -p $(dir $@)
	$(RT_CC) $(RT_WARN) -g -O1 -I$(RT_DIR) $(RT_SAN_FLAGS) $(RT_HARNESS_SRC) $(RT_DIR)/rt_numfmt.c -o $@

runtime-test-native: $(RT_OUT)/rt_tests
	$(RT_OUT)/rt_tests

runtime-test-asan: $(RT_OUT)/rt_tests_san
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(RT_OUT)/rt_tests_san

runtime-test-valgrind: $(RT_OUT)/rt_tests
	CK_FORK=no $(RT_VALGRIND) -q --error-exitcode=1 --leak-check=full $(RT_OUT)/rt_tests

runtime-test-imports: $(BUILD)/runtime.wasm
	$(RT_NODE) $(RT_DIR)/tests/check_imports.mjs $(BUILD)/runtime.wasm $(RT_DIR)/hooks.def $(RT_DIR)/exports.def

runtime-test-smoke: $(BUILD)/runtime.wasm
	WP_RUNTIME_WASM=$(BUILD)/runtime.wasm $(RT_NODE) --test $(RT_DIR)/tests/smoke.test.mjs

# rt_num_format (native harness) and rt_mk_num_str (runtime.wasm) against String(x).
runtime-test-numfmt: $(RT_OUT)/numfmt_harness $(BUILD)/runtime.wasm
	WP_NUMFMT_HARNESS=$(RT_OUT)/numfmt_harness WP_RUNTIME_WASM=$(BUILD)/runtime.wasm \
	  $(RT_NODE) --test $(RT_DIR)/tests/numfmt.test.mjs

# In order: plain, sanitizers, valgrind, import list, node smoke test, numfmt.
runtime-test:
	$(MAKE) -f $(RT_DIR)/runtime.mk BUILD=$(BUILD) runtime-test-native
	$(MAKE) -f $(RT_DIR)/runtime.mk BUILD=$(BUILD) runtime-test-asan
	$(MAKE) -f $(RT_DIR)/runtime.mk BUILD=$(BUILD) runtime-test-valgrind
	$(MAKE) -f $(RT_DIR)/runtime.mk BUILD=$(BUILD) runtime-test-imports
	$(MAKE) -f $(RT_DIR)/runtime.mk BUILD=$(BUILD) runtime-test-smoke
	$(MAKE) -f $(RT_DIR)/runtime.mk BUILD=$(BUILD) runtime-test-numfmt
