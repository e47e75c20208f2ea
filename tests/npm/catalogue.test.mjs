// The Catalogue class: the cluster's caches read once, asked about many objects, with the
// same reports as `evaluate` and the same errors, named by the same paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Catalogue, evaluate } from 'eci-image-cache';

import { NOW, documentationCaches, fixture, pod } from './helpers.mjs';

const AUTO = { 'k8s.aliyun.com/eci-auto-imc': 'true' };

test('many objects against one catalogue give the reports evaluate gives', () => {
  const imageCaches = documentationCaches();
  const settings = { temporaryStorageGiB: 40 };
  const catalogue = new Catalogue({ imageCaches, settings });
  const objects = [
    fixture('manifests/pod-pinned.yaml'),
    fixture('manifests/pod-auto-match.yaml'),
    pod(AUTO, [['web', 'nginx:1.7.9', 'Always']]),
    pod(AUTO, [['db', 'postgres:16', 'IfNotPresent']]),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
  ];
  for (const object of objects) {
    assert.deepEqual(catalogue.evaluate({ object, now: NOW }), evaluate({ object, imageCaches, settings, now: NOW }));
  }
  assert.equal(catalogue.size, imageCaches.items.length);
  catalogue.free();
});

test('a relevant report lists only the caches that share an image, and decides alike', () => {
  const imageCaches = documentationCaches();
  const catalogue = new Catalogue({ imageCaches });
  const object = pod(AUTO, [['web', 'nginx:1.7.9', 'IfNotPresent']]);
  const full = catalogue.evaluate({ object, now: NOW });
  const relevant = catalogue.evaluateRelevant({ object, now: NOW });
  assert.deepEqual(relevant.decision, full.decision);
  assert.deepEqual(relevant.patch, full.patch);
  assert.deepEqual(
    relevant.caches,
    full.caches.filter((row) => row.matchDegree > 0),
  );
  assert.ok(relevant.caches.length < full.caches.length, 'the documentation list has caches without nginx');
  catalogue.free();
});

test('problems of the cache list are read once, at the paths evaluate gives them', () => {
  const imageCaches = [{ metadata: { name: 'broken' }, spec: { images: [] }, status: { phase: 'Ready' } }];
  const catalogue = new Catalogue({ imageCaches });
  const expected = evaluate({ object: pod(AUTO), imageCaches, now: NOW }).diagnostics.filter((d) =>
    d.path.startsWith('/imageCaches/'),
  );
  assert.deepEqual(catalogue.diagnostics, expected);
  assert.equal(catalogue.diagnostics[0].path, '/imageCaches/0/spec/images');
  assert.deepEqual(catalogue.evaluateRelevant({ object: pod(AUTO), now: NOW }).diagnostics.filter((d) => d.path.startsWith('/imageCaches/')), []);
  catalogue.free();
});

test('without a time, the clock is read, as evaluate reads it', () => {
  const imageCaches = [
    { metadata: { name: 'old' }, spec: { images: ['nginx:1.7.9'] }, status: { imageCacheId: 'imc-old1', phase: 'Ready', expireDateTime: '2000-01-01T00:00:00Z' } },
  ];
  const catalogue = new Catalogue({ imageCaches });
  const report = catalogue.evaluate({ object: pod(AUTO) });
  assert.equal(report.caches[0].reason, 'expired');
  catalogue.free();
});

test('misuse throws an Error naming the field, as evaluate does', () => {
  /** Misuse on purpose: the types would refuse it. @type {any} */
  const loose = Catalogue;
  const empty = new Catalogue({});
  /** @type {any} */
  const ask = empty;
  /** @type {[() => unknown, string, string][]} */
  const cases = [
    [() => new loose({ caches: [] }), '/caches', 'unknown input key "caches"'],
    [() => new loose({ imageCaches: { kind: 'Pod' } }), '/imageCaches', 'not an object of kind "Pod"'],
    [() => new loose({ imageCaches: 3 }), '/imageCaches', 'not a number'],
    [() => new loose({ settings: { x: 1 } }), '/settings/x', 'unknown setting'],
    [() => new Catalogue({ settings: { temporaryStorageGiB: 0 } }), '/settings/temporaryStorageGiB', 'from 1 to 32768'],
    [() => ask.evaluate({ object: 'x' }), '/object', 'not a string'],
    [() => ask.evaluate({}), '/object', 'object is required'],
    [() => ask.evaluate({ object: {}, imageCaches: [] }), '/imageCaches', 'unknown input key "imageCaches"; the keys are object, now'],
    [() => empty.evaluate({ object: {}, now: 'yesterday' }), '/now', 'not an RFC 3339 time'],
    [() => empty.evaluate({ object: {}, now: new Date(Number.NaN) }), '/now', 'invalid Date'],
  ];
  for (const [run, path, part] of cases) {
    assert.throws(run, (/** @type {import('eci-image-cache').InputError} */ error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.path, path);
      assert.ok(error.message.includes(part), error.message);
      return true;
    });
  }
  /** @type {any} */
  const cyclic = { object: {} };
  cyclic.object.self = cyclic;
  assert.throws(() => empty.evaluate(cyclic), /cannot be read as JSON/);
  empty.free();
});

test('the same caches given as an array, an ImageCacheList or a List decide alike', () => {
  const items = documentationCaches().items;
  const object = fixture('manifests/pod-auto-match.yaml');
  const decisions = [items, { kind: 'ImageCacheList', items }, { apiVersion: 'v1', kind: 'List', items }].map((imageCaches) => {
    const catalogue = new Catalogue({ imageCaches });
    const { decision } = catalogue.evaluate({ object, now: NOW });
    catalogue.free();
    return decision;
  });
  assert.deepEqual(decisions[1], decisions[0]);
  assert.deepEqual(decisions[2], decisions[0]);
});
