// The playground page: two editors in, the result out. Every edit is saved locally and
// evaluated (debounced) in a Web Worker (engine.js, worker.js, analyze.js), so that typing
// never waits; the page only renders what comes back. Nothing is sent anywhere after load.

import './style.css';
import { byId, fill, h } from './dom.js';
import { applyEdits, createEditor, highlighted, reveal, setCacheChoices, setText, upgradeEditors } from './editor.js';
import { startEngine } from './engine.js';
import { EXAMPLES } from './examples.js';
import { setUpExports } from './exports-ui.js';
import { setUpLayout } from './layout.js';
import { renderDecisionProblem } from './render-decision.js';
import { renderResult } from './render-result.js';
import { createSession } from './session.js';
import {
  buildSettingsForm, changedSettings, defaultSettings, readSettingsForm, sanitizeSettings, writeSettingsForm,
} from './settings.js';
import { decodeState, encodeState, hasState } from './share.js';
import { browserStorage } from './storage.js';
import { currentTime } from './time.js';

/** Quiet time after the last keystroke before the result is recomputed. */
const DEBOUNCE_MS = 150;
/** Rows of the ranking drawn until the user asks for all: a long table costs layout time
 * on every keystroke, and the first rows are the ones that decide. */
const RANKING_ROWS = 25;
/** Largest file the editors open (the parser reads at most 1 MiB; more is refused with a message). */
const MAX_FILE_BYTES = 8 << 20;

const ids = [
  'example', 'share', 'share-link', 'share-status', 'settings-panel', 'settings-summary', 'settings', 'now', 'now-reset',
  'results', 'stale-note', 'documents-panel', 'documents', 'documents-count', 'decision', 'diagnostics', 'diagnostics-count', 'fix-status',
  'ranking-body', 'diff', 'diff-note', 'patch', 'proposed-section', 'proposed', 'copy-proposed', 'copy-status', 'version',
  'page-status', 'page-status-text', 'page-undo', 'save-status', 'export-status', 'theme', 'wrap', 'wide',
];
const camel = (id) => id.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
/** @type {import('./render-result.js').Page & Record<string, any>} */
const page = Object.fromEntries(ids.map((id) => [camel(id), byId(id)]));
page.settingsForm = page.settings;
page.ranking = page.rankingBody;
page.exampleSelect = page.example;

const storage = browserStorage();
let engine = null;
let version = '';
let pendingSince = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
let generation = 0;
let rankingLimit = RANKING_ROWS;
let selected = 0;
/** Whether the evaluation time was set by the user or a link (kept), or follows the clock. */
let nowPinned = false;
/** The latest analysis shown, and the time it was computed at. */
let latest = { result: null, now: '' };
let steps = {};
/** The example the editors hold unchanged, or '' once they hold the user's own input. */
let heldExample = '';

function timed(name, work) {
  const started = performance.now();
  work();
  steps[name] = (steps[name] ?? 0) + performance.now() - started;
}

const editorFor = (name, label) => createEditor({
  parent: byId(`${name}-editor`), label, text: '', help: name, onChange: () => changed(), onFile: (file) => openFile(name, file),
});
const editors = { workload: editorFor('workload', 'Workload YAML'), caches: editorFor('caches', 'ImageCaches YAML') };
const text = (name) => editors[name].state.doc.toString();

/** Hooks for the end-to-end tests and the benchmark: the editors' API and timings. */
const hooks = {
  editors,
  debounceMs: DEBOUNCE_MS,
  setText: (name, value) => setText(editors[name], value),
  /** A small edit, as a keystroke makes: replaces the first `search` with `replacement`. */
  edit: (name, search, replacement) => {
    const view = editors[name];
    const from = view.state.doc.toString().indexOf(search);
    if (from === -1) throw new Error(`${search} is not in the ${name} editor`);
    view.dispatch({ changes: { from, to: from + search.length, insert: replacement } });
  },
  getText: text,
  /** Whether an editor highlights its text as YAML (not when too long or deep to parse). */
  highlighted: (name) => highlighted(editors[name]),
  /** Saves now, as leaving the page does. */
  flush: () => session.flush(),
  runs: [],
  firstDecisionMs: null,
  /** Whether the editors have their highlighting and lint marks (after the first decision). */
  upgraded: false,
  generation: 0,
};
/** @typedef {typeof hooks} Hooks */
window.eciPlayground = hooks;

