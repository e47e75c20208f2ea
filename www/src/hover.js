// What hovering a key of the editors explains, from the core's vocabulary (vocabulary.json):
// an annotation's name (under `metadata.annotations`), or an ImageCache field in the caches
// editor. Pure: text and position in, the range and the text to show out (editor-lazy.js
// shows it in a CodeMirror tooltip).

import { annotationsFor, fieldFor, underAnnotations } from './completion.js';
import { contextAt } from './yaml-context.js';

/**
 * @typedef {{from: number, to: number, title: string, text: string}} Help
 */

/**
 * The help for the key at `pos`, or for the annotation whose value `pos` is in; null
 * elsewhere.
 * @param {string} text
 * @param {number} pos
 * @param {{vocabulary: import('./completion.js').Vocabulary, editor: import('./completion.js').EditorName}} options
 * @returns {Help | null}
 */
export function describeAt(text, pos, { vocabulary, editor }) {
  const context = contextAt(text, pos);
  if (!context || context.key === '' || !context.colon) return null;
  const range = context.at === 'key' ? { from: context.keyFrom, to: context.keyTo } : { from: context.valueFrom, to: context.valueTo };
  if (range.from === range.to) return null;
  if (underAnnotations(context.path, editor)) {
    const entry = annotationsFor(vocabulary, editor).find((candidate) => candidate.name === context.key);
    if (!entry) return null;
    const lines = context.at === 'key'
      ? [entry.description, `Value: ${entry.value.description}.`]
      : [`${entry.value.description[0].toUpperCase()}${entry.value.description.slice(1)}.`];
    return { ...range, title: entry.name, text: lines.join('\n') };
  }
  if (editor !== 'caches' || context.at !== 'key') return null;
  const field = fieldFor(vocabulary, context.path, context.key);
  return field ? { ...range, title: field.path, text: `${field.description}\nRule: ${field.rule}.` } : null;
}
