// What the editors gain once the first decision is on screen (editor.js loads this module
// then, to keep the cold load small): undo and the key bindings, YAML highlighting and
// folding (the grammar), the lint gutter and marks (a diagnostic's with its code's fix), and
// completion and hover help from the core's vocabulary.

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, codeFolding, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { keymap } from '@codemirror/view';
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

export const yamlLanguage = yaml();
export const extras = [
  history(),
  indentOnInput(),
  syntaxHighlighting(highlightStyle),
  lintGutter(),
  codeFolding(),
  foldGutter(),
  keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
];
export { isolateHistory } from '@codemirror/commands';
export { editorHelp, explainCodes } from './editor-help.js';
export { setDiagnostics };
