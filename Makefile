# slasim: the two set-up commands are `make run` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SCENARIO ?= scenarios/q3.json

.PHONY: deps build run test sanitize fuzz bench mutate clean

# Installs the system packages slasim needs, only when they are missing (Debian/Ubuntu).
deps:
	@if ! pkg-config --exists lapacke 2>/dev/null; then \
	  echo "Installing liblapacke-dev and pkg-config (LAPACK for least squares)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq liblapacke-dev pkg-config >/dev/null; \
	fi
	@if ! command -v jq >/dev/null 2>&1; then \
	  echo "Installing jq (the README's what-if loop, which a test runs)..."; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq jq >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product slasim

run: build
	$$($(SWIFT) build -c release --show-bin-path)/slasim run $(SCENARIO) --format table

test: deps
	$(SWIFT) test

# The engine's tests under AddressSanitizer (all of them, about 4 minutes with the build) and
# ThreadSanitizer (the multi-threaded runs and the statistics they fold, about 3 minutes), each
# in its own build folder. .ci/run runs this after `make test`.
TSAN_TESTS = EnginePropertyTests|EngineKnownValueTests|EngineSendableTests|StatisticsSendableTests|QuantileSketchTests|StreamingMomentsTests
sanitize: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan --filter SLASimTests
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --filter '$(TSAN_TESTS)'

# libFuzzer on the two parsers of user files (Fuzz/: the scenario loader and the history CSV
# parser), FUZZ_SECONDS each, under AddressSanitizer. Linked with lld: gold fails on the
# fuzzer's objects. .ci/run runs FUZZ_SECONDS=60.
FUZZ_SECONDS ?= 300
fuzz: deps
	$(SWIFT) build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

# Applies each one-line engine mutation of scripts/mutations.json in turn and runs the tests
# without the golden snapshots: every mutation must be caught (about 1-2 minutes each).
mutate: deps
	SWIFT=$(SWIFT) python3 scripts/mutate.py

bench: deps
	$(SWIFT) package --package-path Benchmarks benchmark

clean:
	rm -rf .build .build-asan .build-tsan .build-fuzz Benchmarks/.build Fuzz/.build
