// The page's view options: the theme (the system's choice, or light or dark), wrapped lines
// in the editors, and wide editors; kept with the user's preferences (storage.js).

import { setDark, setWrap } from './editor.js';
import { loadPrefs, savePrefs } from './storage.js';

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/**
 * Wires the three controls and applies the saved preferences.
 * @param {{theme: HTMLSelectElement, wrap: HTMLInputElement, wide: HTMLInputElement}} controls
 * @param {Storage | null} storage
 */
export function setUpLayout(controls, storage) {
  const prefs = loadPrefs(storage);
  const apply = () => {
    const root = document.documentElement;
    root.dataset.theme = prefs.theme;
    setDark(prefs.theme === 'dark' || (prefs.theme === 'system' && (darkQuery?.matches ?? false)));
    setWrap(prefs.wrap);
    root.dataset.wide = String(prefs.wide);
  };
  controls.theme.value = prefs.theme;
  controls.wrap.checked = prefs.wrap;
  controls.wide.checked = prefs.wide;
  controls.theme.addEventListener('change', () => {
    prefs.theme = /** @type {any} */ (controls.theme.value);
    apply();
    savePrefs(storage, prefs);
  });
  for (const key of /** @type {const} */ (['wrap', 'wide'])) {
    controls[key].addEventListener('change', () => {
      prefs[key] = controls[key].checked;
      apply();
      savePrefs(storage, prefs);
    });
  }
  darkQuery?.addEventListener('change', apply);
  apply();
}
