// What the editors gain once the first decision is on screen (editor.js loads this module
// then, to keep the cold load small): YAML highlighting and folding (the grammar), the
// lint gutter and marks (a diagnostic's with its code's fix), and completion and hover help
// from the core's vocabulary.

import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { keymap } from '@codemirror/view';

export const yamlLanguage = yaml();
export const extras = [lintGutter(), keymap.of(lintKeymap)];
export { editorHelp, explainCodes } from './editor-help.js';
export { setDiagnostics };
