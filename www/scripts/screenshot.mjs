#!/usr/bin/env node
// Saves the README's pictures of the playground on its first example: a laptop in the light
// and the dark theme, and a phone.
//   node scripts/screenshot.mjs <folder>     writes playground.png, playground-dark.png, playground-phone.png

import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openBrowser, waitForResult } from '../tests/browser.mjs';

const folder = resolve(process.argv[2] ?? '../docs');
/** @type {[string, 'light' | 'dark', {width: number, height: number}][]} */
const LAYOUTS = [
  ['playground.png', 'light', { width: 1440, height: 900 }],
  ['playground-dark.png', 'dark', { width: 1440, height: 900 }],
  ['playground-phone.png', 'light', { width: 390, height: 844 }],
];
await mkdir(folder, { recursive: true });
for (const [file, colorScheme, viewport] of LAYOUTS) {
  const browser = await openBrowser({ colorScheme, viewport });
  try {
    const page = await browser.newPage();
    await page.goto(browser.url);
    await waitForResult(page);
    await page.waitForFunction(() => window.eciPlayground.upgraded);
    await page.screenshot({ path: join(folder, file) });
    if (browser.errors.length > 0 || browser.blocked.length > 0) {
      throw new Error(`the page logged errors or tried the network: ${JSON.stringify({ errors: browser.errors, blocked: browser.blocked })}`);
    }
    console.log(`saved ${join(folder, file)}`);
  } finally {
    await browser.close();
  }
}
