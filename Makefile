# sessiond: the Session Token chain. `make help` lists the targets.

BUILDDIR ?= $(CURDIR)/build
TOOLS    ?= $(BUILDDIR)/tools
SESSIOND := $(BUILDDIR)/sessiond
export TOOLS

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  := $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS := -X github.com/cosmos/cosmos-sdk/version.Name=sessiond \
	-X github.com/cosmos/cosmos-sdk/version.AppName=sessiond \
	-X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
	-X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT)

GO_TEST_FLAGS ?= -count=1
FUZZTIME      ?= 30s
SOAK_DURATION ?= 30m
SOAK_RATE     ?= 3

# Whole-app simulations (app/sim_test.go, build tag sims): the first seed;
# each target runs consecutive seeds from it.
SIM_SEED ?= 1
SIM_TESTS := Test(FullAppSimulation|AppStateDeterminism|AppImportExport|AppSimulationAfterImport|FreeloadersEarnLess)$$
SIM_GO_TEST = go test $(GO_TEST_FLAGS) -tags sims ./app -Seed=$(SIM_SEED)

.DEFAULT_GOAL := help

##@ Run

run: build ## Build sessiond and start (or resume) the local development chain
	@scripts/devnet.sh run

run-reset: build ## Delete the development chain, then start a fresh one
	@scripts/devnet.sh reset
	@scripts/devnet.sh run

portal: build ## Start the development chain and serve the staking portal against it on http://127.0.0.1:8080 (Ctrl-C stops both)
	@SESSIOND=$(SESSIOND) scripts/portal.sh run

localnet: build ## Build and start (or resume) a 4-validator network on loopback, in the background
	@SESSIOND=$(SESSIOND) scripts/localnet.sh start

localnet-stop: ## Stop the localnet's validators
	@scripts/localnet.sh stop

localnet-reset: ## Stop the localnet and delete it (.localnet)
	@scripts/localnet.sh reset

##@ Build

build: ## Build build/sessiond, build/session-relayer, build/session-pro-issuer and build/session-pricefeeder
	go build -ldflags '$(LDFLAGS)' -o $(SESSIOND) ./cmd/sessiond
	go build -ldflags '$(LDFLAGS)' -o $(BUILDDIR)/session-relayer ./cmd/session-relayer
	go build -ldflags '$(LDFLAGS)' -o $(BUILDDIR)/session-pro-issuer ./cmd/session-pro-issuer
	go build -ldflags '$(LDFLAGS)' -o $(BUILDDIR)/session-pricefeeder ./cmd/session-pricefeeder

install: ## Install sessiond, session-relayer, session-pro-issuer and session-pricefeeder into GOBIN
	go install -ldflags '$(LDFLAGS)' ./cmd/sessiond ./cmd/session-relayer ./cmd/session-pro-issuer ./cmd/session-pricefeeder

proto-gen: ## Regenerate the Go code and OpenAPI document of proto/ (offline; committed)
	scripts/protocgen.sh

contracts: ## Regenerate the contract artifacts and Go bindings (bridge; price feeder's Uniswap V3 test contracts)
	scripts/contracts.sh
	scripts/pricefeeder-contracts.sh

chain-registry: build ## Regenerate the wallet and explorer kit (chain-registry/sessionchain: chain.json, assetlist.json, Keplr, ping.pub)
	SESSIOND=$(SESSIOND) scripts/chainregistry.sh generate

ts-client: ## Regenerate the TypeScript client (ts-client/src) from proto/ with ts-proto (offline; committed)
	scripts/tsclient.sh generate

clean: ## Remove build outputs (not the development chain)
	rm -rf $(BUILDDIR)

##@ Test

test: proto-check contracts-check chain-registry-check ts-client-check lint test-unit test-sim-short test-e2e ## Everything a change must pass

test-unit: ## Unit and whole-app integration tests (simulations excluded)
	go test $(GO_TEST_FLAGS) ./...

test-sim-short: ## Short simulations (part of test): full, import-export, after-import and freeloaders, 2 seeds of 200 blocks; determinism
	$(SIM_GO_TEST) -timeout 25m -run 'Test(FullAppSimulation|AppImportExport|AppSimulationAfterImport|FreeloadersEarnLess)$$' -NumSeeds=2 -NumBlocks=200 -BlockSize=30
	$(SIM_GO_TEST) -timeout 15m -run 'TestAppStateDeterminism$$' -NumSeeds=1 -NumBlocks=80 -BlockSize=30

test-sim: ## Simulation: full, determinism, import-export, after-import, freeloaders; 3 seeds of 200 blocks
	$(SIM_GO_TEST) -timeout 30m -run '$(SIM_TESTS)' -NumSeeds=3 -NumBlocks=200 -BlockSize=30

