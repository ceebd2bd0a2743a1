# slasim: the two set-up commands are `make run` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SCENARIO ?= scenarios/q3.json

.PHONY: deps build run test sanitize fuzz bench mutate clean venv notebooks notebook-check browser-check command-reports test-slurm deploy-check compare

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
	$(MAKE) notebook-check

# Test tooling in Python (never the product's own work): nbformat, nbclient, pandas and
# matplotlib to execute the notebooks, websocket-client to drive Chromium. Pinned, with every
# dependency, in tools/requirements.txt; made once and remade when that file changes.
VENV := .build/test-venv
$(VENV)/.installed: tools/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements.txt
	touch $@
venv: $(VENV)/.installed

# notebooks-export/: every shipped scenario's notebook and HTML report at a fixed seed and
# trial count (the same as NotebookExportTests, which fails when a file is stale).
EXPORT_ARGS = --trials 1000 --seed 42 --threads 2 --quiet --format json
notebooks: deps
	$(SWIFT) build --product slasim
	mkdir -p notebooks-export
	for f in scenarios/*.json; do \
	  name=$$(basename $$f .json); \
	  $$($(SWIFT) build --show-bin-path)/slasim run $$f $(EXPORT_ARGS) \
	    --html notebooks-export/$$name.html --notebook notebooks-export/$$name.ipynb > /dev/null || exit 1; \
	done

# One report and notebook of each command but run's (run's are in notebooks-export/), small
# and fast, in .build/reports/: notebook-check executes the notebooks, browser-check renders
# the pages.
REPORTS := .build/reports
SLASIM_DEBUG = $$($(SWIFT) build --show-bin-path)/slasim
command-reports: deps
	$(SWIFT) build --product slasim
	mkdir -p $(REPORTS)
	jq '.sales.reps = 2' scenarios/q3.json > $(REPORTS)/q3-2-reps.json
	$(SLASIM_DEBUG) compare scenarios/q3.json $(REPORTS)/q3-2-reps.json --trials 2000 --quiet --format json \
	  --html $(REPORTS)/compare.html --notebook $(REPORTS)/compare.ipynb > /dev/null
	$(SLASIM_DEBUG) stress scenarios/internal-sla.json --trials 512 --max-trials 1024 --quiet --format json \
	  --html $(REPORTS)/stress.html --notebook $(REPORTS)/stress.ipynb > /dev/null
	$(SLASIM_DEBUG) sensitivity scenarios/internal-sla.json --trials 512 --quiet --format json \
	  --html $(REPORTS)/sensitivity.html --notebook $(REPORTS)/sensitivity.ipynb > /dev/null
	$(SLASIM_DEBUG) solve scenarios/internal-sla.json --vary sales.reps --target 0.9 --goal sales.firstTouch \
	  --trials 512 --max-trials 1024 --quiet --format json --html $(REPORTS)/solve.html --notebook $(REPORTS)/solve.ipynb > /dev/null
	$(SLASIM_DEBUG) plan scenarios/internal-sla.json --annual-revenue 15000 --trials 500 --quiet --format json \
	  --html $(REPORTS)/plan.html --notebook $(REPORTS)/plan.ipynb > /dev/null
	$(SLASIM_DEBUG) fit scenarios/history/company-a.csv --forecast 6 --html $(REPORTS)/fit.html --notebook $(REPORTS)/fit.ipynb > /dev/null
	$(SLASIM_DEBUG) run scenarios/q3.json --trials 4000 --quiet --format json --html $(REPORTS)/q3-run.html > /dev/null

# Validates every notebook (notebooks-export/ and one of each other command) with nbformat and
# executes it with nbclient; a failing cell fails (make test runs it).
notebook-check: venv command-reports
	MPLBACKEND=Agg $(VENV)/bin/python scripts/notebook_check.py notebooks-export/*.ipynb $(REPORTS)/*.ipynb



# slasim side by side with independent peers in Python (issue 11, item 1): NumPy for the
# queue-free funnel, SimPy for the follow-up queue, Ciw and SimPy for the service desk, on the
# scenarios of bench/peers/. Fails when a peer disagrees beyond Monte Carlo error; prints
# trials/s, events/s and the ratios (about 2.5 minutes; COMPARE_ARGS=--quick for 15 s).
PEERS_VENV := .build/peers-venv
$(PEERS_VENV)/.installed: bench/peers/requirements.txt
	python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q --disable-pip-version-check -r bench/peers/requirements.txt
	touch $@
compare: build $(PEERS_VENV)/.installed
	$(PEERS_VENV)/bin/python bench/peers/compare.py --slasim $$($(SWIFT) build -c release --show-bin-path)/slasim $(COMPARE_ARGS)

# Shards on a real Slurm cluster (issue 11, item 3): a single-node cluster from Debian's
# packages, the documented job array (deploy/slurm/submit.sh) and merge, compared byte for byte
# with a single run; the daemons it started are stopped by their pid files. Needs root.
test-slurm: deps
	$(SWIFT) build --product slasim
	bash scripts/test_slurm.sh $$($(SWIFT) build --show-bin-path)/slasim

# The Kubernetes manifests validated offline against the API schemas (kubernetes-validate, in
# its own pinned virtual environment), and docs/deploy.md checked to show every deploy/ file as it is.
DEPLOY_VENV := .build/deploy-venv
$(DEPLOY_VENV)/.installed: tools/requirements-deploy.txt
	python3 -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements-deploy.txt
	touch $@
deploy-check: $(DEPLOY_VENV)/.installed
	$(DEPLOY_VENV)/bin/kubernetes-validate --strict --quiet deploy/kubernetes/*.yaml
	$(DEPLOY_VENV)/bin/kubernetes-validate --strict --quiet --kubernetes-version 1.29 deploy/kubernetes/*.yaml
	python3 scripts/check_deploy_docs.py

# Renders every report (notebooks-export/ and one of each command) in headless Chromium (Debian's,
# installed when missing): fails on console errors, network requests, charts without marks and
# layouts wider than an A4 page; screenshots and A4 prints go to .build/browser-check/.
browser-check: deps venv command-reports
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "Installing chromium (headless browser for the report check)..."; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi
	mkdir -p .build/browser-check
	@# The check must be able to fail: a page with every fault it looks for has to be refused.
	@if $(VENV)/bin/python scripts/browser_check.py .build/browser-check/broken scripts/browser-check-broken.html > .build/browser-check/broken.log; then \
	  cat .build/browser-check/broken.log; echo "browser-check: the deliberately broken page passed"; exit 1; fi
	@for fault in "self-contained" "console error" "(A4) page" "script element" "no drawn marks"; do \
	  grep -q "$$fault" .build/browser-check/broken.log || { echo "browser-check: missed '$$fault' on the broken page"; exit 1; }; done
	$(VENV)/bin/python scripts/browser_check.py .build/browser-check $(REPORTS)/*.html notebooks-export/*.html

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
