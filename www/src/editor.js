// The two CodeMirror 6 editors: YAML highlighting, line numbers, undo, and marks for the
// problems found (parse errors and the report's diagnostics), in a theme that follows the
// system's light or dark preference through CSS variables (style.css).

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';

const highlightStyle = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: 'var(--syntax-key)' },
  { tag: [tags.string, tags.special(tags.string), tags.attributeValue], color: 'var(--syntax-string)' },
  { tag: tags.content, color: 'var(--syntax-value)' },
  { tag: tags.lineComment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.keyword], color: 'var(--syntax-meta)' },
  { tag: [tags.labelName, tags.typeName], color: 'var(--syntax-anchor)' },
  { tag: [tags.separator, tags.punctuation], color: 'var(--syntax-punctuation)' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--editor-bg)', height: '100%' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'var(--selection)',
  },
  '.cm-gutters': { backgroundColor: 'var(--gutter-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel-bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--panel-bg)', color: 'var(--fg)' },
  '.cm-diagnostic': { fontFamily: 'var(--sans)' },
});

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
const views = new Set();
const darkness = new Compartment();
darkQuery?.addEventListener('change', () => {
  for (const view of views) view.dispatch({ effects: darkness.reconfigure(EditorView.darkTheme.of(darkQuery.matches)) });
});

/**
 * @param {{parent: HTMLElement, label: string, text: string, onChange: () => void}} options
 * @returns {EditorView}
 */
export function createEditor({ parent, label, text, onChange }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        indentOnInput(),
        EditorState.tabSize.of(2),
        yaml(),
        syntaxHighlighting(highlightStyle),
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange();
        }),
        theme,
        darkness.of(EditorView.darkTheme.of(darkQuery?.matches ?? false)),
      ],
    }),
  });
  views.add(view);
  return view;
}

/** Replaces the whole text (one undoable change). */
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/**
 * Marks problems in the editor (underline, gutter marker, tooltip).
 * @param {EditorView} view
 * @param {{from: number, to: number, severity: string, message: string, source?: string}[]} problems
 */
export function showProblems(view, problems) {
  const length = view.state.doc.length;
  const marks = problems.map(({ from, to, severity, message, source }) => {
    const start = Math.min(Math.max(0, from), length);
    return { from: start, to: Math.min(Math.max(start, to), length), severity, message, source };
  });
  view.dispatch(setDiagnostics(view.state, marks));
}

/** Selects a range, scrolls it to the middle of the editor and focuses the editor. */
export function reveal(view, from, to) {
  const length = view.state.doc.length;
  const anchor = Math.min(from, length);
  view.dispatch({
    selection: { anchor, head: Math.min(Math.max(anchor, to), length) },
    effects: EditorView.scrollIntoView(anchor, { y: 'center' }),
  });
  view.focus();
}
