// End-to-end tests of the built playground in Debian's Chromium (playwright-core, no
// browser download). Each test asserts what a user sees on the page. Run: make playground-test

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WWW, decision, generation, markedLines, openBrowser, setEditor, waitForResult } from './browser.mjs';

const ROOT = join(WWW, '..');
const SCREENSHOTS = join(ROOT, 'target', 'playground');
const EXAMPLES = JSON.parse(await readFile(join(WWW, 'examples', 'index.json'), 'utf8'));
const example = (file) => readFile(join(WWW, 'examples', file), 'utf8');
const PACKAGE_VERSION = JSON.parse(await readFile(join(ROOT, 'pkg', 'package.json'), 'utf8')).version;

/** What each example must show: the outcome, and the cache (name or id) the sentence names. */
const EXPECTED = {
  'pod-auto': { outcome: 'matched', mentions: ['web-stack', 'imc-bp1a2b3c4d5e6f7g8h9i', '1 of 1 image'] },
  'pod-pinned': { outcome: 'pinned', mentions: ['nginx-cache', 'imc-2ze5tm5gehgtiiga0001'] },
  'deployment-auto': { outcome: 'matched', mentions: ['web-stack', 'imc-bp1a2b3c4d5e6f7g8h9i'] },
  'deployment-pinned': { outcome: 'pinned', mentions: ['nginx-cache', 'imc-2ze5tm5gehgtiiga0001'] },
  'pin-building': { outcome: 'rejected', mentions: ['imc-bp1zzzyyyxxxwww00001', 'not yet complete'] },
  'masked-pin': { outcome: 'rejected', mentions: ['imc-2ze5tm5gehgtiiga****', 'copied from documentation'] },
  'perfect-vs-count': { outcome: 'will-create', mentions: ['creates one', '2 image'] },
  'vpc-endpoint': { outcome: 'matched', mentions: ['acr', 'imc-acr1', '2 of 2 images'] },
  'deployment-top-level-annotations': { outcome: 'none', mentions: ['no image cache'] },
  'extra-storage': { outcome: 'matched', mentions: ['large', 'imc-large1'] },
};

/** 1-based number of the first line of `text` containing `needle`. */
function lineOf(text, needle) {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `${needle} is not in the text`);
  return index + 1;
}

async function chooseExample(page, id) {
  const before = await generation(page);
  await page.selectOption('#example', id);
  await waitForResult(page, before);
}

function diagnosticsShown(page) {
  return page.$$eval('#diagnostics li', (items) => items.map((item) => ({
    severity: item.dataset.severity,
    code: item.dataset.code,
    where: item.querySelector('.diag-where')?.textContent ?? '',
    message: item.querySelector('.diag-message')?.textContent ?? '',
  })));
}

/** Opens or closes the settings panel by clicking its summary, as a user would. */
async function settingsPanel(target, open) {
  if ((await target.evaluate(() => /** @type {HTMLDetailsElement} */ (document.getElementById('settings-panel')).open)) !== open) await target.click('#settings-summary');
}

function cursorLine(page, editor) {
  return page.evaluate((name) => {
    const view = window.eciPlayground.editors[name];
    return { line: view.state.doc.lineAt(view.state.selection.main.head).number, focused: view.hasFocus };
  }, editor);
}

let browser;
let page;

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
  await page.goto(browser.url);
  await waitForResult(page);
});

after(async () => {
  if (page) {
    await mkdir(SCREENSHOTS, { recursive: true });
    // A fresh page on the first example, as a visitor first sees it.
    const fresh = await browser.newPage();
    await fresh.goto(browser.url);
    await waitForResult(fresh);
    await fresh.screenshot({ path: join(SCREENSHOTS, 'screenshot.png'), fullPage: true });
  }
  await browser?.close();
});

