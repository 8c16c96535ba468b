# ahc's entry points. `make demo` sets everything up and runs the demo;
# `make test` runs every test (setting up first when needed).

BIN   := bin
BUILD := build
# No VCS stamp and no machine paths in the executables: the boot libraries'
# cache key hashes them, so only a change to the code rebuilds the libraries.
GOBUILDFLAGS := -buildvcs=false -trimpath

.PHONY: all setup build demo test test-go test-js lint clean

all: build

# Installs packages, fetches source packages, builds the executables and the
# cached runtime pieces. Idempotent; a warm run takes seconds.
setup:
	scripts/setup.sh

build:
	go build $(GOBUILDFLAGS) -o $(BIN)/ ./cmd/...

# Haskell hello world: compiled by ahc, linked, run on the embedded host.
demo: setup
	$(BIN)/ahc-link --input-hs examples/hello.hs --output-directory $(BUILD)/hello --run

# The C platform check's module, shared by the Go and the JavaScript tests.
$(BUILD)/platform.wasm: tests/cplatform/testdata/platform.c setup
	@mkdir -p $(BUILD)
	$(BIN)/ahc-cc -O2 -Wall -Werror -o $@ $< -lz

test: setup lint test-go test-js

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	go vet ./...

# tests/cmmcorpus checks the booted packages and rebuilds some with the Cmm
# oracle on: minutes, hence the timeout.
test-go: $(BUILD)/platform.wasm
	AHC_PLATFORM_WASM=$(CURDIR)/$(BUILD)/platform.wasm AHC_BIN=$(CURDIR)/$(BIN) go test -timeout 60m ./...

test-js: $(BUILD)/platform.wasm
	AHC_PLATFORM_WASM=$(CURDIR)/$(BUILD)/platform.wasm node --test rts/js/

clean:
	rm -rf $(BIN) $(BUILD)

# Benchmarks: bench/programs/*.hs built by ahc (trampolines and tail calls,
# on the embedded host and on Node.js) and by the native ghc -O1; prints
# median wall times and ratios, never fails on a slow or wrong program.
# BENCH_FLAGS passes options, e.g. make bench BENCH_FLAGS="--runs 3 --only nbody"
# (bin/ahc-bench --help lists them).
.PHONY: bench pkgset-report
bench: setup
	$(BIN)/ahc-bench --programs bench/programs $(BENCH_FLAGS)

# The package set's sweep: the 200 packages of the set with the most reverse
# dependencies, and a few more, each built for wasm with its dependencies;
# prints the failures by cause and ends with "pkgset: N of M packages build
# for wasm (K wait for Template Haskell)". Hours from a cold store.
# SWEEP_FLAGS passes options, e.g. make pkgset-report SWEEP_FLAGS="--top 20"
# (bin/ahc-sweep --help lists them).
pkgset-report: setup
	$(BIN)/ahc-sweep $(SWEEP_FLAGS)
