// End-to-end tests of the playground's second generation (issue 12), one or more per defect
// the issue measured: work kept over a reload, the address bar, the example menu, JSON
// diffs, the layout on a laptop and a phone, stale results, YAML hints, the share link's
// time, multi-document pastes, copy and download, files, Fix buttons and the codes' links to
// their documentation, the worker; completion and hover help. Run: make playground-test

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import vocabulary from 'eci-image-cache/vocabulary.json' with { type: 'json' };
import { decodeState } from '../src/share.js';
import { WWW, decision, generation, openPage, setEditor, waitForResult } from './browser.mjs';

const example = (file) => readFile(join(WWW, 'examples', file), 'utf8');
const POD = await example('pod-auto-match.yaml');
const CACHES = await example('imagecaches.yaml');
/** The caches of the core's scenarios: imc-2ze5tm5gehgtiiga0001 is nginx-cache's id. */
const SCENARIO_CACHES = await readFile(join(WWW, '..', 'tests', 'fixtures', 'manifests', 'imagecaches.yaml'), 'utf8');

let browser;
let page;
before(async () => ({ browser, page } = await openPage()));
after(() => browser?.close());

/** Chooses an example from the menu, as a user does, and waits for its result. */
async function chooseExample(target, id) {
  const before = await generation(target);
  await target.selectOption('#example', id);
  await waitForResult(target, before);
}

/** Reloads the page and waits for its first result. */
async function reload(target) {
  await target.evaluate(() => window.eciPlayground.flush());
  await target.reload();
  await waitForResult(target);
}

const getText = (target, name) => target.evaluate((editor) => window.eciPlayground.getText(editor), name);

