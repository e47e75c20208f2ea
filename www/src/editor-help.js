// The editors' completion and hover help as CodeMirror extensions: the options of
// completion.js and the explanations of hover.js, and the fix of a diagnostic's code in its
// lint tooltip, on the vocabulary the npm package ships (generated from the core's tables,
// never a copy here). Loaded with the other editor extras after the first decision
// (editor-lazy.js).

import { autocompletion, insertCompletionText, pickedCompletion, startCompletion } from '@codemirror/autocomplete';
import { EditorView, hoverTooltip } from '@codemirror/view';
import vocabulary from 'eci-image-cache/vocabulary.json';
import { completeAt } from './completion.js';
import { h } from './dom.js';
import { describeAt } from './hover.js';
import { MAX_LOOKBACK } from './yaml-context.js';

/**
 * The text around `pos` that the help reads: whole lines from MAX_LOOKBACK characters
 * before its line (yaml-context.js reads no further) to its end, and where that text starts.
 * @param {import('@codemirror/state').EditorState} state
 * @param {number} pos
 */
function around(state, pos) {
  const line = state.doc.lineAt(pos);
  const start = state.doc.lineAt(Math.max(0, line.from - MAX_LOOKBACK)).from;
  return { text: state.doc.sliceString(start, line.to), start };
}

/**
 * @param {import('./completion.js').EditorName} editor
 * @param {() => import('./completion.js').CacheChoice[]} caches the caches of the caches editor, as last read
 * @returns {import('@codemirror/autocomplete').CompletionSource}
 */
function completionSource(editor, caches) {
  return (context) => {
    const { text, start } = around(context.state, context.pos);
    const found = completeAt(text, context.pos - start, { vocabulary, editor, caches: caches(), explicit: context.explicit });
    if (!found) return null;
    return {
      from: found.from + start,
      to: found.to + start,
      validFor: /^[\w./-]*$/,
      options: found.options.map(({ label, apply, detail, info, type, boost, reopen }) => ({
        label, detail, info, type, boost,
        // After a name whose values are few, offer them at once.
        apply: reopen
          ? (view, completion, from, to) => {
            view.dispatch({ ...insertCompletionText(view.state, apply, from, to), annotations: pickedCompletion.of(completion) });
            startCompletion(view);
          }
          : apply,
      })),
    };
  };
}

/**
 * @param {import('./completion.js').EditorName} editor
 */
function hoverHelp(editor) {
  return hoverTooltip((view, pos) => {
    const { text, start } = around(view.state, pos);
    const help = describeAt(text, pos - start, { vocabulary, editor });
    if (!help) return null;
    return {
      pos: help.from + start,
      end: help.to + start,
      above: true,
      create: () => ({
        dom: h('div', { class: 'cm-help' }, h('strong', null, help.title), help.text.split('\n').map((line) => h('p', null, line))),
      }),
    };
  });
}

/** The catalogue entry of each diagnostic code. */
const codes = new Map(vocabulary.codes.map((entry) => [entry.code, entry]));

/**
 * The lint marks, those of a known diagnostic code with its fix from the catalogue below
 * the message.
 * @template {{message: string, code?: string}} M
 * @param {M[]} marks
 * @returns {(M & {renderMessage?: () => Node})[]}
 */
export function explainCodes(marks) {
  return marks.map((mark) => {
    const entry = mark.code ? codes.get(mark.code) : undefined;
    if (!entry) return mark;
    return { ...mark, renderMessage: () => h('div', null, h('p', { class: 'cm-help-message' }, mark.message), h('p', { class: 'cm-help-fix' }, `Fix: ${entry.fix}`)) };
  });
}

const theme = EditorView.theme({
  '.cm-help': { fontFamily: 'var(--sans)', maxWidth: '32em', padding: '4px 8px' },
  '.cm-help p': { margin: '4px 0 0' },
  '.cm-help-message, .cm-help-fix': { margin: '0', maxWidth: '40em' },
  '.cm-help-fix': { marginTop: '4px', color: 'var(--muted)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--selection)', color: 'var(--fg)' },
  '.cm-completionDetail': { color: 'var(--muted)' },
  '.cm-completionInfo': { fontFamily: 'var(--sans)', maxWidth: '28em', whiteSpace: 'pre-line' },
});

/**
 * Completion and hover help for one editor.
 * @param {import('./completion.js').EditorName} editor
 * @param {() => import('./completion.js').CacheChoice[]} caches the caches of the caches editor, as last read
 */
export function editorHelp(editor, caches) {
  return [autocompletion({ override: [completionSource(editor, caches)], icons: false }), hoverHelp(editor), theme];
}
