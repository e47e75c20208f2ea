// What the page puts on `window` for its end-to-end tests and its benchmark.
interface Window {
  /** The editors' API and the timings of each update (main.js). */
  eciPlayground: import('./main.js').Hooks;
  /** When each update was laid out, collected in the page by scripts/bench.mjs. */
  benchLaidOut: { generation: number; at: number }[];
}
