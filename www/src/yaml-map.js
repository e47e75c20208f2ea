// Maps the report's JSON Pointers back to text ranges in the YAML the user typed.
//
// The report places each diagnostic with a JSON Pointer into the input it was given:
//   /now, /settings/<key>        the settings panel
//   /imageCaches/<i>/...         the i-th cache of the array the page built from the caches
//                                editor (see parse.js: `index` maps i to a document and the
//                                path of the cache inside it)
//   anything else                the workload object, i.e. the first document of the
//                                workload editor
// A pointer whose tail does not exist in the YAML (an annotations map the pod lacks, say)
// lands on the deepest node that does exist.

import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { isIndex, parsePointer } from './pointer.js';
import { lineEnd } from './text-position.js';

/**
 * The text range of the node a pointer names in a parsed YAML document.
 * A key/value pair is marked from its key; a collection only on its first line, so that a
 * mark never covers a whole block.
 * @param {import('yaml').Document} doc
 * @param {string[]} tokens reference tokens (unescaped)
 * @param {string} text the source the document was parsed from
 * @returns {{from: number, to: number, exact: boolean}}
 */
export function locate(doc, tokens, text) {
  /** @type {unknown} */
  let node = doc.contents;
  let key = null; // the key node of the pair that holds `node`, when inside a mapping
  let depth = 0;
  for (const token of tokens) {
    const container = isAlias(node) ? node.resolve(doc) : node;
    if (isMap(container)) {
      const pair = container.items.find((item) => keyText(item.key) === token);
      if (!pair) break;
      key = pair.key;
      node = pair.value;
    } else if (isSeq(container) && isIndex(token) && Number(token) < container.items.length) {
      key = null;
      node = container.items[Number(token)];
    } else {
      break;
    }
    depth += 1;
    if (node == null && depth < tokens.length) break;
  }
  const exact = depth === tokens.length;
  const from = start(key, node, doc);
  let to = lineEnd(text, from);
  if (exact && (isScalar(node) || isAlias(node)) && node.range) to = Math.min(node.range[1], to);
  if (to <= from) to = Math.min(text.length, from + 1);
  return { from, to, exact };
}

function start(key, node, doc) {
  if (key?.range) return key.range[0];
  if (node?.range) return node.range[0];
  return doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
}

function keyText(key) {
  if (isScalar(key)) return String(key.value);
  if (key == null) return null;
  return typeof key === 'object' ? undefined : String(key);
}

/** The range of a path inside an entry (parse.js), as offsets in the editor's text. */
function locateIn(entry, tokens) {
  const { from, to, exact } = locate(entry.doc, [...entry.prefix, ...tokens], entry.text);
  return { from: from + entry.base, to: to + entry.base, exact };
}

/**
 * Where a report path points: which panel, and for an editor the range to mark.
 * @param {string} path JSON Pointer from the report
 * @param {{workload: {text: string, entry?: import('./parse.js').Entry | null, doc?: import('yaml').Document | null},
 *   caches: import('./parse.js').ParsedCaches}} inputs `workload.entry` is the object evaluated
 *   (the first document when absent)
 * @returns {{target: 'workload' | 'caches', from: number, to: number, exact: boolean}
 *   | {target: 'now'} | {target: 'settings', key: string | null} | null}
 */
export function placeReportPath(path, inputs) {
  const tokens = parsePointer(path);
  if (!tokens) return null;
  const [head, ...rest] = tokens;
  if (head === 'now') return { target: 'now' };
  if (head === 'settings') return { target: 'settings', key: rest[0] ?? null };
  if (head === 'imageCaches') {
    const { index, text } = inputs.caches;
    const entry = rest.length > 0 && isIndex(rest[0]) ? index[Number(rest[0])] : undefined;
    if (!entry) {
      const first = index[0];
      return first
        ? { target: 'caches', ...locateIn(first, []), exact: false }
        : { target: 'caches', from: 0, to: Math.min(1, text.length), exact: false };
    }
    return { target: 'caches', ...locateIn(entry, rest.slice(1)) };
  }
  const { workload } = inputs;
  const entry = workload.entry ?? (workload.doc ? { doc: workload.doc, prefix: [], base: 0, text: workload.text } : null);
  if (!entry) return { target: 'workload', from: 0, to: Math.min(1, workload.text.length), exact: false };
  return { target: 'workload', ...locateIn(entry, tokens) };
}
