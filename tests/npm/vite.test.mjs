// The package in a Vite app, unchanged and without plugins: `vite build` emits the .wasm as
// an asset and the bundle evaluates once it has fetched it; the dev server's pre-bundled
// copy of the package still finds the .wasm and serves it as application/wasm.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build, createServer } from 'vite';

import { root } from './helpers.mjs';

const app = join(root, 'target', 'npm-package', 'vite-app');
const config = {
  root: app,
  base: './',
  logLevel: /** @type {const} */ ('silent'),
  cacheDir: join(app, '.vite'),
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false } },
};

before(() => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!doctype html>\n<script type="module" src="./main.js"></script>\n');
  writeFileSync(
    join(app, 'main.js'),
    `import { evaluate, version } from 'eci-image-cache';
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'vite' }, spec: { containers: [{ name: 'c', image: 'redis:7.2' }] } };
globalThis.viteResult = version() + ' ' + evaluate({ object: pod }).decision.outcome;
`,
  );
});
after(() => rmSync(app, { recursive: true, force: true }));

test('vite build: the .wasm is an asset, and the bundle evaluates once it has fetched it', async () => {
  await build(config);
  const assets = join(app, 'dist', 'assets');
  const files = readdirSync(assets);
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  const js = files.filter((f) => f.endsWith('.js'));
  assert.equal(wasm.length, 1, files.join(', '));
  assert.equal(js.length, 1, files.join(', '));
  assert.ok(readFileSync(join(assets, js[0]), 'utf8').includes(wasm[0]), 'the bundle refers to the asset');

  const fetched = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (url) => {
    const path = fileURLToPath(url instanceof Request ? url.url : url);
    fetched.push(path);
    return new Response(readFileSync(path), { headers: { 'Content-Type': 'application/wasm' } });
  };
  try {
    await import(pathToFileURL(join(assets, js[0])).href);
  } finally {
    globalThis.fetch = original;
  }
  assert.deepEqual(fetched, [join(assets, wasm[0])]);
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'eci-image-cache', 'package.json'), 'utf8'));
  assert.equal(/** @type {any} */ (globalThis).viteResult, `${version} none`);
});

test('vite dev: the pre-bundled package points at a .wasm the server gives as application/wasm', async () => {
  const server = await createServer({ ...config, server: { host: '127.0.0.1', port: 0 }, optimizeDeps: { force: true } });
  try {
    await server.listen();
    const base = server.resolvedUrls.local[0];
    const main = await (await fetch(new URL('main.js', base))).text();
    const dep = main.match(/from "([^"]*eci-image-cache[^"]*)"/)?.[1];
    assert.ok(dep, main);
    const depUrl = new URL(dep, base);
    const code = await (await fetch(depUrl)).text();
    const urls = [...code.matchAll(/new URL\(["'`]([^"'`]+\.wasm)["'`],/g)].map((m) => m[1]);
    assert.ok(urls.length > 0, 'the pre-bundled package loads its .wasm by URL');
    for (const url of new Set(urls)) {
      const response = await fetch(new URL(url, depUrl));
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-type'), 'application/wasm');
      await WebAssembly.compile(await response.arrayBuffer());
    }
  } finally {
    await server.close();
  }
});
