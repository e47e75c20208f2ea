// The examples menu: www/examples/index.json lists them; their YAML is bundled as text.

import list from '../examples/index.json';

const sources = import.meta.glob('../examples/*.yaml', { query: '?raw', import: 'default', eager: true });

function source(file) {
  const text = sources[`../examples/${file}`];
  if (typeof text !== 'string') throw new Error(`example file ${file} is missing`);
  return text;
}

/**
 * @typedef {{id: string, title: string, workload: string, caches: string, settings: Record<string, unknown>}} Example
 * @type {Example[]}
 */
export const EXAMPLES = /** @type {{id: string, title: string, workload: string, caches: string, settings?: Record<string, unknown>}[]} */ (list).map((entry) => ({
  id: entry.id,
  title: entry.title,
  workload: source(entry.workload),
  caches: source(entry.caches),
  settings: entry.settings ?? {},
}));
