# Koncernregistret: `make run` serves the demo, `make test` runs the suite.
GO      ?= go
BIN     := bin/koncern
# ADDR is this machine only unless told otherwise: make run ADDR=:8080
# listens on every interface, ADDR=127.0.0.1:8090 on another port.
ADDR    ?= 127.0.0.1:8080
DEMO_DB ?= koncern-demo.db
DEMO_LOG ?= koncern-demo.log
# The release build leaves out the symbol table and DWARF (-s -w) and the
# build machine's paths (-trimpath); the version stays in the build info,
# with the commit (-buildvcs=auto, as for build).
RELEASE_FLAGS := -buildvcs=auto -trimpath -ldflags "-s -w"

LINT_DIR := tools/lint

.PHONY: lint-contract screenshots build release run staticcheck test vet fmt-check generate check-generate clean bench bench-http crash-test cover import-bombs vendor client-generate check-client-generate client-test client-ts-generate client-ts-test

# -buildvcs=auto stamps the commit into the build info (koncern version,
# /healthz) whatever GOFLAGS says, wherever git can tell it.
build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/koncern

# release builds the binary to ship: smaller, with no paths of this machine.
release:
	$(GO) build $(RELEASE_FLAGS) -o $(BIN) ./cmd/koncern

# The demo database is made anew on each run (--fresh), but only once the
# server holds its address: a second make run while the first serves fails
# on the address and leaves the first one's database alone. --demo refuses
# to mix the demo data into a database that already holds records. The demo
# is published for reading; the server prints, last, the tokens and the ids
# of the README's tour, and sends its JSON logs to $(DEMO_LOG).
run: build
	./$(BIN) serve --addr $(ADDR) --db $(DEMO_DB) --demo --fresh --public-read --log $(DEMO_LOG)

# TOOLS is the module of the benchmarks and the load, crash and import-bomb
# tools (its own go.mod); make test and make vet cover it too.
TOOLS := tools/perf

test: fmt-check vet
	$(GO) test -count=1 ./...
	$(GO) -C $(TOOLS) test -count=1 ./...

vet:
	$(GO) vet ./...
	$(GO) -C $(TOOLS) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "not gofmt-clean:"; echo "$$out"; exit 1; fi

# lint-contract lints openapi.yaml with Redocly CLI (recommended) and
# Spectral (spectral:oas), at the versions pinned in tools/lint, and fails
# on any error or warning (tools/lint/lint.sh). It needs Node and npm; the
# linters are installed with npm ci when the lock file is newer than them.
lint-contract: $(LINT_DIR)/node_modules/.package-lock.json
	bash $(LINT_DIR)/lint.sh

$(LINT_DIR)/node_modules/.package-lock.json: $(LINT_DIR)/package-lock.json
	cd $(LINT_DIR) && npm ci --ignore-scripts --no-audit --no-fund

# staticcheck runs the pinned version over the product and the tools
# module; go run fetches it, so neither go.mod carries it.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
staticcheck:
	$(GO) run $(STATICCHECK) ./...
	$(GO) -C $(TOOLS) run $(STATICCHECK) ./...

generate:
	$(GO) generate ./ent

# check-generate fails when the committed ent code differs from what the
# schema generates.
check-generate: generate
	@git diff --exit-code --stat -- ent && \
	test -z "$$(git status --porcelain -- ent)" || { echo "go generate ./ent changed files: commit them"; exit 1; }

# client-generate regenerates the Go client in clients/go from openapi.yaml
# with oapi-codegen (its version pinned in clients/go/go.mod, its options in
# clients/go/koncernapi/config.yaml).
client-generate:
	cd clients/go && $(GO) generate ./...

# check-client-generate fails when the committed client differs from what
# the contract generates: a change to openapi.yaml must regenerate it.
check-client-generate: client-generate
	@git diff --exit-code --stat -- clients/go && \
	test -z "$$(git status --porcelain -- clients/go)" || { echo "make client-generate changed files: commit them"; exit 1; }

