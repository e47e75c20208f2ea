# The Kubewarden policy (src/policy/, issue 3): build, lints, unit and host tests, benchmark.
# The host used by the tests and the benchmark is its own cargo package (tests/policy-host,
# own workspace and lock file), so wasmtime never compiles for the core's cargo test/clippy.

.PHONY: policy policy-lint policy-test policy-bench

POLICY_WASM := policy.wasm
# npm's binaryen (package.json), as for the npm package, told the features rustc enables for
# wasm32-wasip1 (the same list as the npm profile's wasm-opt in Cargo.toml).
WASM_OPT := node_modules/.bin/wasm-opt
WASM_FEATURES := --enable-bulk-memory --enable-bulk-memory-opt --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue
POLICY_HOST := --manifest-path tests/policy-host/Cargo.toml --target-dir target/policy-host --locked

TEST_STEPS += policy-lint policy-test

## Build the Kubewarden policy module: policy.wasm at the top of the tree, rustc's module
## optimised again by wasm-opt.
policy: setup npm-setup node_modules/.package-lock.json
	$(CARGO) build --target wasm32-wasip1 --release --features policy
	$(WASM_OPT) -O3 $(WASM_FEATURES) target/wasm32-wasip1/release/eci_image_cache.wasm -o $(POLICY_WASM)
	@echo "$(POLICY_WASM): $$(stat -c %s $(POLICY_WASM)) bytes"

## Clippy on every target the policy builds (native with tests, wasm32-wasip1, the test host).
policy-lint: setup
	$(CARGO) clippy --features policy --all-targets -- -D warnings
	$(CARGO) clippy --features policy --target wasm32-wasip1 --lib -- -D warnings
	$(CARGO) fmt --manifest-path tests/policy-host/Cargo.toml -- --check
	$(CARGO) clippy $(POLICY_HOST) --release --all-targets -- -D warnings

## The policy's unit tests (host capability mocked), then policy.wasm in a real waPC host.
policy-test: policy
	$(CARGO) test --features policy --lib -- policy::
	$(CARGO) test $(POLICY_HOST) --release

## Time per admission request through the waPC host, beside the native core.
policy-bench: policy
	$(CARGO) bench $(POLICY_HOST) --bench admission
	$(CARGO) bench $(POLICY_HOST) --bench ratio
