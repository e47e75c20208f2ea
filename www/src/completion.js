// What the editors offer to complete at a position, from the core's vocabulary (the npm
// package's vocabulary.json, generated from the Rust tables) and the caches of the caches
// editor: annotation names under a pod's `metadata.annotations` (but those already written
// there), their values (booleans, the caches' ids for a pin), and in the caches editor the
// ImageCache fields, its annotations and their values. Pure: text and position in, options out (editor-lazy.js
// hands them to CodeMirror).

import { contextAt, siblingKeys } from './yaml-context.js';

/**
 * @typedef {{name: string, on: string, description: string,
 *   value: {kind: string, description: string, choices?: string[]}, examples: string[],
 *   olderName?: string, currentName?: string}} AnnotationEntry `on`: `pod` or `ImageCache`
 * @typedef {{path: string, description: string, rule: string, example: unknown, choices?: string[]}} FieldEntry
 * @typedef {{code: string, severity: string, title: string, example: string, fix: string, automaticFix?: string}} CodeEntry
 * @typedef {{annotations: AnnotationEntry[], imageCacheFields: FieldEntry[], codes: CodeEntry[]}} Vocabulary
 * @typedef {{id: string, name: string, phase: string}} CacheChoice a cache of the caches editor
 * @typedef {'workload' | 'caches'} EditorName
 * @typedef {{label: string, apply: string, detail: string, info: string, type: string, boost: number,
 *   reopen: boolean}} Option
 *   `apply`: the text that replaces the range; `reopen`: whether to offer the value next
 * @typedef {{from: number, to: number, options: Option[]}} Completions
 */

/** The sections of an ImageCache whose fields the vocabulary lists. */
const SECTIONS = ['metadata', 'spec', 'status'];

/**
 * Whether the keys above lead from the root of an object: a document, an item of a
 * top-level list, or of a List's `items`.
 * @param {string[]} path
 */
function atRoot(path) {
  return path.length === 0 || (path.length === 1 && path[0] === '-') || (path.length === 2 && path[0] === 'items' && path[1] === '-');
}

/**
 * Whether the keys above are an object's `metadata.annotations`: a pod's, a pod template's
 * (anywhere in the workload editor), an ImageCache's (at the root in the caches editor).
 * @param {string[]} path
 * @param {EditorName} editor
 */
export function underAnnotations(path, editor) {
  const n = path.length;
  if (n < 2 || path[n - 1] !== 'annotations' || path[n - 2] !== 'metadata') return false;
  return editor === 'workload' || atRoot(path.slice(0, -2));
}

/**
 * The annotations read from objects of the editor: a pod's in the workload editor, an
 * ImageCache's in the caches editor.
 * @param {Vocabulary} vocabulary
 * @param {EditorName} editor
 */
export function annotationsFor(vocabulary, editor) {
  const on = editor === 'workload' ? 'pod' : 'ImageCache';
  return vocabulary.annotations.filter((entry) => entry.on === on);
}

/**
 * The ImageCache field a key names, given the keys above it; null for any other key.
 * @param {Vocabulary} vocabulary
 * @param {string[]} path
 * @param {string} key
 * @returns {FieldEntry | null}
 */
export function fieldFor(vocabulary, path, key) {
  const section = path[path.length - 1];
  if (!SECTIONS.includes(section) || !atRoot(path.slice(0, -1))) return null;
  return vocabulary.imageCacheFields.find((field) => field.path === `${section}.${key}`) ?? null;
}

/** Whether YAML would read a plain scalar as something else than a string. */
function needsQuotes(value) {
  return /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?)$/i.test(value);
}

/**
 * The text that replaces the value being typed: annotation values are strings, so a value
 * YAML would read as a boolean or a number is quoted; a quote already opened is closed.
 * @param {{valueQuote: string, closed: boolean}} context
 * @param {string} value
 * @param {boolean} string whether the value must be a string
 */
function valueText(context, value, string) {
  if (context.valueQuote) return context.closed ? value : `${value}${context.valueQuote}`;
  return string && needsQuotes(value) ? `"${value}"` : value;
}

/**
 * @param {AnnotationEntry} entry
 * @returns {string}
 */
function annotationInfo(entry) {
  return `${entry.description}\nValue: ${entry.value.description}.`;
}

/**
 * Options for a key: the annotation names, or the fields of an ImageCache section.
 * @param {Vocabulary} vocabulary
 * @param {EditorName} editor
 * @param {import('./yaml-context.js').CursorContext} context
 * @returns {Option[]}
 */
