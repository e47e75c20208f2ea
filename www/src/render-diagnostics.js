// The list of problems: YAML errors of both editors, then the report's diagnostics, each a
// button that takes the user to its line (or to the setting it is about), its code a link to
// the code's entry in the catalogue shipped beside the page (diagnostics.html, made from
// docs/diagnostics.md at build time), and a button for the fix when it carries one.

import { fill, h } from './dom.js';

const ORDER = { error: 0, warning: 1, info: 2 };

/** The catalogue's page, next to index.html; each code's heading has the code as its id. */
export const CATALOGUE_URL = './diagnostics.html';

/** The link to a code's entry in the catalogue. */
export function codeLink(code) {
  return `${CATALOGUE_URL}#${encodeURIComponent(code)}`;
}

/**
 * @typedef {{severity: 'error' | 'warning' | 'info', code: string, message: string, hint?: string | null,
 *   where: string, reveal: (() => void) | null, fix?: (() => void) | null, fixTitle?: string, documented?: boolean}} Item
 *   `hint` says in plain words what to change; `fix`, when the diagnostic carries one, applies it;
 *   `documented` when the code is the core's (the catalogue has it), not one of the page's own
 * @param {HTMLOListElement} list
 * @param {HTMLElement} counter
 * @param {Item[]} items
 */
export function renderDiagnostics(list, counter, items) {
  const sorted = items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => (ORDER[a.item.severity] ?? 3) - (ORDER[b.item.severity] ?? 3) || a.position - b.position)
    .map(({ item }) => item);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const item of sorted) counts[item.severity] = (counts[item.severity] ?? 0) + 1;
  fill(counter, sorted.length === 0 ? 'none' : Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}${n === 1 || severity === 'info' ? '' : 's'}`)
    .join(', '));
  fill(list, sorted.map((item) => {
    const code = item.documented
      ? h('a', {
        class: 'diag-code', href: codeLink(item.code), target: '_blank', rel: 'noopener',
        title: `What ${item.code} means and how to fix it (opens in a new tab)`,
      }, h('code', null, item.code))
      : h('code', { class: 'diag-code' }, item.code);
    const body = [
      h('span', { class: 'diag-where' }, item.where),
      h('span', { class: 'diag-message' }, item.message),
      item.hint ? h('span', { class: 'diag-hint' }, item.hint) : null,
    ];
    return h('li', { class: `diag severity-${item.severity}`, dataset: { code: item.code, severity: item.severity } },
      h('p', { class: 'diag-head' }, h('span', { class: `badge severity-${item.severity}` }, item.severity), ' ', code),
      item.reveal
        ? h('button', { type: 'button', class: 'diag-jump', onclick: item.reveal, title: `Go to ${item.where}` }, body)
        : h('div', { class: 'diag-jump' }, body),
      item.fix
        ? h('button', { type: 'button', class: 'diag-fix', onclick: item.fix, title: `Change the workload editor's text: ${item.fixTitle ?? 'the fix'} (Ctrl+Z takes it back)` },
          `Fix: ${item.fixTitle ?? 'apply'}`)
        : null);
  }));
}
