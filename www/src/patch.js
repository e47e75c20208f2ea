// Applies the report's JSON Patch (RFC 6902) to the workload's YAML document, so that the
// mutated manifest keeps the user's comments, key order and quoting, and prints both the
// input and the result the same way for the diff.

import { isAlias, isMap, isSeq } from 'yaml';
import { isIndex, parsePointer } from './pointer.js';

/**
 * How to print a document. Sequences under a key are indented like the input (kubectl
 * prints them flush with the key, many hand-written files indent them), lines are never
 * folded.
 * @param {string} text the source
 */
export function printOptions(text) {
  const flush = (text.match(/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /gm) ?? []).length;
  const indented = (text.match(/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1 +- /gm) ?? []).length;
  return { indentSeq: indented > flush, lineWidth: 0, minContentWidth: 0 };
}

/**
 * A copy of `doc` with the patch applied. Throws on an operation the document cannot take.
 * @param {import('yaml').Document} doc
 * @param {{op: string, path: string, value?: unknown}[]} patch
 */
export function applyPatch(doc, patch) {
  const out = doc.clone();
  for (const operation of patch) applyOne(out, operation);
  return out;
}

/**
 * @param {import('yaml').Document} doc
 * @param {{op: string, path: string, value?: unknown}} operation
 */
function applyOne(doc, { op, path, value }) {
  const tokens = parsePointer(path);
  if (tokens === null) throw new Error(`not a JSON Pointer: ${path}`);
  if (tokens.length === 0) {
    if (op === 'remove') doc.contents = null;
    else doc.contents = doc.createNode(value);
    return;
  }
  if (doc.contents === null || !(isMap(doc.contents) || isSeq(doc.contents))) {
    doc.contents = doc.createNode({});
  }
  let parent = doc.contents;
  for (const token of tokens.slice(0, -1)) parent = child(doc, parent, token, op !== 'remove');
  const last = tokens[tokens.length - 1];
  if (isMap(parent)) {
    if (op === 'remove') parent.delete(last);
    else parent.set(last, doc.createNode(value));
  } else if (isSeq(parent)) {
    const index = last === '-' ? parent.items.length : isIndex(last) ? Number(last) : NaN;
    if (!(index <= parent.items.length)) throw new Error(`${path}: no such item`);
    if (op === 'add') parent.items.splice(index, 0, doc.createNode(value));
    else if (op === 'remove') parent.items.splice(index, 1);
    else parent.items[index] = doc.createNode(value);
  } else {
    throw new Error(`${path}: not inside a mapping or a list`);
  }
}

/** The collection under `token`, created as an empty mapping when missing and allowed. */
function child(doc, parent, token, create) {
  const node = isAlias(parent) ? parent.resolve(doc) : parent;
  let next;
  if (isMap(node)) {
    next = node.get(token, true);
    if (isAlias(next)) next = next.resolve(doc);
    if (!(isMap(next) || isSeq(next))) {
      if (!create) throw new Error(`no collection at ${token}`);
      next = doc.createNode({});
      node.set(token, next);
    }
  } else if (isSeq(node) && isIndex(token)) {
    next = node.items[Number(token)];
    if (isAlias(next)) next = next.resolve(doc);
    if (!(isMap(next) || isSeq(next))) throw new Error(`no collection at item ${token}`);
  } else {
    throw new Error(`cannot descend into ${token}`);
  }
  return next;
}
