// Entry for browsers and bundlers (Vite, webpack, a plain <script type="module">): fetches
// the WebAssembly module next to this file once, at import, so that `evaluate` is ready to
// call synchronously afterwards. Needs top-level await (every current browser; Vite with
// `build.target: 'es2022'` or later).
import init from './eci_image_cache.js';

await init({ module_or_path: new URL('./eci_image_cache_bg.wasm', import.meta.url) });

export { Catalogue, evaluate, version } from './eci_image_cache.js';
