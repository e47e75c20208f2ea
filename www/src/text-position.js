// Offsets ↔ line and column in a text, for the places shown outside the editors.

/** Offsets at which each line of `text` starts. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The 1-based line and column of an offset.
 * @param {number[]} starts from lineStarts
 * @param {number} offset
 */
export function lineColumn(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** The offset where the line holding `offset` ends (before its line break). */
export function lineEnd(text, offset) {
  const end = text.indexOf('\n', offset);
  const stop = end === -1 ? text.length : end;
  return stop > offset && text[stop - 1] === '\r' ? stop - 1 : stop;
}
