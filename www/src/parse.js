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
import { lineEnd } from './text-position.js';

/** Expanding more aliases than this per anchor is refused (the `yaml` package's guard). */
export const MAX_ALIAS_COUNT = 100;
/** Longest text an editor's content may be to be evaluated: 1 MiB of characters, far more
 * than a pod (the API server stores at most 1.5 MiB, real pods take a few KiB) or a few
 * hundred ImageCaches from `kubectl get imagecache -o yaml` take, and still parsed in about
 * a second. */
export const MAX_EDITOR_CHARS = 1 << 20;
/** Deepest nesting of collections read (Kubernetes objects nest about 15 deep; the core
 * refuses more than 100). */
export const MAX_NESTING = 64;

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true };
const NUMBER = new Intl.NumberFormat('en-US');

/** Codes of the problems that stop an editor's text from being read at all. */
export const LIMIT_CODES = Object.freeze({ tooLarge: 'input-too-large', tooDeep: 'yaml-too-deep' });

/**
 * @typedef {{from: number, to: number, severity: 'error' | 'warning' | 'info', message: string, code: string}} Problem
 * @typedef {{text: string, docs: import('yaml').Document[], doc: import('yaml').Document | null,
 *   object: Record<string, unknown> | null, problems: Problem[], empty: boolean}} ParsedWorkload
 * @typedef {{doc: import('yaml').Document, prefix: string[]}} CacheEntry
 * @typedef {{text: string, docs: import('yaml').Document[], caches: unknown[] | null,
 *   index: CacheEntry[], problems: Problem[]}} ParsedCaches
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

/** A problem at the start of the text that stops it from being read: no documents. */
function refused(text, from, code, message) {
  return { docs: [], problems: [{ from, to: Math.min(lineEnd(text, from), from + 200), severity: 'error', code, message }] };
}

function parseStream(text) {
  if (text.length > MAX_EDITOR_CHARS) {
    return refused(text, 0, LIMIT_CODES.tooLarge,
      `Too large to evaluate: ${NUMBER.format(text.length)} characters, more than the ${NUMBER.format(MAX_EDITOR_CHARS)} `
      + '(1 MiB) the playground reads in one editor; a pod, or a few hundred ImageCaches, take far less.');
  }
  const tokens = [...new Parser().parse(text)];
  const deep = tooDeepAt(tokens, MAX_NESTING);
  if (deep !== -1) {
    return refused(text, deep, LIMIT_CODES.tooDeep,
      `Too deeply nested to evaluate: more than ${MAX_NESTING} levels here; Kubernetes objects nest about 15.`);
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

/**
 * The workload editor: one Kubernetes object (the first document of the stream).
 * @param {string} text
 * @returns {ParsedWorkload}
 */
export function parseWorkload(text) {
  const { docs, problems } = parseStream(text);
  const withContent = filled(docs);
  const doc = withContent[0] ?? null;
  const result = { text, docs, doc, object: null, problems, empty: doc === null && !hasError(problems) };
  if (hasError(problems) || doc === null) return result;
  if (withContent.length > 1) {
    problems.push(
      problemAt(text, docStart(withContent[1]), 'warning', 'yaml-extra-document',
        `Only the first document is evaluated; this editor holds ${withContent.length}.`),
    );
  }
  const { ok, value } = toValue(doc, text, problems);
  if (!ok) return result;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(
      problemAt(text, docStart(doc), 'error', 'yaml-not-an-object',
        `Expected a Kubernetes object (a mapping with apiVersion, kind, metadata, spec), not ${describe(value)}.`),
    );
    return result;
  }
  result.object = value;
  return result;
}

/**
 * The caches editor: a v1 List or an ImageCacheList (`kubectl get imagecache -o yaml`), an
 * array, or ImageCache documents separated by `---`, in any mix. The page always hands the
 * core a flat array, and `index[i]` tells where the i-th cache sits in the text.
 * @param {string} text
 * @returns {ParsedCaches}
 */
export function parseCaches(text) {
  const { docs, problems } = parseStream(text);
  /** @type {ParsedCaches} */
  const result = { text, docs, caches: null, index: [], problems };
  if (hasError(problems)) return result;
  const caches = [];
  for (const doc of filled(docs)) {
    const { ok, value } = toValue(doc, text, problems);
    if (!ok || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        caches.push(item);
        result.index.push({ doc, prefix: [String(i)] });
      });
    } else if (typeof value === 'object' && typeof value.kind === 'string' && value.kind.endsWith('List')) {
      const items = Array.isArray(value.items) ? value.items : [];
      items.forEach((item, i) => {
        caches.push(item);
        result.index.push({ doc, prefix: ['items', String(i)] });
      });
    } else if (typeof value === 'object') {
      caches.push(value);
      result.index.push({ doc, prefix: [] });
    } else {
      problems.push(
        problemAt(text, docStart(doc), 'error', 'yaml-not-a-cache',
          `Expected an ImageCache, a List of them (kubectl get imagecache -o yaml) or a list, not ${describe(value)}.`),
      );
    }
  }
  if (!hasError(problems)) result.caches = caches;
  return result;
}
