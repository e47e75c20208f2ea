// The playground page: two editors in, the report out, re-evaluated (debounced) on every
// edit. Everything runs in the page: nothing is sent anywhere after load.

import './style.css';
import { byId, fill, h } from './dom.js';
import { diffLines } from './diff.js';
import { createEditor, highlighted, reveal, setText, showProblems } from './editor.js';
import { loadEngine } from './engine.js';
import { EXAMPLES } from './examples.js';
import { LIMIT_CODES, parseCaches, parseWorkload } from './parse.js';
import { applyPatch, printOptions } from './patch.js';
import { renderDecision, renderDecisionProblem } from './render-decision.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { renderDiff } from './render-diff.js';
import { renderProposed } from './render-proposed.js';
import { renderRanking } from './render-ranking.js';
import {
  buildSettingsForm, changedSettings, defaultSettings, readSettingsForm, sanitizeSettings, writeSettingsForm,
} from './settings.js';
import { decodeState, encodeState, hasState } from './share.js';
import { lineColumn, lineStarts } from './text-position.js';
import { currentTime } from './time.js';
import { placeReportPath } from './yaml-map.js';

// Fetch and compile the WebAssembly core first: it takes longest, and the editors can be
// built while it streams in (index.html also preloads it).
const engineReady = loadEngine();

/** Quiet time after the last keystroke before the result is recomputed. */
const DEBOUNCE_MS = 150;
/** Rows of the ranking drawn until the user asks for all: a long table costs layout time
 * on every keystroke, and the first rows are the ones that decide. */
const RANKING_ROWS = 25;
let rankingLimit = RANKING_ROWS;

const page = {
  exampleSelect: byId('example'),
  shareButton: byId('share'),
  shareLink: byId('share-link'),
  shareStatus: byId('share-status'),
  settingsPanel: byId('settings-panel'),
  settingsSummary: byId('settings-summary'),
  settingsForm: byId('settings'),
  now: byId('now'),
  nowButton: byId('now-reset'),
  results: byId('results'),
  decision: byId('decision'),
  diagnostics: byId('diagnostics'),
  diagnosticsCount: byId('diagnostics-count'),
  ranking: byId('ranking-body'),
  diff: byId('diff'),
  diffNote: byId('diff-note'),
  patch: byId('patch'),
  proposedSection: byId('proposed-section'),
  proposed: byId('proposed'),
  copyProposed: byId('copy-proposed'),
  copyStatus: byId('copy-status'),
  version: byId('version'),
};

let engine = null;
let pendingSince = null;
let timer = 0;
let generation = 0;
let proposedText = '';
/** What each editor and the ranking last showed, to skip DOM work that would change nothing. */
const shown = { workload: null, caches: null, ranking: null };
/** Milliseconds per rendering step of the current run. */
let steps = {};

function timed(name, work) {
  const started = performance.now();
  const result = work();
  steps[name] = (steps[name] ?? 0) + performance.now() - started;
  return result;
}

const editors = {
  workload: createEditor({ parent: byId('workload-editor'), label: 'Workload YAML', text: '', onChange: () => schedule() }),
  caches: createEditor({ parent: byId('caches-editor'), label: 'ImageCaches YAML', text: '', onChange: () => schedule() }),
};

/** Hooks for the end-to-end tests and the benchmark: the editors' API and timings. */
const hooks = {
  editors,
  debounceMs: DEBOUNCE_MS,
  setText: (name, text) => setText(editors[name], text),
  /** A small edit, as a keystroke makes: replaces the first `search` with `replacement`. */
  edit: (name, search, replacement) => {
    const view = editors[name];
    const from = view.state.doc.toString().indexOf(search);
    if (from === -1) throw new Error(`${search} is not in the ${name} editor`);
    view.dispatch({ changes: { from, to: from + search.length, insert: replacement } });
  },
  getText: (name) => editors[name].state.doc.toString(),
  /** Whether an editor highlights its text as YAML (not when too long or deep to parse). */
  highlighted: (name) => highlighted(editors[name]),
  /** Timings of the latest evaluations, newest last (see recordRun). */
  runs: [],
  firstDecisionMs: null,
  generation: 0,
};
window.eciPlayground = hooks;

// ---- parsing, memoised per text: editing one editor does not re-parse the other ----

const memo = { workload: null, caches: null };
function parsed(name) {
  const text = editors[name].state.doc.toString();
  if (memo[name]?.text !== text) {
    const result = name === 'workload' ? parseWorkload(text) : parseCaches(text);
    memo[name] = { text, result, starts: null };
  }
  return memo[name];
}

