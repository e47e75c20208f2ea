// Where the report's paths land in the editors' text, for the Node tests.

import assert from 'node:assert/strict';
import { placeReportPath } from '../src/yaml-map.js';

/**
 * The text range a path lands on; fails the test when it lands outside the editors.
 * @param {string} path
 * @param {Parameters<typeof placeReportPath>[1]} inputs
 */
export function placeInText(path, inputs) {
  const place = placeReportPath(path, inputs);
  assert.ok(place && 'from' in place, `${path} is not placed in an editor: ${JSON.stringify(place)}`);
  return place;
}
