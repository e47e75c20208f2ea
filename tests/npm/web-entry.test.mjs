// eci-image-cache/web, wasm-bindgen's glue as is: loading the module is the caller's job.
// (Its own process, so that nothing has initialised the glue before.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import init, { evaluate, initSync } from 'eci-image-cache/web';

import { pod } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('evaluate works once initSync has the bytes of eci-image-cache/eci_image_cache_bg.wasm', async () => {
  assert.throws(() => evaluate({ object: pod({}) }), TypeError, 'not initialised yet');
  const bytes = readFileSync(require.resolve('eci-image-cache/eci_image_cache_bg.wasm'));
  initSync({ module: bytes });
  assert.equal(evaluate({ object: pod({}) }).decision.outcome, 'none');
  await init(); // already initialised: resolves without fetching
});
