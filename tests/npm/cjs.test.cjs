'use strict';
// The package as a CommonJS user requires it: by name, through its package.json.
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { test } = require('node:test');

const eci = require('eci-image-cache');

const root = join(__dirname, '..', '..');
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'cjs', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9', imagePullPolicy: 'IfNotPresent' }] },
};
const cache = {
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name: 'nginx-cache' },
  spec: { images: ['docker.io/library/nginx:1.7.9'] },
  status: { imageCacheId: 'imc-cjs0001', phase: 'Ready' },
};

test('require gives the CommonJS entry, with Catalogue, evaluate and version', () => {
  assert.equal(require.resolve('eci-image-cache'), join(root, 'node_modules', 'eci-image-cache', 'node.cjs'));
  assert.deepEqual(Object.keys(eci).sort(), ['Catalogue', 'evaluate', 'version']);
  assert.equal(eci.version(), require('eci-image-cache/package.json').version);
});

test('evaluate matches, and gives the same report as the ES module entry', async () => {
  const input = { object: pod, imageCaches: [cache], now: '2026-11-27T00:00:00Z' };
  const report = eci.evaluate(input);
  assert.equal(report.decision.outcome, 'matched');
  assert.equal(report.decision.imageCacheId, 'imc-cjs0001');
  const esm = await import('eci-image-cache');
  assert.notEqual(esm.evaluate, eci.evaluate, 'two entries, two instances');
  assert.deepEqual(esm.evaluate(input), report);
});

test('misuse throws an Error naming the field', () => {
  assert.throws(() => eci.evaluate({ object: pod, now: 'soon' }), (/** @type {eci.InputError} */ error) => {
    assert.ok(error instanceof Error);
    assert.equal(error.path, '/now');
    assert.match(error.message, /^\/now: "soon" is not an RFC 3339 time/);
    return true;
  });
  assert.equal(eci.evaluate({ object: pod }).decision.outcome, 'will-create');
});

test('the README example for CommonJS runs as written', () => {
  const readme = readFileSync(join(root, 'node_modules', 'eci-image-cache', 'README.md'), 'utf8');
  const example = readme.match(/### Node, CommonJS\n\n```js\n([\s\S]*?)```/)[1];
  const logged = [];
  const console = { log: (...args) => logged.push(args) };
  new Function('require', 'console', example)(require, console);
  assert.deepEqual(logged[0], [eci.version(), 'will-create']);
  assert.equal(logged[1][0].kind, 'ImageCache');
});
