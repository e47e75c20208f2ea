// The Fix buttons' edits (src/fix-edits.js), in Node with the real core (pkg/, the page's
// own analyzer): every fix the core offers, on every case of tests/scenarios/ that carries
// one and on the examples of docs/diagnostics.md, written as block YAML with comments, as
// flow YAML, as JSON, as the second document of a stream and as an item of a List, applied
// as text edits and evaluated again: its diagnostic is gone, the comments and the rest of
// the text are kept, the text reads as the patched object. Then the layouts one by one,
// with the exact text expected, and the cases the edits refuse. Also: the catalogue page
// the codes link to. Run: node --test tests/fixes.test.mjs (after make npm).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Catalogue } from 'eci-image-cache';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { createAnalyzer } from '../src/analyze.js';
import { fixEdits, workloadFix } from '../src/fix-edits.js';
import { applyJsonPatch } from '../src/json-patch.js';
import { parseWorkload } from '../src/parse.js';
import { codeLink } from '../src/render-diagnostics.js';
import { defaultSettings } from '../src/settings.js';
import { diagnosticsPage } from '../scripts/diagnostics-page.mjs';
import { WWW } from './browser.mjs';

const ROOT = join(WWW, '..');
const NOW = '2026-11-27T12:00:00Z';

/** The page's analyzer (analyze.js) on the core built for Node, as worker.js wires it. */
function analyzer() {
  const kept = new Map();
  return createAnalyzer({
    evaluatorFor(imageCaches, settings) {
      const key = JSON.stringify([imageCaches, settings]);
      if (!kept.has(key)) kept.set(key, new Catalogue({ imageCaches: /** @type {any[]} */ (imageCaches), settings }));
      const catalogue = kept.get(key);
      return (object, now) => catalogue.evaluate({ object, now });
    },
  });
}

function applyChanges(text, changes) {
  let out = text;
  let previous = Infinity;
  for (const change of [...changes].sort((a, b) => b.from - a.from)) {
    assert.ok(change.to <= previous, 'changes do not overlap');
    previous = change.from;
    out = out.slice(0, change.from) + change.insert + out.slice(change.to);
  }
  return out;
}

const comments = (text) => text.split('\n').filter((line) => /#/.test(line)).map((line) => line.slice(line.indexOf('#')));

// ---- the cases ----

const fixture = (file) => parse(readFileSync(join(ROOT, 'tests', 'fixtures', file), 'utf8'));

/** Every scenario whose report carries a fix. */
const scenarios = readdirSync(join(ROOT, 'tests', 'scenarios')).filter((file) => file.endsWith('.yaml')).sort()
  .flatMap((file) => parse(readFileSync(join(ROOT, 'tests', 'scenarios', file), 'utf8')).map((testCase) => ({ file, testCase })))
  .filter(({ testCase }) => testCase.expect?.fixes?.length > 0)
  .map(({ file, testCase }) => ({
    name: `${file}: ${testCase.name}`,
    object: testCase.objectFile ? fixture(testCase.objectFile) : testCase.input.object,
    caches: testCase.imageCachesFile ? fixture(testCase.imageCachesFile) : (testCase.input.imageCaches ?? []),
    settings: testCase.input.settings ?? {},
    now: testCase.input.now ?? NOW,
    fixes: testCase.expect.fixes,
  }));

const CACHES = fixture('manifests/imagecaches.yaml');
const pod = (annotations, container = { name: 'n', image: 'nginx:1.7.9', imagePullPolicy: 'IfNotPresent' }) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations }, spec: { containers: [container] },
});

/** The codes that carry a fix (Code::automatic_fix) and that no scenario above covers:
 * the examples of docs/diagnostics.md. */