function keyOptions(vocabulary, editor, context) {
  const closing = context.keyClosed ? '' : context.quote;
  const tail = context.colon ? '' : ': ';
  if (underAnnotations(context.path, editor)) {
    return annotationsFor(vocabulary, editor).map((entry) => ({
      label: entry.name,
      apply: `${entry.name}${closing}${tail}`,
      detail: entry.currentName ? `older name of ${entry.currentName.replace(/^k8s\.aliyun\.com\//, '')}` : entry.value.kind,
      info: annotationInfo(entry),
      type: 'property',
      boost: entry.currentName ? -1 : 0,
      reopen: tail !== '' && valueChoices(entry.value.kind),
    }));
  }
  if (editor !== 'caches') return [];
  const section = context.path[context.path.length - 1];
  if (!SECTIONS.includes(section) || !atRoot(context.path.slice(0, -1))) return [];
  return vocabulary.imageCacheFields
    .filter((field) => field.path.startsWith(`${section}.`))
    .map((field) => {
      const name = field.path.slice(section.length + 1);
      return {
        label: name,
        apply: `${name}${closing}${tail}`,
        detail: field.rule,
        info: field.description,
        type: 'property',
        boost: 0,
        reopen: tail !== '' && (field.choices?.length ?? 0) > 0,
      };
    });
}

/** Whether a value kind has values to offer after its name is inserted. */
function valueChoices(kind) {
  return kind === 'boolean' || kind === 'one-of' || kind === 'cache-id';
}

/**
 * Options for a value: the choices of a closed kind, the caches' ids for a pin, and (asked
 * for) the examples of the others.
 * @param {Vocabulary} vocabulary
 * @param {EditorName} editor
 * @param {import('./yaml-context.js').CursorContext} context
 * @param {CacheChoice[]} caches
 * @param {boolean} explicit
 * @returns {Option[]}
 */
function valueOptions(vocabulary, editor, context, caches, explicit) {
  const option = (label, detail, info, boost = 0) => ({ label, apply: valueText(context, label, true), detail, info, type: 'constant', boost, reopen: false });
  if (underAnnotations(context.path, editor)) {
    const entry = annotationsFor(vocabulary, editor).find((candidate) => candidate.name === context.key);
    if (!entry) return [];
    if (entry.value.kind === 'cache-id') {
      return caches
        .filter((cache) => cache.id !== '')
        .map((cache) => option(
          cache.id,
          [cache.name, cache.phase].filter(Boolean).join(' \u00b7 '),
          cache.phase === 'Ready' ? `The cache ${cache.name || cache.id}.` : `The cache ${cache.name || cache.id} is ${cache.phase || 'without a phase'}: a pin to it fails until it is Ready.`,
          cache.phase === 'Ready' ? 1 : 0,
        ));
    }
    const choices = entry.value.choices ?? [];
    if (choices.length > 0) return choices.map((choice, index) => option(choice, entry.value.kind, entry.value.description, -index));
    return explicit ? entry.examples.map((example) => option(example, 'example', entry.value.description)) : [];
  }
  if (editor !== 'caches') return [];
  const field = fieldFor(vocabulary, context.path, context.key);
  return (field?.choices ?? []).map((choice) => ({ ...option(choice, field.rule, field.description), apply: valueText(context, choice, false) }));
}

/**
 * What to offer at `pos`: the options and the range they replace (the word being typed,
 * without its quotes); null where nothing is offered. Unless `explicit` (asked for, as with
 * Ctrl+Space), a key is only completed once something of it is typed.
 * @param {string} text
 * @param {number} pos
 * @param {{vocabulary: Vocabulary, editor: EditorName, caches?: CacheChoice[], explicit?: boolean}} options
 * @returns {Completions | null}
 */
export function completeAt(text, pos, { vocabulary, editor, caches = [], explicit = false }) {
  const context = contextAt(text, pos);
  if (!context) return null;
  if (context.at === 'key') {
    if (!explicit && context.typed === '') return null;
    // What is written beside it already is not offered again.
    const lineStart = text.lastIndexOf('\n', context.keyFrom - 1) + 1;
    const written = new Set(siblingKeys(text, lineStart, context.keyFrom - context.quote.length - lineStart));
    const options = keyOptions(vocabulary, editor, context).filter((option) => !written.has(option.label));
    return options.length > 0 ? { from: context.keyFrom, to: context.keyTo, options } : null;
  }
  const options = valueOptions(vocabulary, editor, context, caches, explicit);
  return options.length > 0 ? { from: context.valueFrom, to: context.valueTo, options } : null;
}
