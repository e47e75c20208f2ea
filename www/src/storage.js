// Keeping the user's work across reloads: both editors, the settings, the evaluation time
// when the user set it, and which example (if any) the editors still hold, in localStorage
// as the user types; and the page's preferences (theme, wrapping, width) beside them.

import { changedSettings, sanitizeSettings } from './settings.js';

export const STATE_KEY = 'eci-playground:state:v1';
export const PREFS_KEY = 'eci-playground:prefs:v1';
const VERSION = 1;

/**
 * @typedef {{workload: string, caches: string, settings: Record<string, unknown>, now: string,
 *   example: string, selected: number}} SavedState `now` is '' when it follows the clock
 * @typedef {{theme: 'system' | 'light' | 'dark', wrap: boolean, wide: boolean}} Prefs
 */

/** The browser's localStorage, or null where it is missing or refused (private modes). */
export function browserStorage() {
  try {
    const storage = globalThis.localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

/**
 * Saves the state. Returns an error message when it cannot be kept (storage full or off).
 * @param {Storage | null} storage
 * @param {SavedState} state
 * @returns {string | null}
 */
export function saveState(storage, state) {
  if (!storage) return 'this browser keeps nothing for the page';
  try {
    storage.setItem(STATE_KEY, JSON.stringify({
      v: VERSION,
      workload: state.workload,
      caches: state.caches,
      settings: changedSettings(state.settings),
      now: state.now,
      example: state.example,
      selected: state.selected,
    }));
    return null;
  } catch (error) {
    return `the browser refused to keep it (${error instanceof Error ? error.name : 'error'}): the text may be too large`;
  }
}

/**
 * The saved state, checked field by field; null when there is none or it is not ours.
 * @param {Storage | null} storage
 * @returns {SavedState | null}
 */
export function loadSaved(storage) {
  let data;
  try {
    data = JSON.parse(storage?.getItem(STATE_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object' || data.v !== VERSION) return null;
  if (typeof data.workload !== 'string' || typeof data.caches !== 'string') return null;
  return {
    workload: data.workload,
    caches: data.caches,
    settings: sanitizeSettings(data.settings),
    now: typeof data.now === 'string' ? data.now.slice(0, 64) : '',
    example: typeof data.example === 'string' ? data.example : '',
    selected: Number.isInteger(data.selected) && data.selected >= 0 ? data.selected : 0,
  };
}

/** @returns {Prefs} */
export function loadPrefs(storage) {
  let data = null;
  try {
    data = JSON.parse(storage?.getItem(PREFS_KEY) ?? 'null');
  } catch {
    data = null;
  }
  const theme = ['system', 'light', 'dark'].includes(data?.theme) ? data.theme : 'system';
  return { theme, wrap: data?.wrap === true, wide: data?.wide === true };
}

/** @param {Prefs} prefs */
export function savePrefs(storage, prefs) {
  try {
    storage?.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Preferences are a convenience: the page works the same without them.
  }
}
