// A diagnostic's fix (JSON Patch, RFC 6902, against the object evaluated) turned into small
// edits of the editor's text, so that applying it keeps the user's formatting, comments,
// quoting and key order everywhere else: a replaced scalar is rewritten in place, a removed
// pair loses its line(s), an added pair gets a line at its map's indentation (with nested
// keys under it when its parent map does not exist yet), a rename keeps the key's place.
// Block and flow mappings are edited alike, and JSON text stays JSON (commas included).
//
// Every result is checked: the edited text is parsed again and must read as exactly the
// patched object, with no new YAML error. What the edits cannot do safely (operations on
// sequences, aliases, a key after `- ` that would lose its dash, a block collection
// replaced by another), and any edit that fails that check, falls back to the document
// with the patch applied and printed anew, replacing only that document's text
// (`reprinted`): the `yaml` Document patched (comments kept), or else the patched value
// alone; when even that does not read back as the patched object, there is no change but
// an error. Loaded on the first click of a Fix button.

import { ChangeSet } from '@codemirror/state';
import { isAlias, isCollection, isMap, isScalar, isSeq, parse, parseAllDocuments, parseDocument, stringify } from 'yaml';
import { applyJsonPatch } from './json-patch.js';
import { applyPatch, printOptions } from './patch.js';
import { parseWorkload } from './parse.js';
import { formatPointer, isIndex, parsePointer } from './pointer.js';
import { lineEnd } from './text-position.js';

/**
 * @typedef {{from: number, to: number, insert: string}} TextChange offsets in the editor's text
 * @typedef {{op: string, path: string, value?: unknown}} Operation
 * @typedef {{ok: boolean, changes?: TextChange[], reprinted?: boolean, error?: string}} FixResult
 *   `ok` with the changes (`reprinted` when the document is printed anew), or the reason why not
 * @typedef {{json: boolean, step: number, indentSeq: boolean}} Style how the document is written
 */

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true };

/** An operation the text edits do not take on; the document is printed anew instead. */
class Unfit extends Error {}

/**
 * The fix for the `selected`-th object of the workload editor's text (as analyze.js numbers
 * them), as edits of that text.
 * @param {string} text the workload editor's text, as it was evaluated
 * @param {number} selected
 * @param {Operation[]} patch
 * @returns {FixResult}
 */
export function workloadFix(text, selected, patch) {
  const parsed = parseWorkload(text);
  const entry = parsed.entries[selected];
  if (!entry) return { ok: false, error: 'the object it is about is no longer in the workload editor' };
  return fixEdits(text, entry, patch);
}

/**
 * Edits of `text` that apply `patch` to the object an entry (parse.js) names: the entry's
 * document, at `prefix` inside it (a List item), `base` the offset of `entry.text` in `text`.
 * @param {string} text
 * @param {{doc: import('yaml').Document, prefix: string[], base: number, text: string}} entry
 * @param {Operation[]} patch
 * @returns {FixResult}
 */
export function fixEdits(text, entry, patch) {
  if (text.slice(entry.base, entry.base + entry.text.length) !== entry.text) {
    return { ok: false, error: 'the text changed since it was read' };
  }
  if (!Array.isArray(patch) || patch.length === 0) return { ok: false, error: 'the fix holds no change' };
  const [start, , end] = entry.doc.range;
  const source = entry.text.slice(start, end);
  const operations = [];
  for (const operation of patch) {
    const tokens = parsePointer(operation.path);
    if (tokens === null) return { ok: false, error: `${operation.path} is not a JSON Pointer` };
    operations.push({ ...operation, tokens: [...entry.prefix, ...tokens] });
  }
  const original = readDocument(source);
  if (!original) return { ok: false, error: 'the document cannot be read' };
  let expected = original.value;
  try {
    for (const { op, tokens, value } of operations) {
      // RFC 6902: what is removed or replaced must be there (json-patch.js is lenient).
      if (op !== 'add' && !has(expected, tokens)) throw new Error(`nothing at ${formatPointer(tokens.slice(entry.prefix.length))}`);
      expected = applyJsonPatch(expected, [{ op, path: formatPointer(tokens), value }]);
    }
  } catch (error) {
    return { ok: false, error: `it no longer fits the text: ${error.message}` };
  }
  const shift = start + entry.base;
  const style = styleOf(original.doc, source);
  let edited = null;
  try {
    edited = editText(source, operations, style);
  } catch {
    // Unfit, or a case the edits got wrong: the printed document below is checked the same way.
  }
  if (edited !== null && readsAs(edited.text, expected, original.doc.warnings.length)) {
    const changes = edited.changes.filter((change) => source.slice(change.from, change.to) !== change.insert);
    if (changes.length === 0) return { ok: false, error: 'the text already says what the fix would write' };
    return { ok: true, changes: changes.map((change) => moved(change, shift)), reprinted: false };
  }
  for (const printed of reprints(source, original.doc, operations, expected, style)) {
    if (printed !== null && readsAs(printed, expected, original.doc.warnings.length)) {
      return { ok: true, changes: [{ from: shift, to: shift + source.length, insert: printed }], reprinted: true };
    }
  }
  return { ok: false, error: 'the text cannot take it without changing more than the fix' };
}