// ---- state: what is saved, shared and restored ----

function readState() {
  return {
    workload: text('workload'),
    caches: text('caches'),
    settings: sanitizeSettings(readSettingsForm(page.settingsForm)),
    now: nowPinned ? page.now.value.trim() : '',
    example: heldExample,
    selected,
  };
}

function writeState(state) {
  writeSettingsForm(page.settingsForm, state.settings);
  nowPinned = state.now !== '';
  page.now.value = state.now || currentTime();
  selected = state.selected ?? 0;
  setText(editors.workload, state.workload);
  setText(editors.caches, state.caches);
  heldExample = EXAMPLES.some((example) => example.id === state.example) ? state.example : '';
  page.exampleSelect.value = heldExample;
  schedule(0);
}

function announce(message, undo) {
  page.pageStatus.hidden = false;
  fill(page.pageStatusText, message);
  page.pageUndo.hidden = !undo;
  page.pageUndo.onclick = undo;
}

const session = createSession({
  storage,
  read: readState,
  write: writeState,
  announce,
  saved: (problem) => fill(page.saveStatus, problem ? `Not saved: ${problem}.` : 'Your input is saved in this browser.'),
});

/** The example the editors hold unchanged, or '' once the user changed anything. */
function followExample() {
  const example = EXAMPLES.find((candidate) => candidate.id === heldExample);
  if (example && (text('workload') !== example.workload || text('caches') !== example.caches)) {
    heldExample = '';
    page.exampleSelect.value = '';
  }
}

function changed(delay = DEBOUNCE_MS) {
  tellFix('', 'ok');
  followExample();
  session.changed();
  schedule(delay);
}

function exampleState(example) {
  return {
    workload: example.workload, caches: example.caches,
    settings: sanitizeSettings({ ...defaultSettings(), ...example.settings }),
    now: nowPinned ? page.now.value.trim() : '', example: example.id, selected: 0,
  };
}

/** Loads an example; the user's own input it replaces stays one click (Undo) away. */
function loadExample(id) {
  const example = EXAMPLES.find((candidate) => candidate.id === id) ?? EXAMPLES[0];
  const own = heldExample === '' && (text('workload').trim() !== '' || text('caches').trim() !== '') ? readState() : null;
  session.replace(exampleState(example), `Loaded the example \u201c${example.title}\u201d${own ? ' in place of your input' : ''}.`, own);
}

async function share() {
  fill(page.shareStatus);
  const state = { ...readState(), now: page.now.value.trim() || latest.now || currentTime() };
  let fragment;
  try {
    fragment = await encodeState(state);
  } catch (error) {
    fill(page.shareStatus, `No link: ${error.message}`);
    return;
  }
  const url = `${location.href.split('#')[0]}#${fragment}`;
  history.replaceState(null, '', url);
  session.linked();
  page.shareLink.value = url;
  page.shareLink.hidden = false;
  page.shareLink.select();
  try {
    await navigator.clipboard.writeText(url);
    fill(page.shareStatus, 'Link copied. It fixes the evaluation time, so everyone sees the same result.');
  } catch {
    fill(page.shareStatus, 'Link ready: copy it from the box.');
  }
}

/** Shows the state a link carries; the user's own saved work stays one click away. */
async function restoreFromHash(otherwise) {
  try {
    const state = await decodeState(location.hash);
    const saved = session.restore();
    const own = saved !== null && saved.example === '' && (saved.workload !== state.workload || saved.caches !== state.caches) ? saved : null;
    session.replace({ ...state, example: '', selected: 0 }, `Opened the shared link${own ? ' in place of your saved input' : ''}.`, own);
    session.linked();
    fill(page.shareStatus, 'Restored from the link.');
    return true;
  } catch (error) {
    fill(page.shareStatus, `The link could not be read: ${error.message}. ${otherwise}`);
    return false;
  }
}

