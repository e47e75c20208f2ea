// Puts an analysis (analyze.js, computed in the worker) on the page: marks in the editors,
// the list of objects, the decision, the diagnostics, the ranking, the mutated manifest, the
// proposed cache; and the "out of date" note when the editors cannot be evaluated.

import { fill } from './dom.js';
import { showProblems } from './editor.js';
import { renderDecision, renderDecisionProblem } from './render-decision.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { renderDiff } from './render-diff.js';
import { renderDocuments } from './render-documents.js';
import { renderProposed } from './render-proposed.js';
import { renderRanking } from './render-ranking.js';

/**
 * @typedef {{
 *   editors: Record<'workload' | 'caches', import('@codemirror/view').EditorView>,
 *   reveal: (target: 'workload' | 'caches', from: number, to: number) => void,
 *   revealSetting: (key: string) => void,
 *   select: (index: number) => void,
 *   applyFix: ((item: any) => void) | null,
 *   showAll: () => void,
 *   timed: (name: string, work: () => void) => void,
 * }} Context
 * @typedef {{
 *   settingsPanel: HTMLDetailsElement, settingsForm: HTMLFormElement, now: HTMLInputElement,
 *   diagnostics: HTMLOListElement, documents: HTMLOListElement, ranking: HTMLTableSectionElement,
 *   [element: string]: HTMLElement,
 * }} Page the elements the result goes into (main.js finds them by id)
 */

/** What each editor and the ranking last showed, to skip DOM work that would change nothing. */
const shown = { workload: null, caches: null, ranking: null };

const STALE_REASONS = {
  empty: 'The workload editor is empty',
  error: 'The editors cannot be evaluated as they are',
};

/**
 * @param {Page} page
 * @param {any} result
 * @param {{now: string, rankingLimit: number}} run
 * @param {Context} context
 */
export function renderResult(page, result, run, context) {
  const { timed } = context;
  timed('marks', () => {
    for (const name of /** @type {const} */ (['workload', 'caches'])) {
      const key = `${JSON.stringify(result.marks[name])}\n${context.editors[name].state.doc.length}`;
      if (shown[name] === key) continue;
      showProblems(context.editors[name], result.marks[name]);
      shown[name] = key;
    }
  });
  const invalid = new Set(result.items.filter((item) => item.setting && item.severity === 'error').map((item) => item.setting));
  markSettings(page, invalid);
  if (result.refused && invalid.size > 0) page.settingsPanel.open = true;
  timed('diagnostics', () => renderDiagnostics(page.diagnostics, page.diagnosticsCount, result.items.map((item) => ({
    ...item,
    reveal: revealer(item, context),
    fix: item.fix && context.applyFix ? () => context.applyFix(item) : null,
    fixTitle: item.fix?.title,
  }))));

  const report = result.report;
  if (!report) {
    const problem = result.problem ?? { state: 'error', title: 'Not evaluated', message: 'Fix the problems listed below.' };
    const had = page.results.dataset.hasResult === 'true';
    page.results.dataset.stale = 'true';
    fill(page.staleNote, had
      ? `Out of date: ${(STALE_REASONS[problem.state] ?? STALE_REASONS.error).toLowerCase()}; the ranking and manifest below are for the previous input.`
      : '');
    page.staleNote.hidden = !had;
    const action = problem.action;
    renderDecisionProblem(page.decision, {
      ...problem,
      action: action ? { label: action.label, run: () => context.reveal(action.target, action.from, action.to) } : undefined,
    });
    if (result.documents.length === 0) renderDocuments(page.documentsPanel, page.documents, page.documentsCount, [], -1, context.select);
    return;
  }

  page.results.dataset.stale = 'false';
  page.results.dataset.hasResult = 'true';
  page.staleNote.hidden = true;
  fill(page.staleNote);
  renderDocuments(page.documentsPanel, page.documents, page.documentsCount, result.documents, result.selected, context.select);
  timed('decision', () => renderDecision(page.decision, report, run.now));
  timed('ranking', () => {
    const key = JSON.stringify([report.caches, report.images.length, report.decision, run.now, run.rankingLimit, result.ranking]);
    if (shown.ranking === key) return;
    const cacheReveal = (path) => {
      const i = report.caches.findIndex((row) => row.path === path);
      const spot = result.ranking[i];
      return spot ? () => context.reveal('caches', spot.from, spot.from) : null;
    };
    renderRanking(page.ranking, report, { now: run.now, reveal: cacheReveal, limit: run.rankingLimit, showAll: context.showAll });
    shown.ranking = key;
  });
  timed('mutation', () => {
    page.patch.textContent = JSON.stringify(report.patch, null, 2);
    fill(page.diffNote, result.mutation.note);
    page.diff.dataset.format = result.mutation.format;
    renderDiff(page.diff, result.mutation.lines);
  });
  timed('proposed', () => renderProposed(page.proposedSection, page.proposed, result.proposed));
  fill(page.copyStatus);
}

function revealer(item, context) {
  if (item.target === 'workload' || item.target === 'caches') return () => context.reveal(item.target, item.from, item.to);
  if (item.target === 'settings' && item.setting) return () => context.revealSetting(item.setting);
  return null;
}

function markSettings(page, invalid) {
  for (const field of [page.now, ...page.settingsForm.elements]) {
    if (!(field instanceof HTMLElement)) continue;
    const key = field === page.now ? 'now' : field.getAttribute('name');
    if (invalid.has(key)) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  }
}