/** Whether a value has a member at a path. */
function has(value, tokens) {
  let node = value;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return false;
    node = node[token];
  }
  return true;
}

function moved(change, shift) {
  return { from: change.from + shift, to: change.to + shift, insert: change.insert };
}

/** The one document of a text and its value, or null when it has errors or is not one. */
function readDocument(text) {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return null;
  try {
    return { doc: docs[0], value: docs[0].toJS({ maxAliasCount: 100 }) };
  } catch {
    return null;
  }
}

/** Whether a text reads as `expected`, with no more YAML warnings than `warnings`. */
function readsAs(text, expected, warnings) {
  const read = readDocument(text);
  return read !== null && read.doc.warnings.length <= warnings && same(read.value, expected);
}

function same(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]));
}

// ---- the document's style ----

/** JSON when the root is a flow collection whose every key is double-quoted; the
 * indentation step of nested mappings (2 when none tells). */
function styleOf(doc, text) {
  const steps = [];
  let json = isCollection(doc.contents) && doc.contents.flow === true;
  const walk = (node, column) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) {
          json = false;
          continue;
        }
        if (pair.key.type !== 'QUOTE_DOUBLE') json = false;
        const here = ownLine(text, pair.key.range[0]) ? columnOf(text, pair.key.range[0]) : null;
        const child = isMap(pair.value) ? pair.value.items[0]?.key : null;
        if (here !== null && isScalar(child) && child.range && ownLine(text, child.range[0])) {
          const step = columnOf(text, child.range[0]) - here;
          if (step > 0) steps.push(step);
        }
        walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, column);
    }
  };
  walk(doc.contents, 0);
  return { json, step: steps.length > 0 ? Math.min(...steps) : 2, indentSeq: printOptions(text).indentSeq };
}

function lineStart(text, offset) {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text, offset) {
  return offset - lineStart(text, offset);
}