describe('never lose work', () => {
  test('a reload brings back both editors and the settings', async () => {
    await chooseExample(page, 'pod-auto');
    const mine = POD.replace('name: nginx-auto-match', 'name: my-own-pod # typed by hand');
    await setEditor(page, 'workload', mine);
    await setEditor(page, 'caches', CACHES.replace('imageCacheSize: 25', 'imageCacheSize: 24'));
    await page.click('#settings-summary');
    const before = await generation(page);
    await page.check('#setting-autoMatchByDefault');
    await waitForResult(page, before);
    await page.waitForFunction(() => document.getElementById('save-status').textContent.includes('saved'));
    await page.reload();
    await waitForResult(page);
    assert.equal(await getText(page, 'workload'), mine);
    assert.match(await getText(page, 'caches'), /imageCacheSize: 24/);
    assert.equal(await page.isChecked('#setting-autoMatchByDefault'), true);
    assert.match(await page.textContent('#page-status'), /Restored your input/);
    await page.click('#settings-summary');
    await page.uncheck('#setting-autoMatchByDefault');
    await page.click('#settings-summary');
  });

  test('after a share link, an edit clears the address bar, and a reload keeps the edit', async () => {
    await page.click('#share');
    await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
    assert.match(await page.evaluate(() => location.hash), /^#s=/);
    const edited = POD.replace('name: nginx-auto-match', 'name: after-the-link');
    await setEditor(page, 'workload', edited);
    assert.equal(await page.evaluate(() => location.hash), '', 'the address bar no longer carries the old link');
    await reload(page);
    assert.equal(await getText(page, 'workload'), edited);
  });

  test('the example menu says "Your own input" after an edit, and an example over it can be undone', async () => {
    await chooseExample(page, 'pod-auto');
    assert.equal(await page.inputValue('#example'), 'pod-auto');
    const mine = POD.replace('nginx:1.7.9', 'nginx:1.25');
    await setEditor(page, 'workload', mine);
    assert.equal(await page.inputValue('#example'), '');
    assert.equal(await page.$eval('#example', (select) => select.selectedOptions[0].textContent), 'Your own input');
    await chooseExample(page, 'masked-pin');
    assert.match(await page.textContent('#page-status-text'), /in place of your input/);
    assert.ok(await page.isVisible('#page-undo'));
    const before = await generation(page);
    await page.click('#page-undo');
    await waitForResult(page, before);
    assert.equal(await getText(page, 'workload'), mine);
    assert.equal(await page.inputValue('#example'), '');
  });

  test('switching between untouched examples does not offer an undo', async () => {
    await chooseExample(page, 'pod-auto');
    await chooseExample(page, 'pod-pinned');
    assert.equal(await page.isVisible('#page-undo'), false);
  });
});

describe('results', () => {
  test('a Pod pasted as JSON is diffed as JSON, line by line, without cutting lines off', async () => {
    await chooseExample(page, 'pod-auto');
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'json-pod', annotations: { 'k8s.aliyun.com/eci-image-cache': 'true' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.7.9', imagePullPolicy: 'IfNotPresent' }] } };
    await setEditor(page, 'workload', JSON.stringify(object));
    assert.equal((await decision(page)).outcome, 'matched');
    const lines = await page.$$eval('#diff .line', (spans) => spans.map((span) => ({ type: span.className, text: span.textContent })));
    assert.ok(lines.length > 10, JSON.stringify(lines));
    assert.ok(lines.some((line) => line.type.includes('add') && line.text.includes('"k8s.aliyun.com/eci-image-snapshot-id": "imc-bp1a2b3c4d5e6f7g8h9i"')), JSON.stringify(lines));
    // JSON's commas: the line before an added key gains one, and shows as replaced.
    const removed = lines.filter((line) => line.type.includes('del')).map((line) => line.text.slice(2));
    assert.ok(removed.length <= 1, JSON.stringify(removed));
    for (const line of removed) assert.ok(lines.some((other) => other.type.includes("add") && other.text.slice(2).trimEnd() === `${line.trimEnd()},`), line);
    const overflow = await page.$eval('#diff', (pre) => pre.scrollWidth - pre.clientWidth);
    assert.ok(overflow <= 0, `the diff is ${overflow}px wider than its box`);
  });

  test('an empty editor or a YAML error marks the previous result out of date', async () => {
    await chooseExample(page, 'pod-auto');
    assert.equal(await page.isVisible('#stale-note'), false);
    await setEditor(page, 'workload', '');
    assert.match(await page.textContent('#stale-note'), /^Out of date: the workload editor is empty/);
    assert.ok(await page.isVisible('#stale-note'));
    await setEditor(page, 'workload', POD);
    assert.equal(await page.isVisible('#stale-note'), false);
    await setEditor(page, 'workload', POD.replace('kind: Pod', 'kind Pod'));
    assert.match(await page.textContent('#stale-note'), /^Out of date/);
  });

  test('YAML errors come with a hint in plain words', async () => {
    await setEditor(page, 'workload', POD.replace('kind: Pod', 'kind Pod'));
    assert.match(await page.textContent('#decision-hint'), /lacks its colon/);
    await setEditor(page, 'workload', 'spec:\n  containers:\n  - name: a\n    image: x\n  image: y\n  - name: b\n');
    const hints = await page.$$eval('#diagnostics .diag-hint', (spans) => spans.map((span) => span.textContent));
    assert.ok(hints.length > 0 && hints.every((hint) => hint.length > 20), JSON.stringify(hints));
    await setEditor(page, 'workload', POD);
  });

  test('the share link always carries the evaluation time', async () => {
    await chooseExample(page, 'pod-auto');
    await page.click('#share');
    await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
    const link = await page.inputValue('#share-link');
    const state = await decodeState(new URL(link).hash);
    const shownAt = (await page.textContent('#decision .decision-facts')).match(/at (\S+)$/)?.[1];
    assert.match(state.now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(state.now, shownAt);
  });
});

const HELM = `---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  ports: [{port: 80}]
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-image-cache: "true"
    spec:
      containers:
      - name: web
        image: nginx:1.7.9
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data: {a: b}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: shop-migrate
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-imc-id: imc-2ze5tm5gehgtiiga0001
    spec:
      containers:
      - name: migrate
        image: nginx:1.7.9
`;

describe('whole outputs', () => {
  test('a Helm-style paste lists every object with each workload\'s decision, and a click shows that one', async () => {
    await chooseExample(page, 'pod-auto');
    await setEditor(page, 'workload', HELM);
    const listed = await page.$$eval('#documents li', (items) => items.map((item) => ({ outcome: item.dataset.outcome, text: item.textContent })));
    assert.deepEqual(listed.map((item) => item.outcome), ['skipped', 'matched', 'skipped', 'pinned']);
    assert.match(listed[1].text, /Deployment shop-web/);
    assert.match(listed[3].text, /Job shop-migrate/);
    assert.match(await page.textContent('#documents-count'), /2 evaluated of 4/);
    assert.match((await decision(page)).summary, /web-stack/);
    const before = await generation(page);
    await page.click('#documents li[data-index="3"] button');
    await waitForResult(page, before);
    const shown = await decision(page);
    assert.equal(shown.outcome, 'pinned');
    assert.match(await page.textContent('#decision'), /Job default\/shop-migrate/);
    const diff = await page.textContent('#diff');
    assert.match(diff, /name: shop-migrate/, 'the manifest shown is the Job\'s');
    assert.doesNotMatch(diff, /shop-web/);
    assert.equal(await page.getAttribute('#documents li[data-index="3"] button', 'aria-current'), 'true');
  });

  test('a List in the workload editor counts each item', async () => {
    await setEditor(page, 'workload', 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a, annotations: {k8s.aliyun.com/eci-image-cache: "true"}}\n  spec: {containers: [{name: a, image: "nginx:1.7.9"}]}\n- kind: Pod\n  metadata: {name: b}\n  spec: {containers: [{name: b, image: "redis:7"}]}\n');
    assert.deepEqual(await page.$$eval('#documents li', (items) => items.map((item) => item.dataset.outcome)), ['matched', 'none']);
  });
});

describe('copy, download, files', () => {
  const downloaded = async (what) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${what}:download"]`)]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  };

  test('download gives the mutated manifest, the JSON Patch and the report as JSON and Markdown', async () => {
    await chooseExample(page, 'pod-auto');
    await page.click('.patch summary');
    const manifest = await downloaded('manifest');
    assert.equal(manifest.name, 'pod-nginx-auto-match.mutated.yaml');
    assert.match(manifest.text, /k8s\.aliyun\.com\/eci-image-snapshot-id: imc-bp1a2b3c4d5e6f7g8h9i/);
    const patch = await downloaded('patch');
    assert.equal(patch.name, 'pod-nginx-auto-match.patch.json');
    assert.ok(JSON.parse(patch.text).some((op) => op.op === 'add'));
    const json = await downloaded('json');
    assert.equal(JSON.parse(json.text).decision.outcome, 'matched');
    const markdown = await downloaded('markdown');
    assert.equal(markdown.name, 'pod-nginx-auto-match.report.md');
    assert.match(markdown.text, /^### eci-image-cache: Matched\n/);
    assert.match(markdown.text, /\| 1 \| web-stack \| imc-bp1a2b3c4d5e6f7g8h9i \|/);
    await page.click('[data-export="markdown:copy"]');
    await page.waitForFunction(() => document.getElementById('export-status').textContent.startsWith('Copied'));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown.text);
  });

  test('a file opened or dropped onto an editor replaces its text', async () => {
    const pinned = await example('pod-pinned.yaml');
    let before = await generation(page);
    await page.setInputFiles('#workload-file', { name: 'pod.yaml', mimeType: 'application/yaml', buffer: Buffer.from(pinned) });
    await waitForResult(page, before);
    assert.equal(await getText(page, 'workload'), pinned);
    assert.equal((await decision(page)).outcome, 'pinned');
    before = await generation(page);
    await page.evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'caches.yaml', { type: 'application/yaml' }));
      const target = document.querySelector('#caches-editor .cm-content');
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, CACHES.replace('imageCacheSize: 20', 'imageCacheSize: 21'));
    await waitForResult(page, before);
    assert.match(await getText(page, 'caches'), /imageCacheSize: 21/);
    assert.match(await page.textContent('#page-status-text'), /Opened caches\.yaml in the caches editor/);
  });
});

