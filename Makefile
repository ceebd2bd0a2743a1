# slasim: the two set-up commands are `make run` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SCENARIO ?= scenarios/q3.json

.PHONY: deps build run test bench mutate clean

# Installs the system packages slasim needs, only when they are missing (Debian/Ubuntu).
deps:
	@if ! pkg-config --exists lapacke 2>/dev/null; then \
	  echo "Installing liblapacke-dev and pkg-config (LAPACK for least squares)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq liblapacke-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product slasim

run: build
	$$($(SWIFT) build -c release --show-bin-path)/slasim run $(SCENARIO) --format table

test: deps
	$(SWIFT) test

# Applies each one-line engine mutation of scripts/mutations.json in turn and runs the tests
# without the golden snapshots: every mutation must be caught (about 1-2 minutes each).
mutate: deps
	SWIFT=$(SWIFT) python3 scripts/mutate.py

bench: deps
	$(SWIFT) package --package-path Benchmarks benchmark

clean:
	rm -rf .build Benchmarks/.build