test-sim-long: ## Long simulation: the same five, 8 seeds of 600 blocks
	$(SIM_GO_TEST) -timeout 4h -run '$(SIM_TESTS)' -NumSeeds=8 -NumBlocks=600 -BlockSize=50

test-e2e: build ## End-to-end tests: real sessiond nodes, session-relayer, geth --dev, grpcurl, CosmJS and the portal in Chromium
	scripts/install-tools.sh evm grpc
	scripts/npm.sh chromium >/dev/null
	@# The release the upgrade test moves to: this source under another version.
	go build -ldflags '$(LDFLAGS) -X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION)-next' \
		-o $(BUILDDIR)/e2e/sessiond-next ./cmd/sessiond
	SESSIOND_BIN=$(SESSIOND) SESSIOND_NEXT_BIN=$(BUILDDIR)/e2e/sessiond-next \
		SESSION_RELAYER_BIN=$(BUILDDIR)/session-relayer SESSION_PRICEFEEDER_BIN=$(BUILDDIR)/session-pricefeeder \
		SESSION_PRO_ISSUER_BIN=$(BUILDDIR)/session-pro-issuer \
		GETH_BIN=$(TOOLS)/geth GRPCURL_BIN=$(TOOLS)/grpcurl \
		go test $(GO_TEST_FLAGS) -tags e2e -timeout 60m ./tests/e2e/...

soak: build ## Soak (not in test): a 4-validator localnet under steady mixed load for SOAK_DURATION (30m), one validator killed and restarted
	SESSIOND_BIN=$(SESSIOND) SOAK_DURATION=$(SOAK_DURATION) SOAK_RATE=$(SOAK_RATE) SOAK_REPORT=$(BUILDDIR)/soak/report.json \
		go test $(GO_TEST_FLAGS) -tags 'e2e soak' -timeout 48h -run '^TestSoak$$' -v ./tests/e2e/

fuzz: ## Every Go fuzz test, one at a time, FUZZTIME each (30s; make fuzz FUZZTIME=5s)
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

bench: build ## Benchmarks, as a table with the speed ratios (raw output in build/bench)
	scripts/install-tools.sh evm
	SESSIOND_BIN=$(SESSIOND) SESSION_RELAYER_BIN=$(BUILDDIR)/session-relayer GETH_BIN=$(TOOLS)/geth \
		scripts/bench.sh

proto-check: proto-gen ## Fail if the committed generated code differs from a fresh generation
	@git diff --exit-code --stat -- '*.pb.go' '*.pb.gw.go' docs/openapi/sessiond.swagger.json || \
		(echo "generated code is out of date: run 'make proto-gen' and commit" >&2; exit 1)

contracts-check: contracts ## Fail if the committed contract artifacts differ from a fresh build
	@git diff --exit-code --stat -- x/bridge/contracts/build \
		x/bridge/contracts/bindings/session_bridge.go x/bridge/contracts/bindings/test_sesh.go x/bridge/contracts/bindings/test_fee_token.go x/bridge/contracts/bindings/release1 \
		cmd/session-pricefeeder/contracts/build cmd/session-pricefeeder/contracts/bindings || \
		(echo "contract artifacts are out of date: run 'make contracts' and commit" >&2; exit 1)

chain-registry-check: build ## Fail if the wallet and explorer kit differs from a fresh generation; validate it against the chain registry's JSON schemas
	SESSIOND=$(SESSIOND) scripts/chainregistry.sh check

ts-client-check: ## Fail if ts-client/src differs from a fresh generation; compile it and run its tests
	scripts/tsclient.sh check

##@ Code quality

lint: ## golangci-lint (pinned) over all code, e2e tests and simulations included
	scripts/install-tools.sh lint
	$(TOOLS)/golangci-lint run --allow-parallel-runners --build-tags e2e,sims,soak ./...

format: ## Format the code (gofumpt, goimports) with golangci-lint
	scripts/install-tools.sh lint
	$(TOOLS)/golangci-lint fmt ./...

##@ Help

help: ## Show this help
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} \
		/^[a-zA-Z0-9_-]+:.*?##/ { printf "  %-16s %s\n", $$1, $$2 } \
		/^##@/ { printf "\n%s\n", substr($$0, 5) }' $(MAKEFILE_LIST)

.PHONY: run run-reset portal localnet localnet-stop localnet-reset build install proto-gen contracts clean test test-unit test-sim-short test-sim test-sim-long test-e2e soak fuzz bench proto-check contracts-check chain-registry chain-registry-check ts-client ts-client-check lint format help
