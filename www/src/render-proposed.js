// The ImageCache ECI would create, as a manifest the user can copy and apply instead.

import { fill } from './dom.js';

/**
 * @param {HTMLElement} section shown only when there is a proposal
 * @param {HTMLElement} pre
 * @param {string} text the proposal as YAML, printed in the worker ('' when none)
 */
export function renderProposed(section, pre, text) {
  section.hidden = text === '';
  fill(pre, text);
}
