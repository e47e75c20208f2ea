# The npm package (src/npm.rs, npm/, issue 4): build into pkg/, lints, tests, benchmark.
# The repository's JavaScript tooling (binaryen's wasm-opt, TypeScript, yaml) is the
# top-level package.json, installed with npm ci into ./node_modules; the tests import the
# package by name from node_modules/eci-image-cache, unpacked from the tarball npm pack
# makes of pkg/, as a user's install would.

.PHONY: npm npm-setup npm-install npm-lint npm-test npm-bench

# Not target/npm: cargo keeps the npm profile's host artifacts (build scripts, proc macros) there.
NPM_OUT := target/npm-package
TSC := node_modules/.bin/tsc
NPM_TESTS := tests/npm/*.test.mjs tests/npm/*.test.cjs

TEST_STEPS += npm-lint npm-test

npm-setup:
	@scripts/setup.sh rust npm_tools

node_modules/.package-lock.json: package.json package-lock.json | npm-setup
	npm ci --no-audit --no-fund

## Build the package into pkg/: wasm-pack (pinned wasm-bindgen, npm's wasm-opt), then the entries.
npm: npm-setup node_modules/.package-lock.json
	node scripts/build-npm.mjs

## Pack pkg/ and unpack it as node_modules/eci-image-cache, where the tests import it from.
npm-install: npm
	mkdir -p $(NPM_OUT)
	rm -rf $(NPM_OUT)/eci-image-cache-*.tgz node_modules/eci-image-cache
	cd pkg && npm pack --silent --pack-destination ../$(NPM_OUT) >/dev/null
	mkdir -p node_modules/eci-image-cache
	tar -xzf $(NPM_OUT)/eci-image-cache-*.tgz -C node_modules/eci-image-cache --strip-components=1

## Clippy on the npm layer for wasm32-unknown-unknown; tsc over the JavaScript (checkJs, no unused code).
npm-lint: npm-install
	$(CARGO) clippy --features npm --target wasm32-unknown-unknown --lib -- -D warnings
	$(TSC) -p tests/npm/tsconfig.lint.json

## node --test on the installed package (ESM and CommonJS, every outcome, misuse, the native
## reports of every scenario), then its declarations against typed usage.
npm-test: npm-install
	$(CARGO) run --quiet --example scenario_reports > $(NPM_OUT)/scenario-reports.json
	node --test $(NPM_TESTS)
	$(TSC) -p tests/npm/types
	$(TSC) -p tests/npm/types/tsconfig.bundler.json

## Size of the .wasm, and ms per evaluate from Node beside the native core (100 and 1 000 caches).
npm-bench: npm-install
	node tests/npm/bench.mjs
