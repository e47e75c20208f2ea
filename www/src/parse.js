// Parses the two editors' YAML into what the core takes, keeping the documents so that the
// report's pointers can be mapped back to lines (yaml-map.js).
//
// YAML 1.2 core schema (the `yaml` package's default): `yes` and `on` are strings, as the
// core expects for annotation values; aliases are expanded with a limit, so a
// "billion laughs" document is refused instead of freezing the page.
//
// Hostile input is refused before it can freeze or crash the page: a text longer than
// MAX_EDITOR_CHARS is not parsed at all, and a document nested deeper than MAX_NESTING is
// not composed. The `yaml` package composes recursively: it turns a stack overflow into
// "Maximum call stack size exceeded" at some arbitrary place, and in Node an overflow at a
// bad moment aborted the whole process (V8 out of memory compiling a regular expression).

import { CST, Composer, Parser } from 'yaml';
import { splitStream } from './parse-chunks.js';
import { MAX_EDITOR_CHARS } from './limits.js';
import { lineEnd } from './text-position.js';

export { MAX_EDITOR_CHARS };

/** Expanding more aliases than this per anchor is refused (the `yaml` package's guard). */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of collections read (Kubernetes objects nest about 15 deep; the core
 * refuses more than 100). */
export const MAX_NESTING = 64;

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true };
const NUMBER = new Intl.NumberFormat('en-US');

/** Codes of the problems that stop an editor's text from being read at all. */
export const LIMIT_CODES = Object.freeze({ tooLarge: 'input-too-large', tooDeep: 'yaml-too-deep' });

/**
 * @typedef {{from: number, to: number, severity: 'error' | 'warning' | 'info', message: string, code: string}} Problem
 * @typedef {{doc: import('yaml').Document, prefix: string[], base: number, text: string}} Entry
 *   where an object sits: the document holding it, the path to it inside that document, and
 *   the text the document was parsed from with its offset in the editor's text
 *   Parsed objects are typed as JSON.parse types its result: their shape is the user's.
 * @typedef {Entry & {object: Record<string, any>}} WorkloadEntry
 * @typedef {{text: string, docs: import('yaml').Document[], doc: import('yaml').Document | null,
 *   object: Record<string, any> | null, entries: WorkloadEntry[], problems: Problem[], empty: boolean}} ParsedWorkload
 *   `entries` are every object of the stream (the items of a List each count), `doc` and
 *   `object` the first one's
 * @typedef {{text: string, caches: any[] | null, index: Entry[], problems: Problem[]}} ParsedCaches
 * @typedef {{get: (key: string) => any, set: (key: string, value: any) => void, rotate: () => void}} Memo
 */

/**
 * The offset of a collection nested deeper than `limit` in a parsed stream, or -1. Walks
 * the concrete syntax tree with its own stack, so that depth cannot exhaust the call stack.
 * @param {import('yaml').CST.Token[]} tokens
 * @param {number} limit
 */
