#!/usr/bin/env bash
# Installs what the build needs, only where it is missing, so that it is cheap to run again.
# Usage: scripts/setup.sh rust
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

for step in "$@"; do
  "$step"
done
