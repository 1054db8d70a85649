# huddle: `make run` starts it, `make test` runs every test. Both install what they need.
SWIFT ?= swift
ARGS ?=

.PHONY: run test fuzz bench deps deps-run build release clean

## What building and running need; `deps` adds what the tests need (namespaces, tmux, python).
deps-run:
	@scripts/install-deps.sh run

deps:
	@scripts/install-deps.sh test

build: deps-run
	$(SWIFT) build

release: deps-run
	$(SWIFT) build -c release --product huddle

## Build (release) and start huddle. Pass options with ARGS, e.g. make run ARGS="--home /tmp/peer1".
run: release
	.build/release/huddle $(ARGS)

## Every test: end to end in network namespaces (as root; skipped otherwise), every network
## decoder under libFuzzer for FUZZ_SECONDS each, then unit, integration, golden screens and
## the real binary in tmux. swift test runs last, so its summary is the closing line.
FUZZ_SECONDS ?= 5
test: deps
	$(SWIFT) build --build-tests
	Tests/e2e/run.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh
	sync # the fuzz build leaves gigabytes to write back; tests that sync commits should not wait behind them
	$(SWIFT) test

BENCH_TRACES := $(wildcard Benchmarks/editing-traces/*.json.gz) $(wildcard Benchmarks/editing-traces/concurrent/*.json.gz)

## Benchmarks (release build); each prints JSON lines with the goals beside the figures.
bench: deps
	$(SWIFT) build -c release --product huddle-bench
	$(SWIFT) build -c release --product huddle
	.build/release/huddle-bench crdt --trace $(BENCH_TRACES)
	.build/release/huddle-bench tui
	.build/release/huddle-bench startup
	.build/release/huddle-bench sessions
	.build/release/huddle-bench sync
	.build/release/huddle-bench ack
	.build/release/huddle-bench access
	.build/release/huddle-bench discovery
	Benchmarks/terminal-probe.sh
	Benchmarks/chat-latency.sh
	Benchmarks/idle-daemon.sh
	Benchmarks/transfer.sh
	Benchmarks/hostile.sh
	Benchmarks/stranger.sh
	Benchmarks/scale.sh 30
	Benchmarks/scale.sh 60
	Benchmarks/scale.sh 100

## Every network decoder under libFuzzer, longer: make fuzz FUZZ_SECONDS=600
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz
