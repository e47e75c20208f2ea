// The objects of a multi-document workload editor (helm template, kustomize build, a List):
// each with its decision at a glance, a click shows that one's full result.

import { fill, h } from './dom.js';

const OUTCOME_LABELS = {
  matched: 'Matched', pinned: 'Pinned', 'will-create': 'Will create', none: 'No cache', rejected: 'Rejected',
};

/**
 * @param {HTMLElement} panel hidden unless the editor holds more than one object
 * @param {HTMLOListElement} list
 * @param {HTMLElement} counter
 * @param {import('./analyze.js').DocumentSummary[]} documents
 * @param {number} selected
 * @param {(index: number) => void} select
 */
export function renderDocuments(panel, list, counter, documents, selected, select) {
  panel.hidden = documents.length < 2;
  if (panel.hidden) {
    fill(list);
    return;
  }
  const workloads = documents.filter((doc) => doc.evaluated).length;
  fill(counter, `${workloads} evaluated of ${documents.length}`);
  fill(list, documents.map((doc) => {
    const label = [doc.kind || '(no kind)', doc.name].filter(Boolean).join(' ');
    const badge = doc.evaluated
      ? h('span', { class: `badge outcome-${doc.outcome}` }, OUTCOME_LABELS[doc.outcome] ?? doc.outcome)
      : h('span', { class: 'badge' }, 'not a workload');
    const body = [badge, ' ', h('span', { class: 'document-name' }, label), h('span', { class: 'document-line' }, `line ${doc.line}`)];
    return h('li', { class: doc.index === selected ? 'document selected' : 'document', dataset: { outcome: doc.outcome ?? 'skipped', index: String(doc.index) } },
      doc.evaluated
        ? h('button', { type: 'button', class: 'document-pick', 'aria-current': doc.index === selected ? 'true' : null, onclick: () => select(doc.index), title: doc.summary }, body)
        : h('div', { class: 'document-pick', title: doc.summary }, body));
  }));
}
