// The mutated manifest, as a line diff against the input.

import { fill, h } from './dom.js';

const MARKS = { same: '  ', add: '+ ', del: '- ' };

/**
 * @param {HTMLElement} pre
 * @param {import('./diff.js').DiffLine[]} lines
 */
export function renderDiff(pre, lines) {
  fill(pre, lines.map(({ type, text }) => h('span', { class: `line ${type}` }, MARKS[type], text, '\n')));
}