// ---- files ----

async function openFile(name, file) {
  if (file.size > MAX_FILE_BYTES) {
    announce(`${file.name} is ${file.size.toLocaleString('en-US')} bytes: too large to open here.`, null);
    return;
  }
  const content = await file.text();
  const before = { workload: text('workload'), caches: text('caches') };
  setText(editors[name], content);
  announce(`Opened ${file.name} in the ${name} editor.`, () => {
    setText(editors[name], before[name]);
    announce(`The ${name} editor is back as it was.`, null);
  });
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
  // An empty field means the current time, as the package's own default does.
  const now = page.now.value.trim() || currentTime();
  const request = { workload: text('workload'), caches: text('caches'), settings: readSettingsForm(page.settingsForm), now, selected };
  engine.run(request, { editedAt, firedAt, now, rankingLimit, workload: request.workload });
}

function showResult(result, timing) {
  const { meta } = timing;
  if (result.crashed) {
    renderDecisionProblem(page.decision, { state: 'error', title: 'Internal error', message: result.crashed });
    return;
  }
  steps = {};
  const started = performance.now();
  latest = { result, now: meta.now };
  if (result.cacheChoices) setCacheChoices(result.cacheChoices);
  if (result.selected >= 0) selected = result.selected;
  renderResult(page, result, meta, {
    editors,
    reveal: (target, from, to) => reveal(editors[target], from, to),
    revealSetting,
    select: (index) => {
      selected = index;
      session.changed();
      schedule(0);
    },
    applyFix: (item) => applyFix(item, result.selected, meta.workload),
    showAll: () => {
      rankingLimit = Infinity;
      schedule(0);
    },
    timed,
  });
  renderSettingsSummary();
  const renderedAt = performance.now();
  generation += 1;
  hooks.generation = generation;
  page.results.dataset.generation = String(generation);
  if (result.report && hooks.firstDecisionMs === null) {
    hooks.firstDecisionMs = renderedAt;
    performance.mark('eci:first-decision');
    // Highlighting, folding and lint marks come after the first decision (cold load).
    setTimeout(() => upgradeEditors().then(() => {
      hooks.upgraded = true;
    }), 0);
  }
  hooks.runs.push({
    generation,
    caches: result.report?.caches.length ?? 0,
    debounceMs: meta.firedAt - meta.editedAt,
    parseMs: result.timings.parseMs,
    evaluateMs: result.timings.evaluateMs,
    workerMs: timing.workerMs,
    queueMs: timing.sentAt - meta.firedAt,
    renderMs: renderedAt - started,
    updateMs: renderedAt - meta.firedAt,
    firedAt: meta.firedAt,
    renderedAt,
    steps,
  });
  if (hooks.runs.length > 200) hooks.runs.shift();
  document.dispatchEvent(new CustomEvent('eci:updated', { detail: { generation } }));
}

// ---- fixes ----

/**
 * Applies a diagnostic's fix to the workload editor as small edits of its text (fix-edits.js,
 * loaded on the first click): one undoable change, which is then evaluated as any edit is.
 * A fix that cannot be applied is told beside the diagnostics, and nothing changes.
 * @param {{fix: {title: string, patch: any[]}}} item
 * @param {number} index the object of the workload editor the result is about
 * @param {string} evaluated the workload editor's text the result was computed from
 */
