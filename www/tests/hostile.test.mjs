// Hostile input (issue 6): what a paste or a shared link can carry must give a message and
// leave the page usable, and nothing the user typed may run. The sources and the served page
// are checked in Node; the rest in Debian's Chromium, as in playground.test.mjs.
// Run: make playground-test

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { CONTENT_SECURITY_POLICY, startServer } from '../scripts/serve.mjs';
import { DIST, WWW, decision, markedLines, openPage, setEditor, waitForResult } from './browser.mjs';

const example = (file) => readFile(join(WWW, 'examples', file), 'utf8');
const POD = await example('pod-auto-match.yaml');
const CACHES = await example('imagecaches.yaml');

/** The directives of a Content-Security-Policy, as name → sources. */
function directives(policy) {
  return new Map(policy.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [name, ...sources] = part.split(/\s+/);
    return [name, sources];
  }));
}

/** A pod as the first example, with a block scalar annotation making it `bytes` long. */
function podOf(bytes) {
  const line = `      ${'x'.repeat(57)}\n`;
  const head = POD.replace('  annotations:\n', '  annotations:\n    acme.io/notes: |\n');
  return head.replace('    acme.io/notes: |\n', `    acme.io/notes: |\n${line.repeat(Math.ceil((bytes - head.length) / line.length))}`);
}

/** A List of `count` Ready caches in block style, as kubectl prints them. */
function cacheList(count) {
  const items = Array.from({ length: count }, (_, i) => `- apiVersion: eci.alibabacloud.com/v1
  kind: ImageCache
  metadata:
    name: cache-${i}
    creationTimestamp: "2026-11-01T00:00:00Z"
  spec:
    images:
    - registry.cn-hangzhou.aliyuncs.com/acme/service-${i}:1.0.${i}
    imageCacheSize: 20
  status:
    imageCacheId: imc-${String(i).padStart(20, '0')}
    phase: Ready
`);
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
}