/** Whether only indentation stands before `offset` on its line. */
function ownLine(text, offset) {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

// ---- writing values ----

/**
 * A scalar as the text around it wants it: JSON in JSON, the quotes the old value had, or
 * plain when both YAML 1.2 (this page, the core) and YAML 1.1 (Kubernetes' reader) read the
 * plain text back as the same string: so `"true"` and `"yes"` stay quoted, `50Gi` need not.
 * @param {unknown} value
 * @param {{json: boolean, flow: boolean, quote?: string}} where
 */
function scalarText(value, where) {
  if (where.json || typeof value !== 'string') return JSON.stringify(value);
  if (where.quote === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (where.quote === 'QUOTE_SINGLE' && !/[\n\r]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return plainSafe(value, where.flow) ? value : JSON.stringify(value);
}

function plainSafe(value, flow) {
  if (value === '' || value !== value.trim() || /[\n\r\t#]|:$|: /.test(value)) return false;
  if (flow && /[,[\]{}:]/.test(value)) return false;
  try {
    return parse(value, { version: '1.2' }) === value && parse(value, { version: '1.1' }) === value;
  } catch {
    return false;
  }
}

const isCollectionValue = (value) => value !== null && typeof value === 'object';
const isEmptyCollection = (value) => isCollectionValue(value) && Object.keys(value).length === 0;
const emptyText = (value) => (Array.isArray(value) ? '[]' : '{}');

/** A value on one line: flow collections, scalars as scalarText writes them. */
function inlineText(value, json) {
  if (!isCollectionValue(value)) return scalarText(value, { json, flow: true });
  if (Array.isArray(value)) return `[${value.map((item) => inlineText(item, json)).join(', ')}]`;
  return `{${Object.entries(value).map(([key, item]) => `${scalarText(key, { json, flow: true })}: ${inlineText(item, json)}`).join(', ')}}`;
}

/** A collection as block YAML lines at `indent` (no line break at either end). */
function blockLines(value, indent, style) {
  const pad = ' '.repeat(indent);
  const entry = (head, item) => {
    if (!isCollectionValue(item)) return `${head} ${scalarText(item, { json: false, flow: false })}`;
    if (isEmptyCollection(item)) return `${head} ${emptyText(item)}`;
    const inner = Array.isArray(item) ? indent + (style.indentSeq ? style.step : 0) : indent + style.step;
    return `${head}\n${blockLines(item, inner, style)}`;
  };
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (isCollectionValue(item) && !Array.isArray(item) && !isEmptyCollection(item)) {
        return `${pad}- ${blockLines(item, indent + 2, style).slice(indent + 2)}`;
      }
      return entry(`${pad}-`, item);
    }).join('\n');
  }
  return Object.entries(value).map(([key, item]) => entry(`${pad}${scalarText(key, { json: false, flow: false })}:`, item)).join('\n');
}

/** A JSON value laid out over lines like the text around it, starting at column `indent`. */
function jsonLines(value, indent, step) {
  return JSON.stringify(value, null, step).split('\n').join(`\n${' '.repeat(indent)}`);
}

// ---- the edits ----

/**
 * Applies the operations one by one, each as text edits of the text the previous ones left
 * (parsed again each time), and composes them into edits of the original text.
 * @returns {{text: string, changes: TextChange[]}}
 */
function editText(source, operations, style) {
  let text = source;
  let total = ChangeSet.empty(source.length);
  for (let i = 0; i < operations.length; i += 1) {
    const read = readDocument(text);
    if (!read) throw new Unfit('the text no longer parses');
    const next = operations[i + 1];
    const edits = renamed(read.doc, text, operations[i], next, style);
    if (edits) i += 1;
    const changes = [...(edits ?? operationEdits(read.doc, text, operations[i], style))].sort((a, b) => a.from - b.from);
    const set = ChangeSet.of(changes, text.length);
    text = applyChanges(text, changes);
    total = total.compose(set);
  }
  /** @type {TextChange[]} */
  const changes = [];
  total.iterChanges((from, to, _fromB, _toB, inserted) => changes.push({ from, to, insert: inserted.toString() }));
  return { text, changes };
}

function applyChanges(text, changes) {
  let out = text;
  for (const change of [...changes].sort((a, b) => b.from - a.from)) out = out.slice(0, change.from) + change.insert + out.slice(change.to);
  return out;
}

/** Where a path leads: the map holding its last key, the pair there (if any), and the pair
 * holding that map (if any). */
function resolve(doc, tokens) {
  if (tokens.length === 0) throw new Unfit('the whole object');
  let node = doc.contents;
  let holder = null;
  for (const token of tokens.slice(0, -1)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyOf(item) === token);
      if (!pair) throw new Unfit(`no ${token}`);
      holder = pair;
      node = pair.value;
    } else if (isSeq(node) && isIndex(token) && Number(token) < node.items.length) {
      holder = null;
      node = node.items[Number(token)];
    } else {
      throw new Unfit(`cannot descend into ${token}`);
    }
    if (isAlias(node)) throw new Unfit('an alias');
  }
  if (!isMap(node)) throw new Unfit('not inside a mapping');
  const key = tokens[tokens.length - 1];
  return { map: node, pair: node.items.find((item) => keyOf(item) === key) ?? null, key, holder };
}

