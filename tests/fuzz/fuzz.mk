# fuzz.mk — the libFuzzer targets of tests/fuzz (docs/testing.md, "Fuzzing").
# Included by the top-level Makefile.
#
#   make fuzz          each target for FUZZ_TIME seconds (default 120) on a
#                      corpus seeded from examples/ and tests/, then the
#                      mutation run (tests/mutate.mjs)
#   make fuzz-replay   (part of make test) every input of tests/fuzz/regress/
#                      once, then each target for FUZZ_SHORT seconds (12)
#
# Built with Debian's clang: -fsanitize=fuzzer,address,undefined (any
# undefined behaviour aborts).  Crashes, leaks, timeouts and out-of-memory
# inputs are written to $(BUILD)/fuzz/artifacts/; copy one into
# tests/fuzz/regress/TARGET/ with its fix.

FUZZ_CC      ?= clang
FUZZ_TIME    ?= 120
FUZZ_SHORT   ?= 12
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS := fuzz_parse fuzz_compile fuzz_runtime
# (tests/fuzz/run.sh bounds time and memory per input: -timeout=20,
# -rss_limit_mb=2048; inputs up to 64 KiB)

FUZZ_CFLAGS_C   := -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                   -Icompiler -Igrammar -I$(GEN) -Itests/fuzz
FUZZ_COMPILER_SRCS := $(COMPILER_SRCS) $(RT_SHARED_SRCS) $(GEN_SRCS)
FUZZ_COMPILER_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(notdir $(FUZZ_COMPILER_SRCS)))

$(eval $(call obj_rule,$(FUZZ_DIR)/obj,compiler,$(FUZZ_CC) $(FUZZ_CFLAGS_C)))
$(eval $(call obj_rule,$(FUZZ_DIR)/obj,runtime,$(FUZZ_CC) $(FUZZ_CFLAGS_C)))
$(eval $(call obj_rule,$(FUZZ_DIR)/obj,$(GEN),$(FUZZ_CC) $(FUZZ_CFLAGS_C) -Wno-unused-parameter))

$(FUZZ_DIR)/libwpc-fuzz.a: $(FUZZ_COMPILER_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_parse: tests/fuzz/fuzz_parse.c tests/fuzz/fuzz_common.h $(FUZZ_DIR)/libwpc-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS_C) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libwpc-fuzz.a $(LDLIBS_WPC)
$(FUZZ_DIR)/fuzz_compile: tests/fuzz/fuzz_compile.c tests/fuzz/fuzz_common.h $(FUZZ_DIR)/libwpc-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS_C) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libwpc-fuzz.a $(LDLIBS_WPC)

# The runtime natively, with the hook doubles of runtime/tests/td.c.
# (tables_build.c keeps its index in the compiler's IdMap: compiler/maps.c)
FUZZ_RT_SRCS := $(sort $(wildcard runtime/rt_*.c)) $(sort $(wildcard runtime/kits/*.c)) \
                runtime/tables_build.c runtime/listener_build.c runtime/tests/td.c compiler/arena.c compiler/maps.c
$(FUZZ_DIR)/fuzz_runtime: tests/fuzz/fuzz_runtime.c tests/fuzz/fuzz_common.h $(FUZZ_RT_SRCS) $(wildcard runtime/*.h runtime/*.def runtime/kits/*.h runtime/tests/td.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer -Iruntime -Icompiler -Itests/fuzz \
	  -o $@ $< $(FUZZ_RT_SRCS) -lm

fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))

# Seeds: every .wp of examples/ and tests/ for the compiler targets; the
# committed inputs of tests/fuzz/seeds/runtime for the runtime.
FUZZ_WP_SEEDS := $(sort $(wildcard examples/*/*.wp tests/*/*.wp tests/*/*/*.wp stdlib/*.wp bench/fixtures/*.wp))
$(FUZZ_DIR)/seeds.stamp: $(FUZZ_WP_SEEDS)
	@rm -rf $(FUZZ_DIR)/seeds && mkdir -p $(FUZZ_DIR)/seeds/wp
	@for f in $(FUZZ_WP_SEEDS); do cp "$$f" "$(FUZZ_DIR)/seeds/wp/$$(echo $$f | tr / _)"; done
	@touch $@

.PHONY: fuzz fuzz-build fuzz-replay
# Each target for FUZZ_TIME seconds; its corpus is kept in
# $(FUZZ_DIR)/corpus/TARGET from run to run (tests/fuzz/run.sh).
fuzz: fuzz-build $(FUZZ_DIR)/seeds.stamp
	@for t in $(FUZZ_TARGETS); do \
	  seeds=$(FUZZ_DIR)/seeds/wp; [ $$t = fuzz_runtime ] && seeds=tests/fuzz/seeds/runtime; \
	  bash tests/fuzz/run.sh $(FUZZ_DIR)/$$t $(FUZZ_TIME) $(FUZZ_DIR)/corpus/$$t $$seeds tests/fuzz/regress/$$t || exit 1; \
	done
	$(MAKE) --no-print-directory mutate

# Every regression input once, then a short run of each target from the
# seeds alone (a fresh corpus each time, so the time stays bounded).
fuzz-replay: fuzz-build $(FUZZ_DIR)/seeds.stamp
	@for t in $(FUZZ_TARGETS); do bash tests/fuzz/run.sh -replay $(FUZZ_DIR)/$$t tests/fuzz/regress/$$t || exit 1; done
	@rm -rf $(FUZZ_DIR)/short
	@for t in $(FUZZ_TARGETS); do \
	  seeds=$(FUZZ_DIR)/seeds/wp; [ $$t = fuzz_runtime ] && seeds=tests/fuzz/seeds/runtime; \
	  bash tests/fuzz/run.sh $(FUZZ_DIR)/$$t $(FUZZ_SHORT) $(FUZZ_DIR)/short/$$t $$seeds tests/fuzz/regress/$$t || exit 1; \
	done
