// The WebAssembly core. Loaded through the package's `./web` entry with an explicit init,
// rather than the top-level-await default entry, so that the editors are on screen while
// the module downloads and compiles.

import init, { evaluate, version } from 'eci-image-cache/web';
import wasmUrl from 'eci-image-cache/eci_image_cache_bg.wasm?url';

/** Resolves to the core's functions once the module is instantiated. */
export function loadEngine() {
  return init({ module_or_path: wasmUrl }).then(() => ({ evaluate, version }));
}