describe('layout', () => {
  test('at 1440 px the editors are wide and tall, resizable, the menus are not cut off, and the result stays in view beside the settings', async () => {
    await chooseExample(page, 'pod-auto');
    const boxes = await page.evaluate(() => {
      const box = (selector) => document.querySelector(selector).getBoundingClientRect();
      return { workload: box('#workload-editor'), caches: box('#caches-editor'), resize: getComputedStyle(document.getElementById('workload-editor')).resize };
    });
    assert.ok(boxes.workload.width > 650, `${boxes.workload.width}`);
    assert.ok(boxes.workload.height > 420 && boxes.caches.height > 360, JSON.stringify(boxes));
    assert.equal(boxes.resize, 'vertical');
    await page.click('#settings-summary');
    const cut = await page.evaluate(() => [...document.querySelectorAll('select')].filter((select) => ['example', 'setting-pinAnnotation', 'setting-onLookupFailure'].includes(select.id)).map((select) => {
      const context = document.createElement('canvas').getContext('2d');
      const style = getComputedStyle(select);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const widest = Math.max(...[...select.options].map((option) => context.measureText(option.textContent).width));
      return { id: select.id, room: select.clientWidth - widest, right: select.getBoundingClientRect().right };
    }));
    for (const select of cut) {
      assert.ok(select.room > 20, `${select.id} is too narrow for its longest choice: ${JSON.stringify(select)}`);
      assert.ok(select.right <= 1440, `${select.id} ends off screen`);
    }
    await page.evaluate(() => document.getElementById('setting-rejectUnusablePin').scrollIntoView({ block: 'end' }));
    const decisionBox = await page.$eval('#decision', (section) => section.getBoundingClientRect().toJSON());
    assert.ok(decisionBox.top >= 0 && decisionBox.bottom <= 900, `the decision is in view: ${JSON.stringify(decisionBox)}`);
    await page.click('#settings-summary');
    await page.evaluate(() => scrollTo(0, 0));
  });

  test('wrap, theme and wide editors switch, and are kept over a reload', async () => {
    await page.check('#wrap');
    assert.ok(await page.$('#workload-editor .cm-lineWrapping'));
    await page.selectOption('#theme', 'dark');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(17, 20, 24)');
    await page.check('#wide');
    await reload(page);
    assert.equal(await page.inputValue('#theme'), 'dark');
    assert.equal(await page.isChecked('#wrap'), true);
    const boxes = await page.evaluate(() => ['workload-editor', 'caches-editor'].map((id) => document.getElementById(id).closest('.editor-block').getBoundingClientRect().toJSON()));
    assert.ok(Math.abs(boxes[0].top - boxes[1].top) < 2 && boxes[1].left > boxes[0].right, 'the editors sit side by side');
    await page.selectOption('#theme', 'system');
    await page.uncheck('#wrap');
    await page.uncheck('#wide');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)');
  });

  test('on a phone the decision comes first and the ranking shows the reason without sideways scrolling', async () => {
    const phone = await browser.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(browser.url);
      await waitForResult(phone);
      await chooseExample(phone, 'pod-auto');
      const layout = await phone.evaluate(() => {
        const box = (selector) => document.querySelector(selector).getBoundingClientRect().toJSON();
        const wrap = document.querySelector('.table-wrap');
        return {
          decision: box('#decision'), workload: box('#workload-editor'),
          reasons: [...document.querySelectorAll('#ranking-body .reason')].map((cell) => ({ ...cell.getBoundingClientRect().toJSON(), text: cell.textContent })),
          sideways: wrap.scrollWidth - wrap.clientWidth,
          page: document.documentElement.scrollWidth - innerWidth,
        };
      });
      assert.ok(layout.decision.top < 300, `the decision starts at ${layout.decision.top}px`);
      assert.ok(layout.decision.bottom < layout.workload.top);
      assert.ok(layout.sideways <= 0, `the ranking scrolls ${layout.sideways}px sideways`);
      assert.ok(layout.page <= 0);
      assert.equal(layout.reasons.length, 3);
      for (const reason of layout.reasons) assert.ok(reason.left >= 0 && reason.right <= 390 && reason.width > 200, JSON.stringify(reason));
      assert.match(layout.reasons[1].text, /farther-size/);
    } finally {
      await phone.close();
    }
  });
});

