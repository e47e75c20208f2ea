// The two CodeMirror 6 editors: YAML highlighting, line numbers, folding, undo, optional line
// wrapping, files dropped onto them, marks for the problems found (parse errors and the
// report's diagnostics), and completion and hover help for the annotations and ImageCache
// fields, in the page's light or dark theme through CSS variables (style.css).
//
// Only what shows the text is loaded with the page (CodeMirror's view and state): undo,
// the key bindings, highlighting, folding, lint marks and help come with editor-lazy.js
// once the first decision is on screen, which keeps about 24 KB (gzipped) of CodeMirror's
// language and commands packages out of the cold load. Until then the editors take typing
// as a plain text area does, without undo.
//
// Text too long to evaluate, or nested hundreds of levels deep, is shown without
// highlighting: the YAML grammar's tree builder (lezer) recurses once per level of nesting
// and, a thousand levels down, can exhaust the stack depending on how much of it the caller
// already used (a shared link restored from deep in the page's own code did).

import { Compartment, EditorSelection, EditorState, Text } from '@codemirror/state';
import {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, lineNumbers,
} from '@codemirror/view';
import { MAX_EDITOR_CHARS } from './limits.js';

/** Nesting (flow brackets, or the indentation and `- ` before a line's content, in pairs of
 * characters) past which an editor shows plain text; real manifests nest about 15 deep. */
export const MAX_HIGHLIGHT_NESTING = 256;

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

/**
 * Whether the YAML grammar may parse a text: at most MAX_EDITOR_CHARS long, and neither
 * flow brackets nor line prefixes deeper than MAX_HIGHLIGHT_NESTING. A quick lexical
 * estimate (brackets in quotes count too) that errs towards plain text.
 * @param {{length: number, iter: () => Iterator<string>}} doc a CodeMirror Text
 */
export function highlightable(doc) {
  if (doc.length > MAX_EDITOR_CHARS) return false;
  let flow = 0;
  let prefix = 0;
  let lineStart = true;
  for (let chunks = doc.iter(), next = chunks.next(); !next.done; next = chunks.next()) {
    const text = next.value;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        lineStart = true;
        prefix = 0;
      } else if (lineStart && (c === 32 || c === 9 || c === 45)) {
        prefix += 1;
        if (prefix > 2 * MAX_HIGHLIGHT_NESTING) return false;
      } else {
        lineStart = false;
        if (c === 91 || c === 123) {
          flow += 1;
          if (flow > MAX_HIGHLIGHT_NESTING) return false;
        } else if ((c === 93 || c === 125) && flow > 0) {
          flow -= 1;
        }
      }
    }
  }
  return true;
}

const plainText = [];
const language = new Compartment();
const extras = new Compartment();
/** The grammar and the lint extensions (editor-lazy.js), once loaded. */
let lazy = null;
/** Marks asked for before the lint extension was loaded, per editor. */
const pendingMarks = new Map();
/** Which help each editor gets: a workload's annotations, or an ImageCache's fields. */
const helpKinds = new Map();
/** @type {import('./completion.js').CacheChoice[]} the caches editor's caches, as last read */
let cacheChoices = [];

/**
 * The caches the pin annotations offer, from the caches editor's latest reading.
 * @param {import('./completion.js').CacheChoice[]} caches
 */
export function setCacheChoices(caches) {
  cacheChoices = caches;
}

/** The extras (editor-lazy.js) of one editor. */
function extrasOf(view) {
  return [...lazy.extras, lazy.editorHelp(helpKinds.get(view), () => cacheChoices)];
}

/** Switches the YAML grammar off, in the same transaction, for text it should not parse. */
const guardLanguage = EditorState.transactionExtender.of((tr) => {
  if (!tr.docChanged) return null;
  const wanted = lazy && highlightable(tr.newDoc) ? lazy.yamlLanguage : plainText;
  return language.get(tr.startState) === wanted ? null : { effects: language.reconfigure(wanted) };
});

/** Whether the editor highlights its text as YAML now. */
export function highlighted(view) {
  return lazy !== null && language.get(view.state) === lazy.yamlLanguage;
}

const views = new Set();
const darkness = new Compartment();
const wrapping = new Compartment();
let dark = false;
let wrap = false;

/** Tells the editors whether the page shows its dark theme (layout.js decides). */
export function setDark(value) {
  dark = value;
  for (const view of views) view.dispatch({ effects: darkness.reconfigure(EditorView.darkTheme.of(dark)) });
}

