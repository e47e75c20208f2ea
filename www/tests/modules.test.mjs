// Unit tests of the page's pure modules, in Node (no browser): parsing, pointer → line
// mapping, the patch on YAML, the diff, share links, ages.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Text } from '@codemirror/state';
import { diffLines } from '../src/diff.js';
import { MAX_HIGHLIGHT_NESTING, highlightable } from '../src/editor.js';
import { MAX_EDITOR_CHARS, MAX_NESTING, parseCaches, parseWorkload } from '../src/parse.js';
import { applyPatch, printOptions } from '../src/patch.js';
import { formatPointer, parsePointer } from '../src/pointer.js';
import { MAX_STATE_BYTES, decodeState, encodeState } from '../src/share.js';
import { defaultSettings } from '../src/settings.js';
import { lineColumn, lineStarts } from '../src/text-position.js';
import { age } from '../src/time.js';
import { placeReportPath } from '../src/yaml-map.js';
import { placeInText } from './places.mjs';

/** The 1-based line a place starts on. */
function lineAt(text, offset) {
  return lineColumn(lineStarts(text), offset).line;
}

const POD = `# comment
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-imc-id: imc-abc
spec:
  containers:
  - name: a
    image: nginx:1.25
  - name: b
    image: redis:7.2
    imagePullPolicy: Always
`;

describe('pointers', () => {
  test('RFC 6901 escapes', () => {
    assert.deepEqual(parsePointer('/metadata/annotations/k8s.aliyun.com~1eci-imc-id'), ['metadata', 'annotations', 'k8s.aliyun.com/eci-imc-id']);
    assert.deepEqual(parsePointer('/a~0b/~01'), ['a~b', '~1']);
    assert.deepEqual(parsePointer(''), []);
    assert.equal(parsePointer('metadata'), null);
  });

  test('formatting escapes what parsing unescapes', () => {
    assert.equal(formatPointer(['a~b', '~1', 'k8s.aliyun.com/eci-imc-id']), '/a~0b/~01/k8s.aliyun.com~1eci-imc-id');
    assert.equal(formatPointer([]), '');
    for (const tokens of [['a~b', '~1'], ['metadata', 'annotations', 'k8s.aliyun.com/x'], ['']]) assert.deepEqual(parsePointer(formatPointer(tokens)), tokens);
  });
});

describe('workload parsing and pointer mapping', () => {
  const workload = parseWorkload(POD);
  const inputs = { workload, caches: parseCaches('') };
  const line = (path) => {
    const place = placeInText(path, inputs);
    assert.equal(place.target, 'workload');
    return lineAt(POD, place.from);
  };

  test('parses the object', () => {
    assert.deepEqual(workload.problems, []);
    assert.equal(workload.object.metadata.annotations['k8s.aliyun.com/eci-imc-id'], 'imc-abc');
  });

  test('an annotation maps to its key line, marked up to the end of its value', () => {
    const place = placeInText('/metadata/annotations/k8s.aliyun.com~1eci-imc-id', inputs);
    assert.equal(lineAt(POD, place.from), 7);
    assert.equal(POD.slice(place.from, place.to), 'k8s.aliyun.com/eci-imc-id: imc-abc');
    assert.equal(place.exact, true);
  });

  test('items of a list map to their own lines', () => {
    assert.equal(line('/spec/containers/1/imagePullPolicy'), 14);
    assert.equal(line('/spec/containers/1/image'), 13);
    assert.equal(line('/spec/containers/0'), 10);
  });

  test('a collection is marked on its first line only', () => {
    const place = placeInText('/metadata/annotations', inputs);
    assert.equal(POD.slice(place.from, place.to), 'annotations:');
  });

  test('a missing tail lands on the deepest node that exists', () => {
    const place = placeInText('/spec/containers/0/imagePullPolicy', inputs);
    assert.equal(lineAt(POD, place.from), 10);
    assert.equal(place.exact, false);
    assert.equal(line('/spec/template/metadata/annotations'), 8);
  });

  test('settings and now are not in an editor', () => {
    assert.deepEqual(placeReportPath('/now', inputs), { target: 'now' });
    assert.deepEqual(placeReportPath('/settings/temporaryStorageGiB', inputs), { target: 'settings', key: 'temporaryStorageGiB' });
  });

  test('paths through aliases follow the anchor', () => {
    const text = 'kind: Pod\nx: &c\n  image: nginx\nspec:\n  containers:\n  - *c\n';
    const parsed = parseWorkload(text);
    const place = placeInText('/spec/containers/0/image', { workload: parsed, caches: parseCaches('') });
    assert.equal(lineAt(text, place.from), 3);
  });
});