# client-test runs the README's tour with the generated Go client against
# the binary serving the demo on a free port of 127.0.0.1.
client-test: build
	cd clients/go && $(GO) vet ./... && KONCERN_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 ./...

# client-ts-generate installs the TypeScript client's pinned packages
# (clients/ts/package-lock.json) and regenerates its types, src/schema.ts,
# from openapi.yaml with openapi-typescript.
client-ts-generate:
	cd clients/ts && npm ci --no-audit --no-fund --loglevel=error && npm run --silent generate >/dev/null

# client-ts-test fails when the committed types differ from what the
# contract generates, type-checks the client with tsc and runs part of the
# README's tour with it against the binary serving the demo.
client-ts-test: build client-ts-generate
	@git diff --exit-code --stat -- clients/ts/src/schema.ts || { echo "make client-ts-generate changed clients/ts/src/schema.ts: commit it"; exit 1; }
	cd clients/ts && npm run --silent build && KONCERN_BIN=$(CURDIR)/$(BIN) npm run --silent tour


# The benchmarks and the load, crash and import-bomb tools are a module of
# their own (tools/perf, with its go.mod), so that vegeta and the other
# tools' dependencies stay out of the product's go.mod.
#
# bench runs the national-scale benchmarks six times and summarises them
# with benchstat (BENCHMARKS.md). It takes a few minutes and is not part of
# make test.
bench:
	cd $(TOOLS)/bench && $(GO) test -run '^$$' -bench . -count 6 -timeout 60m . | tee $(CURDIR)/bench.txt
	$(GO) run golang.org/x/perf/cmd/benchstat@latest bench.txt

# bench-http is the load benchmark (tools/perf/cmd/benchhttp, BENCHMARKS.md): it
# seeds the national dataset, serves it with the binary, and measures the
# API against a bare Echo route in the same process, on SQLite and on
# PostgreSQL (KONCERN_BENCH_POSTGRES, by default the local server). It takes
# about twelve minutes (each endpoint is measured three times after its
# ceiling, and the median ratio reported) and is not part of make test. BENCH_FLAGS passes
# options, such as BENCH_FLAGS="-dialects sqlite -duration 5s".
bench-http: build
	bash -o pipefail -c '$(GO) -C $(TOOLS) run ./cmd/benchhttp -bin $(CURDIR)/$(BIN) $(BENCH_FLAGS) | tee bench-http.txt'

# cover runs the suite with coverage counted over the product's packages
# (not the generated ent code, the benchmark tools or the test helpers),
# writes cover.out and prints each package's figure and the total
# (scripts/cover.sh). `go tool cover -func=cover.out` lists every function;
# -html=cover.out shows the lines.
cover:
	GO=$(GO) bash scripts/cover.sh

# import-bombs sends hostile import bodies (a sheet reaching column XFD,
# 20 MiB of blank CSV lines, a zip unpacking to a gigabyte, ...) to a fresh
# server each and prints status, time, CPU and peak memory
# (scripts/import-bombs.sh, BENCHMARKS.md).
import-bombs:
	bash scripts/import-bombs.sh

# crash-test kills a loaded server with SIGKILL CRASH_LOOPS times (default
# 5) and checks that no acknowledged write is lost (scripts/crash-test.sh).
crash-test:
	bash scripts/crash-test.sh

# vendor fetches htmx and axe-core again with npm pack and checks them
# against the sha256 sums pinned in scripts/vendor.sh (web/static/VENDORED.md).
vendor:
	bash scripts/vendor.sh

clean:
	rm -rf bin bench.txt bench-http.txt cover.out $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_LOG)

# screenshots retakes the README's pictures of the web application
# (docs/screenshots) with the browser tests, in Chromium.
screenshots:
	mkdir -p docs/screenshots
	KONCERN_DOCS_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run 'Browser' ./web/
