// Never losing work: the state is saved locally as the user types (storage.js); whatever
// replaces the editors' content wholesale (an example, a shared link) keeps what was there,
// so that one click brings it back; and the address bar never keeps a link whose state the
// page no longer shows.

import { loadSaved, saveState } from './storage.js';

const SAVE_DELAY_MS = 300;

/**
 * @typedef {import('./storage.js').SavedState} SavedState
 * @param {{storage: Storage | null, read: () => SavedState, write: (state: SavedState) => void,
 *   announce: (text: string, undo?: (() => void) | null) => void, saved: (problem: string | null) => void}} options
 *   `read` gives the page's state, `write` shows one, `announce` tells the user (with an
 *   optional undo), `saved` reports each save
 */
export function createSession({ storage, read, write, announce, saved }) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** Whether the address bar carries a link (#s=…) matching the page. */
  let linked = false;

  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    saved(saveState(storage, read()));
  };

  return {
    /** The state saved by an earlier visit, if any. */
    restore: () => loadSaved(storage),
    /** After any edit: save soon, and let go of a link that no longer matches. */
    changed() {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
      if (linked) {
        linked = false;
        history.replaceState(null, '', `${location.pathname}${location.search}`);
      }
    },
    /** Saves at once (the page is being hidden or closed). */
    flush() {
      if (timer) save();
    },
    /** The address bar now carries a link for the state shown. */
    linked() {
      linked = true;
    },
    /**
     * Shows `state` in place of what the editors hold; `message` tells what happened, and its
     * Undo button brings `previous` back (the user's own input, when there was any).
     * @param {SavedState} state
     * @param {string} message
     * @param {SavedState | null} previous
     */
    replace(state, message, previous) {
      write(state);
      save();
      announce(message, previous ? () => {
        write(previous);
        save();
        announce('Your previous input is back.', null);
      } : null);
    },
  };
}