export function tooDeepAt(tokens, limit) {
  /** @type {[import('yaml').CST.Token, number][]} */
  const stack = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push([token.value, 1]);
  while (stack.length > 0) {
    const [token, depth] = /** @type {[import('yaml').CST.Token, number]} */ (stack.pop());
    if (!CST.isCollection(token)) continue;
    if (depth > limit) return token.offset;
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return -1;
}

/**
 * A problem at the start of the text that stops it from being read: no documents.
 * @returns {{docs: import('yaml').Document[], problems: Problem[]}}
 */
function refused(text, from, code, message) {
  return { docs: [], problems: [{ from, to: Math.min(lineEnd(text, from), from + 200), severity: 'error', code, message }] };
}

function parseStream(text, nesting = MAX_NESTING) {
  if (text.length > MAX_EDITOR_CHARS) {
    return refused(text, 0, LIMIT_CODES.tooLarge,
      `Too large to evaluate: ${NUMBER.format(text.length)} characters, more than the ${NUMBER.format(MAX_EDITOR_CHARS)} `
      + '(1 MiB) the playground reads in one editor; a pod, or a few hundred ImageCaches, take far less.');
  }
  const tokens = [...new Parser().parse(text)];
  const deep = tooDeepAt(tokens, nesting);
  if (deep !== -1) {
    return refused(text, deep, LIMIT_CODES.tooDeep,
      `Too deeply nested to evaluate: more than ${nesting} levels here; Kubernetes objects nest about 15.`);
  }
  const docs = [...new Composer(PARSE_OPTIONS).compose(tokens)];
  /** @type {Problem[]} */
  const problems = [];
  for (const doc of docs) {
    for (const error of doc.errors) problems.push(fromYamlError(error, 'error'));
    for (const warning of doc.warnings) problems.push(fromYamlError(warning, 'warning'));
  }
  return { docs, problems };
}

/**
 * @param {import('yaml').YAMLError} error
 * @param {Problem['severity']} severity
 * @returns {Problem}
 */
function fromYamlError(error, severity) {
  const [from, to] = error.pos;
  return { from, to: Math.max(from, to), severity, message: firstLine(error.message), code: `yaml-${error.code}` };
}

function firstLine(message) {
  const end = message.indexOf('\n');
  return end === -1 ? message : message.slice(0, end);
}

function hasError(problems) {
  return problems.some((problem) => problem.severity === 'error');
}

/** Documents with content: a stream may hold empty ones (a trailing `---`, comments only). */
function filled(docs) {
  return docs.filter((doc) => doc.contents !== null);
}

function docStart(doc) {
  return doc.contents?.range?.[0] ?? doc.range[0];
}

/**
 * @param {string} text
 * @param {number} from
 * @param {Problem['severity']} severity
 * @param {string} code
 * @param {string} message
 * @returns {Problem}
 */
function problemAt(text, from, severity, code, message) {
  return { from, to: Math.max(lineEnd(text, from), Math.min(from + 1, text.length)), severity, code, message };
}

/** The document as plain JSON values, or a problem when its aliases expand too far. */
function toValue(doc, text, problems) {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    problems.push(problemAt(text, docStart(doc), 'error', 'yaml-ALIAS_LIMIT', firstLine(String(error.message))));
    return { ok: false, value: undefined };
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/** Whether a value is a List of the API (`v1 List`, `ImageCacheList`, …) with its items. */
function isList(value) {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && !Array.isArray(value);
}

/**
 * The workload editor: every Kubernetes object of the stream (what `helm template` or
 * `kustomize build` prints), the items of a `List` each on their own.
 * @param {string} text
 * @returns {ParsedWorkload}
 */
export function parseWorkload(text) {
  const { docs, problems } = parseStream(text);
  const withContent = filled(docs);
  /** @type {ParsedWorkload} */
  const result = { text, docs, doc: null, object: null, entries: [], problems, empty: withContent.length === 0 && !hasError(problems) };
  if (hasError(problems)) return result;
  for (const doc of withContent) {
    const { ok, value } = toValue(doc, text, problems);
    if (!ok) continue;
    const place = { doc, base: 0, text };
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && isList(value) && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) result.entries.push({ ...place, prefix: ['items', String(i)], object: item });
      });
    } else if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(
        problemAt(text, docStart(doc), 'error', 'yaml-not-an-object',
          `Expected a Kubernetes object (a mapping with apiVersion, kind, metadata, spec), not ${describe(value)}.`),
      );
    } else {
      result.entries.push({ ...place, prefix: [], object: value });
    }
  }
  if (hasError(problems)) {
    result.entries = [];
    return result;
  }
  result.doc = result.entries[0]?.doc ?? null;
  result.object = result.entries[0]?.object ?? null;
  return result;
}

/** A memo of parsed pieces that keeps what the last parse used (see parseCaches). */
export function pieceMemo() {
  let previous = new Map();
  let current = new Map();
  return {
    get(key) {
      const value = current.get(key) ?? previous.get(key);
      if (value !== undefined) current.set(key, value);
      return value;
    },
    set(key, value) {
      current.set(key, value);
    },
    rotate() {
      previous = current;
      current = new Map();
    },
  };
}

/**
 * A piece of the caches text parsed on its own: its documents with content and their
 * values, or null when it reports any problem.
 * @param {string} text
 * @param {number} nesting
 * @param {Memo | null} memo
 * @returns {{doc: import('yaml').Document, value: unknown}[] | null}
 */
