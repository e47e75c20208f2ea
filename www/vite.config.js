import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { diagnosticsPage } from './scripts/diagnostics-page.mjs';

const CATALOGUE = fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url));

/** Ships the catalogue of diagnostic codes as dist/diagnostics.html, where the codes in the
 * diagnostics list link to (scripts/diagnostics-page.mjs). */
function diagnosticsCatalogue() {
  return {
    name: 'diagnostics-catalogue',
    apply: 'build',
    buildStart() {
      this.addWatchFile(CATALOGUE);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'diagnostics.html', source: diagnosticsPage(readFileSync(CATALOGUE, 'utf8')) });
    },
  };
}

/** Preloads the WebAssembly core from the page's head, so that its download starts with the
 * scripts' instead of after them (the request matches the engine's fetch: same URL, CORS
 * mode, same-origin credentials). */
function preloadWasm() {
  return {
    name: 'preload-wasm',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const wasm = Object.values(bundle ?? {}).filter((file) => file.fileName.endsWith('.wasm'));
        return wasm.map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', href: `./${file.fileName}`, as: 'fetch', type: 'application/wasm', crossorigin: '' },
          injectTo: 'head',
        }));
      },
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built page works from any folder or path.
  base: './',
  plugins: [preloadWasm(), diagnosticsCatalogue()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs (the CSP allows only 'self').
    assetsInlineLimit: 0,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The editor and the YAML parser change less often than the page: own chunks, each
        // well under Vite's size warning.
        codeSplitting: {
          groups: [
            // Not the undo, key bindings, folding and highlighting (CodeMirror's language and
            // commands), the YAML grammar, the lint marks and completion: they load after the
            // first decision, in editor-lazy.js's chunk.
            {
              name: 'codemirror',
              test: (id) => /node_modules[\\/](@codemirror|@lezer|@marijn|style-mod|w3c-keyname|crelt)[\\/]/.test(id)
                && !/node_modules[\\/](@codemirror[\\/](lang-yaml|lint|autocomplete|language|commands)|@lezer[\\/](yaml|lr|common|highlight))[\\/]/.test(id),
            },
            { name: 'yaml', test: /node_modules[\\/]yaml[\\/]/ },
          ],
        },
      },
    },
  },
  // The evaluation worker (src/worker.js) is a module worker with chunks of its own.
  worker: { format: 'es' },
  server: { host: '127.0.0.1', fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1' },
});