function keyOf(pair) {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** A `remove` of a key followed by an `add` of another into the same map (a rename): the key
 * is rewritten where it stands, and its value too if it changes. Null when not that case. */
function renamed(doc, text, first, second, style) {
  if (first.op !== 'remove' || second?.op !== 'add' || first.tokens.length !== second.tokens.length) return null;
  if (formatPointer(first.tokens.slice(0, -1)) !== formatPointer(second.tokens.slice(0, -1))) return null;
  const from = resolve(doc, first.tokens);
  const to = resolve(doc, second.tokens);
  if (!from.pair || to.pair || !isScalar(from.pair.key) || !from.pair.key.range) return null;
  const key = from.pair.key;
  const where = { json: style.json, flow: from.map.flow === true, quote: key.type };
  const edits = [{ from: key.range[0], to: key.range[1], insert: scalarText(to.key, where) }];
  const current = isScalar(from.pair.value) ? from.pair.value.toJSON() : undefined;
  if (current !== second.value || isCollectionValue(second.value)) edits.push(...valueEdits(text, from.map, from.pair, second.value, style));
  return edits;
}

function operationEdits(doc, text, operation, style) {
  const { map, pair, key, holder } = resolve(doc, operation.tokens);
  if (operation.op === 'remove') {
    if (!pair) throw new Unfit('nothing to remove');
    return removeEdits(text, map, pair, holder);
  }
  if (operation.op !== 'add' && operation.op !== 'replace') throw new Unfit(operation.op);
  if (pair) return valueEdits(text, map, pair, operation.value, style);
  if (operation.op === 'replace') throw new Unfit('nothing to replace');
  return addEdits(text, map, key, operation.value, style);
}

/** Where a pair's text ends: its value's end, or its key's when it has no value. */
function pairEnd(pair) {
  const node = pair.value ?? pair.key;
  return node.range[1];
}

/** The offset after the line holding the end of `offset`'s content (a block value may end
 * with its line break already). */
function afterLine(text, offset) {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const end = lineEnd(text, offset);
  return end < text.length ? end + 1 : end;
}

/** The offset just after the `:` that follows a key. */
function afterColon(text, key) {
  const colon = text.indexOf(':', key.range[1]);
  if (colon === -1 || text.slice(key.range[1], colon).trim() !== '') throw new Unfit('no colon after the key');
  return colon + 1;
}

/** Sets the value of an existing pair. */
function valueEdits(text, map, pair, value, style) {
  const old = pair.value;
  const flow = map.flow === true;
  if (isAlias(old) || (old && (old.anchor || old.tag))) throw new Unfit('an anchored, tagged or aliased value');
  const blank = !old || old.range[0] === old.range[1];
  const at = blank ? afterColon(text, pair.key) : old.range[0];
  const stop = blank ? at : old.range[1];
  const gap = blank ? ' ' : '';
  if (!isCollectionValue(value) || isEmptyCollection(value)) {
    if (isCollection(old) && !old.flow) throw new Unfit('a block collection replaced');
    const insert = isEmptyCollection(value) ? emptyText(value) : scalarText(value, { json: style.json, flow, quote: isScalar(old) ? old.type : undefined });
    const block = isScalar(old) && (old.type === 'BLOCK_LITERAL' || old.type === 'BLOCK_FOLDED');
    return [{ from: at, to: stop, insert: `${gap}${insert}${block ? '\n' : ''}` }];
  }
  if (flow || (isCollection(old) && old.flow && style.json)) {
    return [{ from: at, to: stop, insert: `${gap}${style.json ? jsonLines(value, columnOf(text, pair.key.range[0]), style.step) : inlineText(value, false)}` }];
  }
  if (isCollection(old) && !old.flow) throw new Unfit('a block collection replaced');
  if (isScalar(old) && (old.type === 'BLOCK_LITERAL' || old.type === 'BLOCK_FOLDED')) throw new Unfit('a block scalar replaced');
  if (!ownLine(text, pair.key.range[0])) throw new Unfit('a key after a dash');
  const indent = columnOf(text, pair.key.range[0]) + (Array.isArray(value) && !style.indentSeq ? 0 : style.step);
  return [{ from: afterColon(text, pair.key), to: stop, insert: `\n${blockLines(value, indent, style)}` }];
}

/** Removes a pair: its lines in a block map (`{}` left when it was the only one), the pair
 * and one comma in a flow map. */
function removeEdits(text, map, pair, holder) {
  const index = map.items.indexOf(pair);
  const start = pair.key.range[0];
  if (map.flow) {
    const [open, close] = [map.range[0], map.range[1] - 1];
    if (text[open] !== '{' || text[close] !== '}') throw new Unfit('a flow map without braces');
    if (map.items.length === 1) return [{ from: open + 1, to: close, insert: '' }];
    if (index < map.items.length - 1) return [{ from: start, to: map.items[index + 1].key.range[0], insert: '' }];
    return [{ from: pairEnd(map.items[index - 1]), to: pairEnd(pair), insert: '' }];
  }
  if (!ownLine(text, start)) {
    if (map.items.length > 1) throw new Unfit('a key after a dash');
    return [{ from: start, to: pairEnd(pair), insert: '{}' }];
  }
  let from = lineStart(text, start);
  const to = afterLine(text, pairEnd(pair));
  // The last line of a text without a final line break: its line break before goes instead.
  if (to === text.length && text[to - 1] !== '\n' && from > 0) from -= 1;
  const edits = [{ from, to, insert: '' }];
  if (map.items.length === 1) {
    if (holder && isScalar(holder.key) && holder.value === map) edits.push({ from: afterColon(text, holder.key), to: afterColon(text, holder.key), insert: ' {}' });
    else throw new Unfit('the only key of a map that no key holds');
  }
  return edits;
}

/** Adds a pair to a map that lacks the key: a line after the last pair at the map's
 * indentation in a block map, `, key: value` (or a new line in a JSON layout) in a flow map. */
function addEdits(text, map, key, value, style) {
  const last = map.items[map.items.length - 1];
  if (map.flow) {
    const keyText = scalarText(key, { json: style.json, flow: true });
    if (!last) {
      if (text[map.range[0]] !== '{') throw new Unfit('a flow map without a brace');
      return [{ from: map.range[0] + 1, to: map.range[0] + 1, insert: `${keyText}: ${inlineText(value, style.json)}` }];
    }
    const end = pairEnd(last);
    const start = last.key.range[0];
    if (style.json && ownLine(text, start)) {
      const column = columnOf(text, start);
      return [{ from: end, to: end, insert: `,\n${' '.repeat(column)}${keyText}: ${jsonLines(value, column, style.step)}` }];
    }
    return [{ from: end, to: end, insert: `, ${keyText}: ${inlineText(value, style.json)}` }];
  }
  const column = columnOf(text, map.items[0].key.range[0]);
  const line = blockLines({ [key]: value }, column, style);
  const end = pairEnd(last);
  if (end > 0 && text[end - 1] === '\n') return [{ from: end, to: end, insert: `${line}\n` }];
  const at = lineEnd(text, end);
  return [{ from: at, to: at, insert: `\n${line}` }];
}

// ---- the fallback ----

/** The document with the patch applied and printed anew, in the order tried: JSON with the
 * document's indentation for JSON; for YAML the patched `yaml` Document (comments kept), then
 * the patched value alone (the comments inside the object lost: when the Document cannot
 * take the patch, say because an alias repeats the value replaced). */
function* reprints(source, doc, operations, expected, style) {
  const [from, , to] = doc.contents.range;
  if (style.json) {
    yield `${source.slice(0, from)}${JSON.stringify(expected, null, style.step)}${source.slice(doc.contents.range[1])}`;
    return;
  }
  yield attempt(() => applyPatch(parseDocument(source, PARSE_OPTIONS), operations.map(({ op, tokens, value }) => ({ op, path: formatPointer(tokens), value })))
    .toString(printOptions(source)));
  yield attempt(() => `${source.slice(0, from)}${stringify(expected, { ...printOptions(source), aliasDuplicateObjects: false })}${source.slice(to)}`);
}

function attempt(print) {
  try {
    return print();
  } catch {
    return null;
  }
}