describe('fix buttons and documented codes', () => {
  const TYPO = `# My pod: the pin was copied by hand.
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-imc-id: imc-2ze5tm5gehgtiiga0007   # from the console
    k8s.aliyun.com/imc-perfect-match: yes
spec:
  containers:
  - name: web
    image: nginx:1.7.9
    imagePullPolicy: IfNotPresent
`;
  const fixButton = (code) => page.$(`#diagnostics li[data-code="${code}"] button.diag-fix`);
  const codes = () => page.$$eval('#diagnostics li', (items) => items.map((item) => item.dataset.code));

  test('a Fix button edits only what the fix is about, the diagnostic goes, the decision changes, Ctrl+Z takes it back', async () => {
    await setEditor(page, 'caches', SCENARIO_CACHES);
    await setEditor(page, 'workload', TYPO);
    assert.equal((await decision(page)).outcome, 'rejected');
    const button = await fixButton('pin-not-found');
    assert.ok(button, `a Fix button for the pin: ${await codes()}`);
    assert.equal(await button.textContent(), 'Fix: pin imc-2ze5tm5gehgtiiga0001');
    let before = await generation(page);
    await button.click();
    await waitForResult(page, before);
    const fixed = TYPO.replace('imc-2ze5tm5gehgtiiga0007', 'imc-2ze5tm5gehgtiiga0001');
    assert.equal(await getText(page, 'workload'), fixed, 'the id is replaced; the comments and everything else are as typed');
    assert.ok(!(await codes()).includes('pin-not-found'));
    assert.equal((await decision(page)).outcome, 'pinned');
    assert.match(await page.textContent('#fix-status'), /Applied \u201cpin imc-2ze5tm5gehgtiiga0001\u201d/);

    // The boolean: `yes` becomes a quoted "true" (an annotation's value is a string).
    before = await generation(page);
    await (await fixButton('invalid-boolean')).click();
    await waitForResult(page, before);
    const both = fixed.replace('imc-perfect-match: yes', 'imc-perfect-match: "true"');
    assert.equal(await getText(page, 'workload'), both);
    assert.ok(!(await codes()).includes('invalid-boolean'));

    // Each fix is one undo step of its own, in the editor the fix focused.
    assert.equal(await page.evaluate(() => window.eciPlayground.editors.workload.hasFocus), true);
    before = await generation(page);
    await page.keyboard.press('Control+z');
    await waitForResult(page, before);
    assert.equal(await getText(page, 'workload'), fixed);
    before = await generation(page);
    await page.keyboard.press('Control+z');
    await waitForResult(page, before);
    assert.equal(await getText(page, 'workload'), TYPO);
    assert.ok((await codes()).includes('pin-not-found'));
    assert.equal((await decision(page)).outcome, 'rejected');
  });

  test('a fix that no longer fits the text says so and changes nothing', async () => {
    await setEditor(page, 'workload', TYPO);
    // A click right after an edit the page has not evaluated yet: the fix on screen is for
    // the text before it.
    const edited = await page.evaluate(() => {
      window.eciPlayground.edit('workload', 'name: web\n', 'name: web2\n');
      /** @type {HTMLElement} */ (document.querySelector('#diagnostics li[data-code="pin-not-found"] button.diag-fix')).click();
      return window.eciPlayground.getText('workload');
    });
    await page.waitForFunction(() => document.getElementById('fix-status').dataset.state === 'error');
    assert.match(await page.textContent('#fix-status'), /Could not apply .*changed since it was evaluated.*The editor is unchanged/);
    assert.equal(await getText(page, 'workload'), edited);
    await setEditor(page, 'workload', TYPO);
  });

  test('a diagnostic\'s code links to its entry in the catalogue shipped with the page, in a new tab', async () => {
    await setEditor(page, 'workload', TYPO);
    const link = await page.$('#diagnostics li[data-code="pin-not-found"] a.diag-code');
    assert.ok(link);
    assert.equal(await link.getAttribute('href'), './diagnostics.html#pin-not-found');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /\bnoopener\b/);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    try {
      await tab.waitForLoadState('load');
      assert.equal(new URL(tab.url()).hash, '#pin-not-found');
      assert.equal(await tab.evaluate(() => document.querySelector(':target')?.textContent), 'pin-not-found');
      assert.match(await tab.textContent('#pin-not-found + p'), /No ImageCache has the pinned id/);
    } finally {
      await tab.close();
    }
    // The page's own codes (YAML errors) are not in the catalogue: no link.
    await setEditor(page, 'workload', 'kind: [');
    assert.equal(await page.$('#diagnostics a.diag-code'), null);
    await setEditor(page, 'workload', POD);
    await setEditor(page, 'caches', CACHES);
  });
});