describe('workload problems', () => {
  test('a syntax error has its line and column', () => {
    const text = 'kind: Pod\nmetadata:\n    name: x\n  bad: 1\n';
    const { problems, object } = parseWorkload(text);
    assert.equal(object, null);
    assert.equal(problems[0].severity, 'error');
    assert.equal(lineAt(text, problems[0].from), 4);
    assert.match(problems[0].code, /^yaml-/);
  });

  test('a YAML bomb is refused by the alias limit, fast', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i += 1) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const started = performance.now();
    const { problems, object } = parseWorkload(lines.join('\n'));
    assert.ok(performance.now() - started < 1000);
    assert.equal(object, null);
    assert.match(problems[0].message, /alias/i);
  });

  test('every document of a stream is read, and the items of a List each on their own', () => {
    const text = 'kind: Pod\nmetadata: {name: a}\n---\nkind: List\nitems:\n- kind: Service\n  metadata: {name: s}\n- kind: Job\n  metadata: {name: j}\n';
    const parsed = parseWorkload(text);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.object.metadata.name, 'a');
    assert.deepEqual(parsed.entries.map((entry) => [entry.object.metadata.name, entry.prefix]), [['a', []], ['s', ['items', '0']], ['j', ['items', '1']]]);
    const place = placeInText('/metadata/name', { workload: { ...parsed, entry: parsed.entries[2] }, caches: parseCaches('') });
    assert.equal(lineAt(text, place.from), 9);
  });

  test('a scalar is not a workload', () => {
    const { object, problems } = parseWorkload('just text\n');
    assert.equal(object, null);
    assert.match(problems[0].message, /Kubernetes object/);
  });

  test('JSON is YAML: a manifest pasted as JSON works, and maps back to its lines', () => {
    const text = '{\n  "kind": "Pod",\n  "metadata": {\n    "annotations": {"k8s.aliyun.com/eci-auto-imc": "yes"}\n  }\n}\n';
    const workload = parseWorkload(text);
    assert.equal(workload.object.metadata.annotations['k8s.aliyun.com/eci-auto-imc'], 'yes');
    const place = placeInText('/metadata/annotations/k8s.aliyun.com~1eci-auto-imc', { workload, caches: parseCaches('') });
    assert.equal(lineAt(text, place.from), 4);
  });

  test('empty input is empty, not an error', () => {
    const parsed = parseWorkload('# nothing yet\n');
    assert.equal(parsed.empty, true);
    assert.deepEqual(parsed.problems, []);
  });
});

describe('caches parsing and pointer mapping', () => {
  const cache = (name, image) => `apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: ${name}\nspec:\n  images:\n  - ${image}\n`;

  test('a v1 List: /imageCaches/<i> maps into items', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n  spec:\n    images: [x:1]\n- metadata: {name: b}\n  spec:\n    images:\n    - y:1\n';
    const caches = parseCaches(text);
    assert.equal(caches.caches.length, 2);
    const place = placeInText('/imageCaches/1/spec/images/0', { workload: parseWorkload(''), caches });
    assert.equal(place.target, 'caches');
    assert.equal(text.slice(place.from, place.to), 'y:1');
  });

  test('a stream of documents: index i maps to the i-th document', () => {
    const text = `${cache('a', 'x:1')}---\n${cache('b', 'y:1')}---\n${cache('c', 'z:1')}`;
    const caches = parseCaches(text);
    assert.deepEqual(caches.caches.map((item) => item.metadata.name), ['a', 'b', 'c']);
    const place = placeInText('/imageCaches/2/spec/images/0', { workload: parseWorkload(''), caches });
    assert.equal(text.slice(place.from, place.to), 'z:1');
    assert.equal(lineAt(text, place.from), 23);
  });

  test('an array, and a List mixed with single documents, flatten in order', () => {
    const text = `- ${cache('a', 'x:1').replace(/\n(?=.)/g, '\n  ')}---\nkind: ImageCacheList\nitems: []\n---\n${cache('b', 'y:1')}`;
    const caches = parseCaches(text);
    assert.deepEqual(caches.caches.map((item) => item.metadata.name), ['a', 'b']);
    assert.deepEqual(caches.index.map((entry) => entry.prefix), [['0'], []]);
  });

  test('an index beyond the list lands on the first document', () => {
    const text = cache('a', 'x:1');
    const caches = parseCaches(text);
    const place = placeInText('/imageCaches/9/spec', { workload: parseWorkload(''), caches });
    assert.equal(place.target, 'caches');
    assert.equal(place.exact, false);
  });

  test('empty input means no caches', () => {
    assert.deepEqual(parseCaches('').caches, []);
  });

  test('a syntax error blocks the caches', () => {
    const parsed = parseCaches('kind: List\nitems:\n- metadata: {name: a\n');
    assert.equal(parsed.caches, null);
    assert.ok(parsed.problems.length > 0);
  });
});

