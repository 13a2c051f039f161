# newsworker -- one Makefile for the library, the service, tools and tests.
#
#   make            build build/release/newsworker
#   make test       unit + integration tests; ends with "N passed, N failed"
#   make demo       install what is missing, build, run the pipeline on examples
#   make eval       score the extractor on ../shared/eval (skips without it)
#   make bench      words/second of `newsworker extract`, against compromise
#   make model      retrain worker/data/models/ner.model from ../shared/data
#   make fuzz       run every libFuzzer target for FUZZ_SECONDS each
#   make chaos      the at-least-once fault run (see README)
#   make scale      throughput against the number of workers (see README)
#   make valgrind   the unit tests under valgrind
#   make k8s-check  validate deploy/k8s offline (Node.js, npm)
#   SANITIZE=1      build and test under AddressSanitizer + UBSan (build/san)

.DEFAULT_GOAL := all
SHELL := /bin/bash

CC ?= cc
OPTIMIZATION ?= -O2
WERROR ?= -Werror
WARNINGS = -Wall -Wextra $(WERROR) -Wno-unused-parameter
STD = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L

ifeq ($(SANITIZE),1)
  BUILD ?= build/san
  OPTIMIZATION = -O1
  SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
else
  BUILD ?= build/release
endif

PKGS = libzmq hiredis libprotobuf-c jansson libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lzmq -lhiredis -lprotobuf-c -ljansson -lmicrohttpd)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

DATADIR ?= $(CURDIR)/worker/data
GEN := $(BUILD)/gen
CPPFLAGS += -Iworker/extract -Iworker/service -Iworker -I$(GEN) \
            -DNW_DEFAULT_DATADIR='"$(DATADIR)"'
CFLAGS += $(STD) $(OPTIMIZATION) -g $(WARNINGS) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
LDFLAGS += $(SANFLAGS)
LDLIBS += $(PKG_LIBS) -lm -lpthread

# ------------------------------------------------------------ sources --
PROTO := proto/newsworker/v1/newsworker.proto
PROTO_C := $(GEN)/newsworker/v1/newsworker.pb-c.c
PROTO_H := $(PROTO_C:.c=.h)

