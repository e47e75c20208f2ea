// Completion and hover help of the editors (completion.js, hover.js, yaml-context.js), in
// Node: text and a position in, options out, on the vocabulary the npm package ships.
// Run: cd www && node --test tests/completion.test.mjs

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import vocabulary from 'eci-image-cache/vocabulary.json' with { type: 'json' };
import { cacheChoices } from '../src/analyze.js';
import { completeAt } from '../src/completion.js';
import { parseCaches } from '../src/parse.js';
import { describeAt } from '../src/hover.js';
import { contextAt, siblingKeys } from '../src/yaml-context.js';

/** The text with `|` removed, and where it was. */
function at(marked) {
  const pos = marked.indexOf('|');
  assert.notEqual(pos, -1, 'the text marks the position with |');
  return { text: marked.slice(0, pos) + marked.slice(pos + 1), pos };
}

const complete = (marked, options = {}) => {
  const { text, pos } = at(marked);
  const result = completeAt(text, pos, { vocabulary, editor: 'workload', ...options });
  return result && { ...result, text, pos, labels: result.options.map((option) => option.label) };
};

/** The text after accepting the option labelled `label`. */
function accept(result, label) {
  const option = result.options.find((candidate) => candidate.label === label);
  assert.ok(option, `${label} is offered`);
  return result.text.slice(0, result.from) + option.apply + result.text.slice(result.to);
}

const POD_NAMES = vocabulary.annotations.filter((a) => a.on === 'pod').map((a) => a.name);

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
      annotations:
        app: web
        k8s.aliyun.com/|
    spec:
      containers:
      - name: web
        image: nginx:1.25
`;

const CACHE_LIST = `apiVersion: v1
kind: List
items:
- apiVersion: eci.alibabacloud.com/v1
  kind: ImageCache
  metadata:
    name: nginx-cache
    annotations:
      k8s.aliyun.com/imc-cpu-arch: arm64
  spec:
    images:
    - nginx:1.25
    imageCacheSize: 25
  status:
    imageCacheId: imc-abc
    phase: Ready