/** Wraps long lines in every editor, or not. */
export function setWrap(value) {
  wrap = value;
  for (const view of views) view.dispatch({ effects: wrapping.reconfigure(wrap ? EditorView.lineWrapping : []) });
}

/** Hands a file dropped onto the editor to `onFile` instead of inserting its name. */
function fileDrop(onFile) {
  return EditorView.domEventHandlers({
    drop(event) {
      const file = event.dataTransfer?.files?.[0];
      if (!file) return false;
      event.preventDefault();
      onFile(file);
      return true;
    },
  });
}

/**
 * @param {{parent: HTMLElement, label: string, text: string, help: import('./completion.js').EditorName,
 *   onChange: () => void, onFile: (file: File) => void}} options
 *   `help`: the completion and hover help it gets, a workload's or the caches'
 * @returns {EditorView}
 */
export function createEditor({ parent, label, text, help, onChange, onFile }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        EditorState.tabSize.of(2),
        language.of(lazy && highlightable(Text.of(text.split('\n'))) ? lazy.yamlLanguage : plainText),
        extras.of([]),
        guardLanguage,
        wrapping.of(wrap ? EditorView.lineWrapping : []),
        fileDrop(onFile),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange();
        }),
        theme,
        darkness.of(EditorView.darkTheme.of(dark)),
      ],
    }),
  });
  views.add(view);
  helpKinds.set(view, help);
  if (lazy) upgrade(view);
  return view;
}

function upgrade(view) {
  view.dispatch({
    effects: [
      language.reconfigure(highlightable(view.state.doc) ? lazy.yamlLanguage : plainText),
      extras.reconfigure(extrasOf(view)),
    ],
  });
  if (pendingMarks.has(view)) {
    view.dispatch(lazy.setDiagnostics(view.state, lazy.explainCodes(pendingMarks.get(view))));
    pendingMarks.delete(view);
  }
}

/**
 * Loads YAML highlighting, folding, the lint marks and the help into every editor. The page calls it
 * once its first decision is shown: they are not needed for that.
 * @returns {Promise<void>}
 */
export function upgradeEditors() {
  loading ??= import('./editor-lazy.js').then((module) => {
    lazy = module;
    for (const view of views) upgrade(view);
  });
  return loading;
}
let loading = null;

/** Replaces the whole text (one undoable change). */
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/**
 * Makes several edits as one transaction: one undo step of its own (Ctrl+Z takes all of
 * them back, and nothing typed before or after), the first edit selected and scrolled to,
 * the editor focused.
 * @param {EditorView} view
 * @param {{from: number, to: number, insert: string}[]} changes offsets in the current text
 */
export function applyEdits(view, changes) {
  const set = view.state.changes(changes);
  const first = [...changes].sort((a, b) => a.from - b.from)[0];
  const anchor = set.mapPos(first.from, -1);
  const head = Math.min(anchor + first.insert.length, set.newLength);
  view.dispatch({
    changes: set,
    selection: { anchor, head },
    annotations: lazy ? lazy.isolateHistory.of('full') : [],
    userEvent: 'input.fix',
    effects: EditorView.scrollIntoView(EditorSelection.range(anchor, head), { y: 'center' }),
  });
  view.focus();
}

/**
 * Marks problems in the editor (underline, gutter marker, tooltip; a diagnostic code's
 * tooltip adds the catalogue's fix once the extras are loaded).
 * @param {EditorView} view
 * @param {{from: number, to: number, severity: string, message: string, source?: string, code?: string}[]} problems
 */
export function showProblems(view, problems) {
  const length = view.state.doc.length;
  const marks = problems.map(({ from, to, severity, message, source, code }) => {
    const start = Math.min(Math.max(0, from), length);
    return { from: start, to: Math.min(Math.max(start, to), length), severity, message, source, code };
  });
  if (lazy) view.dispatch(lazy.setDiagnostics(view.state, lazy.explainCodes(marks)));
  else pendingMarks.set(view, marks);
}

/**
 * Selects a range, scrolls it to the middle of the editor and focuses the editor. The line's
 * start is kept in view too where it fits, so that a long line does not hide its key.
 */
export function reveal(view, from, to) {
  const length = view.state.doc.length;
  const anchor = Math.min(from, length);
  const lineStart = view.state.doc.lineAt(anchor).from;
  view.dispatch({
    selection: { anchor, head: Math.min(Math.max(anchor, to), length) },
    effects: EditorView.scrollIntoView(EditorSelection.range(anchor, lineStart), { y: 'center' }),
  });
  view.focus();
}