EXTRACT_SRC := $(sort $(wildcard worker/extract/*.c))
SERVICE_SRC := $(sort $(wildcard worker/service/*.c))
CMD_SRC := $(sort $(wildcard worker/main.c worker/cmd_*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
EXTRACT_OBJ := $(call obj,$(EXTRACT_SRC))
SERVICE_OBJ := $(call obj,$(SERVICE_SRC)) $(BUILD)/obj/gen/newsworker.pb-c.o
CMD_OBJ := $(call obj,$(CMD_SRC))

LIBEXTRACT := $(BUILD)/libnwextract.a
LIBSERVICE := $(BUILD)/libnwservice.a
BIN := $(BUILD)/newsworker
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
TOOL_BIN := $(patsubst tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))

.SECONDARY:
.PHONY: all test demo eval bench model stance-model scale fuzz chaos valgrind clean deps unit docker-smoke k8s-check
all: $(BIN) $(TOOL_BIN)

$(PROTO_C) $(PROTO_H): $(PROTO)
	@mkdir -p $(GEN)
	protoc-c --c_out=$(GEN) -Iproto $(PROTO)

$(BUILD)/obj/gen/newsworker.pb-c.o: $(PROTO_C)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-unused-parameter -c $< -o $@

$(BUILD)/obj/%.o: %.c | $(PROTO_H)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIBEXTRACT): $(EXTRACT_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBSERVICE): $(SERVICE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIBSERVICE) $(LIBEXTRACT)
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(LIBSERVICE) $(LIBEXTRACT) $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/obj/tools/%.o $(LIBEXTRACT)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBEXTRACT) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBSERVICE) $(LIBEXTRACT)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBSERVICE) $(LIBEXTRACT) $(CMOCKA_LIBS) $(LDLIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# --------------------------------------------------------------- tests --
unit: $(UNIT_BIN)

test: all $(UNIT_BIN)
	@NW_BUILD=$(BUILD) NW_BIN=$(BIN) NW_DATADIR=$(DATADIR) tests/run.sh

valgrind: all $(UNIT_BIN)
	@NW_BUILD=$(BUILD) NW_BIN=$(BIN) NW_DATADIR=$(DATADIR) NW_VALGRIND=1 tests/run.sh unit

# ---------------------------------------------------------------- fuzz --
FUZZ_BUILD ?= build/fuzz
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O1 -g \
  -fsanitize=fuzzer,address,undefined -Iworker/extract -Iworker/service -Iworker \
  -I$(FUZZ_BUILD)/gen $(PKG_CFLAGS) -DNW_DEFAULT_DATADIR='"$(DATADIR)"'
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRC))

$(FUZZ_BUILD)/gen/newsworker/v1/newsworker.pb-c.c: $(PROTO)
	@mkdir -p $(FUZZ_BUILD)/gen
	protoc-c --c_out=$(FUZZ_BUILD)/gen -Iproto $(PROTO)

$(FUZZ_BUILD)/%: tests/fuzz/%.c $(EXTRACT_SRC) $(SERVICE_SRC) $(FUZZ_BUILD)/gen/newsworker/v1/newsworker.pb-c.c
	clang $(FUZZ_CFLAGS) -o $@ $< $(EXTRACT_SRC) $(SERVICE_SRC) \
	  $(FUZZ_BUILD)/gen/newsworker/v1/newsworker.pb-c.c $(PKG_LIBS) -lm -lpthread

# Each run starts from tests/fuzz/seeds and an empty corpus: a corpus kept
# from earlier runs grows to thousands of inputs, and replaying it took the
# whole FUZZ_SECONDS of the slow targets (fuzz_article: 3,364 replays in
# 89 s, no mutation at all).  FUZZ_KEEP_CORPUS=1 keeps and extends it.
fuzz: $(FUZZ_BIN)
	@set -e -o pipefail; for f in $(FUZZ_BIN); do n=$$(basename $$f); \
	  [ "$(FUZZ_KEEP_CORPUS)" = 1 ] || rm -rf $(FUZZ_BUILD)/corpus/$$n; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
	  echo "== $$n ($(FUZZ_SECONDS) s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
	    $(FUZZ_BUILD)/corpus/$$n tests/fuzz/seeds 2>&1 | tail -n 12; done

# ------------------------------------------------------------ the rest --
deps:
	scripts/deps.sh

demo:
	scripts/deps.sh
	$(MAKE) all
	scripts/demo.sh $(BIN)

eval: all
	@scripts/eval.sh $(BIN)

bench: all
	@scripts/bench.sh $(BIN)

# The stance classifier's features read NER output: retrain it after NER.
model: $(BUILD)/tools/train_ner $(BUILD)/tools/train_stance
	scripts/model.sh $(BUILD)/tools/train_ner
	$(MAKE) stance-model

stance-model: $(BUILD)/tools/train_stance
	scripts/stance-model.sh $(BUILD)/tools/train_stance

chaos: all
	@scripts/chaos.sh $(BIN)

# Offline checks of deploy/k8s (tools/k8s-check/check.mjs): Kubernetes API
# schemas, and the cross-references no schema knows (selectors, volumes,
# Service ports, each NEWSWORKER_* variable against the command's --help).
# Needs Node.js and npm (scripts/deps.sh --k8s); the pinned packages of
# tools/k8s-check/package-lock.json go to tools/k8s-check/node_modules.
k8s-check: $(BIN)
	@cd tools/k8s-check && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@$(BIN) broker --help > $(BUILD)/help-broker.txt
	@$(BIN) run --help > $(BUILD)/help-run.txt
	@node tools/k8s-check/check.mjs --help-broker $(BUILD)/help-broker.txt \
	  --help-run $(BUILD)/help-run.txt deploy/k8s/*.yaml

scale: all
	@scripts/scale.sh $(BIN)

# the image and deploy/docker-compose.yml for real (needs a Docker engine)
docker-smoke:
	@scripts/docker-smoke.sh

clean:
	rm -rf build