describe('completion and hover help', () => {
  /** Puts the cursor of an editor at the end of the first `search`, focused. */
  const cursorAfter = (name, search) => page.evaluate(([editor, text]) => {
    const view = window.eciPlayground.editors[editor];
    const at = view.state.doc.toString().indexOf(text);
    if (at === -1) throw new Error(`${text} is not in the ${editor} editor`);
    view.dispatch({ selection: { anchor: at + text.length } });
    view.focus();
  }, [name, search]);
  const offered = (name) => page.$$eval(`#${name}-editor .cm-tooltip-autocomplete .cm-completionLabel`, (labels) => labels.map((label) => label.textContent));

  test('typing k8s.aliyun.com/ under annotations offers the annotation names; accepting one inserts it, then its values', async () => {
    await chooseExample(page, 'pod-auto');
    await page.waitForFunction(() => window.eciPlayground.upgraded);
    await cursorAfter('workload', 'k8s.aliyun.com/eci-image-cache: "true"');
    await page.keyboard.press('Enter');
    await page.keyboard.type('k8s.aliyun.com/');
    await page.waitForSelector('#workload-editor .cm-tooltip-autocomplete');
    // Every pod annotation but the one the example writes already.
    const names = vocabulary.annotations.filter((a) => a.on === 'pod' && a.name !== 'k8s.aliyun.com/eci-image-cache').map((a) => a.name);
    assert.deepEqual([...await offered('workload')].sort(), [...names].sort());
    assert.match(await page.textContent('#workload-editor .cm-tooltip-autocomplete'), /older name of eci-imc-id/);
    await page.keyboard.type('perfect');
    await page.waitForFunction(() => document.querySelector('#workload-editor .cm-completionLabel')?.textContent === 'k8s.aliyun.com/imc-perfect-match');
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#workload-editor .cm-completionLabel').length === 2);
    assert.deepEqual(await offered('workload'), ['true', 'false']);
    // CodeMirror takes Enter as a newline for 75 ms after it shows a list (interactionDelay).
    await page.waitForTimeout(150);
    const before = await generation(page);
    await page.keyboard.press('Enter');
    await waitForResult(page, before);
    assert.match(await getText(page, 'workload'), /\n {4}k8s\.aliyun\.com\/eci-image-cache: "true"\n {4}k8s\.aliyun\.com\/imc-perfect-match: "true"\n {2}name: nginx-auto-match/);
    assert.equal((await decision(page)).outcome, 'matched', 'the inserted YAML is read');
  });

  test('a pin offers the ids of the caches editor\'s caches', async () => {
    await cursorAfter('workload', 'k8s.aliyun.com/imc-perfect-match: "true"');
    await page.keyboard.press('Enter');
    await page.keyboard.type('k8s.aliyun.com/eci-imc-id: imc-');
    await page.waitForSelector('#workload-editor .cm-tooltip-autocomplete');
    const ids = [...CACHES.matchAll(/imageCacheId: (imc-\w+)/g)].map((match) => match[1]);
    assert.deepEqual([...await offered('workload')].sort(), [...ids].sort());
    await page.keyboard.press('Escape');
  });

  test('hovering an annotation name, or a field in the caches editor, explains it', async () => {
    const hover = async (name, search) => {
      const box = await page.evaluate(([editor, text]) => {
        const view = window.eciPlayground.editors[editor];
        const at = view.state.doc.toString().indexOf(text) + 3;
        view.dom.scrollIntoView({ block: 'start' });
        const coords = view.coordsAtPos(at);
        return coords && { x: coords.left + 1, y: (coords.top + coords.bottom) / 2 };
      }, [name, search]);
      assert.ok(box, `${search} is on screen`);
      await page.mouse.move(box.x, box.y);
      await page.waitForSelector(`#${name}-editor .cm-help`);
      const text = await page.textContent(`#${name}-editor .cm-help`);
      await page.mouse.move(0, 0);
      await page.waitForSelector(`#${name}-editor .cm-help`, { state: 'detached' });
      return text;
    };
    const pin = vocabulary.annotations.find((a) => a.name === 'k8s.aliyun.com/imc-perfect-match');
    assert.ok((await hover('workload', 'k8s.aliyun.com/imc-perfect-match')).includes(pin.description));
    const size = vocabulary.imageCacheFields.find((f) => f.path === 'spec.imageCacheSize');
    assert.ok((await hover('caches', 'imageCacheSize')).includes(size.description));
  });

  test('the tooltip of a diagnostic\'s mark adds its code\'s fix from the catalogue', async () => {
    await setEditor(page, 'workload', POD.replace('k8s.aliyun.com/eci-image-cache: "true"', 'k8s.aliyun.com/eci-image-cache: "yes"'));
    const box = await page.evaluate(() => {
      const view = window.eciPlayground.editors.workload;
      view.dom.scrollIntoView({ block: 'start' });
      const coords = view.coordsAtPos(view.state.doc.toString().indexOf('"yes"') + 2);
      return { x: coords.left, y: (coords.top + coords.bottom) / 2 };
    });
    await page.mouse.move(box.x, box.y);
    await page.waitForSelector('#workload-editor .cm-tooltip-lint .cm-help-fix');
    const fix = vocabulary.codes.find((entry) => entry.code === 'invalid-boolean').fix;
    assert.equal(await page.textContent('#workload-editor .cm-tooltip-lint .cm-help-fix'), `Fix: ${fix}`);
    assert.match(await page.textContent('#workload-editor .cm-tooltip-lint'), /is not a boolean.*\(invalid-boolean\)/);
    await page.mouse.move(0, 0);
    await setEditor(page, 'workload', POD);
  });
});

