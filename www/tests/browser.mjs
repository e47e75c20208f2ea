// Shared by the end-to-end tests, the screenshot and the benchmark: the built page served on
// 127.0.0.1, Debian's Chromium driven by playwright-core with a fresh profile, every request
// that would leave 127.0.0.1 blocked and recorded, every console error recorded.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

export const WWW = fileURLToPath(new URL('..', import.meta.url));
export const DIST = process.env.PLAYGROUND_DIST ?? join(WWW, 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags that work as root on a machine with a closed network (TOOLCHAIN.md). */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Serves dist/ and opens Chromium on it.
 * @param {{colorScheme?: 'light' | 'dark', viewport?: {width: number, height: number}}} [options]
 */
export async function openBrowser({ colorScheme = 'light', viewport = { width: 1440, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup.sh browser`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} is missing: run make playground-build`);
  const server = await startServer({ root: DIST, port: 0 });
  const profile = await mkdtemp(join(tmpdir(), 'eci-playground-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    colorScheme,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const origin = new URL(server.url).origin;
  /** Requests that tried to leave 127.0.0.1 (blocked). */
  const blocked = [];
  /** Console errors and uncaught page errors. */
  const errors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return {
    server,
    context,
    blocked,
    errors,
    url: server.url,
    async newPage() {
      const page = await context.newPage();
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the page shows a decision computed after `after` (a generation number). */
export async function waitForResult(page, after = 0) {
  await page.waitForFunction(
    (previous) => (window.eciPlayground?.generation ?? 0) > previous
      && document.getElementById('decision')?.dataset.state !== 'loading',
    after,
  );
}

/** The generation of the result on screen now. */
export function generation(page) {
  return page.evaluate(() => window.eciPlayground?.generation ?? 0);
}

/** Sets an editor's text through CodeMirror's API and waits for the result it gives. */
export async function setEditor(page, name, text) {
  const before = await generation(page);
  await page.evaluate(([editor, value]) => window.eciPlayground.setText(editor, value), [name, text]);
  await waitForResult(page, before);
}

/** What the decision panel says: outcome (data attribute), badge and sentence as shown. */
export function decision(page) {
  return page.evaluate(() => {
    const section = document.getElementById('decision');
    return {
      state: section.dataset.state,
      outcome: section.dataset.outcome ?? null,
      badge: document.getElementById('decision-outcome')?.textContent ?? '',
      summary: document.getElementById('decision-summary')?.textContent ?? '',
    };
  });
}

/**
 * Where an editor shows lint marks of one severity, as the line numbers its gutter prints:
 * `ranges` for underlined text, `gutter` for the markers beside the line numbers.
 * @returns {Promise<{ranges: number[], gutter: number[]}>}
 */
export function markedLines(page, editorId, severity) {
  return page.evaluate(([id, level]) => {
    const editor = document.getElementById(id);
    const numbers = [...editor.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
      .map((element) => ({ box: element.getBoundingClientRect(), text: element.textContent }))
      .filter(({ box, text }) => box.height > 0 && /^\d+$/.test(text));
    const lineAt = (box) => {
      const middle = box.top + box.height / 2;
      const found = numbers.find((number) => number.box.top <= middle && middle < number.box.bottom);
      return found ? Number(found.text) : null;
    };
    const collect = (selector, boxes) => {
      const lines = new Set();
      for (const element of editor.querySelectorAll(selector)) {
        for (const box of boxes(element)) {
          const line = lineAt(box);
          if (line !== null) lines.add(line);
        }
      }
      return [...lines].sort((a, b) => a - b);
    };
    return {
      ranges: collect(`.cm-lintRange-${level}`, (element) => [...element.getClientRects()]),
      gutter: collect(`.cm-lint-marker-${level}`, (element) => [element.getBoundingClientRect()]),
    };
  }, [editorId, severity]);
}

/** Opens Chromium on the page and waits for its first result: a test file's shared page. */
export async function openPage(options) {
  const browser = await openBrowser(options);
  const page = await browser.newPage();
  await page.goto(browser.url);
  await waitForResult(page);
  return { browser, page };
}