describe('patch on YAML', () => {
  test('adds into existing annotations and keeps comments and layout', () => {
    const { doc } = parseWorkload(POD);
    const options = printOptions(POD);
    assert.equal(doc.toString(options), POD, 'printing the input gives the input back');
    const out = applyPatch(doc, [
      { op: 'add', path: '/metadata/annotations/eci-image-cache~1decision', value: 'auto-matched web (imc-w1): holds 1 of 2 images' },
      { op: 'replace', path: '/spec/containers/1/imagePullPolicy', value: 'IfNotPresent' },
      { op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' },
    ]).toString(options);
    assert.match(out, /^# comment\n/);
    assert.match(out, /\n {4}eci-image-cache\/decision: "auto-matched web \(imc-w1\): holds 1 of 2 images"\n/);
    assert.match(out, /\n {4}imagePullPolicy: IfNotPresent\n {2}- name: b/);
    assert.doesNotMatch(out, /Always/);
    assert.equal(doc.toString(options), POD, 'the input document is left as it was');
  });

  test('creates the annotations map when the pod has none', () => {
    const text = 'kind: Pod\nmetadata:\n  name: x\nspec: {}\n';
    const { doc } = parseWorkload(text);
    const out = applyPatch(doc, [{ op: 'add', path: '/metadata/annotations', value: { 'k8s.aliyun.com/eci-imc-id': 'imc-1' } }]).toString(printOptions(text));
    assert.equal(out, 'kind: Pod\nmetadata:\n  name: x\n  annotations:\n    k8s.aliyun.com/eci-imc-id: imc-1\nspec: {}\n');
  });

  test('every example workload prints back exactly as written, so its diff is against the input itself', () => {
    const examples = JSON.parse(readFileSync(new URL('../examples/index.json', import.meta.url), 'utf8'));
    for (const { workload } of examples) {
      const text = readFileSync(new URL(`../examples/${workload}`, import.meta.url), 'utf8');
      assert.equal(parseWorkload(text).doc.toString(printOptions(text)), text, workload);
    }
  });

  test('indented sequences stay indented', () => {
    const text = 'spec:\n  containers:\n    - name: a\n      image: x\n';
    assert.equal(printOptions(text).indentSeq, true);
    const { doc } = parseWorkload(`kind: Pod\n${text}`);
    assert.equal(doc.toString(printOptions(text)), `kind: Pod\n${text}`);
  });
});

describe('diff', () => {
  test('marks added and removed lines, keeps the rest', () => {
    const lines = diffLines('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n');
    assert.deepEqual(lines, [
      { type: 'same', text: 'a' },
      { type: 'del', text: 'b' },
      { type: 'add', text: 'B' },
      { type: 'same', text: 'c' },
      { type: 'same', text: 'd' },
      { type: 'add', text: 'e' },
    ]);
  });

  test('identical texts have no change', () => {
    assert.ok(diffLines('x\ny\n', 'x\ny\n').every((line) => line.type === 'same'));
  });
});

describe('share links', () => {
  const state = {
    workload: 'kind: Pod\nmetadata:\n  name: \u00e9t\u00e9 # not ASCII\n',
    caches: '[]\n',
    settings: { ...defaultSettings(), mutateWorkloads: true, temporaryStorageGiB: 50 },
    now: '2026-11-27T00:00:00Z',
  };

  test('round trip', async () => {
    const fragment = await encodeState(state);
    assert.match(fragment, /^s=[A-Za-z0-9_-]+$/);
    assert.deepEqual(await decodeState(`#${fragment}`), state);
  });

  test('unknown or mistyped settings in a link are dropped', async () => {
    const fragment = await encodeState({ ...state, settings: { ...defaultSettings(), temporaryStorageGiB: 50 } });
    const decoded = await decodeState(fragment);
    assert.equal(decoded.settings.temporaryStorageGiB, 50);
    assert.deepEqual(Object.keys(decoded.settings).sort(), Object.keys(defaultSettings()).sort());
  });

  test('a state too large for a link is refused', async () => {
    await assert.rejects(encodeState({ ...state, workload: 'x'.repeat(MAX_STATE_BYTES) }), /at most/);
  });

  test('a link that inflates past the cap is refused without inflating it all', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, workload: ' '.repeat(8 * MAX_STATE_BYTES), caches: '' }));
    const compressed = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    const fragment = `s=${Buffer.from(compressed).toString('base64url')}`;
    assert.ok(fragment.length < 20000, 'a small link');
    await assert.rejects(decodeState(fragment), /more than/);
  });

  test('damaged links say so', async () => {
    await assert.rejects(decodeState('#s=!!!'), /damaged/);
    await assert.rejects(decodeState('#s=AAAA'), /damaged/);
    await assert.rejects(decodeState('#other'), /no playground state/);
  });
});

