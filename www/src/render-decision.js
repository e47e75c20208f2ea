// The decision in one sentence, with the facts it rests on.

import { fill, h } from './dom.js';

const OUTCOME_LABELS = {
  matched: 'Matched',
  pinned: 'Pinned',
  'will-create': 'Will create',
  none: 'No cache',
  rejected: 'Rejected',
};

/** The summary as a sentence: capital first letter, unless it starts with an id. */
function sentence(summary) {
  const text = /^[a-z]+[\s-]/.test(summary) && !summary.startsWith('imc-') ? summary[0].toUpperCase() + summary.slice(1) : summary;
  return /[.)]$/.test(text) ? text : `${text}.`;
}

/**
 * @param {HTMLElement} section
 * @param {import('eci-image-cache').Report} report
 * @param {string} now the time the report was computed at
 */
export function renderDecision(section, report, now) {
  const { decision, workload, images, temporaryStorageGiB } = report;
  section.dataset.state = 'ready';
  section.dataset.outcome = decision.outcome;
  const who = [workload.kind, [workload.namespace, workload.name].filter(Boolean).join('/')].filter(Boolean).join(' ');
  fill(
    section,
    h('h2', { class: 'visually-hidden' }, 'Decision'),
    h('p', { class: 'decision-line' },
      h('span', { class: `badge outcome-${decision.outcome}`, id: 'decision-outcome' }, OUTCOME_LABELS[decision.outcome] ?? decision.outcome),
      ' ',
      h('span', { class: 'decision-summary', id: 'decision-summary' }, sentence(decision.summary))),
    h('p', { class: 'decision-facts' },
      who ? h('span', null, who) : null,
      h('span', null, `${images.length} image${images.length === 1 ? '' : 's'}`),
      h('span', null, `temporary storage ${temporaryStorageGiB} GiB`),
      h('span', null, `at ${now}`)),
  );
}

/**
 * A state without a report: loading, nothing to evaluate, YAML errors, or input refused.
 * @param {HTMLElement} section
 * @param {{state: string, title: string, message: string, hint?: string | null,
 *   action?: {label: string, run: () => void}}} problem `hint` says in plain words what to fix
 */
export function renderDecisionProblem(section, { state, title, message, hint, action }) {
  section.dataset.state = state;
  delete section.dataset.outcome;
  fill(
    section,
    h('h2', { class: 'visually-hidden' }, 'Decision'),
    h('p', { class: 'decision-line' },
      h('span', { class: `badge state-${state}`, id: 'decision-outcome' }, title),
      ' ',
      h('span', { class: 'decision-summary', id: 'decision-summary' }, message)),
    hint ? h('p', { class: 'decision-hint', id: 'decision-hint' }, hint) : null,
    action ? h('p', { class: 'decision-facts' }, h('button', { type: 'button', class: 'link', onclick: action.run }, action.label)) : null,
  );
}
