# The browser playground (www/, issue 5): the page built with Vite from the npm package in
# pkg/, served on 127.0.0.1, end-to-end tests in Debian's Chromium (playwright-core, no
# browser download), a screenshot for the README, and its load and latency figures.

.PHONY: playground playground-build playground-lint playground-test playground-screenshot playground-bench playground-browser

WWW := www
PORT ?= 8080

TEST_STEPS += playground-lint playground-test

# Debian's Chromium, installed with apt when missing.
playground-browser:
	@scripts/setup.sh browser

# www's dependencies (Vite, CodeMirror, yaml, playwright-core; the package itself is a link
# to pkg/), reinstalled only when the lock file changes.
$(WWW)/node_modules/.package-lock.json: $(WWW)/package.json $(WWW)/package-lock.json
	cd $(WWW) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund

## Build the page into www/dist (Rust targets and the npm package first).
playground-build: setup npm $(WWW)/node_modules/.package-lock.json
	cd $(WWW) && ./node_modules/.bin/vite build

## tsc over the page's sources, scripts and tests (checkJs with their JSDoc types, no unused
## code), against the npm package's own declarations in pkg/.
playground-lint: npm $(WWW)/node_modules/.package-lock.json
	node_modules/.bin/tsc -p $(WWW)/tsconfig.lint.json

## Build, then serve the page on http://127.0.0.1:$(PORT) (PORT=… overrides) until Ctrl+C.
playground: playground-build
	node $(WWW)/scripts/serve.mjs --port $(PORT)

## Unit tests of the page's modules, then end-to-end tests of the built page in Chromium
## (hostile input: huge pastes, deep nesting, alias bombs, tampered links, the CSP);
## saves target/playground/screenshot.png.
playground-test: playground-build playground-browser
	cd $(WWW) && node --test tests/modules.test.mjs tests/chunks.test.mjs tests/completion.test.mjs tests/fixes.test.mjs tests/playground.test.mjs tests/hostile.test.mjs tests/work.test.mjs

## The README's pictures: docs/playground.png, playground-dark.png (1440×900) and playground-phone.png (390×844).
playground-screenshot: playground-build playground-browser
	cd $(WWW) && node scripts/screenshot.mjs ../docs

## Cold-load bytes (gzip) up to the first decision, navigation → first decision, edit → update at 100 and 300 caches.
playground-bench: playground-build playground-browser
	cd $(WWW) && node scripts/bench.mjs
