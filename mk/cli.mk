# The command line (src/cli/, issue 11): build and install, lints, end-to-end tests, benchmark.
# Everything builds with --features cli; the wasm builds never see these crates.

.PHONY: cli cli-lint cli-test cli-bench

CLI_PREFIX ?= $(HOME)/.cargo

TEST_STEPS += cli-lint cli-test

## Build and install eci-image-cache, and the same binary as the kubectl plugin
## kubectl-eci_image_cache (kubectl eci-image-cache …), into $(CLI_PREFIX)/bin.
cli: setup
	$(CARGO) install --path . --features cli --locked --root $(CLI_PREFIX)
	ln -sf eci-image-cache $(CLI_PREFIX)/bin/kubectl-eci_image_cache
	@echo "installed $(CLI_PREFIX)/bin/eci-image-cache and kubectl-eci_image_cache"

## Formatting and clippy with -D warnings on every target of the cli feature; the CLI's
## crates must not reach the policy's wasm build.
cli-lint: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --features cli --all-targets -- -D warnings
	@if $(CARGO) tree --target wasm32-wasip1 --features policy -e normal --prefix none \
	    | grep -E '^(clap|clap_complete|saphyr-parser|similar) '; then \
	  echo "a CLI crate reaches the policy's wasm build" >&2; exit 1; fi

## The CLI's unit tests and the end-to-end tests of the built binary (snapshots in tests/snapshots).
cli-test: setup
	$(CARGO) test --features cli --lib -- cli::
	$(CARGO) test --features cli --test cli

## check over 1 000, 10 000 and 100 000 workloads against 1 000 caches, beside the YAML
## floor, with peak memory; CLI_BENCH_SIZES=1000,10000 to choose the sizes.
cli-bench:
	$(CARGO) bench --features cli --bench cli
