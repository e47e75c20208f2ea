# Every command a user or CI needs. Each target installs what it uses, idempotently.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo

.PHONY: test setup lint unit wasm docs bench

# Each front end keeps its own targets in mk/<front end>.mk; each adds itself to TEST_STEPS.
TEST_STEPS :=
.DEFAULT_GOAL := test
-include mk/*.mk

## Run every test: formatting, lints on every target, unit/scenario/property tests, wasm builds.
test: setup lint unit wasm $(TEST_STEPS)

setup:
	@scripts/setup.sh rust

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --target wasm32-wasip1 --lib -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib -- -D warnings

unit:
	$(CARGO) test

## The core must build, unchanged, for both WebAssembly targets.
wasm:
	$(CARGO) build --lib --release --target wasm32-wasip1
	$(CARGO) build --lib --release --target wasm32-unknown-unknown

## Regenerate docs/diagnostics.md, docs/limits.md and npm/vocabulary.json from the tables in src/core.
docs:
	UPDATE_DOCS=1 $(CARGO) test --lib docs_match_the

## Criterion benchmark of evaluate against the serde_json floor, then the same ratios
## measured interleaved (robust to a machine whose speed drifts).
bench:
	$(CARGO) bench --bench evaluate
	$(CARGO) bench --bench ratio
