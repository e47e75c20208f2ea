// The package's layout: which file each environment gets, with which declarations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { root } from './helpers.mjs';

const require = createRequire(import.meta.url);
const installed = join(root, 'node_modules', 'eci-image-cache');
const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));

test('Node gets its own entries: node.mjs for import, node.cjs for require', () => {
  assert.equal(fileURLToPath(import.meta.resolve('eci-image-cache')), join(installed, 'node.mjs'));
  assert.equal(require.resolve('eci-image-cache'), join(installed, 'node.cjs'));
  assert.equal(fileURLToPath(import.meta.resolve('eci-image-cache/web')), join(installed, 'eci_image_cache.js'));
});

test('browsers and bundlers get index.js; every condition has its declarations', () => {
  const entry = manifest.exports['.'];
  assert.equal(entry.default, './index.js');
  assert.equal(entry.types, './index.d.ts');
  assert.deepEqual(entry.node.import, { types: './index.d.ts', default: './node.mjs' });
  assert.deepEqual(entry.node.require, { types: './index.d.cts', default: './node.cjs' });
  for (const file of manifest.files) assert.ok(readFileSync(join(installed, file)).length > 0, file);
  assert.equal(manifest.name, 'eci-image-cache');
  assert.equal(manifest.type, 'module');
});

test('the declarations type the input, the settings and the report with their string unions', () => {
  const dts = readFileSync(join(installed, 'index.d.ts'), 'utf8');
  assert.equal(readFileSync(join(installed, 'index.d.cts'), 'utf8'), dts);
  assert.match(dts, /^export function evaluate\(input: EvaluateInput\): Report;$/m);
  assert.match(dts, /^export function version\(\): string;$/m);
  assert.match(dts, /^export type Outcome = "pinned" \| "matched" \| "will-create" \| "none" \| "rejected";$/m);
  assert.match(dts, /^export type Severity = "error" \| "warning" \| "info";$/m);
  assert.match(dts, /^export type Reason = "not-ready" \| .*"below-match-count"/m);
  assert.match(dts, /^export type Code = "unsupported-kind" \| .*"pin-not-found"/m);
  for (const name of ['EvaluateInput', 'Settings', 'Report', 'Decision', 'CacheRow', 'Diagnostic', 'PatchOperation']) {
    assert.match(dts, new RegExp(`^export interface ${name} \\{$`, 'm'), name);
  }
  assert.doesNotMatch(dts, /initSync|InitInput/, 'the entries initialise themselves');
});

test('the vocabulary is shipped as eci-image-cache/vocabulary.json, and is the repository\'s', async () => {
  assert.equal(require.resolve('eci-image-cache/vocabulary.json'), join(installed, 'vocabulary.json'));
  const { default: vocabulary } = await import('eci-image-cache/vocabulary.json', { with: { type: 'json' } });
  assert.deepEqual(vocabulary, JSON.parse(readFileSync(join(root, 'npm', 'vocabulary.json'), 'utf8')));
  const pin = vocabulary.annotations.find((a) => a.name === 'k8s.aliyun.com/eci-imc-id');
  assert.equal(pin.olderName, 'k8s.aliyun.com/eci-image-snapshot-id');
  assert.equal(pin.value.kind, 'cache-id');
  assert.ok(vocabulary.codes.some((c) => c.code === 'pin-not-found' && c.severity === 'error'));
});