/** A billion-laughs document: nine levels of nine aliases each. */
function aliasBomb() {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i += 1) {
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const nestedFlow = (depth) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
/** Block mappings `depth` levels deep, each one space further in than its parent. */
const nestedBlock = (depth) => `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`;
const nestedCompact = (depth) => `${'- '.repeat(depth)}x\n`;

/** A share link's fragment carrying these bytes, deflated as the page deflates. */
const fragmentOf = (bytes) => `s=${deflateRawSync(Buffer.from(bytes)).toString('base64url')}`;

describe('sources and the served page', () => {
  test('no module of the page parses text as HTML or runs text as code', async () => {
    const sinks = [
      /\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /createContextualFragment/,
      /\bDOMParser\b/, /setHTMLUnsafe/, /\bsrcdoc\b/, /\beval\s*\(/, /\bnew\s+Function\b/, /\bset(?:Timeout|Interval)\(\s*['"`]/,
      /\.setAttribute\(\s*['"`]on/, /javascript:/i,
    ];
    const files = (await readdir(join(WWW, 'src'))).filter((file) => file.endsWith('.js'));
    assert.ok(files.length > 10, files.join(' '));
    for (const file of files) {
      const text = await readFile(join(WWW, 'src', file), 'utf8');
      for (const sink of sinks) assert.doesNotMatch(text, sink, `${file} uses ${sink}`);
    }
    // The one element builder takes text as text nodes (textContent, append of strings).
    const dom = await readFile(join(WWW, 'src', 'dom.js'), 'utf8');
    assert.match(dom, /element\.append\(child instanceof Node \? child : String\(child\)\)/);
  });

  test('the CSP allows scripts, connections and everything else from the page\'s own origin only, and no inline script', async () => {
    const server = await startServer({ root: DIST, port: 0 });
    try {
      const response = await fetch(server.url);
      const header = response.headers.get('content-security-policy');
      assert.equal(header, CONTENT_SECURITY_POLICY);
      const html = await response.text();
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
      assert.ok(meta, 'the page carries the policy as a meta tag too');
      const fromHeader = directives(header);
      const fromMeta = directives(meta);
      // A meta tag cannot carry frame-ancestors; otherwise the two say the same.
      assert.deepEqual(fromHeader.get('frame-ancestors'), ["'none'"]);
      fromHeader.delete('frame-ancestors');
      assert.deepEqual(fromMeta, fromHeader);
      assert.deepEqual(fromMeta.get('default-src'), ["'none'"]);
      assert.deepEqual(fromMeta.get('script-src'), ["'self'", "'wasm-unsafe-eval'"], 'no inline script, no eval, no other origin');
      assert.deepEqual(fromMeta.get('connect-src'), ["'self'"]);
      assert.deepEqual(fromMeta.get('worker-src'), ["'self'"], 'the evaluation worker, from the page\'s origin only');
      assert.deepEqual(fromMeta.get('base-uri'), ["'none'"]);
      assert.deepEqual(fromMeta.get('form-action'), ["'none'"]);
      for (const [name, sources] of fromMeta) {
        for (const source of sources) {
          const allowed = ["'self'", "'none'"].includes(source)
            || (name === 'script-src' && source === "'wasm-unsafe-eval'")
            || (name === 'style-src' && source === "'unsafe-inline'")
            || (name === 'img-src' && source === 'data:');
          assert.ok(allowed, `${name} allows ${source}`);
        }
      }
      // The served page: every script is a file of its own origin; no inline handler or URL.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length >= 1);
      for (const [, attributes, body] of scripts) {
        assert.equal(body.trim(), '', 'no inline script');
        assert.match(attributes, /\bsrc="\.?\/assets\/[^"/]+\.js"/);
      }
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler');
      assert.doesNotMatch(html, /javascript:/i);
      for (const [, url] of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) {
        assert.ok(/^\.?\/(?!\/)/.test(url) || url.startsWith('#'), `${url} is on the page's own origin`);
      }
    } finally {
      await server.close();
    }
  });
});

let browser;
let page;
before(async () => ({ browser, page } = await openPage()));
after(() => browser?.close());

/** Loads the first example and checks the page decides it again: the page is usable. */
async function assertUsable(target) {
  await setEditor(target, 'caches', CACHES);
  await setEditor(target, 'workload', POD);
  const shown = await decision(target);
  assert.equal(shown.outcome, 'matched', shown.summary);
  assert.match(shown.summary, /web-stack/);
  assert.equal(await target.getAttribute('#results', 'data-stale'), 'false');
}

function diagnosticsShown(target) {
  return target.$$eval('#diagnostics li', (items) => items.map((item) => ({
    severity: item.dataset.severity,
    code: item.dataset.code,
    where: item.querySelector('.diag-where')?.textContent ?? '',
    message: item.querySelector('.diag-message')?.textContent ?? '',
  })));
}

describe('pastes', () => {
  /** @type {[string, () => string][]} */
  const pastes = [['workload', () => podOf(5_000_000)], ['caches', () => cacheList(17_000)]];
  for (const [editor, text] of pastes) {
    test(`a 5 MB paste into the ${editor} editor is refused with its size, at once, and the page stays usable`, async () => {
      const big = text();
      assert.ok(big.length > 5_000_000 && big.length < 5_400_000, `${big.length}`);
      const started = Date.now();
      await setEditor(page, editor, big);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 10_000, `${elapsed} ms`);
      const shown = await decision(page);
      assert.equal(shown.state, 'error');
      assert.equal(shown.badge, 'Too large');
      assert.equal(shown.summary, `The ${editor} editor has an error: line 1, column 1: Too large to evaluate: `
        + `${big.length.toLocaleString('en-US')} characters, more than the 1,048,576 (1 MiB) the playground reads in one `
        + 'editor; a pod, or a few hundred ImageCaches, take far less.');
      assert.equal(await page.getAttribute('#results', 'data-stale'), 'true');
      const listed = await diagnosticsShown(page);
      assert.deepEqual(listed.map((item) => [item.severity, item.code, item.where]), [['error', 'input-too-large', `${editor} line 1, column 1`]]);
      assert.deepEqual((await markedLines(page, `${editor}-editor`, 'error')).gutter, [1]);
      // The editor still holds the whole paste: nothing was cut behind the user's back.
      assert.equal(await page.evaluate((name) => window.eciPlayground.editors[name].state.doc.length, editor), big.length);
      assert.equal(await page.evaluate((name) => window.eciPlayground.highlighted(name), editor), false, 'shown as plain text');
      await assertUsable(page);
    });
  }

  test('a caches list of a few hundred caches, as kubectl prints it, is well within the limit and evaluated', async () => {
    const list = cacheList(500);
    assert.ok(list.length < 1 << 20, `${list.length}`);
    await setEditor(page, 'caches', `${list}${CACHES.replace(/^/, '---\n')}`);
    const shown = await decision(page);
    assert.equal(shown.outcome, 'matched', shown.summary);
    assert.match(shown.summary, /web-stack/);
    await assertUsable(page);
  });

  test('a YAML alias bomb in the caches editor is refused quickly with a message, and the page stays usable', async () => {
    const started = Date.now();
    await setEditor(page, 'caches', aliasBomb());
    assert.ok(Date.now() - started < 5000);
    const shown = await decision(page);
    assert.equal(shown.state, 'error');
    assert.match(shown.summary, /^The caches editor has an error: line 1, column 1: .*alias/i);
    const listed = await diagnosticsShown(page);
    assert.deepEqual(listed.map((item) => [item.code, item.where]), [['yaml-ALIAS_LIMIT', 'caches line 1, column 1']]);
    await assertUsable(page);
  });

  const deep = [
    ['workload', '10 000 nested flow sequences', nestedFlow(10_000), 1, 65],
    ['caches', '10 000 nested flow sequences', nestedFlow(10_000), 1, 65],
    ['workload', '1 200 nested block mappings', nestedBlock(1_200), 65, 65],
    ['caches', '1 200 nested block mappings', nestedBlock(1_200), 65, 65],
    ['workload', '10 000 nested compact sequences', nestedCompact(10_000), 1, 129],
  ];
  for (const [editor, what, text, line, column] of deep) {
    test(`${what} in the ${editor} editor are refused where they nest too deep, without a hang, and the page stays usable`, async () => {
      const started = Date.now();
      await setEditor(page, editor, text);
      assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
      const shown = await decision(page);
      assert.equal(shown.badge, 'Too deep');
      assert.equal(shown.summary, `The ${editor} editor has an error: line ${line}, column ${column}: Too deeply nested to `
        + 'evaluate: more than 64 levels here; Kubernetes objects nest about 15.');
      const listed = await diagnosticsShown(page);
      assert.deepEqual(listed.map((item) => [item.code, item.where]), [['yaml-too-deep', `${editor} line ${line}, column ${column}`]]);
      assert.equal(await page.evaluate((name) => window.eciPlayground.highlighted(name), editor), false, 'shown as plain text');
      await assertUsable(page);
      assert.equal(await page.evaluate((name) => window.eciPlayground.highlighted(name), editor), true, 'highlighted again');
    });
  }

  test('a cache named with markup is shown as text in the ranking', async () => {
    const hostile = '<img src=x id=injected-cache onerror="window.injectedCache=1">';
    await setEditor(page, 'workload', POD);
    await setEditor(page, 'caches', CACHES.replace('name: web-stack', `name: '${hostile}'`));
    const names = await page.$$eval('#ranking-body .cache-name', (cells) => cells.map((cell) => cell.textContent));
    assert.ok(names.includes(hostile), JSON.stringify(names));
    assert.match((await decision(page)).summary, /injected-cache/);
    assert.equal(await page.$('#injected-cache'), null);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).injectedCache), undefined);
    await assertUsable(page);
  });
});

describe('share links', () => {
  const tampered = [
    ['garbage that is not base64url', 's=%3Cscript%3E!!', 'the link is damaged (not base64url)'],
    ['base64url of bytes that are not deflate', `s=${Buffer.from('hello, this is not deflate').toString('base64url')}`, 'the link is damaged (cannot be decompressed)'],
    ['deflate cut short', fragmentOf(JSON.stringify({ v: 1, workload: POD, caches: '' })).slice(0, 40), 'the link is damaged (cannot be decompressed)'],
    ['deflate of text that is not JSON', fragmentOf('workload: {not json'), 'the link is damaged (not JSON)'],
    ['deflate of bytes that are not UTF-8', fragmentOf(Buffer.from([0x22, 0xff, 0xfe, 0x22])), 'the link is damaged (not JSON)'],
    ['JSON that is not an object', fragmentOf('["v", 1]'), 'the link is from an unknown version of the playground'],
    ['JSON of another version', fragmentOf(JSON.stringify({ v: 2, workload: POD, caches: '' })), 'the link is from an unknown version of the playground'],
    ['JSON whose editors are not text', fragmentOf(JSON.stringify({ v: 1, workload: { kind: 'Pod' }, caches: [] })), 'the link lacks the editors\u2019 text'],
    ['JSON inflating past 1 MiB', fragmentOf(JSON.stringify({ v: 1, workload: ' '.repeat(4 << 20), caches: '' })), 'the link expands to more than 1048576 bytes'],
  ];
  for (const [what, fragment, reason] of tampered) {
    test(`a link carrying ${what} says so and opens the first example (nothing saved)`, async () => {
      // The pages share one profile: forget what earlier tests saved.
      await page.evaluate(() => localStorage.clear());
      const fresh = await browser.newPage();
      try {
        assert.ok(fragment.length < 40_000, 'a link a browser takes');
        const started = Date.now();
        await fresh.goto(`${browser.url}#${fragment}`);
        await waitForResult(fresh);
        assert.ok(Date.now() - started < 10_000);
        assert.equal(await fresh.textContent('#share-status'), `The link could not be read: ${reason}. Showing your saved input or the first example.`);
        assert.equal(await fresh.evaluate(() => window.eciPlayground.getText('workload')), POD);
        assert.equal((await decision(fresh)).outcome, 'matched');
        await assertUsable(fresh);
      } finally {
        await fresh.close();
      }
    });
  }

  test('a tampered link followed on an open page says so and keeps what the editors hold', async () => {
    const mine = POD.replace('name: nginx-auto-match', 'name: kept-pod');
    await setEditor(page, 'workload', mine);
    const before = await decision(page);
    await page.evaluate((hash) => { location.hash = hash; }, fragmentOf('not json'));
    await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
    assert.equal(await page.textContent('#share-status'), 'The link could not be read: the link is damaged (not JSON). The editors are unchanged.');
    assert.equal(await page.evaluate(() => window.eciPlayground.getText('workload')), mine);
    assert.deepEqual(await decision(page), before);
    await assertUsable(page);
  });

  test('a valid link carrying hostile YAML restores it, shows the message, and the page stays usable', async () => {
    const fresh = await browser.newPage();
    try {
      const state = { v: 1, workload: nestedFlow(5_000), caches: aliasBomb(), settings: {}, now: '2026-11-27T00:00:00Z' };
      await fresh.goto(`${browser.url}#${fragmentOf(JSON.stringify(state))}`);
      await waitForResult(fresh);
      assert.equal(await fresh.textContent('#share-status'), 'Restored from the link.');
      const shown = await decision(fresh);
      assert.equal(shown.badge, 'Too deep');
      const listed = await diagnosticsShown(fresh);
      assert.deepEqual(listed.map((item) => item.code), ['yaml-too-deep', 'yaml-ALIAS_LIMIT']);
      await assertUsable(fresh);
    } finally {
      await fresh.close();
    }
  });
});

describe('content security policy in the browser', () => {
  test('an injected inline script, eval, and requests to any other origin are refused by the CSP', async () => {
    const fresh = await browser.newPage();
    const errorsBefore = browser.errors.length;
    try {
      await fresh.goto(browser.url);
      await waitForResult(fresh);
      const other = `http://127.0.0.1:${browser.server.port + 1}/`;
      const result = await fresh.evaluate(async (elsewhere) => {
        const violations = [];
        document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true;';
        document.body.append(script);
        // From a task of the page's own (code run straight from the test harness may eval).
        const evaluated = await new Promise((done) => setTimeout(() => {
          try {
            globalThis.eval('1');
            done('ran');
          } catch (error) {
            done(error.name);
          }
        }));
        let fetched = 'fetched';
        try {
          await fetch(elsewhere);
        } catch (error) {
          fetched = error.name;
        }
        const image = document.createElement('img');
        const loaded = new Promise((done) => {
          image.onerror = () => done('blocked');
          image.onload = () => done('loaded');
        });
        image.src = `${elsewhere}pixel.png`;
        document.body.append(image);
        const imageResult = await loaded;
        image.remove();
        script.remove();
        await new Promise((done) => setTimeout(done, 50));
        return { inlineRan: /** @type {any} */ (window).inlineRan ?? false, evaluated, fetched, image: imageResult, violations: [...new Set(violations)].sort() };
      }, other);
      assert.deepEqual(result, {
        inlineRan: false,
        evaluated: 'EvalError',
        fetched: 'TypeError',
        image: 'blocked',
        violations: ['connect-src', 'img-src', 'script-src', 'script-src-elem'],
      });
      assert.deepEqual(browser.blocked, [], 'the CSP stopped them before any request left the page');
    } finally {
      await fresh.close();
      // The refusals Chromium logs for what this test provoked; nothing else.
      const provoked = browser.errors.splice(errorsBefore);
      for (const message of provoked) assert.match(message, /Content Security Policy/, message);
    }
  });

  test('no console error or request leaving 127.0.0.1 during the hostile-input run', async () => {
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});