describe('loading', () => {
  test('the page opens on the first example with its decision, no console error, and no request leaving 127.0.0.1', async () => {
    const shown = await decision(page);
    assert.equal(await page.inputValue('#example'), EXAMPLES[0].id);
    assert.equal(shown.outcome, 'matched');
    assert.match(shown.summary, /web-stack \(imc-bp1a2b3c4d5e6f7g8h9i\): holds 1 of 1 image\./);
    assert.equal(await page.evaluate(() => window.eciPlayground.getText('workload')), await example(EXAMPLES[0].workload));
    assert.deepEqual(browser.errors, [], 'console errors');
    assert.deepEqual(browser.blocked, [], 'requests leaving 127.0.0.1');
    const wasm = browser.server.sent.find((response) => response.path.endsWith('.wasm'));
    assert.ok(wasm && wasm.status === 200, 'the WebAssembly module was served from 127.0.0.1');
  });

  test('the footer shows the package version', async () => {
    assert.equal((await page.textContent('#version')).trim(), `v${PACKAGE_VERSION}`);
  });

  test('the ranking lists every cache with its match, size, age and reason', async () => {
    const rows = await page.$$eval('#ranking-body tr', (trs) => trs.map((tr) => ({
      name: tr.querySelector('.cache-name')?.textContent,
      rank: tr.querySelector('.rank')?.textContent,
      degree: tr.querySelector('.degree')?.textContent,
      size: tr.querySelector('.size')?.textContent,
      age: tr.querySelector('.age')?.textContent,
      held: [...tr.querySelectorAll('.images .held')].map((li) => li.textContent),
      lacking: [...tr.querySelectorAll('.images .lacking')].map((li) => li.textContent),
      reason: tr.querySelector('.reason')?.textContent,
      chosen: tr.classList.contains('chosen'),
    })));
    assert.deepEqual(rows.map((row) => row.name), ['web-stack', 'nginx-cache', 'api-next']);
    assert.deepEqual(rows.map((row) => row.rank), ['1', '2', '\u2014']);
    assert.deepEqual(rows.map((row) => row.degree), ['1 of 1', '1 of 1', '0 of 1']);
    assert.deepEqual(rows.map((row) => row.size), ['25 GiB', '20 GiB', '20 GiB']);
    assert.ok(rows[0].chosen && !rows[1].chosen);
    assert.deepEqual(rows[0].held, ['\u2713 holds docker.io/library/nginx:1.7.9']);
    assert.deepEqual(rows[2].lacking, ['\u2717 lacks docker.io/library/nginx:1.7.9']);
    assert.match(rows[1].reason, /farther-size/);
    assert.match(rows[2].reason, /not-ready.*Creating/);
    for (const row of rows) assert.notEqual(row.age, '\u2014', `${row.name} shows an age`);
  });
});

describe('examples', () => {
  for (const { id, title } of EXAMPLES) {
    test(`${title}: ${EXPECTED[id]?.outcome}`, async () => {
      assert.ok(EXPECTED[id], `the test knows what ${id} must show`);
      await chooseExample(page, id);
      const shown = await decision(page);
      assert.equal(shown.outcome, EXPECTED[id].outcome, shown.summary);
      for (const text of EXPECTED[id].mentions) assert.ok(shown.summary.toLowerCase().includes(text.toLowerCase()), `"${shown.summary}" mentions ${text}`);
      const entry = EXAMPLES.find((candidate) => candidate.id === id);
      assert.equal(await page.evaluate(() => window.eciPlayground.getText('caches')), await example(entry.caches));
    });
  }

  test('the menu offers every example the issue lists', async () => {
    const options = await page.$$eval('#example option:not([disabled])', (list) => list.map((option) => option.value));
    assert.deepEqual(options, EXAMPLES.map((entry) => entry.id));
    assert.equal(options.length, 10);
  });
});

