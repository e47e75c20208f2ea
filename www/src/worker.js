// The Web Worker that runs the core and everything heavy (analyze.js), so that typing never
// waits for an evaluation. The page compiles the WebAssembly module (its download starts from
// the page's head, see vite.config.js) and hands it over; runs come one at a time.

import init, { Catalogue, version } from 'eci-image-cache/web';
import { createAnalyzer } from './analyze.js';

/** @typedef {import('eci-image-cache/web').KubernetesObject} KubernetesObject */

/**
 * The catalogues in use: the cluster's caches (and, for objects that are not workloads, none),
 * each read once and kept until its caches or settings change.
 * @type {Map<string, {imageCaches: KubernetesObject[], settingsKey: string, catalogue: Catalogue}>}
 */
const catalogues = new Map();

/**
 * The one place that turns the caches and settings into an evaluation function: a Catalogue,
 * built on first use (so that its errors are those of the first evaluation, named by path) and
 * reused while the parsed caches (kept by their text) and the settings stay the same.
 * @param {KubernetesObject[]} imageCaches
 * @param {Record<string, unknown>} settings
 */
function evaluatorFor(imageCaches, settings) {
  const slot = imageCaches.length === 0 ? 'none' : 'caches';
  const settingsKey = JSON.stringify(settings);
  return (/** @type {KubernetesObject} */ object, /** @type {string} */ now) => {
    let kept = catalogues.get(slot);
    if (!kept || kept.imageCaches !== imageCaches || kept.settingsKey !== settingsKey) {
      kept?.catalogue.free();
      catalogues.delete(slot);
      kept = { imageCaches, settingsKey, catalogue: new Catalogue({ imageCaches, settings }) };
      catalogues.set(slot, kept);
    }
    return kept.catalogue.evaluate({ object, now });
  };
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