`;

describe('where the position is', () => {
  test('the keys beside a key: its block only, up and down', () => {
    const text = 'a:\n  x: 1\n  y:\n    deep: 2\n  # note\n\n  HERE\n  z: 3\nb:\n  w: 4\n- k: 1\n  item: 2\n  HERE\n';
    assert.deepEqual(siblingKeys(text, text.indexOf('  HERE'), 2).sort(), ['x', 'y', 'z']);
    assert.deepEqual(siblingKeys(text, text.lastIndexOf('  HERE'), 2).sort(), ['item', 'k']);
  });

  test('the keys above come from indentation, list items included', () => {
    const { text, pos } = at(DEPLOYMENT);
    assert.deepEqual(contextAt(text, pos).path, ['spec', 'template', 'metadata', 'annotations']);
    const image = CACHE_LIST.indexOf('nginx:1.25') + 2;
    assert.deepEqual(contextAt(CACHE_LIST, image).path, ['items', '-', 'spec', 'images', '-']);
    const phase = CACHE_LIST.indexOf('phase') + 1;
    assert.deepEqual(contextAt(CACHE_LIST, phase).path, ['items', '-', 'status']);
  });

  test('blank and comment lines, and deeper siblings, are passed over', () => {
    const { text, pos } = at('metadata:\n  annotations:\n    # cache\n\n    a: "1"\n    b:\n      nested: x\n    k8|\n');
    assert.deepEqual(contextAt(text, pos).path, ['metadata', 'annotations']);
  });

  test('an indentless list under its key, and a document separator as the root', () => {
    const { text, pos } = at('kind: Pod\n---\nitems:\n- metadata:\n    name: a\n- spec:\n    ima|\n');
    assert.deepEqual(contextAt(text, pos).path, ['items', '-', 'spec']);
  });

  test('a key and a value are told apart, quotes are not part of them', () => {
    const quoted = at('a:\n  "k8s.a|liyun.com/x": "tr');
    const key = contextAt(quoted.text, quoted.pos);
    assert.deepEqual([key.at, key.typed, key.key, key.keyClosed, key.colon], ['key', 'k8s.a', 'k8s.aliyun.com/x', true, true]);
    const { text, pos } = at('a:\n  k: "tr|');
    const value = contextAt(text, pos);
    assert.deepEqual([value.at, value.key, value.typed, value.valueQuote, value.closed], ['value', 'k', 'tr', '"', false]);
  });

  test('nothing in the indentation, in a comment or right after a colon', () => {
    assert.equal(contextAt('a:\n    b: 1', 4), null);
    assert.equal(contextAt('a:\n  # k8s', 9), null);
    assert.equal(contextAt('a:x', 2), null);
  });
});

describe('completion in the workload editor', () => {
  test('under annotations: every pod annotation, older names marked, with the description', () => {
    const result = complete(DEPLOYMENT);
    assert.deepEqual([...result.labels].sort(), [...POD_NAMES].sort());
    assert.ok(!result.labels.includes('k8s.aliyun.com/imc-cpu-arch'), 'an ImageCache annotation is not offered on a pod');
    const older = result.options.find((option) => option.label === 'k8s.aliyun.com/eci-image-snapshot-id');
    assert.match(older.detail, /^older name of eci-imc-id$/);
    assert.ok(older.boost < 0, 'older names come after the current ones');
    const pin = result.options.find((option) => option.label === 'k8s.aliyun.com/eci-imc-id');
    assert.equal(pin.info.split('\n')[0], vocabulary.annotations.find((a) => a.name === pin.label).description);
  });

  test('a name already written in the same annotations is not offered again', () => {
    const result = complete('metadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: "true"\n    k8s|\n    k8s.aliyun.com/imc-perfect-match: "true"\n  labels:\n    k8s.aliyun.com/eci-imc-id: x\n');
    assert.deepEqual([...result.labels].sort(), POD_NAMES.filter((name) => !/eci-auto-imc|perfect-match/.test(name)).sort());
    const fields = complete('- metadata:\n    name: a\n  spec:\n    images: []\n    ima|\n', { editor: 'caches' });
    assert.deepEqual(fields.labels, ['imageCacheSize', 'retentionDays', 'imagePullSecrets']);
  });

  test('accepting a name replaces what was typed and adds the colon', () => {
    const result = complete(DEPLOYMENT);
    const text = accept(result, 'k8s.aliyun.com/eci-auto-imc');
    assert.match(text, /\n {8}k8s\.aliyun\.com\/eci-auto-imc: \n {4}spec:/);
    assert.equal(result.options.find((option) => option.label === 'k8s.aliyun.com/eci-auto-imc').reopen, true);
  });

  test('over an existing key the whole key is replaced and its colon kept', () => {
    const result = complete('metadata:\n  annotations:\n    k8s.aliyun.com/eci-a|uto: "true"\n');
    assert.equal(accept(result, 'k8s.aliyun.com/eci-auto-imc'), 'metadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: "true"\n');
  });

  test('not under labels, not at the top of a key unless asked, not in the caches\' fields', () => {
    assert.equal(complete('metadata:\n  labels:\n    k8s|\n  annotations:\n    a: b\n'), null, 'under labels');
    assert.equal(complete('metadata:\n  annotations:\n    |\n'), null);
    assert.equal(complete('metadata:\n  annotations:\n    |\n', { explicit: true }).options.length, POD_NAMES.length);
    assert.equal(complete('spec:\n  ima|\n'), null);
  });

  test('a boolean offers "true" and "false", quoted, so YAML keeps them strings', () => {
    const result = complete('metadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: |\n');
    assert.deepEqual(result.labels, ['true', 'false']);
    assert.equal(accept(result, 'true'), 'metadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: "true"\n');
    const quoted = complete('metadata:\n  annotations:\n    k8s.aliyun.com/imc-perfect-match: "f|\n');
    assert.equal(accept(quoted, 'false'), 'metadata:\n  annotations:\n    k8s.aliyun.com/imc-perfect-match: "false"\n');
    const closed = complete("metadata:\n  annotations:\n    k8s.aliyun.com/imc-perfect-match: 'f|'\n");
    assert.equal(accept(closed, 'false'), "metadata:\n  annotations:\n    k8s.aliyun.com/imc-perfect-match: 'false'\n");
  });

  test('a pin offers the ids of the caches, Ready ones first, with their names', () => {
    const caches = [
      { id: 'imc-building', name: 'web-cache', phase: 'Creating' },
      { id: 'imc-ready1', name: 'nginx-cache', phase: 'Ready' },
      { id: '', name: 'no-id-yet', phase: 'Pending' },
    ];
    for (const name of ['k8s.aliyun.com/eci-imc-id', 'k8s.aliyun.com/eci-image-snapshot-id']) {
      const result = complete(`metadata:\n  annotations:\n    ${name}: imc-|\n`, { caches });
      assert.deepEqual(result.labels, ['imc-building', 'imc-ready1'], name);
      const ready = result.options.find((option) => option.label === 'imc-ready1');
      assert.equal(ready.detail, 'nginx-cache \u00b7 Ready');
      assert.ok(ready.boost > result.options[0].boost);
      assert.match(result.options[0].info, /Creating: a pin to it fails/);
      assert.equal(accept(result, 'imc-ready1'), `metadata:\n  annotations:\n    ${name}: imc-ready1\n`);
    }
    assert.equal(complete('metadata:\n  annotations:\n    k8s.aliyun.com/eci-imc-id: |\n'), null, 'no caches, nothing to offer');
  });

  test('a count or a quantity offers its examples only when asked', () => {
    const text = 'metadata:\n  annotations:\n    k8s.aliyun.com/eci-extra-ephemeral-storage: |\n';
    assert.equal(complete(text), null);
    assert.deepEqual(complete(text, { explicit: true }).labels, ['50Gi']);
    const count = complete('metadata:\n  annotations:\n    k8s.aliyun.com/imc-match-count-request: |\n', { explicit: true });
    assert.equal(accept(count, '2'), 'metadata:\n  annotations:\n    k8s.aliyun.com/imc-match-count-request: "2"\n');
  });

  test('an unknown annotation has no values', () => {
    assert.equal(complete('metadata:\n  annotations:\n    example.com/x: |\n', { explicit: true }), null);
  });
});

describe('the caches a pin offers', () => {
  test('the worker reads id, name and phase of every cache; nothing while the caches cannot be read', () => {
    const parsed = parseCaches(`${CACHE_LIST}- kind: ImageCache\n  metadata: {name: 7}\n  status: []\n`);
    assert.deepEqual(cacheChoices(parsed.caches), [
      { id: 'imc-abc', name: 'nginx-cache', phase: 'Ready' },
      { id: '', name: '', phase: '' },
    ]);
    assert.equal(cacheChoices(parseCaches('items:\n- [').caches), null);
  });
});

describe('completion in the caches editor', () => {
  const caches = (marked, options = {}) => complete(marked, { editor: 'caches', ...options });

  test('the fields of each section of an ImageCache, in a List or alone', () => {
    const result = caches(CACHE_LIST.replace('    imageCacheSize: 25', '    ret|'));
    assert.deepEqual(result.labels, ['imageCacheSize', 'retentionDays', 'imagePullSecrets'], 'images is written already');
    assert.equal(accept(result, 'retentionDays').includes('\n    retentionDays: \n  status:'), true);
    const status = caches('kind: ImageCache\nstatus:\n  ph|\n');
    assert.ok(status.labels.includes('phase') && status.labels.includes('imageCacheId'));
    assert.equal(caches('kind: ImageCache\nspec:\n  images:\n    a|\n'), null, 'not inside a field');
  });

  test('the platform annotations of a cache and their values; a phase', () => {
    const names = caches('metadata:\n  annotations:\n    k8s|\n').labels;
    assert.deepEqual(names, ['k8s.aliyun.com/imc-cpu-arch', 'k8s.aliyun.com/imc-os-type']);
    assert.deepEqual(caches('metadata:\n  annotations:\n    k8s.aliyun.com/imc-os-type: |\n').labels, ['linux', 'windows']);
    assert.ok(caches('status:\n  phase: |\n').labels.includes('Ready'));
  });
});

describe('hover help', () => {
  /**
   * @param {string} marked
   * @param {import('../src/completion.js').EditorName} [editor]
   */
  const explain = (marked, editor = 'workload') => {
    const { text, pos } = at(marked);
    return describeAt(text, pos, { vocabulary, editor });
  };

  test('an annotation name shows what it does and its value', () => {
    const help = explain('metadata:\n  annotations:\n    k8s.aliyun.com/eci-im|c-id: imc-a\n');
    assert.equal(help.title, 'k8s.aliyun.com/eci-imc-id');
    assert.equal(help.text.split('\n')[0], vocabulary.annotations.find((a) => a.name === help.title).description);
    assert.match(help.text, /Value: an image cache id/);
    assert.deepEqual([help.from, help.to], [29, 54]);
    assert.match(explain('metadata:\n  annotations:\n    k8s.aliyun.com/eci-image-cache: "tr|ue"\n').text, /^"true" or "false"/);
  });

  test('an older name says so', () => {
    const help = explain('metadata:\n  annotations:\n    k8s.aliyun.com/eci-image-snap|shot-id: imc-a\n');
    assert.match(help.text, /^The older name of k8s\.aliyun\.com\/eci-imc-id/);
  });

  test('an ImageCache field in the caches editor, not the workload editor', () => {
    const marked = CACHE_LIST.replace('imageCacheSize', 'imageCache|Size');
    const help = explain(marked, 'caches');
    assert.equal(help.title, 'spec.imageCacheSize');
    assert.match(help.text, /GiB/);
    assert.match(help.text, /Rule: a whole number from 20 to 32768/);
    assert.equal(explain(marked, 'workload'), null);
  });

  test('nothing for other keys, values and labels', () => {
    assert.equal(explain('metadata:\n  labels:\n    k8s.aliyun.com/eci-im|c-id: x\n'), null);
    assert.equal(explain('metadata:\n  na|me: x\n'), null);
    assert.equal(explain('spec:\n  imageCacheSize: 2|5\n', 'caches'), null);
  });

  test('every pod annotation and every field has its help', () => {
    for (const name of POD_NAMES) {
      assert.ok(explain(`metadata:\n  annotations:\n    ${name}|: x\n`), name);
    }
    for (const field of vocabulary.imageCacheFields) {
      const [section, key] = field.path.split('.');
      assert.equal(explain(`${section}:\n  ${key}|: x\n`, 'caches')?.title, field.path);
    }
  });
});