describe('editing', () => {
  test('editing the workload changes the decision', async () => {
    await chooseExample(page, 'pod-auto');
    const original = await example('pod-auto-match.yaml');
    await setEditor(page, 'workload', original.replace('k8s.aliyun.com/eci-image-cache: "true"', 'k8s.aliyun.com/eci-imc-id: imc-2ze5tm5gehgtiiga0001'));
    let shown = await decision(page);
    assert.equal(shown.outcome, 'pinned');
    assert.match(shown.summary, /nginx-cache \(imc-2ze5tm5gehgtiiga0001\)/);
    await setEditor(page, 'workload', original.replace('nginx:1.7.9', 'redis:7.2'));
    shown = await decision(page);
    assert.equal(shown.outcome, 'will-create');
    assert.ok(await page.isVisible('#proposed-section'));
  });

  test('editing the caches changes the ranking', async () => {
    await chooseExample(page, 'pod-auto');
    const caches = await example('imagecaches.yaml');
    await setEditor(page, 'caches', caches.replace('imageCacheSize: 25', 'imageCacheSize: 40'));
    const shown = await decision(page);
    assert.match(shown.summary, /nginx-cache/, 'web-stack at 40 GiB no longer fits 30 GiB');
    const reason = await page.textContent('#ranking-body tr[data-cache="web-stack"] .reason');
    assert.match(reason, /too-large/);
  });

  test('a long ranking shows its first 25 rows, and all of them on request', async () => {
    await chooseExample(page, 'pod-auto');
    const items = Array.from({ length: 30 }, (_, i) => `- metadata: {name: c${String(i).padStart(2, '0')}, creationTimestamp: "2026-11-${String(i % 28 + 1).padStart(2, '0')}T00:00:00Z"}
  spec: {images: ["nginx:1.7.9"], imageCacheSize: ${20 + (i % 3) * 5}}
  status: {imageCacheId: imc-c${i}, phase: Ready}`);
    await setEditor(page, 'caches', `kind: List\nitems:\n${items.join('\n')}\n`);
    assert.equal(await page.$$eval('#ranking-body tr[data-cache]', (rows) => rows.length), 25);
    assert.equal(await page.textContent('#ranking-show-all'), 'Show all 30 caches (5 more)');
    const before = await generation(page);
    await page.click('#ranking-show-all');
    await waitForResult(page, before);
    assert.equal(await page.$$eval('#ranking-body tr[data-cache]', (rows) => rows.length), 30);
    assert.equal(await page.$('#ranking-show-all'), null);
  });

  test('a YAML syntax error is marked on its line and named in the result', async () => {
    await chooseExample(page, 'pod-auto');
    const broken = (await example('pod-auto-match.yaml')).replace('  name: nginx-auto-match', '  name: [nginx-auto-match');
    await setEditor(page, 'workload', broken);
    const marks = await markedLines(page, 'workload-editor', 'error');
    const shown = await decision(page);
    assert.equal(shown.state, 'error');
    assert.equal(shown.badge, 'YAML error');
    const line = Number(/line (\d+)/.exec(shown.summary)?.[1]);
    assert.ok(line >= lineOf(broken, 'name: [nginx'), `the error is reported at or after the open bracket: ${shown.summary}`);
    assert.ok(marks.ranges.includes(line) || marks.gutter.includes(line), `line ${line} is marked: ${JSON.stringify(marks)}`);
    const listed = await diagnosticsShown(page);
    assert.ok(listed.some((item) => item.severity === 'error' && item.code.startsWith('yaml-') && item.where.startsWith(`workload line ${line}`)));
  });

  test('an indentation error and a duplicate key are marked on their very lines', async () => {
    await setEditor(page, 'workload', 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: x\n  bad: indent\nspec: {}\n');
    assert.deepEqual((await markedLines(page, 'workload-editor', 'error')).gutter, [5]);
    assert.match((await decision(page)).summary, /line 5, column 1: All mapping items must start at the same column/);
    await setEditor(page, 'workload', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\nspec: {}\n');
    assert.deepEqual(await markedLines(page, 'workload-editor', 'error'), { ranges: [5], gutter: [5] });
    assert.match((await decision(page)).summary, /line 5, column 3: Map keys must be unique/);
  });

  test('a diagnostic of the report is marked on the line it is about, and its entry jumps there', async () => {
    await chooseExample(page, 'masked-pin');
    const text = await example('masked-pin.yaml');
    const line = lineOf(text, 'eci-image-snapshot-id:');
    const marks = await markedLines(page, 'workload-editor', 'error');
    assert.deepEqual(marks.ranges, [line]);
    assert.deepEqual(marks.gutter, [line]);
    const listed = await diagnosticsShown(page);
    const masked = listed.find((item) => item.code === 'masked-pin');
    assert.ok(masked, JSON.stringify(listed));
    assert.match(masked.where, new RegExp(`^workload line ${line},`));
    await page.click('#diagnostics li[data-code="masked-pin"] button');
    assert.deepEqual(await cursorLine(page, 'workload'), { line, focused: true });
  });

  test('a diagnostic about a cache is marked in the caches editor, also in a multi-document stream', async () => {
    await chooseExample(page, 'vpc-endpoint');
    const caches = (await example('acr-caches.yaml')).replace('  - registry.cn-hangzhou.aliyuncs.com/acme/api:2.3.1\n  imageCacheSize: 20\nstatus:\n  imageCacheId: imc-acr2',
      '  - registry.cn-hangzhou.aliyuncs.com/acme/api:2.3.1\n  - Acme/API:1\n  imageCacheSize: 20\nstatus:\n  imageCacheId: imc-acr2');
    assert.ok(caches.includes('Acme/API:1'));
    await setEditor(page, 'caches', caches);
    const listed = await diagnosticsShown(page);
    const invalid = listed.find((item) => item.code === 'invalid-image-reference');
    const line = lineOf(caches, 'Acme/API:1');
    assert.ok(invalid, JSON.stringify(listed));
    assert.match(invalid.where, new RegExp(`^caches line ${line},`));
    const marks = await markedLines(page, 'caches-editor', invalid.severity);
    assert.ok(marks.ranges.includes(line), JSON.stringify(marks));
    await page.click('#diagnostics li[data-code="invalid-image-reference"] button');
    assert.deepEqual(await cursorLine(page, 'caches'), { line, focused: true });
  });

  test('text from the user is shown as text, never run as HTML', async () => {
    const hostile = '<img src=x id=injected onerror="window.injected=1"><b>bold</b>';
    await setEditor(page, 'workload', `kind: Pod\nmetadata:\n  name: '${hostile}'\n  annotations:\n    k8s.aliyun.com/eci-imc-id: '${hostile}'\nspec:\n  containers:\n  - name: a\n    image: nginx:1.7.9\n`);
    const shown = await decision(page);
    assert.equal(shown.outcome, 'rejected');
    assert.ok(shown.summary.includes(hostile), shown.summary);
    assert.ok((await page.textContent('#decision')).includes(`Pod default/${hostile}`));
    assert.equal(await page.$('#injected'), null);
    assert.equal(await page.$('#results b, #decision b'), null);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).injected), undefined);
  });

  test('a YAML bomb is refused quickly with a message, and the page stays usable', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i += 1) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    await setEditor(page, 'workload', `${bomb.join('\n')}\n`);
    assert.ok(Date.now() - started < 5000);
    const shown = await decision(page);
    assert.equal(shown.state, 'error');
    assert.match(shown.summary, /alias/i);
    await chooseExample(page, 'pod-auto');
    assert.equal((await decision(page)).outcome, 'matched');
  });

  test('a setting the core refuses shows its message and marks the field; the page does not crash', async () => {
    await chooseExample(page, 'pod-auto');
    await settingsPanel(page, true);
    const before = await generation(page);
    await page.fill('#now', 'yesterday');
    await waitForResult(page, before);
    const shown = await decision(page);
    assert.equal(shown.badge, 'Input refused');
    assert.match(shown.summary, /^\/now: .*yesterday.*RFC 3339/);
    assert.equal(await page.getAttribute('#now', 'aria-invalid'), 'true');
    const again = await generation(page);
    await page.click('#now-reset');
    await waitForResult(page, again);
    assert.equal((await decision(page)).outcome, 'matched');
    assert.equal(await page.getAttribute('#now', 'aria-invalid'), null);
    await settingsPanel(page, false);
  });

  test('a setting changes the result: the VPC endpoint stops matching without acrVpcEquivalence', async () => {
    await chooseExample(page, 'vpc-endpoint');
    await settingsPanel(page, true);
    const before = await generation(page);
    await page.uncheck('#setting-acrVpcEquivalence');
    await waitForResult(page, before);
    assert.equal((await decision(page)).outcome, 'will-create');
    const again = await generation(page);
    await page.check('#setting-acrVpcEquivalence');
    await waitForResult(page, again);
    assert.equal((await decision(page)).outcome, 'matched');
    await settingsPanel(page, false);
  });
});

