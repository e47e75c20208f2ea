// The package as an ES module user imports it: by name, through its package.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { evaluate, version } from 'eci-image-cache';

import { NOW, documentationCaches, fixture, nonJson, pod, root } from './helpers.mjs';

const requireHere = createRequire(import.meta.url);
const AUTO = { 'k8s.aliyun.com/eci-auto-imc': 'true' };

/** Applies the `add`/`replace` operations of a JSON Patch to a copy of `object`. */
function applyPatch(object, patch) {
  const copy = structuredClone(object);
  for (const { op, path, value } of patch) {
    assert.ok(op === 'add' || op === 'replace', op);
    const keys = path.split('/').slice(1).map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop();
    let at = copy;
    for (const key of keys) at = at[key];
    at[last] = value;
  }
  return copy;
}

const rows = (report) => Object.fromEntries(report.caches.map((c) => [c.name, c]));
const codes = (report) => report.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`);

describe('every outcome on the documentation manifests', () => {
  test('pinned: the pod names its cache by the older annotation', () => {
    const report = evaluate({ object: fixture('manifests/pod-pinned.yaml'), imageCaches: documentationCaches(), now: NOW });
    assert.equal(report.decision.outcome, 'pinned');
    assert.equal(report.decision.imageCacheId, 'imc-2ze5tm5gehgtiiga0001');
    assert.equal(report.decision.imageCacheName, 'nginx-cache');
    assert.deepEqual(report.images, ['docker.io/library/nginx:1.7.9']);
    assert.equal(rows(report)['web-stack'].reason, 'not-pinned');
    assert.deepEqual(report.patch, [], 'a pod that pins its cache needs no patch');
  });

  test('matched: automatic matching picks the Ready cache closest in size, and the patch pins it', () => {
    const object = fixture('manifests/pod-auto-match.yaml');
    const report = evaluate({ object, imageCaches: documentationCaches(), now: NOW });
    assert.equal(report.decision.outcome, 'matched');
    assert.equal(report.decision.imageCacheId, 'imc-bp1a2b3c4d5e6f7g8h9i');
    assert.equal(report.decision.matchDegree, 1);
    assert.deepEqual(
      report.caches.map((c) => [c.name, c.rank, c.reason]),
      [
        ['web-stack', 1, null],
        ['nginx-cache', 2, 'farther-size'],
        ['api-next', null, 'not-ready'],
      ],
    );
    const patched = applyPatch(object, report.patch);
    assert.equal(patched.metadata.annotations['k8s.aliyun.com/eci-image-snapshot-id'], 'imc-bp1a2b3c4d5e6f7g8h9i');
    assert.equal(object.metadata.annotations['k8s.aliyun.com/eci-image-snapshot-id'], undefined, 'the input is not changed');
  });

  test('matched on a Deployment: no patch unless mutateWorkloads, then the template is pinned', () => {
    const object = fixture('manifests/deployment-auto-match.yaml');
    const plain = evaluate({ object, imageCaches: documentationCaches(), now: NOW });
    assert.equal(plain.decision.outcome, 'matched');
    assert.deepEqual(plain.patch, []);
    const mutating = evaluate({
      object,
      imageCaches: documentationCaches(),
      now: NOW,
      settings: { mutateWorkloads: true, pinAnnotation: 'k8s.aliyun.com/eci-imc-id' },
    });
    const patched = applyPatch(object, mutating.patch);
    assert.equal(patched.spec.template.metadata.annotations['k8s.aliyun.com/eci-imc-id'], 'imc-bp1a2b3c4d5e6f7g8h9i');
  });

  test('will-create: nothing holds the image, so ECI builds a cache; the report proposes one', () => {
    const object = pod(
      { ...AUTO, 'k8s.aliyun.com/eci-extra-ephemeral-storage': '20Gi' },
      [['redis', 'redis:7.2', 'IfNotPresent']],
    );
    const report = evaluate({ object, imageCaches: documentationCaches(), now: NOW });
    assert.equal(report.decision.outcome, 'will-create');
    assert.equal(report.decision.imageCacheId, null);
    assert.equal(report.temporaryStorageGiB, 50);
    assert.deepEqual(
      report.caches.map((c) => [c.name, c.rank, c.reason]),
      [
        ['nginx-cache', null, 'no-common-image'],
        ['web-stack', null, 'no-common-image'],
        ['api-next', null, 'not-ready'],
      ],
    );
    const proposed = /** @type {any} */ (report.proposedImageCache);
    assert.equal(Object.getPrototypeOf(proposed), Object.prototype, 'a plain object, not a Map');
    assert.equal(proposed.kind, 'ImageCache');
    assert.deepEqual(proposed.spec.images, ['docker.io/library/redis:7.2']);
    assert.equal(proposed.spec.imageCacheSize, 50);
  });

  test('none: no annotation asks for a cache; autoMatchByDefault turns matching on', () => {
    const object = pod({});
    const report = evaluate({ object, imageCaches: documentationCaches(), now: NOW });
    assert.equal(report.decision.outcome, 'none');
    assert.ok(codes(report).includes('info no-cache-requested /metadata/annotations'), codes(report).join('\n'));
    const byDefault = evaluate({ object, imageCaches: documentationCaches(), now: NOW, settings: { autoMatchByDefault: true } });
    assert.equal(byDefault.decision.outcome, 'matched');
  });

  test('rejected: a pin to a cache that does not exist, or only a warning without rejectUnusablePin', () => {
    const object = pod({ 'k8s.aliyun.com/eci-imc-id': 'imc-doesnotexist0001' });
    const report = evaluate({ object, imageCaches: documentationCaches(), now: NOW });
    assert.equal(report.decision.outcome, 'rejected');
    const pin = report.diagnostics.find((d) => d.code === 'pin-not-found');
    assert.equal(pin.severity, 'error');
    assert.equal(pin.path, '/metadata/annotations/k8s.aliyun.com~1eci-imc-id');
    assert.match(pin.message, /The specified image cache imc-doesnotexist0001 does not exist\./);
    const lenient = evaluate({ object, imageCaches: documentationCaches(), now: NOW, settings: { rejectUnusablePin: false } });
    assert.equal(lenient.decision.outcome, 'pinned');
    assert.equal(lenient.diagnostics.find((d) => d.code === 'pin-not-found').severity, 'warning');
  });

  test('an ImageCache given as the object is checked against the rules of ECI', () => {
    const [cache] = documentationCaches().items;
    assert.deepEqual(evaluate({ object: cache }).diagnostics, []);
    const broken = { ...cache, spec: { images: [], imageCacheSize: 10 } };
    const report = evaluate({ object: broken });
    assert.equal(report.decision.outcome, 'none');
    assert.deepEqual(report.caches, []);
    const paths = report.diagnostics.map((d) => d.path);
    assert.ok(paths.includes('/spec/images') && paths.includes('/spec/imageCacheSize'), paths.join(', '));
  });
});

describe('the report is plain JSON, the same whichever list shape holds the caches', () => {
  test('plain objects and arrays only, null for absent values', () => {
    const report = evaluate({ object: pod({}), imageCaches: documentationCaches(), now: NOW });
    assert.equal(nonJson(report), null);
    assert.equal(report.decision.imageCacheId, null);
    assert.equal(report.proposedImageCache, null);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });

  test('an array, an ImageCacheList and a v1 List give one decision; paths follow the shape', () => {
    const object = fixture('manifests/pod-auto-match.yaml');
    const { items } = documentationCaches();
    const fromList = evaluate({ object, imageCaches: documentationCaches(), now: NOW });
    const fromArray = evaluate({ object, imageCaches: items, now: NOW });
    const fromCacheList = evaluate({ object, imageCaches: { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', items }, now: NOW });
    for (const report of [fromArray, fromCacheList]) assert.deepEqual(report.decision, fromList.decision);
    assert.equal(fromList.caches[0].path, '/imageCaches/items/1');
    assert.equal(fromArray.caches[0].path, '/imageCaches/1');
  });
});

describe('now', () => {
  const expiring = (name, id, expireDateTime) => ({
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: { name, creationTimestamp: '1998-01-01T00:00:00Z' },
    spec: { images: ['nginx:1.7.9'] },
    status: { imageCacheId: id, phase: 'Ready', expireDateTime },
  });
  const object = pod(AUTO);
  const imageCaches = [expiring('old', 'imc-old0001', '2000-01-01T00:00:00Z'), expiring('far', 'imc-far0001', '2999-01-01T00:00:00Z')];

  test('absent: the current time, so a cache expired in 2000 is expired and one expiring in 2999 is not', () => {
    const report = evaluate({ object, imageCaches });
    assert.equal(rows(report).old.reason, 'expired');
    assert.equal(rows(report).far.eligible, true);
    assert.equal(report.decision.imageCacheId, 'imc-far0001');
    assert.ok(!report.diagnostics.some((d) => d.code === 'expiry-unchecked'), 'expiry was checked');
  });

  test('given: an RFC 3339 string or a Date, with the same result', () => {
    const before = evaluate({ object, imageCaches, now: '1999-06-01T00:00:00Z' });
    assert.equal(rows(before).old.eligible, true, 'not yet expired in 1999');
    assert.deepEqual(evaluate({ object, imageCaches, now: new Date('1999-06-01T00:00:00Z') }), before);
  });

  test('a Date inside a manifest reads as its time, as js-yaml gives unquoted timestamps', () => {
    const withDates = imageCaches.map((cache) => ({
      ...cache,
      status: { ...cache.status, expireDateTime: new Date(cache.status.expireDateTime) },
    }));
    const report = evaluate({ object, imageCaches: withDates, now: '2026-11-27T00:00:00Z' });
    assert.equal(rows(report).old.reason, 'expired');
    assert.equal(rows(report).far.eligible, true);
    assert.deepEqual(report.diagnostics, []);
  });
});

describe('misuse throws an Error that names the field', () => {
  const object = pod(AUTO);
  const cyclic = { object: { kind: 'Pod' } };
  cyclic.object.self = cyclic;
  /** @type {object} */
  let deep = { kind: 'Pod' };
  for (let i = 0; i < 200; i++) deep = { nested: deep };
  /** @type {[string, any, string, RegExp][]} */
  const cases = [
    ['a string', 'pod.yaml', '', /must be an object with the keys object, imageCaches, settings, now, not a string/],
    ['nothing', undefined, '', /must be an object .* not undefined/],
    ['null', null, '', /must be an object .* not null/],
    ['a function', () => ({ object: {} }), '', /must be an object .* not a function/],
    ['a symbol', Symbol('input'), '', /must be an object .* not a symbol/],
    ['an array', [object], '', /must be an object .* not an array/],
    ['no object', { imageCaches: [] }, '/object', /object is required/],
    ['object not an object', { object: 'kind: Pod' }, '/object', /must be a Kubernetes manifest/],
    ['an unknown key', { object, cache: [] }, '/cache', /unknown input key "cache"/],
    ['imageCaches of the wrong kind', { object, imageCaches: { kind: 'Pod' } }, '/imageCaches', /not an object of kind "Pod"/],
    ['settings not an object', { object, settings: 'strict' }, '/settings', /settings must be an object, not a string/],
    ['an unknown setting', { object, settings: { autoMatch: true } }, '/settings/autoMatch', /unknown setting "autoMatch"/],
    ['a setting of the wrong type', { object, settings: { autoMatchByDefault: 'yes' } }, '/settings/autoMatchByDefault', /must be true or false, not a string/],
    ['a setting out of range', { object, settings: { temporaryStorageGiB: 0 } }, '/settings/temporaryStorageGiB', /from 1 to 32768/],
    ['a pin annotation no ECI reads', { object, settings: { pinAnnotation: 'imc' } }, '/settings/pinAnnotation', /pinAnnotation must be/],
    ['now not a time', { object, now: 'yesterday' }, '/now', /not an RFC 3339 time/],
    ['now a number', { object, now: 1764201600000 }, '/now', /must be an RFC 3339 time string, not a number/],
    ['now an invalid Date', { object, now: new Date('not a date') }, '/now', /invalid Date/],
    ['a cycle', cyclic, '', /cannot be read as JSON: Converting circular structure/],
    ['a BigInt', { object, settings: { temporaryStorageGiB: 30n } }, '', /cannot be read as JSON: .*BigInt/],
    ['nesting too deep', { object: deep }, '', /cannot be read: the input nests deeper than 100 levels$/],
  ];
  for (const [what, input, path, message] of cases) {
    test(what, () => {
      assert.throws(
        () => evaluate(input),
        (/** @type {import('eci-image-cache').InputError} */ error) => {
          assert.ok(error instanceof Error, 'an Error');
          assert.equal(error.path, path);
          assert.match(error.message, message);
          if (path) assert.ok(error.message.startsWith(`${path}: `), error.message);
          return true;
        },
      );
    });
  }

  test('the module still works after every failure', () => {
    for (const [, input] of cases) assert.throws(() => evaluate(input));
    assert.equal(evaluate({ object: fixture('manifests/pod-pinned.yaml'), imageCaches: documentationCaches() }).decision.outcome, 'pinned');
  });
});

describe('problems in the manifests are diagnostics, never exceptions', () => {
  test('an invalid image reference names the container field', () => {
    const report = evaluate({ object: pod(AUTO, [['web', 'Nginx:1.25', 'IfNotPresent']]), now: NOW });
    const found = report.diagnostics.find((d) => d.code === 'invalid-image-reference');
    assert.equal(found?.path, '/spec/containers/0/image');
    assert.equal(found.severity, 'error');
  });

  test('a kind that has no pod', () => {
    const report = evaluate({ object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } } });
    assert.equal(report.decision.outcome, 'none');
    assert.deepEqual(codes(report), ['error unsupported-kind /kind']);
  });

  test('a cache that is not an ImageCache is reported, the rest still ranked', () => {
    const caches = [...documentationCaches().items, { kind: 'ImageCache', spec: 'broken' }];
    const report = evaluate({ object: fixture('manifests/pod-auto-match.yaml'), imageCaches: caches, now: NOW });
    assert.equal(report.decision.imageCacheId, 'imc-bp1a2b3c4d5e6f7g8h9i');
    assert.ok(report.diagnostics.some((d) => d.path.startsWith('/imageCaches/3')), codes(report).join('\n'));
  });

  test('long status.events and managedFields are read past, not kept', () => {
    const [cache] = documentationCaches().items;
    const noisy = {
      ...cache,
      metadata: { ...cache.metadata, managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }] },
      status: { ...cache.status, events: Array.from({ length: 500 }, (_, i) => ({ reason: `Step${i}`, message: 'x'.repeat(100) })) },
    };
    const report = evaluate({ object: fixture('manifests/pod-pinned.yaml'), imageCaches: [noisy], now: NOW });
    assert.equal(report.decision.outcome, 'pinned');
    assert.deepEqual(report.diagnostics, []);
  });
});

test('version() is the version of the package and of the crate', () => {
  const manifest = requireHere('eci-image-cache/package.json');
  assert.equal(version(), manifest.version);
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(version(), cargo);
});