function lineOf(name, offset) {
  const entry = memo[name];
  entry.starts ??= lineStarts(entry.text);
  return lineColumn(entry.starts, offset);
}

// ---- evaluation loop ----

function schedule(delay = DEBOUNCE_MS) {
  pendingSince ??= performance.now();
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

function run() {
  const firedAt = performance.now();
  const editedAt = pendingSince ?? firedAt;
  pendingSince = null;
  if (!engine) return;
  const workload = parsed('workload');
  const caches = parsed('caches');
  const inputs = { workload: workload.result, caches: caches.result };
  const parsedAt = performance.now();
  const settings = readSettingsForm(page.settingsForm);
  // An empty field means the current time, as the package's own default does.
  const now = page.now.value.trim() || currentTime();
  let report = null;
  let refused = null;
  if (inputs.workload.object && inputs.caches.caches) {
    try {
      report = engine.evaluate({
        object: inputs.workload.object,
        imageCaches: inputs.caches.caches,
        settings,
        now,
      });
    } catch (error) {
      refused = error instanceof Error ? error : new Error(String(error));
    }
  }
  const evaluatedAt = performance.now();
  steps = {};
  render(inputs, report, refused, now);
  const renderedAt = performance.now();
  recordRun({
    editedAt, firedAt, parsedAt, evaluatedAt, renderedAt,
    caches: inputs.caches.caches?.length ?? 0, decided: report !== null,
  });
}

function recordRun(run) {
  generation += 1;
  hooks.generation = generation;
  page.results.dataset.generation = String(generation);
  if (run.decided && hooks.firstDecisionMs === null) {
    hooks.firstDecisionMs = run.renderedAt;
    performance.mark('eci:first-decision');
  }
  hooks.runs.push({
    generation,
    caches: run.caches,
    debounceMs: run.firedAt - run.editedAt,
    parseMs: run.parsedAt - run.firedAt,
    evaluateMs: run.evaluatedAt - run.parsedAt,
    renderMs: run.renderedAt - run.evaluatedAt,
    updateMs: run.renderedAt - run.firedAt,
    firedAt: run.firedAt,
    renderedAt: run.renderedAt,
    steps,
  });
  if (hooks.runs.length > 200) hooks.runs.shift();
  document.dispatchEvent(new CustomEvent('eci:updated', { detail: { generation } }));
}

// ---- placing problems: editors, settings, and the list ----

function placeName(name, offset) {
  const { line, column } = lineOf(name, offset);
  return `${name === 'workload' ? 'workload' : 'caches'} line ${line}, column ${column}`;
}

function revealIn(name, from, to) {
  return () => reveal(editors[name], from, to);
}

function showAll() {
  rankingLimit = Infinity;
  schedule(0);
}

/** Shows a cache of the report in the caches editor, placed in the editor's current text. */
function revealCache(path) {
  return () => {
    const spot = placeReportPath(path, { workload: parsed('workload').result, caches: parsed('caches').result });
    if (spot && spot.target === 'caches') reveal(editors.caches, spot.from, spot.from);
  };
}

function revealSetting(key) {
  return () => {
    page.settingsPanel.open = true;
    const field = key === 'now' ? page.now : page.settingsForm.elements.namedItem(key);
    if (field instanceof HTMLElement) field.focus();
  };
}

/** A report path as a place: the label shown and what a click does. */
function place(path, inputs) {
  const spot = placeReportPath(path, inputs);
  if (!spot) return { where: path, reveal: null, editor: null };
  if (spot.target === 'now') return { where: 'setting now', reveal: revealSetting('now'), editor: null, setting: 'now' };
  if (spot.target === 'settings') {
    return { where: `setting ${spot.key ?? ''}`.trim(), reveal: spot.key ? revealSetting(spot.key) : null, editor: null, setting: spot.key };
  }
  return { where: placeName(spot.target, spot.from), reveal: revealIn(spot.target, spot.from, spot.to), editor: spot.target, spot };
}

function markSettings(invalid) {
  for (const field of [page.now, ...page.settingsForm.elements]) {
    if (!(field instanceof HTMLElement)) continue;
    const key = field === page.now ? 'now' : field.getAttribute('name');
    if (invalid.has(key)) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  }
}

// ---- rendering ----

function render(inputs, report, refused, now) {
  const marks = { workload: [], caches: [] };
  const items = [];
  const invalidSettings = new Set();

  for (const name of ['workload', 'caches']) {
    for (const problem of inputs[name].problems) {
      marks[name].push({ ...problem, source: 'YAML' });
      items.push({
        severity: problem.severity, code: problem.code, message: problem.message,
        where: placeName(name, problem.from), reveal: revealIn(name, problem.from, problem.to),
      });
    }
  }

  if (report) {
    for (const diagnostic of report.diagnostics) {
      const spot = place(diagnostic.path, inputs);
      if (spot.editor) {
        marks[spot.editor].push({
          from: spot.spot.from, to: spot.spot.to, severity: diagnostic.severity,
          message: `${diagnostic.message} (${diagnostic.code})`, source: 'eci-image-cache',
        });
      }
      if (spot.setting && diagnostic.severity === 'error') invalidSettings.add(spot.setting);
      items.push({ severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message, where: spot.where, reveal: spot.reveal });
    }
  }

  if (refused) {
    const spot = typeof refused.path === 'string' ? place(refused.path, inputs) : null;
    if (spot?.setting) invalidSettings.add(spot.setting);
    if (spot?.setting) page.settingsPanel.open = true;
    items.push({ severity: 'error', code: 'input-refused', message: refused.message, where: spot?.where ?? 'input', reveal: spot?.reveal ?? null });
  }

  timed('marks', () => {
    for (const name of ['workload', 'caches']) {
      const key = `${JSON.stringify(marks[name])}\n${inputs[name].text}`;
      if (shown[name] === key) continue;
      showProblems(editors[name], marks[name]);
      shown[name] = key;
    }
  });
  markSettings(invalidSettings);
  timed('diagnostics', () => renderDiagnostics(page.diagnostics, page.diagnosticsCount, items));
  renderSettingsSummary();

  if (report) {
    page.results.dataset.stale = 'false';
    timed('decision', () => renderDecision(page.decision, report, now));
    timed('ranking', () => {
      const key = JSON.stringify([report.caches, report.images.length, report.decision, now, rankingLimit]);
      if (shown.ranking === key) return;
      renderRanking(page.ranking, report, { now, reveal: revealCache, limit: rankingLimit, showAll });
      shown.ranking = key;
    });
    timed('mutation', () => renderMutation(inputs.workload, report));
    timed('proposed', () => {
      proposedText = renderProposed(page.proposedSection, page.proposed, report.proposedImageCache);
    });
    fill(page.copyStatus);
    return;
  }

  page.results.dataset.stale = 'true';
  renderDecisionProblem(page.decision, problemOf(inputs, refused));
}

/** The decision panel's badge for the problems that stop an editor from being read at all. */
const PROBLEM_TITLES = {
  [LIMIT_CODES.tooLarge]: 'Too large',
  [LIMIT_CODES.tooDeep]: 'Too deep',
};

function problemOf(inputs, refused) {
  for (const name of ['workload', 'caches']) {
    const errors = inputs[name].problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0];
      const { line, column } = lineOf(name, first.from);
      return {
        state: 'error',
        title: PROBLEM_TITLES[first.code] ?? 'YAML error',
        message: `The ${name === 'workload' ? 'workload' : 'caches'} editor has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: line ${line}, column ${column}: ${first.message}`,
        action: { label: `Go to line ${line}`, run: revealIn(name, first.from, first.to) },
      };
    }
  }
  if (refused) {
    return { state: 'error', title: 'Input refused', message: refused.message };
  }
  if (inputs.workload.empty) {
    return { state: 'empty', title: 'Nothing to evaluate', message: 'Paste a Pod, a Deployment or another workload into the workload editor.' };
  }
  return { state: 'error', title: 'Not evaluated', message: 'Fix the problems listed below.' };
}