function parsePiece(text, nesting, memo) {
  const key = `${nesting}\n${text}`;
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const { docs, problems } = parseStream(text, nesting);
  let values = null;
  if (problems.length === 0) {
    values = [];
    for (const doc of filled(docs)) {
      const { ok, value } = toValue(doc, text, problems);
      if (!ok) {
        values = null;
        break;
      }
      values.push({ doc, value });
    }
  }
  memo?.set(key, values);
  return values;
}

/**
 * Adds the caches one document holds (a cache, a List of them, or an array).
 * @returns {boolean} false when the document holds something else
 */
function addCaches(result, caches, doc, value, base, text) {
  const add = (item, prefix) => {
    caches.push(item);
    result.index.push({ doc, prefix, base, text });
  };
  if (value === null) return true;
  if (Array.isArray(value)) value.forEach((item, i) => add(item, [String(i)]));
  else if (typeof value === 'object' && isList(value)) (Array.isArray(value.items) ? value.items : []).forEach((item, i) => add(item, ['items', String(i)]));
  else if (typeof value === 'object') add(value, []);
  else return false;
  return true;
}

/** The caches of a split stream, each piece parsed on its own; null on any problem. */
function parsePieces(text, pieces, memo) {
  /** @type {ParsedCaches} */
  const result = { text, caches: null, index: [], problems: [] };
  const caches = [];
  for (const piece of pieces) {
    if (piece.items) {
      const headText = piece.head.map((span) => text.slice(span.start, span.end)).join('');
      const head = parsePiece(headText, MAX_NESTING, memo);
      const value = head?.length === 1 ? head[0].value : null;
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !isList(value) || /** @type {{items?: unknown}} */ (value).items != null) return null;
      for (const span of piece.items) {
        const itemText = text.slice(span.start, span.end);
        // Two levels less: the List and its `items` key are outside the piece.
        const item = parsePiece(itemText, MAX_NESTING - 2, memo);
        if (item?.length !== 1 || !Array.isArray(item[0].value) || item[0].value.length !== 1) return null;
        caches.push(item[0].value[0]);
        result.index.push({ doc: item[0].doc, prefix: ['0'], base: span.start, text: itemText });
      }
    } else {
      const pieceText = text.slice(piece.start, piece.end);
      const parsed = parsePiece(pieceText, MAX_NESTING, memo);
      if (parsed === null) return null;
      for (const { doc, value } of parsed) if (!addCaches(result, caches, doc, value, piece.start, pieceText)) return null;
    }
  }
  result.caches = caches;
  return result;
}

/**
 * The caches editor: a v1 List or an ImageCacheList (`kubectl get imagecache -o yaml`), an
 * array, or ImageCache documents separated by `---`, in any mix. The page always hands the
 * core a flat array, and `index[i]` tells where the i-th cache sits in the text.
 *
 * With a memo, the text is read piece by piece (parse-chunks.js), each piece remembered by its
 * text, so that an edit re-parses only the cache it touched; any problem in a piece means one
 * parse of the whole text instead, whose errors are those shown.
 * @param {string} text
 * @param {Memo | null} [memo]
 * @returns {ParsedCaches}
 */
export function parseCaches(text, memo = null) {
  memo?.rotate();
  if (text.length <= MAX_EDITOR_CHARS) {
    const pieces = splitStream(text);
    const fast = pieces && parsePieces(text, pieces, memo);
    if (fast) return fast;
  }
  const { docs, problems } = parseStream(text);
  /** @type {ParsedCaches} */
  const result = { text, caches: null, index: [], problems };
  if (hasError(problems)) return result;
  const caches = [];
  for (const doc of filled(docs)) {
    const { ok, value } = toValue(doc, text, problems);
    if (!ok) continue;
    if (!addCaches(result, caches, doc, value, 0, text)) {
      problems.push(
        problemAt(text, docStart(doc), 'error', 'yaml-not-a-cache',
          `Expected an ImageCache, a List of them (kubectl get imagecache -o yaml) or a list, not ${describe(value)}.`),
      );
    }
  }
  if (!hasError(problems)) result.caches = caches;
  return result;
}
