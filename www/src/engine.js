// The page's side of the worker (worker.js). The WebAssembly module is fetched and compiled
// here, where index.html's preload can serve it, then handed to the worker, which
// instantiates it. At most one run is in the worker at a time: a request made meanwhile
// replaces any other waiting one, so the page always catches up with the latest text.

import wasmUrl from 'eci-image-cache/eci_image_cache_bg.wasm?url';

async function compile() {
  const response = fetch(wasmUrl);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch {
    return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
  }
}

/**
 * Starts the worker.
 * @param {(result: any, timing: {id: number, sentAt: number, receivedAt: number, workerMs: number, meta: any}) => void} onResult
 *   called with each result and the `meta` its run was given
 * @returns {{ready: Promise<string>, run: (request: any, meta: any) => void}}
 *   `ready` resolves to the core's version
 */
export function startEngine(onResult) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'eci-image-cache' });
  let id = 0;
  let inFlight = null;
  let waiting = null;
  const send = ({ request, meta }) => {
    id += 1;
    inFlight = { id, sentAt: performance.now(), meta };
    worker.postMessage({ type: 'run', id, request });
  };
  const ready = new Promise((resolve, reject) => {
    worker.addEventListener('message', (event) => {
      const message = event.data;
      if (message.type === 'ready') resolve(message.version);
      else if (message.type === 'failed') reject(new Error(message.message));
      else if (message.type === 'result' && inFlight?.id === message.id) {
        const timing = { id: message.id, sentAt: inFlight.sentAt, receivedAt: performance.now(), workerMs: message.workerMs, meta: inFlight.meta };
        inFlight = null;
        if (waiting) {
          const next = waiting;
          waiting = null;
          send(next);
        }
        onResult(message.result, timing);
      }
    });
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the worker failed to start')));
    compile().then((module) => worker.postMessage({ type: 'init', module }), reject);
  });
  return {
    ready,
    run(request, meta) {
      if (inFlight) waiting = { request, meta };
      else send({ request, meta });
    },
  };
}
