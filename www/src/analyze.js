// Everything between the editors' text and what the page shows, run in the Web Worker
// (worker.js) so that typing never waits for it: parsing (the caches piece by piece),
// evaluating every workload of the stream, placing the report's pointers on lines, the
// mutated manifest and its diff. The result is plain data the page renders (render-result.js).

import { stringify } from 'yaml';
import { diffLines } from './diff.js';
import { applyJsonPatch } from './json-patch.js';
import { applyPatch, printOptions } from './patch.js';
import { LIMIT_CODES, parseCaches, parseWorkload, pieceMemo } from './parse.js';
import { lineColumn, lineStarts } from './text-position.js';
import { yamlHint } from './yaml-hints.js';
import { placeReportPath } from './yaml-map.js';

/**
 * @typedef {'workload' | 'caches'} EditorName
 * @typedef {{workload: string, caches: string, settings: Record<string, unknown>, now: string, selected: number}} Request
 * @typedef {{severity: string, code: string, message: string, hint: string | null, where: string,
 *   target: EditorName | 'settings' | null, from: number, to: number, setting: string | null, fix: import('eci-image-cache/web').Fix | null,
 *   documented?: boolean}} Item `documented`: a code of the core's, which docs/diagnostics.md describes
 * @typedef {{from: number, to: number, severity: string, message: string, source: string, code?: string}} Mark
 *   `code`: the diagnostic code of a mark from the report
 * @typedef {{index: number, kind: string, name: string, outcome: string | null, summary: string,
 *   evaluated: boolean, line: number, from: number}} DocumentSummary
 * @typedef {{id: string, name: string, phase: string}} CacheChoice
 */

/** The decision panel's badge for the problems that stop an editor from being read at all. */
const PROBLEM_TITLES = { [LIMIT_CODES.tooLarge]: 'Too large', [LIMIT_CODES.tooDeep]: 'Too deep' };

/**
 * @param {{evaluatorFor: (imageCaches: unknown[], settings: Record<string, unknown>) => (object: unknown, now: string) => any}} engine
 */
