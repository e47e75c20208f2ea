// Parses the two editors' YAML into what the core takes, keeping the documents so that the
// report's pointers can be mapped back to lines (yaml-map.js).
//
// YAML 1.2 core schema (the `yaml` package's default): `yes` and `on` are strings, as the
// core expects for annotation values; aliases are expanded with a limit, so a
// "billion laughs" document is refused instead of freezing the page.

import { parseAllDocuments } from 'yaml';
import { lineEnd } from './text-position.js';

/** Expanding more aliases than this per anchor is refused (the `yaml` package's guard). */
export const MAX_ALIAS_COUNT = 100;

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true };

/**
 * @typedef {{from: number, to: number, severity: 'error' | 'warning' | 'info', message: string, code: string}} Problem
 * @typedef {{text: string, docs: import('yaml').Document[], doc: import('yaml').Document | null,
 *   object: Record<string, unknown> | null, problems: Problem[], empty: boolean}} ParsedWorkload
 * @typedef {{doc: import('yaml').Document, prefix: string[]}} CacheEntry
 * @typedef {{text: string, docs: import('yaml').Document[], caches: unknown[] | null,
 *   index: CacheEntry[], problems: Problem[]}} ParsedCaches
 */

function parseStream(text) {
  const docs = [...parseAllDocuments(text, PARSE_OPTIONS)];
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
  const result = { text, docs, doc, object: null, problems, empty: doc === null };
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
