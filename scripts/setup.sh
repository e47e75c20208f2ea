#!/usr/bin/env bash
# Installs what the build needs, only where it is missing, so that it is cheap to run again.
# Usage: scripts/setup.sh rust [npm_tools] [browser] [fuzz_tools]
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

rust() {
  if ! have cargo; then
    echo "cargo is missing: install Rust with rustup first" >&2
    exit 1
  fi
  local installed
  installed=$(rustup component list --installed 2>/dev/null || true)
  for component in rustfmt clippy; do
    grep -q "^$component" <<<"$installed" || rustup component add "$component"
  done
  local targets
  targets=$(rustup target list --installed)
  for target in wasm32-wasip1 wasm32-unknown-unknown; do
    grep -qx "$target" <<<"$targets" || rustup target add "$target"
  done
}

# The npm package (mk/npm.mk): wasm-pack and the wasm-bindgen CLI at the versions the
# build is pinned to (the CLI must equal the wasm-bindgen crate in Cargo.lock), installed
# with cargo only when missing or of another version (each install takes minutes); and
# Node with npm, which `npm ci` then uses for binaryen (wasm-opt), TypeScript, yaml and Vite.
WASM_PACK_VERSION=0.15.1

npm_tools() {
  rust
  local bindgen
  bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [[ -z "$bindgen" ]]; then
    echo "Cargo.lock has no wasm-bindgen: run cargo metadata once" >&2
    exit 1
  fi
  if [[ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $WASM_PACK_VERSION" ]]; then
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
  fi
  if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen" ]]; then
    # Without --locked: the CLI's lock file pins a crate version the registry here lacks.
    cargo install wasm-bindgen-cli --version "$bindgen"
  fi
  if ! have node || ! have npm; then
    if have apt-get; then
      apt-get update && apt-get install -y nodejs npm
    else
      echo "node and npm are missing: install Node.js 20.19 or later" >&2
      exit 1
    fi
  fi
  # Vite 8, which the package's tests build with, needs Node 20.19 or later.
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "node $(node --version) is too old for the npm package's tests: install Node.js 20.19 or later" >&2
    exit 1
  fi
}

# Debian's Chromium for the playground's end-to-end tests (playwright-core drives it; no test
# tool may download a browser of its own).
browser() {
  if [ ! -x /usr/bin/chromium ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
}

# cargo-fuzz and the nightly toolchain it builds with (make fuzz, make fuzz-build).
fuzz_tools() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal || {
      echo "make fuzz needs a nightly toolchain (cargo +nightly); install one with rustup" >&2
      exit 1
    }
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --version 0.13.2
  fi
}

for step in "$@"; do
  "$step"
done
