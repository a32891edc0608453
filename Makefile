# scamgraph: `make run` serves the API with the demo case; `make test` runs
# every test against a real Neo4j of its own. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The development Neo4j (`make run`) and the test one (`make test`) are two
# instances with their own ports and data folders: testing never wipes the
# data you work with.
NEO4J_BOLT_PORT ?= 7687
NEO4J_DATA_DIR ?= .data/neo4j
NEO4J_URI ?= bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
NEO4J_PASSWORD ?= scamgraph-dev
NEO4J_TEST_PORT ?= 17687
NEO4J_TEST_DATA_DIR ?= .data/neo4j-test
NEO4J_TEST_URI ?= bolt://127.0.0.1:$(NEO4J_TEST_PORT)
GO_TEST_FLAGS ?=
# The benchmark Neo4j keeps the seeded network between `make seed` and
# `make bench`; neither tests nor `make run` touch it.
NEO4J_BENCH_PORT ?= 27687
NEO4J_BENCH_DATA_DIR ?= .data/neo4j-bench
NEO4J_BENCH_URI ?= bolt://127.0.0.1:$(NEO4J_BENCH_PORT)
SCALE ?= 1100000

export NEO4J_PASSWORD

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

.PHONY: run
run: build neo4j ## start Neo4j if needed, load the demo case, serve GraphiQL on http://127.0.0.1:8080/ and the explorer on /explore
	SCAMGRAPH_DEV=1 NEO4J_URI=$(NEO4J_URI) ./bin/scamgraph serve --demo

.PHONY: test
test: graphiql explorer chromium-check neo4j-test ## run every test against the test Neo4j (port 17687 by default) and the explorer's in headless Chromium
	go vet ./...
	NEO4J_TEST_URI=$(NEO4J_TEST_URI) go test -p 1 -count=1 $(GO_TEST_FLAGS) ./...
	FUZZTIME=$${FUZZTIME:-2s} scripts/fuzz.sh

.PHONY: fuzz
fuzz: neo4j-test ## run every fuzz target for FUZZTIME each (default 60s; failing inputs stay in <pkg>/testdata/fuzz/), then the compartment property test on PROPERTY_SEEDS random seeds of PROPERTY_STEPS steps
	FUZZTIME=$${FUZZTIME:-60s} scripts/fuzz.sh
	set -o pipefail; NEO4J_TEST_URI=$(NEO4J_TEST_URI) SCAMGRAPH_PROPERTY_SEED=$${PROPERTY_SEED:-random} SCAMGRAPH_PROPERTY_STEPS=$${PROPERTY_STEPS:-1000} \
		SCAMGRAPH_PROPERTY_SEEDS=$${PROPERTY_SEEDS:-5} SCAMGRAPH_PROPERTY_SHRINK=$${PROPERTY_SHRINK:-120s} \
		go test -p 1 -count=1 -timeout 120m -run '^TestCompartmentProperty$$' -v ./server/ | grep -v '^=== '

.PHONY: property
property: neo4j-test ## the compartment property test alone (SCAMGRAPH_PROPERTY_SEED, _STEPS, _SEEDS, _KINDS, _ONLY, _VERBOSE: see server/compartment_property_test.go)
	set -o pipefail; NEO4J_TEST_URI=$(NEO4J_TEST_URI) go test -p 1 -count=1 -timeout 60m -run '^TestCompartmentProperty$$' -v ./server/ | grep -v '^=== '

.PHONY: build
build: graphiql explorer ## build bin/scamgraph
	go build -o bin/scamgraph ./cmd/scamgraph

.PHONY: graphiql
graphiql: ## vendor the GraphiQL assets from npm into the binary's embed folder
	@web/graphiql/build.sh

.PHONY: explorer
explorer: ## vendor the explorer's assets (Cytoscape.js, d3-geo, topojson-client, world-atlas) from npm into the binary's embed folder
	@web/explorer/build.sh

# The explorer's tests drive headless Chromium (chromedp); they fail, never
# skip, without it. .ci/run installs Debian's chromium when it is missing.
.PHONY: chromium-check
chromium-check:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || \
		{ echo "test: the explorer's browser tests need Chromium: apt-get install chromium (as .ci/run does)"; exit 1; }

.PHONY: generate
generate: ## regenerate the GraphQL executor from schema.graphqls and schema/*.graphqls
	go run github.com/99designs/gqlgen generate --config gqlgen.yml
	@# Lists of objects go through marshalSlice (resolvers/generated/marshal_slice.go),
	@# which marshals in order a root field read in one statement (resolvers/inorder).
	sed -i 's/graphql\.MarshalSliceConcurrently(/marshalSlice(/' resolvers/generated/exec.go

.PHONY: neo4j
neo4j: ## start the development Neo4j unless one answers at NEO4J_URI (first run downloads its jars)
	@NEO4J_URI=$(NEO4J_URI) NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_DATA_DIR=$(NEO4J_DATA_DIR) scripts/ensure-neo4j.sh

.PHONY: neo4j-stop
neo4j-stop: ## stop the development Neo4j
	@NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_DATA_DIR=$(NEO4J_DATA_DIR) neo4j-local/neo4jctl stop

.PHONY: neo4j-test
neo4j-test: ## start the test Neo4j (idempotent)
	@NEO4J_URI=$(NEO4J_TEST_URI) NEO4J_BOLT_PORT=$(NEO4J_TEST_PORT) NEO4J_DATA_DIR=$(NEO4J_TEST_DATA_DIR) scripts/ensure-neo4j.sh

.PHONY: neo4j-test-stop
neo4j-test-stop: ## stop the test Neo4j
	@NEO4J_BOLT_PORT=$(NEO4J_TEST_PORT) NEO4J_DATA_DIR=$(NEO4J_TEST_DATA_DIR) neo4j-local/neo4jctl stop

