#!/usr/bin/env node
// Saves a picture of the playground on its first example, as a laptop shows it.
//   node scripts/screenshot.mjs <out.png> [--dark]

import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { openBrowser, waitForResult } from '../tests/browser.mjs';

const out = resolve(process.argv[2] ?? '../docs/playground.png');
const colorScheme = process.argv.includes('--dark') ? 'dark' : 'light';
const browser = await openBrowser({ colorScheme, viewport: { width: 1440, height: 900 } });
try {
  const page = await browser.newPage();
  await page.goto(browser.url);
  await waitForResult(page);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  if (browser.errors.length > 0 || browser.blocked.length > 0) {
    throw new Error(`the page logged errors or tried the network: ${JSON.stringify({ errors: browser.errors, blocked: browser.blocked })}`);
  }
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
