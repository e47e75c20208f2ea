// index.js, the entry browsers and bundlers (Vite) get: it fetches the module beside it at
// import, with top-level await, so evaluate is ready once the import resolves. The
// browser's fetch is played by a stub that serves the package folder, as a web server would.
// (Its own process: the glue it initialises is shared with eci-image-cache/web.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { pod, root } from './helpers.mjs';

const installed = join(root, 'node_modules', 'eci-image-cache');

test('importing index.js fetches eci_image_cache_bg.wasm once, then evaluate is ready', async () => {
  const served = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (url) => {
    const path = fileURLToPath(url instanceof Request ? url.url : url);
    served.push(path);
    return new Response(readFileSync(path), { headers: { 'Content-Type': 'application/wasm' } });
  };
  let browser;
  try {
    browser = await import(pathToFileURL(join(installed, 'index.js')).href);
  } finally {
    globalThis.fetch = original;
  }
  assert.deepEqual(served, [join(installed, 'eci_image_cache_bg.wasm')]);
  assert.deepEqual(Object.keys(browser).sort(), ['Catalogue', 'evaluate', 'version']);
  const report = browser.evaluate({ object: pod({ 'k8s.aliyun.com/eci-auto-imc': 'true' }), now: '2026-11-27T00:00:00Z' });
  assert.equal(report.decision.outcome, 'will-create');
});