const examples = [
  {
    name: 'docs: pin-and-auto',
    object: pod({ 'k8s.aliyun.com/eci-imc-id': 'imc-bp1a2b3c4d5e6f7g8h9i', 'k8s.aliyun.com/eci-auto-imc': 'true' }),
    fixes: ['pin-and-auto'],
  },
  {
    name: 'docs: match-count-ignored',
    object: pod({ 'k8s.aliyun.com/eci-auto-imc': 'true', 'k8s.aliyun.com/imc-perfect-match': 'true', 'k8s.aliyun.com/imc-match-count-request': '1' }),
    fixes: ['match-count-ignored'],
  },
  {
    // images.yaml's pulls, with `off` for a boolean: Always replaced, a missing policy added.
    name: 'docs: invalid-boolean with off, pull-policy-always as Always and through latest without a policy',
    object: {
      kind: 'Pod',
      metadata: { name: 'pulls', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true', 'k8s.aliyun.com/imc-perfect-match': 'off' } },
      spec: { containers: [{ name: 'a', image: 'nginx:1.25', imagePullPolicy: 'Always' }, { name: 'b', image: 'busybox' }] },
    },
    caches: [{ metadata: { name: 'web' }, spec: { images: ['nginx:1.25', 'busybox:latest'] }, status: { imageCacheId: 'imc-w1', phase: 'Ready' } }],
    fixes: ['invalid-boolean', 'pull-policy-always'],
  },
  {
    name: 'docs: misplaced-annotations on a CronJob whose pod template has annotations already',
    object: {
      apiVersion: 'batch/v1', kind: 'CronJob',
      metadata: { name: 'nightly', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true', team: 'web' } },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: { metadata: { annotations: { owner: 'me' } }, spec: { containers: [{ name: 'n', image: 'nginx:1.7.9', imagePullPolicy: 'IfNotPresent' }] } } } },
      },
    },
    fixes: ['misplaced-annotations'],
  },
  {
    name: 'docs: misplaced-annotations on a Deployment whose template has no metadata',
    object: {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
      spec: { template: { spec: { containers: [{ name: 'n', image: 'nginx:1.7.9', imagePullPolicy: 'IfNotPresent' }] } } },
    },
    fixes: ['misplaced-annotations'],
  },
].map((example) => ({ caches: CACHES, settings: {}, now: NOW, ...example }));

/** A block YAML text of an object with a comment on every line that holds a scalar, and
 * comments before and after it. */
function blockYaml(object) {
  const lines = stringify(object, { lineWidth: 0 }).trimEnd().split('\n');
  let n = 0;
  const commented = lines.map((line) => (/:\s*$|^\s*-\s*$/.test(line) ? line : `${line}   # c${(n += 1)}`));
  return `# The workload, as I wrote it.\n${commented.join('\n')}\n# The end.\n`;
}

const LAYOUTS = {
  'block YAML with comments': (object) => ({ text: blockYaml(object), selected: 0 }),
  'flow YAML': (object) => ({ text: `# flow\n${stringify(object, { collectionStyle: 'flow', lineWidth: 0 })}`, selected: 0 }),
  JSON: (object) => ({ text: `${JSON.stringify(object, null, 2)}\n`, selected: 0 }),
  'JSON on one line': (object) => ({ text: `${JSON.stringify(object)}\n`, selected: 0 }),
  'the second document of a stream': (object) => ({
    text: `# first\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n---\n${blockYaml(object)}---\n# last\nkind: Service\n`,
    selected: 1,
  }),
  'an item of a List': (object) => ({
    text: `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1   # a ConfigMap first\n  kind: ConfigMap\n  metadata: {name: s}\n${stringify([object], { lineWidth: 0 })}`,
    selected: 1,
  }),
};

/** Applies the first fix the list offers, as text edits (never printing the document anew);
 * returns the new text and the diagnostic fixed. */
function applyFirstFix(text, result) {
  const item = result.items.find((candidate) => candidate.fix);
  const diagnostic = result.report.diagnostics.find((candidate) => candidate.code === item.code && candidate.message === item.message);
  const outcome = workloadFix(text, result.selected, item.fix.patch);
  assert.ok(outcome.ok, `${item.code}: ${outcome.error}`);
  assert.equal(outcome.reprinted, false, `${item.code}: the document was printed anew`);
  const after = applyChanges(text, outcome.changes);
  // The text reads as the object the patch makes.
  const entryBefore = parseWorkload(text).entries[result.selected];
  const entryAfter = parseWorkload(after).entries[result.selected];
  assert.deepEqual(entryAfter.object, applyJsonPatch(entryBefore.object, item.fix.patch), `${item.code}: the text reads as the patched object`);
  return { after, item, diagnostic };
}

describe('every fix the core offers, applied as text edits, removes its diagnostic', () => {
  const offered = new Set();
  for (const testCase of [...scenarios, ...examples]) {
    for (const [layout, make] of Object.entries(LAYOUTS)) {
      test(`${testCase.name}, as ${layout}`, () => {
        const analyze = analyzer();
        const request = (workload, selected) => ({
          workload, caches: stringify(testCase.caches), settings: { ...defaultSettings(), ...testCase.settings }, now: testCase.now, selected,
        });
        const { text, selected } = make(testCase.object);
        let current = text;
        let result = analyze(request(current, selected));
        assert.equal(result.problem, null, result.problem?.message);
        assert.equal(result.selected, selected);
        const codes = result.items.filter((item) => item.fix).map((item) => item.code);
        for (const code of testCase.fixes) assert.ok(codes.includes(code), `${code} carries a fix: ${codes}`);
        for (let round = 0; round < 10; round += 1) {
          if (!result.items.some((item) => item.fix)) break;
          const before = current;
          const { after, item, diagnostic } = applyFirstFix(current, result);
          offered.add(item.code);
          current = after;
          result = analyze(request(current, selected));
          assert.equal(result.problem, null, result.problem?.message);
          assert.ok(!result.report.diagnostics.some((other) => other.code === diagnostic.code && other.path === diagnostic.path),
            `${item.code} at ${diagnostic.path} is gone after its fix:\n${current}`);
          // Comments are kept, but those on the lines a removal deleted.
          const removals = item.fix.patch.filter((operation) => operation.op === 'remove').length;
          const kept = comments(current);
          const lost = comments(before).filter((comment) => !kept.includes(comment));
          assert.ok(lost.length <= removals, `comments lost: ${lost}`);
          const lines = new Set(current.split('\n'));
          for (const line of before.split('\n').filter((candidate) => /^\s*#/.test(candidate))) assert.ok(lines.has(line), `${line} is kept`);
        }
        for (const code of testCase.fixes) assert.ok(!result.items.some((item) => item.code === code), `${code} is gone:\n${current}`);
      });
    }
  }
  test('the cases cover every code that carries a fix (Code::automatic_fix)', () => {
    const source = readFileSync(join(ROOT, 'src', 'core', 'diagnostic.rs'), 'utf8');
    const body = source.slice(source.indexOf('pub fn automatic_fix'), source.indexOf('pub struct Entry'));
    const variants = [...body.matchAll(/Code::(\w+)/g)].map((match) => match[1]);
    const kebab = (name) => name.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`);
    const wanted = [...new Set(variants.map(kebab))].sort();
    assert.ok(wanted.length >= 14, wanted.join(', '));
    const covered = new Set([...scenarios, ...examples].flatMap((testCase) => testCase.fixes));
    assert.deepEqual(wanted.filter((code) => !covered.has(code)), []);
  });
});

// ---- the layouts, one by one ----

/** The text after the fix, for the one object of a text (or the `selected`-th). */
function fixed(text, patch, selected = 0) {
  const outcome = workloadFix(text, selected, patch);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return { text: applyChanges(text, outcome.changes), ...outcome };
}

const AUTO = '/metadata/annotations/k8s.aliyun.com~1eci-auto-imc';
const PIN = '/metadata/annotations/k8s.aliyun.com~1eci-imc-id';
const POD = `# my pod
apiVersion: v1
kind: Pod
metadata:
  name: web   # the name
  annotations:
    k8s.aliyun.com/eci-imc-id: imc-abcd   # pinned by hand
    k8s.aliyun.com/eci-auto-imc: yes
spec:
  containers:
  - name: a
    image: nginx:latest
`;

describe('text edits', () => {
  test('a replaced value keeps its line and comment; a string YAML would read otherwise is quoted', () => {
    const pin = fixed(POD, [{ op: 'replace', path: PIN, value: 'imc-abc1' }]);
    assert.equal(pin.text, POD.replace('imc-abcd', 'imc-abc1'));
    assert.deepEqual(pin.changes, [{ from: POD.indexOf('imc-abcd'), to: POD.indexOf('imc-abcd') + 8, insert: 'imc-abc1' }]);
    assert.equal(fixed(POD, [{ op: 'replace', path: AUTO, value: 'true' }]).text, POD.replace('auto-imc: yes', 'auto-imc: "true"'));
    // Plain when YAML 1.2 and 1.1 both read it as that string; the old quotes when it had some.
    assert.equal(fixed(POD, [{ op: 'replace', path: AUTO, value: '50Gi' }]).text, POD.replace('auto-imc: yes', 'auto-imc: 50Gi'));
    assert.equal(fixed(POD, [{ op: 'replace', path: AUTO, value: 'no' }]).text, POD.replace('auto-imc: yes', 'auto-imc: "no"'));
    assert.equal(fixed(POD, [{ op: 'replace', path: AUTO, value: '20' }]).text, POD.replace('auto-imc: yes', 'auto-imc: "20"'));
    const single = POD.replace('auto-imc: yes', "auto-imc: 'yes'");
    assert.equal(fixed(single, [{ op: 'replace', path: AUTO, value: 'true' }]).text, POD.replace('auto-imc: yes', "auto-imc: 'true'"));
  });

  test('a removed pair loses its whole line; the last key of a map leaves {}', () => {
    assert.equal(fixed(POD, [{ op: 'remove', path: AUTO }]).text, POD.replace('    k8s.aliyun.com/eci-auto-imc: yes\n', ''));
    assert.equal(fixed(POD, [{ op: 'remove', path: PIN }]).text, POD.replace('    k8s.aliyun.com/eci-imc-id: imc-abcd   # pinned by hand\n', ''));
    const both = fixed(POD, [{ op: 'remove', path: PIN }, { op: 'remove', path: AUTO }]);
    assert.equal(both.text, POD.replace(/ {2}annotations:\n.*\n.*\n/, '  annotations: {}\n'));
    // The last line of a text without a line break at its end.
    const bare = 'kind: Pod\nmetadata:\n  annotations:\n    a: b\n    c: d';
    assert.equal(fixed(bare, [{ op: 'remove', path: '/metadata/annotations/c' }]).text, 'kind: Pod\nmetadata:\n  annotations:\n    a: b');
  });

  test('an added pair gets a line at its map\'s indentation, nested keys when its parent is missing', () => {
    assert.equal(fixed(POD, [{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' }]).text, `${POD}    imagePullPolicy: IfNotPresent\n`);
    const deployment = `kind: Deployment
metadata:
    name: web
    annotations:
        k8s.aliyun.com/eci-auto-imc: "true" # on
spec:
    template:
        spec:
            containers:
              - image: nginx
`;
    const moved = fixed(deployment, [
      { op: 'remove', path: AUTO },
      { op: 'add', path: '/spec/template/metadata', value: { annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } } },
    ]);
    assert.equal(moved.reprinted, false);
    assert.equal(moved.text, `kind: Deployment
metadata:
    name: web
    annotations: {}
spec:
    template:
        spec:
            containers:
              - image: nginx
        metadata:
            annotations:
                k8s.aliyun.com/eci-auto-imc: "true"
`);
  });

  test('a rename rewrites the key where it stands, with its comment', () => {
    const text = 'kind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-image-cahce: "true"   # turn it on\n    b: c\n';
    const renamed = fixed(text, [
      { op: 'remove', path: '/metadata/annotations/k8s.aliyun.com~1eci-image-cahce' },
      { op: 'add', path: '/metadata/annotations/k8s.aliyun.com~1eci-image-cache', value: 'true' },
    ]);
    assert.equal(renamed.text, text.replace('cahce', 'cache'));
    assert.equal(renamed.changes.length, 1);
  });

  test('flow mappings: commas and braces stay right', () => {
    const text = 'kind: Pod\nmetadata: { name: x, annotations: { a: "1", k8s.aliyun.com/eci-auto-imc: yes, c: "3" } }\nspec: { containers: [ { image: nginx } ] }\n';
    assert.equal(fixed(text, [{ op: 'remove', path: '/metadata/annotations/a' }]).text, text.replace('a: "1", ', ''));
    assert.equal(fixed(text, [{ op: 'remove', path: AUTO }]).text, text.replace('k8s.aliyun.com/eci-auto-imc: yes, ', ''));
    assert.equal(fixed(text, [{ op: 'remove', path: '/metadata/annotations/c' }]).text, text.replace(', c: "3"', ''));
    assert.equal(fixed(text, [{ op: 'replace', path: AUTO, value: 'true' }]).text, text.replace('auto-imc: yes', 'auto-imc: "true"'));
    assert.equal(fixed(text, [{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' }]).text,
      text.replace('image: nginx', 'image: nginx, imagePullPolicy: IfNotPresent'));
    const only = 'metadata: {annotations: {a: b}}\n';
    assert.equal(fixed(only, [{ op: 'remove', path: '/metadata/annotations/a' }]).text, 'metadata: {annotations: {}}\n');
    assert.equal(fixed('metadata: {annotations: {}}\n', [{ op: 'add', path: '/metadata/annotations/k', value: 'true' }]).text, 'metadata: {annotations: {k: "true"}}\n');
  });

  test('JSON stays JSON: quotes, commas, the layout of its lines', () => {
    const object = { kind: 'Pod', metadata: { name: 'x', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'yes', b: 'c' } }, spec: { containers: [{ image: 'nginx' }] } };
    const text = `${JSON.stringify(object, null, 2)}\n`;
    const same = (patch) => {
      const after = fixed(text, patch);
      assert.equal(after.reprinted, false);
      assert.equal(after.text, `${JSON.stringify(applyJsonPatch(object, patch), null, 2)}\n`);
    };
    same([{ op: 'replace', path: AUTO, value: 'true' }]);
    same([{ op: 'remove', path: AUTO }]);
    same([{ op: 'remove', path: '/metadata/annotations/b' }]);
    same([{ op: 'remove', path: AUTO }, { op: 'remove', path: '/metadata/annotations/b' }]);
    same([{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' }]);
    same([{ op: 'add', path: '/spec/metadata', value: { annotations: { a: 'true' } } }]);
    const line = JSON.stringify(object);
    const flat = fixed(line, [{ op: 'add', path: '/metadata/annotations/d', value: 'true' }, { op: 'remove', path: '/metadata/annotations/b' }]);
    assert.deepEqual(JSON.parse(flat.text), applyJsonPatch(object, [{ op: 'add', path: '/metadata/annotations/d', value: 'true' }, { op: 'remove', path: '/metadata/annotations/b' }]));
  });

  test('documents of a stream and items of a List: only the object meant changes', () => {
    const stream = `# one\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: yes\n---\n# two\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: yes   # here\n`;
    const second = fixed(stream, [{ op: 'replace', path: AUTO, value: 'true' }], 1);
    assert.equal(second.text, stream.replace('yes   # here', '"true"   # here'));
    const list = 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    annotations:\n      k8s.aliyun.com/eci-auto-imc: yes\n- kind: Pod   # the second\n  metadata:\n    annotations:\n      k8s.aliyun.com/eci-auto-imc: yes\n      other: x\n';
    const item = fixed(list, [{ op: 'remove', path: AUTO }], 1);
    assert.equal(item.text, list.replace('      k8s.aliyun.com/eci-auto-imc: yes\n      other', '      other'));
  });

  test('what text edits cannot do safely is printed anew, that document only, and still right', () => {
    // The value is an anchor another key repeats: editing it in place would change both.
    const text = '# first\nkind: ConfigMap\n---\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-auto-imc: &on yes\n    copy: *on\n';
    const outcome = fixed(text, [{ op: 'replace', path: AUTO, value: 'true' }], 1);
    assert.equal(outcome.reprinted, true);
    assert.ok(outcome.text.startsWith('# first\nkind: ConfigMap\n---\n'), outcome.text);
    assert.deepEqual(parseWorkload(outcome.text).entries[1].object.metadata.annotations, { 'k8s.aliyun.com/eci-auto-imc': 'true', copy: 'yes' });
  });

  test('a fix that no longer fits the text is refused, with the reason', () => {
    const stale = workloadFix(POD, 0, [{ op: 'remove', path: '/metadata/annotations/gone' }]);
    assert.equal(stale.ok, false);
    assert.match(stale.error, /no longer fits the text: nothing at \/metadata\/annotations\/gone/);
    assert.equal(workloadFix(POD, 3, [{ op: 'remove', path: AUTO }]).ok, false);
    assert.match(workloadFix(POD, 0, [{ op: 'replace', path: PIN, value: 'imc-abcd' }]).error, /already says/);
    assert.equal(workloadFix('kind: [', 0, [{ op: 'remove', path: AUTO }]).ok, false);
    const entry = parseWorkload(POD).entries[0];
    assert.match(fixEdits(`${POD}# typed since\n`.replace('kind', 'kinds'), entry, [{ op: 'remove', path: AUTO }]).error, /changed/);
  });

  test('the patched text parses as one document with no new YAML problem', () => {
    const outcome = fixed(POD, [{ op: 'add', path: '/metadata/annotations/k8s.aliyun.com~1eci-extra-ephemeral-storage', value: '20Gi' }]);
    const docs = parseAllDocuments(outcome.text);
    assert.equal(docs.length, 1);
    assert.deepEqual([...docs[0].errors, ...docs[0].warnings], []);
    assert.match(outcome.text, /\n {4}k8s\.aliyun\.com\/eci-extra-ephemeral-storage: 20Gi\nspec:/);
  });
});

// ---- the catalogue the codes link to ----

describe('the catalogue page', () => {
  const markdown = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
  const html = diagnosticsPage(markdown);
  const documented = [...markdown.matchAll(/^## `([^`]+)`$/gm)].map((match) => match[1]);

  test('every code of docs/diagnostics.md has its heading, with the code as id', () => {
    assert.ok(documented.length >= 30);
    for (const code of documented) assert.ok(html.includes(`<h2 id="${code}"><code>${code}</code></h2>`), code);
    assert.equal((html.match(/<h2 /g) ?? []).length, documented.length);
  });

  test('its text is escaped and its examples are code blocks', () => {
    assert.ok(html.includes('<pre><code class="language-yaml">kind: Service</code></pre>'));
    assert.ok(html.includes('<strong>Automatic fix</strong>'));
    assert.ok(!/<script/i.test(html));
    const hostile = diagnosticsPage('# T\n\n## `<b>`\n\nx <img src=x> `<i>`\n');
    assert.ok(hostile.includes('<h2 id="b"><code>&lt;b&gt;</code></h2>'));
    assert.ok(hostile.includes('<p>x &lt;img src=x&gt; <code>&lt;i&gt;</code></p>'));
  });

  test('the codes the page links are the ones documented', () => {
    const analyze = analyzer();
    const result = analyze({
      workload: blockYaml(pod({ 'k8s.aliyun.com/eci-auto-imc': 'true', 'k8s.aliyun.com/eci-image-cahce': 'true' }, { name: 'n', image: 'nginx:1.7.9', imagePullPolicy: 'Always' })),
      caches: stringify(CACHES), settings: defaultSettings(), now: NOW, selected: 0,
    });
    const linked = result.items.filter((item) => item.documented);
    assert.ok(linked.length >= 2, linked.map((item) => item.code).join());
    for (const item of linked) {
      assert.ok(documented.includes(item.code), item.code);
      assert.equal(codeLink(item.code), `./diagnostics.html#${item.code}`);
    }
    const yamlProblem = analyze({ workload: 'kind: [', caches: '', settings: defaultSettings(), now: NOW, selected: 0 });
    assert.ok(yamlProblem.items.length > 0 && yamlProblem.items.every((item) => !item.documented), 'the page\'s own codes link nowhere');
  });
});

describe('a mistyped kind in a stream', () => {
  test('is listed, shown and fixed as the workload it was meant to be; a Service stays "not a workload"', () => {
    const analyze = analyzer();
    const stream = 'kind: Service\nmetadata: {name: s}\n---\n# the web tier\napiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: web}\n'
      + 'spec:\n  template:\n    spec:\n      containers:\n      - {name: n, image: nginx:1.7.9}\n';
    const request = (workload, selected) => ({ workload, caches: stringify(CACHES), settings: defaultSettings(), now: NOW, selected });
    const result = analyze(request(stream, 1));
    assert.deepEqual(result.documents.map((doc) => [doc.kind, doc.evaluated]), [['Service', false], ['Deploymnet', true]]);
    assert.equal(result.selected, 1);
    const item = result.items.find((candidate) => candidate.code === 'unsupported-kind');
    assert.ok(item?.fix, 'the kind carries its fix');
    const outcome = workloadFix(stream, result.selected, item.fix.patch);
    assert.ok(outcome.ok, outcome.error);
    const fixed = applyChanges(stream, outcome.changes);
    assert.ok(fixed.includes('# the web tier\napiVersion: apps/v1\nkind: Deployment\n'), fixed);
    const after = analyze(request(fixed, 1));
    assert.deepEqual(after.documents.map((doc) => [doc.kind, doc.evaluated]), [['Service', false], ['Deployment', true]]);
    assert.ok(!after.items.some((candidate) => candidate.code === 'unsupported-kind'));
  });
});
