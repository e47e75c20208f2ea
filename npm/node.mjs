// Entry for Node's `import`: reads the WebAssembly module from the package folder and
// instantiates it synchronously (Node's fetch cannot read files).
import { readFileSync } from 'node:fs';
import { initSync } from './eci_image_cache.js';

initSync({ module: readFileSync(new URL('./eci_image_cache_bg.wasm', import.meta.url)) });

export { Catalogue, evaluate, version } from './eci_image_cache.js';