describe('output', () => {
  test('the diff shows the pin the policy adds', async () => {
    await chooseExample(page, 'pod-auto');
    const added = await page.$$eval('#diff .line.add', (lines) => lines.map((line) => line.textContent));
    assert.ok(added.some((line) => line.trim() === '+     k8s.aliyun.com/eci-image-snapshot-id: imc-bp1a2b3c4d5e6f7g8h9i'.trim()), JSON.stringify(added));
    assert.equal(await page.$$eval('#diff .line.del', (lines) => lines.length), 0);
    const unchanged = await page.$$eval('#diff .line.same', (lines) => lines.map((line) => line.textContent));
    assert.ok(unchanged.some((line) => line.includes('k8s.aliyun.com/eci-image-cache: "true"')));
    assert.match(await page.textContent('#diff-note'), /2 changes/);
  });

  test('the diff follows the pin annotation setting', async () => {
    await settingsPanel(page, true);
    const before = await generation(page);
    await page.selectOption('#setting-pinAnnotation', 'k8s.aliyun.com/eci-imc-id');
    await waitForResult(page, before);
    const added = await page.$$eval('#diff .line.add', (lines) => lines.map((line) => line.textContent));
    assert.ok(added.some((line) => line.includes('k8s.aliyun.com/eci-imc-id: imc-bp1a2b3c4d5e6f7g8h9i')), JSON.stringify(added));
    const again = await generation(page);
    await page.selectOption('#setting-pinAnnotation', 'k8s.aliyun.com/eci-image-snapshot-id');
    await waitForResult(page, again);
    await settingsPanel(page, false);
  });

  test('a pull policy fixed by the patch shows as a replaced line', async () => {
    await chooseExample(page, 'pod-auto');
    const original = await example('pod-auto-match.yaml');
    await setEditor(page, 'workload', original.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Always'));
    assert.deepEqual(await page.$$eval('#diff .line.del', (lines) => lines.map((line) => line.textContent.trim())), ['-     imagePullPolicy: Always'.trim()]);
    const added = await page.$$eval('#diff .line.add', (lines) => lines.map((line) => line.textContent.trim()));
    assert.ok(added.includes('+     imagePullPolicy: IfNotPresent'.trim()), JSON.stringify(added));
  });

  test('no change says so', async () => {
    await chooseExample(page, 'deployment-auto');
    assert.match(await page.textContent('#diff-note'), /No change/);
    assert.equal(await page.$$eval('#diff .line.add, #diff .line.del', (lines) => lines.length), 0);
  });

  test('will-create shows the proposed ImageCache, and its copy button copies it', async () => {
    await chooseExample(page, 'perfect-vs-count');
    assert.ok(await page.isVisible('#proposed-section'));
    const proposed = await page.textContent('#proposed');
    assert.match(proposed, /kind: ImageCache/);
    assert.match(proposed, /docker\.io\/library\/nginx:1\.7\.9/);
    assert.match(proposed, /docker\.io\/library\/postgres:16/);
    await page.click('#copy-proposed');
    await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
    assert.equal(await page.textContent('#copy-status'), 'Copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), proposed);
    await chooseExample(page, 'pod-auto');
    assert.equal(await page.isVisible('#proposed-section'), false);
  });
});

describe('sharing', () => {
  test('a share link restores the same state in a new page', async () => {
    await chooseExample(page, 'pod-auto');
    const workload = (await example('pod-auto-match.yaml')).replace('name: nginx-auto-match', 'name: shared-pod # edited');
    await setEditor(page, 'workload', workload);
    await settingsPanel(page, true);
    let before = await generation(page);
    await page.check('#setting-autoMatchByDefault');
    await waitForResult(page, before);
    before = await generation(page);
    await page.fill('#setting-temporaryStorageGiB', '25');
    await waitForResult(page, before);
    before = await generation(page);
    await page.fill('#now', '2026-11-21T00:00:00Z');
    await waitForResult(page, before);
    const shown = await decision(page);
    await page.click('#share');
    await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
    const link = await page.inputValue('#share-link');
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]+$/);
    assert.equal(await page.evaluate(() => location.href), link);
    await settingsPanel(page, false);

    const second = await browser.newPage();
    try {
      await second.goto(link);
      await waitForResult(second);
      assert.equal(await second.evaluate(() => window.eciPlayground.getText('workload')), workload);
      assert.equal(await second.evaluate(() => window.eciPlayground.getText('caches')), await example('imagecaches.yaml'));
      assert.equal(await second.isChecked('#setting-autoMatchByDefault'), true);
      assert.equal(await second.inputValue('#setting-temporaryStorageGiB'), '25');
      assert.equal(await second.inputValue('#now'), '2026-11-21T00:00:00Z');
      assert.deepEqual(await decision(second), shown);
      assert.match(shown.summary, /web-stack/);
      const age = await second.textContent('#ranking-body tr[data-cache="web-stack"] .age');
      assert.equal(age, '14 h', 'ages are relative to the shared now');
    } finally {
      await second.close();
    }
    assert.deepEqual(browser.errors, []);
  });

  test('a damaged link says so and opens the first example', async () => {
    const second = await browser.newPage();
    try {
      await second.goto(`${browser.url}#s=AAAA-not-deflate`);
      await waitForResult(second);
      assert.match(await second.textContent('#share-status'), /could not be read/);
      assert.equal((await decision(second)).outcome, 'matched');
    } finally {
      await second.close();
    }
  });
});