.PHONY: clean
clean: ## remove built files (not the Neo4j data)
	rm -rf bin neo4j-local/target

.PHONY: neo4j-bench
neo4j-bench: ## start the benchmark Neo4j (port 27687, 4g page cache)
	@NEO4J_URI=$(NEO4J_BENCH_URI) NEO4J_BOLT_PORT=$(NEO4J_BENCH_PORT) NEO4J_DATA_DIR=$(NEO4J_BENCH_DATA_DIR) NEO4J_PAGECACHE=$${NEO4J_PAGECACHE:-4g} scripts/ensure-neo4j.sh

.PHONY: neo4j-bench-stop
neo4j-bench-stop: ## stop the benchmark Neo4j
	@NEO4J_BOLT_PORT=$(NEO4J_BENCH_PORT) NEO4J_DATA_DIR=$(NEO4J_BENCH_DATA_DIR) neo4j-local/neo4jctl stop

# `make seed` is a first load: the importer writes the network into an
# offline graph, Neo4j's bulk importer loads it into the stopped benchmark
# instance (replacing its database), and the start-up creates indexes and
# constraints (docs/decisions.md, "A first load goes through the bulk
# importer"). `make seed-online` imports through Bolt into the running one.
SEED_BULK_DIR ?= .data/seed-bulk

.PHONY: seed
seed: build ## load the synthetic network of SCALE nodes (default 1,100,000: 5.1M relationships) into a fresh benchmark Neo4j, through the bulk importer (replaces its database)
	@set -e; began=$$(date +%s); \
	$(MAKE) -s neo4j-bench-stop; \
	./bin/scamgraph seed --scale $(SCALE) --seed $${SEED:-1} --bulk $(SEED_BULK_DIR); \
	NEO4J_BOLT_PORT=$(NEO4J_BENCH_PORT) NEO4J_DATA_DIR=$(NEO4J_BENCH_DATA_DIR) neo4j-local/neo4jctl import $(SEED_BULK_DIR); \
	$(MAKE) -s neo4j-bench; \
	NEO4J_URI=$(NEO4J_BENCH_URI) ./bin/scamgraph seed --finish $(SEED_BULK_DIR); \
	rm -f $(SEED_BULK_DIR)/nodes-*.csv $(SEED_BULK_DIR)/rels-*.csv; \
	echo "seed: $$(( $$(date +%s) - began ))s from the case files to a database ready to serve"

.PHONY: seed-online
seed-online: build neo4j-bench ## load the synthetic network of SCALE nodes into the running benchmark Neo4j through the online importer (adds to what it holds)
	NEO4J_URI=$(NEO4J_BENCH_URI) ./bin/scamgraph seed --scale $(SCALE) --seed $${SEED:-1}

.PHONY: bench
bench: build neo4j-bench $(if $(PEER),peer) ## API vs hand-written Cypher on the seeded network (run make seed first): writes bench/REPORT.md and bench/latency.png; PEER=1 adds the @neo4j/graphql side-by-side
	go run ./internal/bench -uri $(NEO4J_BENCH_URI) -server bin/scamgraph -duration $${BENCH_CELL:-8s} $(if $(PEER),-peer)

.PHONY: bench-peer
bench-peer: ## make bench with the side-by-side: @neo4j/graphql (bench/peer) on the nested query and the filtered list (needs Node.js and npm)
	$(MAKE) bench PEER=1

.PHONY: peer
peer: bench/peer/node_modules/.package-lock.json ## install the bench's peer, @neo4j/graphql, from bench/peer/package-lock.json (npm ci)

bench/peer/node_modules/.package-lock.json: bench/peer/package.json bench/peer/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "peer: npm not found: install Node.js (with npm) to run the side-by-side"; exit 1; }
	npm ci --prefix bench/peer --no-audit --no-fund
	@touch $@

.PHONY: loadtest
loadtest: neo4j-test ## 64 clients for 60 s of mixed queries against the test Neo4j (keys and audit on); then the same with Neo4j stopped midway
	NEO4J_TEST_URI=$(NEO4J_TEST_URI) go run ./internal/loadtest -duration $${LOADTEST_DURATION:-60s} -clients 64
	NEO4J_TEST_URI=$(NEO4J_TEST_URI) go run ./internal/loadtest -duration $${LOADTEST_DURATION:-60s} -clients 64 -fault \
		-stop-cmd "$(MAKE) -s neo4j-test-stop" -start-cmd "$(MAKE) -s neo4j-test"

.PHONY: bench-import
bench-import: neo4j-test ## import benchmark: 1,000,000 synthetic rows vs a naive one-row-per-transaction sample (SCAMGRAPH_BENCH_ROWS)
	NEO4J_TEST_URI=$(NEO4J_TEST_URI) go test -run '^$$' -bench '^BenchmarkImport$$' -benchtime 1x -timeout 60m ./casefile/

.PHONY: bench-explorer
bench-explorer: explorer chromium-check neo4j-test ## the explorer's time from focus to drawn for a 500-node neighbourhood in headless Chromium
	NEO4J_TEST_URI=$(NEO4J_TEST_URI) go test -run '^$$' -bench '^BenchmarkExplorerDraws500Nodes$$' -benchtime 20x -count 3 ./server/

.PHONY: bench-mapping
bench-mapping: neo4j-test ## mapped-import benchmark: a synthetic bank statement of 100,000 rows through testdata/mappings/statement.yml (SCAMGRAPH_BENCH_MAPPED_ROWS)
	NEO4J_TEST_URI=$(NEO4J_TEST_URI) go test -run '^$$' -bench '^BenchmarkImportMappedStatement$$' -benchtime 1x -timeout 60m ./casefile/