async function applyFix(item, index, evaluated) {
  const title = item.fix?.title ?? 'the fix';
  const failed = (reason) => tellFix(`Could not apply \u201c${title}\u201d: ${reason}. The editor is unchanged.`, 'error');
  try {
    // The editor extras carry undo: a fix is applied only once they are in.
    const [{ workloadFix }] = await Promise.all([import('./fix-edits.js'), upgradeEditors()]);
    if (text('workload') !== evaluated) {
      failed('the workload changed since it was evaluated; try again once the result is up to date');
      return;
    }
    const outcome = workloadFix(evaluated, index, item.fix.patch);
    if (!outcome.ok) {
      failed(outcome.error);
      return;
    }
    applyEdits(editors.workload, outcome.changes);
    const how = outcome.reprinted ? ', with that document printed anew (its layout may differ)' : '';
    tellFix(`Applied \u201c${title}\u201d${how}. Ctrl+Z (\u2318Z) in the editor takes it back.`, 'ok');
  } catch (error) {
    failed(error instanceof Error ? error.message : String(error));
  }
}

/** What the last Fix button did; cleared by the next edit. */
function tellFix(message, state) {
  fill(page.fixStatus, message);
  page.fixStatus.dataset.state = state;
  page.fixStatus.hidden = message === '';
}

function revealSetting(key) {
  page.settingsPanel.open = true;
  const field = key === 'now' ? page.now : page.settingsForm.elements.namedItem(key);
  if (field instanceof HTMLElement) field.focus();
}

function renderSettingsSummary() {
  const count = Object.keys(changedSettings(readSettingsForm(page.settingsForm))).length;
  const now = page.now.value.trim();
  fill(page.settingsSummary, `Settings${count ? ` (${count} changed)` : ''} \u00b7 now ${now || 'the current time'}`);
}

async function copyProposed() {
  try {
    await navigator.clipboard.writeText(latest.result?.proposed ?? '');
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
  setUpLayout({ theme: page.theme, wrap: page.wrap, wide: page.wide }, storage);
  fill(page.exampleSelect,
    h('option', { value: '', disabled: true }, 'Your own input'),
    EXAMPLES.map((example) => h('option', { value: example.id }, example.title)));
  page.exampleSelect.addEventListener('change', () => loadExample(page.exampleSelect.value));
  buildSettingsForm(page.settingsForm, () => changed(0));
  writeSettingsForm(page.settingsForm, defaultSettings());
  page.now.value = currentTime();
  page.now.addEventListener('input', () => {
    nowPinned = page.now.value.trim() !== '';
    changed();
  });
  page.nowReset.addEventListener('click', () => {
    page.now.value = currentTime();
    nowPinned = false;
    changed(0);
  });
  for (const name of ['workload', 'caches']) {
    const input = /** @type {HTMLInputElement} */ (byId(`${name}-file`));
    input.addEventListener('change', () => {
      if (input.files?.[0]) openFile(name, input.files[0]);
      input.value = '';
    });
  }
  page.share.addEventListener('click', share);
  page.copyProposed.addEventListener('click', copyProposed);
  setUpExports(page.exportStatus, () => ({ ...latest, version }));
  window.addEventListener('hashchange', () => {
    if (hasState(location.hash) && page.shareLink.value !== location.href) restoreFromHash('The editors are unchanged.');
  });
  addEventListener('pagehide', () => session.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') session.flush();
  });
  renderDecisionProblem(page.decision, { state: 'loading', title: 'Loading', message: 'Loading the engine\u2026' });

  const first = () => {
    const saved = session.restore();
    if (saved) {
      writeState(saved);
      announce('Restored your input from your last visit.', null);
    } else {
      loadExample(EXAMPLES[0].id);
    }
  };
  const initial = hasState(location.hash)
    ? restoreFromHash('Showing your saved input or the first example.').then((restored) => restored || first())
    : Promise.resolve(first());

  const started = startEngine(showResult);
  started.ready.then(
    (loaded) => {
      version = loaded;
      engine = started;
      fill(page.version, `v${loaded}`);
      return initial.then(() => schedule(0));
    },
    (error) => {
      renderDecisionProblem(page.decision, { state: 'error', title: 'Engine failed', message: `The WebAssembly engine could not load: ${error.message}` });
    },
  );
}

start();