function renderMutation(workload, report) {
  page.patch.textContent = JSON.stringify(report.patch, null, 2);
  const options = printOptions(workload.text);
  const before = workload.doc.toString(options);
  let after = before;
  try {
    after = applyPatch(workload.doc, report.patch).toString(options);
  } catch (error) {
    fill(page.diffNote, `The patch could not be shown on the YAML: ${error.message}`);
    renderDiff(page.diff, diffLines(before, before));
    return;
  }
  const lines = diffLines(before, after);
  const added = lines.filter((line) => line.type === 'add').length;
  const removed = lines.filter((line) => line.type === 'del').length;
  const reprinted = before === workload.text ? '' : ' Shown as the YAML library prints it: the layout may differ from your input.';
  fill(page.diffNote, report.patch.length === 0
    ? `No change: in mutating mode the policy leaves this manifest as it is.${reprinted}`
    : `${report.patch.length} change${report.patch.length === 1 ? '' : 's'} in mutating mode: ${added} line${added === 1 ? '' : 's'} added, ${removed} removed.${reprinted}`);
  renderDiff(page.diff, lines);
}

function renderSettingsSummary() {
  const changed = Object.keys(changedSettings(readSettingsForm(page.settingsForm))).length;
  const now = page.now.value.trim();
  fill(page.settingsSummary, `Settings${changed ? ` (${changed} changed)` : ''} \u00b7 now ${now || 'the current time'}`);
}