describe('layout and access', () => {
  test('keyboard: Tab reaches the menu, the share button and the editors; Enter on a diagnostic goes to its line', async () => {
    await chooseExample(page, 'masked-pin');
    await page.focus('#example');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'share');
    const line = lineOf(await example('masked-pin.yaml'), 'eci-image-snapshot-id:');
    await page.focus('#diagnostics li[data-code="masked-pin"] button');
    await page.keyboard.press('Enter');
    assert.deepEqual(await cursorLine(page, 'workload'), { line, focused: true });
    // The editor does not trap Tab: it moves on to the next control.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => window.eciPlayground.editors.workload.hasFocus), false);
  });

  test('a narrow screen stacks the panels without horizontal scrolling, the decision first', async () => {
    const narrow = await browser.newPage();
    try {
      await narrow.setViewportSize({ width: 400, height: 800 });
      await narrow.goto(browser.url);
      await waitForResult(narrow);
      const layout = await narrow.evaluate(() => {
        const box = (id) => document.getElementById(id).getBoundingClientRect();
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          workload: box('workload-editor'),
          decision: box('decision'),
        };
      });
      assert.ok(layout.overflow <= 0, `page is ${layout.overflow}px wider than the screen`);
      assert.ok(layout.decision.bottom < layout.workload.top, 'the decision comes before the editors');
      assert.ok(layout.workload.width > 300);
    } finally {
      await narrow.close();
    }
  });

  test('dark and light themes follow the system', async () => {
    const dark = await browser.newPage();
    try {
      await dark.emulateMedia({ colorScheme: 'dark' });
      await dark.goto(browser.url);
      await waitForResult(dark);
      const darkColors = await dark.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        editor: getComputedStyle(document.querySelector('#workload-editor .cm-editor')).backgroundColor,
      }));
      const lightColors = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        editor: getComputedStyle(document.querySelector('#workload-editor .cm-editor')).backgroundColor,
      }));
      const brightness = (color) => {
        const [r, g, b] = color.match(/\d+/g).map(Number);
        return (r + g + b) / 3;
      };
      assert.ok(brightness(darkColors.body) < 60 && brightness(darkColors.editor) < 60, JSON.stringify(darkColors));
      assert.ok(brightness(lightColors.body) > 200 && brightness(lightColors.editor) > 200, JSON.stringify(lightColors));
      await mkdir(SCREENSHOTS, { recursive: true });
      await dark.screenshot({ path: join(SCREENSHOTS, 'screenshot-dark.png') });
    } finally {
      await dark.close();
    }
  });

  test('nothing tried to leave 127.0.0.1 and no console error was logged during the whole run', async () => {
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});
