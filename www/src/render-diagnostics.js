// The list of problems: YAML errors of both editors, then the report's diagnostics, each a
// button that takes the user to its line (or to the setting it is about), and a button for
// the fix when it carries one.

import { fill, h } from './dom.js';

const ORDER = { error: 0, warning: 1, info: 2 };

/**
 * @typedef {{severity: 'error' | 'warning' | 'info', code: string, message: string, hint?: string | null,
 *   where: string, reveal: (() => void) | null, fix?: (() => void) | null, fixTitle?: string}} Item
 *   `hint` says in plain words what to change; `fix`, when the diagnostic carries one, applies it
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
    const body = [
      h('span', { class: `badge severity-${item.severity}` }, item.severity),
      ' ',
      h('code', { class: 'diag-code' }, item.code),
      ' ',
      h('span', { class: 'diag-where' }, item.where),
      h('span', { class: 'diag-message' }, item.message),
      item.hint ? h('span', { class: 'diag-hint' }, item.hint) : null,
    ];
    return h('li', { class: `diag severity-${item.severity}`, dataset: { code: item.code, severity: item.severity } },
      item.reveal
        ? h('button', { type: 'button', class: 'diag-jump', onclick: item.reveal, title: `Go to ${item.where}` }, body)
        : h('div', { class: 'diag-jump' }, body),
      item.fix
        ? h('button', { type: 'button', class: 'diag-fix', onclick: item.fix, title: `Change the workload editor's text: ${item.fixTitle ?? 'the fix'} (Ctrl+Z takes it back)` },
          `Fix: ${item.fixTitle ?? 'apply'}`)
        : null);
  }));
}