// ---- state: examples, share links ----

function loadState({ workload, caches, settings, now }) {
  writeSettingsForm(page.settingsForm, settings);
  page.now.value = now;
  setText(editors.workload, workload);
  setText(editors.caches, caches);
  schedule(0);
}

function loadExample(id) {
  const example = EXAMPLES.find((candidate) => candidate.id === id) ?? EXAMPLES[0];
  page.exampleSelect.value = example.id;
  loadState({
    workload: example.workload,
    caches: example.caches,
    settings: sanitizeSettings({ ...defaultSettings(), ...example.settings }),
    now: page.now.value.trim() || currentTime(),
  });
}

function currentState() {
  return {
    workload: editors.workload.state.doc.toString(),
    caches: editors.caches.state.doc.toString(),
    settings: sanitizeSettings(readSettingsForm(page.settingsForm)),
    now: page.now.value.trim(),
  };
}

async function share() {
  fill(page.shareStatus);
  let fragment;
  try {
    fragment = await encodeState(currentState());
  } catch (error) {
    fill(page.shareStatus, `No link: ${error.message}`);
    return;
  }
  const url = `${location.href.split('#')[0]}#${fragment}`;
  history.replaceState(null, '', url);
  page.shareLink.value = url;
  page.shareLink.hidden = false;
  page.shareLink.select();
  try {
    await navigator.clipboard.writeText(url);
    fill(page.shareStatus, 'Link copied.');
  } catch {
    fill(page.shareStatus, 'Link ready: copy it from the box.');
  }
}

/** Restores the state a share link carries; `otherwise` tells what the page shows when it cannot. */
async function restoreFromHash(otherwise) {
  try {
    const state = await decodeState(location.hash);
    page.exampleSelect.value = '';
    loadState({ ...state, now: state.now || currentTime() });
    fill(page.shareStatus, 'Restored from the link.');
    return true;
  } catch (error) {
    fill(page.shareStatus, `The link could not be read: ${error.message}. ${otherwise}`);
    return false;
  }
}

async function copyProposed() {
  try {
    await navigator.clipboard.writeText(proposedText);
    fill(page.copyStatus, 'Copied.');
  } catch {
    const range = document.createRange();
    range.selectNodeContents(page.proposed);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    fill(page.copyStatus, 'Selected: press Ctrl+C (\u2318C) to copy.');
  }
}

// ---- start ----

function start() {
  fill(page.exampleSelect,
    h('option', { value: '', disabled: true }, 'Your own input'),
    EXAMPLES.map((example) => h('option', { value: example.id }, example.title)));
  page.exampleSelect.addEventListener('change', () => loadExample(page.exampleSelect.value));
  buildSettingsForm(page.settingsForm, () => schedule(0));
  writeSettingsForm(page.settingsForm, defaultSettings());
  page.now.value = currentTime();
  page.now.addEventListener('input', () => schedule());
  page.nowButton.addEventListener('click', () => {
    page.now.value = currentTime();
    schedule(0);
  });
  page.shareButton.addEventListener('click', share);
  page.copyProposed.addEventListener('click', copyProposed);
  window.addEventListener('hashchange', () => {
    if (hasState(location.hash) && page.shareLink.value !== location.href) restoreFromHash('The editors are unchanged.');
  });
  renderDecisionProblem(page.decision, { state: 'loading', title: 'Loading', message: 'Loading the engine\u2026' });

  const initial = hasState(location.hash)
    ? restoreFromHash('Showing the first example.').then((restored) => restored || loadExample(EXAMPLES[0].id))
    : Promise.resolve(loadExample(EXAMPLES[0].id));

  engineReady.then(
    (loaded) => {
      engine = loaded;
      fill(page.version, `v${engine.version()}`);
      return initial.then(() => schedule(0));
    },
    (error) => {
      renderDecisionProblem(page.decision, { state: 'error', title: 'Engine failed', message: `The WebAssembly engine could not load: ${error.message}` });
    },
  );
}

start();