export function createAnalyzer(engine) {
  const memo = pieceMemo();
  const parsed = { workload: null, caches: null };
  const starts = { workload: null, caches: null };
  /** Kinds the core said are not workloads: evaluated without the caches from then on. A kind
   * it offers to correct (`Deploymnet`) is a workload mistyped: listed, shown and fixable. */
  const notWorkloads = new Set();
  /** The pin choices of the last cache list read (parse keeps the list while its text stays). */
  let choices = { of: undefined, value: null };

  function parse(name, text) {
    if (parsed[name]?.text !== text) {
      parsed[name] = name === 'workload' ? parseWorkload(text) : parseCaches(text, memo);
      starts[name] = null;
    }
    return parsed[name];
  }

  function choicesOf(list) {
    if (choices.of !== list) choices = { of: list, value: cacheChoices(list) };
    return choices.value;
  }

  function where(name, offset) {
    starts[name] ??= lineStarts(parsed[name].text);
    return lineColumn(starts[name], offset);
  }

  /**
   * @param {Request} request
   */
  return function analyze(request) {
    const began = performance.now();
    const workload = parse('workload', request.workload);
    const caches = parse('caches', request.caches);
    const parsedAt = performance.now();
    /** @type {Item[]} */
    const items = [];
    const marks = { workload: [], caches: [] };
    for (const name of /** @type {EditorName[]} */ (['workload', 'caches'])) {
      for (const problem of parsed[name].problems) {
        const hint = yamlHint(problem.message);
        marks[name].push({ ...problem, message: hint ? `${problem.message}. ${hint}` : problem.message, source: 'YAML' });
        items.push({
          severity: problem.severity, code: problem.code, message: problem.message, hint, fix: null,
          where: placeName(name, where(name, problem.from)), target: name, from: problem.from, to: problem.to, setting: null,
        });
      }
    }

    const base = {
      items, marks, documents: [], selected: -1, report: null, refused: null, ranking: [], mutation: null, proposed: '', problem: null,
      cacheChoices: choicesOf(caches.caches),
    };
    const blocked = blockingProblem(workload, caches, where);
    if (blocked) return { ...base, problem: blocked, timings: { parseMs: parsedAt - began, evaluateMs: 0, placeMs: 0 } };

    const evaluate = engine.evaluatorFor(caches.caches, request.settings);
    const evaluateBare = engine.evaluatorFor([], request.settings);
    const reports = [];
    let refused = null;
    for (const entry of workload.entries) {
      const kind = typeof entry.object.kind === 'string' ? entry.object.kind : '';
      try {
        let report = notWorkloads.has(kind) ? null : evaluate(entry.object, request.now);
        if (report === null || report.diagnostics.some((diagnostic) => diagnostic.code === 'unsupported-kind' && !diagnostic.fix)) {
          report = report ?? evaluateBare(entry.object, request.now);
          notWorkloads.add(kind);
        }
        reports.push(report);
      } catch (error) {
        refused = { message: error instanceof Error ? error.message : String(error), path: typeof error?.path === 'string' ? error.path : null };
        break;
      }
    }
    const evaluatedAt = performance.now();
    const timings = (placedAt) => ({ parseMs: parsedAt - began, evaluateMs: evaluatedAt - parsedAt, placeMs: placedAt - evaluatedAt });

    if (refused) {
      const spot = refused.path ? place(refused.path, { workload: { ...workload, entry: workload.entries[0] }, caches }) : null;
      items.push({ severity: 'error', code: 'input-refused', message: refused.message, hint: null, fix: null, ...(spot ?? none('input')) });
      return { ...base, refused, problem: { state: 'error', title: 'Input refused', message: refused.message }, timings: timings(performance.now()) };
    }

    const documents = workload.entries.map((entry, index) => summarize(entry, index, reports[index], notWorkloads, where));
    const wanted = documents[request.selected]?.evaluated ? request.selected : documents.findIndex((doc) => doc.evaluated);
    const selected = wanted === -1 ? 0 : wanted;
    const entry = workload.entries[selected];
    const report = reports[selected];
    const inputs = { workload: { ...workload, entry }, caches };
    for (const diagnostic of report.diagnostics) {
      const spot = place(diagnostic.path, inputs);
      if (spot.target === 'workload' || spot.target === 'caches') {
        marks[spot.target].push({
          from: spot.from, to: spot.to, severity: diagnostic.severity,
          message: `${diagnostic.message} (${diagnostic.code})`, source: 'eci-image-cache', code: diagnostic.code,
        });
      }
      items.push({ severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message, hint: null, fix: diagnostic.fix ?? null, documented: true, ...spot });
    }
    const ranking = report.caches.map((row) => {
      const spot = placeReportPath(row.path, inputs);
      return spot && spot.target === 'caches' ? { from: spot.from, to: spot.to } : null;
    });
    const mutation = mutate(workload, entry, report);
    const proposed = report.proposedImageCache == null ? '' : stringify(report.proposedImageCache, { lineWidth: 0 });
    return { ...base, documents, selected, report, ranking, mutation, proposed, timings: timings(performance.now()) };
  };

  function place(path, inputs) {
    const spot = placeReportPath(path, inputs);
    if (!spot) return none(path);
    if (spot.target === 'now') return { ...none('setting now'), target: 'settings', setting: 'now' };
    if (spot.target === 'settings') return { ...none(`setting ${spot.key ?? ''}`.trim()), target: 'settings', setting: spot.key };
    return { where: placeName(spot.target, where(spot.target, spot.from)), target: spot.target, from: spot.from, to: spot.to, setting: null };
  }
}

/**
 * The caches the editors offer for a pin: id, name and phase of each, as written; null
 * while the caches editor cannot be read (the editors keep what they had).
 * @param {unknown[] | null} caches
 * @returns {CacheChoice[] | null}
 */
