// RFC 6902 on plain JSON values (add, remove, replace, as the core's patches use), for the
// mutated manifest of JSON input and of items of a List, which are shown as printed anew.

import { isIndex, parsePointer } from './pointer.js';

/**
 * A copy of `value` with the patch applied. Throws on an operation the value cannot take.
 * @param {unknown} value
 * @param {{op: string, path: string, value?: unknown}[]} patch
 * @returns {unknown}
 */
export function applyJsonPatch(value, patch) {
  let out = structuredClone(value);
  for (const { op, path, value: operand } of patch) {
    const tokens = parsePointer(path);
    if (tokens === null) throw new Error(`not a JSON Pointer: ${path}`);
    if (!['add', 'remove', 'replace'].includes(op)) throw new Error(`${op}: not an operation the playground applies`);
    if (tokens.length === 0) {
      out = op === 'remove' ? null : structuredClone(operand);
      continue;
    }
    let parent = out;
    for (const token of tokens.slice(0, -1)) {
      parent = Array.isArray(parent) && isIndex(token) ? parent[Number(token)] : parent?.[token];
      if (parent === null || typeof parent !== 'object') throw new Error(`${path}: no collection at ${token}`);
    }
    const last = tokens[tokens.length - 1];
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : isIndex(last) ? Number(last) : NaN;
      if (!(index <= parent.length)) throw new Error(`${path}: no such item`);
      if (op === 'add') parent.splice(index, 0, structuredClone(operand));
      else if (op === 'remove') parent.splice(index, 1);
      else parent[index] = structuredClone(operand);
    } else if (op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = structuredClone(operand);
    }
  }
  return out;
}