describe('limits on what an editor holds', () => {
  /** `depth` flow sequences inside each other. */
  const nested = (depth) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  /** A block mapping `depth` levels deep, each level one space further in. */
  const deepMapping = (depth) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ` v\n`;

  test('a text longer than the cap is refused unread, in both editors', () => {
    const at = `k: "${'x'.repeat(MAX_EDITOR_CHARS - 6)}"\n`;
    assert.equal(at.length, MAX_EDITOR_CHARS);
    for (const parse of [parseWorkload, parseCaches]) {
      assert.deepEqual(parse(at).problems, []);
      const { problems } = parse(`${at}x`);
      assert.deepEqual(problems, [{
        from: 0, to: 200, severity: 'error', code: 'input-too-large',
        message: 'Too large to evaluate: 1,048,577 characters, more than the 1,048,576 (1 MiB) the playground reads in one '
          + 'editor; a pod, or a few hundred ImageCaches, take far less.',
      }]);
    }
    assert.equal(parseWorkload(`${at}x`).empty, false, 'a refused text is not "empty"');
  });

  test('nesting up to the limit is read; one level more is refused where it happens', () => {
    assert.deepEqual(parseCaches(nested(MAX_NESTING)).problems, []);
    const { problems } = parseCaches(nested(MAX_NESTING + 1));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'yaml-too-deep');
    assert.equal(problems[0].from, MAX_NESTING, 'at the bracket that opens level 65');
    assert.equal(problems[0].message, 'Too deeply nested to evaluate: more than 64 levels here; Kubernetes objects nest about 15.');
    assert.ok(parseWorkload(deepMapping(MAX_NESTING)).object);
    const deep = deepMapping(MAX_NESTING + 1);
    const refused = parseWorkload(deep);
    assert.equal(refused.object, null);
    assert.deepEqual(refused.problems.map((p) => [p.code, lineAt(deep, p.from)]), [['yaml-too-deep', MAX_NESTING + 1]]);
  });

  test('10 000 nested flow sequences, deep block mappings and compact sequences are refused fast, without recursion', () => {
    let block = '';
    for (let i = 0; i < 1200; i += 1) block += `${' '.repeat(i)}k${i}:\n`;
    for (const text of [nested(10_000), `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, `${'- '.repeat(10_000)}x\n`, block]) {
      const started = performance.now();
      for (const parse of [parseWorkload, parseCaches]) {
        const { problems } = parse(text);
        assert.deepEqual(problems.map((p) => p.code), ['yaml-too-deep']);
      }
      assert.ok(performance.now() - started < 5000, `${performance.now() - started} ms`);
    }
  });

  test('the editors highlight YAML only when it is short and shallow enough for the grammar', () => {
    const doc = (text) => Text.of(text.split('\n'));
    const depth = MAX_HIGHLIGHT_NESTING;
    assert.equal(highlightable(doc(POD)), true);
    assert.equal(highlightable(doc(`${'['.repeat(depth)}${']'.repeat(depth)}`)), true);
    assert.equal(highlightable(doc(`${'[]'.repeat(10 * depth)}`)), true, 'brackets that close again');
    assert.equal(highlightable(doc(`${'{a: '.repeat(depth + 1)}1`)), false);
    assert.equal(highlightable(doc(`${'- '.repeat(depth)}x`)), true);
    assert.equal(highlightable(doc(`${'- '.repeat(depth + 1)}x`)), false);
    assert.equal(highlightable(doc(`a:\n${' '.repeat(2 * depth + 1)}b: 1`)), false);
    assert.equal(highlightable(doc('x'.repeat(MAX_EDITOR_CHARS))), true);
    assert.equal(highlightable(doc('x'.repeat(MAX_EDITOR_CHARS + 1))), false);
  });

  test('keys nest too: a deep flow collection as a key is found', () => {
    const { problems } = parseWorkload(`? ${nested(MAX_NESTING)}: v\n`);
    assert.deepEqual(problems.map((p) => p.code), ['yaml-too-deep']);
  });
});

describe('ages', () => {
  test('relative to now', () => {
    assert.equal(age('2026-11-20T10:00:00Z', '2026-11-27T00:00:00Z'), '6 days');
    assert.equal(age('2026-11-26T18:30:00Z', '2026-11-27T00:00:00Z'), '5 h');
    assert.equal(age('2026-11-26T23:50:00Z', '2026-11-27T00:00:00Z'), '10 min');
    assert.equal(age('2026-11-28T00:00:00Z', '2026-11-27T00:00:00Z'), 'in 24 h');
    assert.equal(age(null, '2026-11-27T00:00:00Z'), '');
  });
});