export function cacheChoices(caches) {
  if (!caches) return null;
  const text = (value) => (typeof value === 'string' ? value : '');
  return caches.map((cache) => {
    const object = cache && typeof cache === 'object' ? /** @type {Record<string, any>} */ (cache) : {};
    const section = (key) => (object[key] && typeof object[key] === 'object' ? object[key] : {});
    return { id: text(section('status').imageCacheId), name: text(section('metadata').name), phase: text(section('status').phase) };
  });
}

function none(label) {
  return { where: label, target: null, from: 0, to: 0, setting: null };
}

function placeName(name, { line, column }) {
  return `${name} line ${line}, column ${column}`;
}

/** What the decision panel shows when nothing can be evaluated; null when something can. */
function blockingProblem(workload, caches, where) {
  for (const [name, input] of /** @type {[EditorName, any][]} */ ([['workload', workload], ['caches', caches]])) {
    const errors = input.problems.filter((problem) => problem.severity === 'error');
    if (errors.length === 0) continue;
    const first = errors[0];
    const { line, column } = where(name, first.from);
    const hint = yamlHint(first.message);
    return {
      state: 'error',
      title: PROBLEM_TITLES[first.code] ?? 'YAML error',
      message: `The ${name} editor has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: line ${line}, column ${column}: ${first.message}`,
      hint,
      action: { label: `Go to line ${line}`, target: name, from: first.from, to: first.to },
    };
  }
  if (workload.entries.length === 0) {
    return { state: 'empty', title: 'Nothing to evaluate', message: 'Paste a Pod, a Deployment or another workload into the workload editor.' };
  }
  return null;
}

/** @returns {DocumentSummary} */
function summarize(entry, index, report, notWorkloads, where) {
  const kind = typeof entry.object.kind === 'string' ? entry.object.kind : '';
  const metadata = entry.object.metadata;
  const name = metadata && typeof metadata === 'object' && typeof metadata.name === 'string' ? metadata.name : '';
  const evaluated = !notWorkloads.has(kind);
  const spot = placeReportPath('', { workload: { text: entry.text, entry }, caches: { text: '', caches: [], index: [], problems: [] } });
  // The empty pointer always lands in the workload's text.
  const from = spot && 'from' in spot ? spot.from : 0;
  return {
    index, kind, name, evaluated, from, line: where('workload', from).line,
    outcome: evaluated ? report.decision.outcome : null, summary: report.decision.summary,
  };
}

/** The mutated manifest: the patch on the user's YAML document, or JSON printed anew. */
function mutate(workload, entry, report) {
  const json = /^\s*[[{]/.test(workload.text);
  try {
    if (json || entry.prefix.length > 0) {
      const print = json ? (value) => `${JSON.stringify(value, null, 2)}\n` : (value) => stringify(value, { lineWidth: 0 });
      const before = print(entry.object);
      const after = print(applyJsonPatch(entry.object, report.patch));
      const how = json ? ' Shown as JSON with two-space indents.' : ' Shown as the YAML library prints this item.';
      return result(before, after, report, how, json ? 'json' : 'yaml');
    }
    const options = printOptions(workload.text);
    const before = entry.doc.toString(options);
    const after = applyPatch(entry.doc, report.patch).toString(options);
    const source = workload.entries.length > 1 ? workload.text.slice(entry.doc.range[0], entry.doc.range[2]) : workload.text;
    return result(before, after, report, before === source ? '' : ' Shown as the YAML library prints it: the layout may differ from your input.', 'yaml');
  } catch (error) {
    return { lines: [], text: '', format: 'yaml', note: `The patch could not be shown on the manifest: ${error.message}` };
  }
}

function result(before, after, report, how, format) {
  const lines = diffLines(before, after);
  const added = lines.filter((line) => line.type === 'add').length;
  const removed = lines.filter((line) => line.type === 'del').length;
  const changes = report.patch.length;
  const note = changes === 0
    ? `No change: in mutating mode the policy leaves this manifest as it is.${how}`
    : `${changes} change${changes === 1 ? '' : 's'} in mutating mode: ${added} line${added === 1 ? '' : 's'} added, ${removed} removed.${how}`;
  return { lines, text: after, format, note };
}
