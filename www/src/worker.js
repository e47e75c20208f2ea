// The Web Worker that runs the core and everything heavy (analyze.js), so that typing never
// waits for an evaluation. The page compiles the WebAssembly module (its download starts from
// the page's head, see vite.config.js) and hands it over; runs come one at a time.

import init, { evaluate, version } from 'eci-image-cache/web';
import { createAnalyzer } from './analyze.js';

/**
 * The one place that turns the caches and settings into an evaluation function: when the
 * package gains its Catalogue (caches parsed once, asked many times), build it here, once per
 * change of the caches or the settings.
 * @param {unknown[]} imageCaches
 * @param {Record<string, unknown>} settings
 */
function evaluatorFor(imageCaches, settings) {
  return (object, now) => evaluate({ object, imageCaches, settings, now });
}

/** @type {((request: any) => any) | null} */
let analyze = null;

self.addEventListener('message', async (event) => {
  const message = event.data;
  if (message.type === 'init') {
    try {
      await init({ module_or_path: message.module });
      analyze = createAnalyzer({ evaluatorFor });
      self.postMessage({ type: 'ready', version: version() });
    } catch (error) {
      self.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (message.type === 'run' && analyze) {
    const started = performance.now();
    let result;
    try {
      result = analyze(message.request);
    } catch (error) {
      result = { crashed: error instanceof Error ? error.message : String(error) };
    }
    self.postMessage({ type: 'result', id: message.id, result, workerMs: performance.now() - started });
  }
});
