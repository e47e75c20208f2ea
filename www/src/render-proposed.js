// The ImageCache ECI would create, as a manifest the user can copy and apply instead.

import { stringify } from 'yaml';
import { fill } from './dom.js';

/**
 * @param {HTMLElement} section shown only when there is a proposal
 * @param {HTMLElement} pre
 * @param {Record<string, unknown> | null} manifest
 * @returns {string} the YAML shown ('' when none)
 */
export function renderProposed(section, pre, manifest) {
  section.hidden = manifest == null;
  if (manifest == null) {
    fill(pre);
    return '';
  }
  const text = stringify(manifest, { lineWidth: 0 });
  fill(pre, text);
  return text;
}