describe('speed', () => {
  test('evaluation runs in a worker: keystrokes made while 300 caches are evaluated return at once', async () => {
    const { makeCaches } = await import('../scripts/fixtures.mjs');
    await chooseExample(page, 'pod-auto');
    await setEditor(page, 'caches', makeCaches(300));
    const before = await generation(page);
    const keystrokes = await page.evaluate(async () => {
      const hooks = window.eciPlayground;
      const took = [];
      // A caches edit (the worker re-reads the caches), then keystrokes while it works.
      hooks.edit('caches', 'name: cache-000', 'name: cache-00x');
      await new Promise((resolve) => setTimeout(resolve, hooks.debounceMs + 5));
      for (const name of ['nginx-auto-matcH', 'nginx-auto-matcHH', 'nginx-auto-matcHHH']) {
        const at = performance.now();
        hooks.edit('workload', hooks.getText('workload').match(/name: (nginx-auto-matc\w*)/)[1], name);
        took.push(performance.now() - at);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return took;
    });
    await page.waitForFunction((previous) => window.eciPlayground.generation > previous + 1
      && document.getElementById('decision').textContent.includes('nginx-auto-matcHHH'), before);
    // The budget for an update; on this shared 2-core machine a keystroke alone takes 5-40 ms.
    assert.ok(Math.max(...keystrokes) < 100, `keystrokes took ${keystrokes.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    const run = await page.evaluate(() => window.eciPlayground.runs.at(-1));
    assert.equal(run.caches, 300, 'every cache ranked');
    assert.ok(run.workerMs > 0);
    await setEditor(page, 'caches', CACHES);
  });

  test('nothing tried to leave 127.0.0.1 and no console error was logged', () => {
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});
