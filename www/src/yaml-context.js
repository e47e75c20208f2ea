// Where a position is in block YAML, read from the text around it (no parse: the text being
// typed is seldom valid YAML): on which line's key or value, and under which keys. The
// completion and hover help of the editors (completion.js, hover.js) decide from it.
//
// The parent keys come from indentation, line by line upwards: a key's parent is the nearest
// node above it that starts further left (a key, or a list item's `- `); a list item's parent
// may also be a key at the same column (`items:` over `- …`, as kubectl prints). Flow
// collections (`{…}`, `[…]`) are not looked into.

/**
 * @typedef {{path: string[], key: string, keyFrom: number, keyTo: number, quote: string,
 *   keyClosed: boolean, colon: boolean, valueFrom: number, valueTo: number, value: string, valueQuote: string,
 *   closed: boolean}} LineContext
 *   `path`: the keys above, the outermost first, `-` for a list item; `key` and its range
 *   (without its quotes `quote`, `keyClosed` whether the closing one is there), `colon` whether a `:` follows it; the value after `key: ` and its
 *   range (without its opening quote `valueQuote`), `closed` whether its closing quote is there
 * @typedef {LineContext & {at: 'key' | 'value', typed: string}} CursorContext
 *   `at`: whether the position is in the key or the value; `typed`: the part of it before the position
 */

/** Longest stretch of text walked upwards for the parent keys. */
export const MAX_LOOKBACK = 20000;

/** A line's list dashes and the key it holds, with their columns. */
function shape(line) {
  const lead = /^((?:[ ]*-(?=[ ]|$))*)[ ]*/.exec(line)[0];
  const dashes = [];
  for (let i = 0; i < lead.length; i += 1) if (lead[i] === '-') dashes.push(i);
  const rest = line.slice(lead.length);
  const key = /^(["']?)([^"'#:\s]+)\1[ ]*:(?=[ ]|$)/.exec(rest);
  return { dashes, column: lead.length, key: key ? key[2] : null, blank: rest === '' || rest.startsWith('#') };
}

/**
 * The keys above a node that starts at `column` (`item`: a list item's dash there) on the
 * line that starts at `lineStart`, the outermost first.
 * @param {string} text
 * @param {number} lineStart
 * @param {number} column
 * @param {boolean} item
 * @returns {string[]}
 */
function parents(text, lineStart, column, item) {
  const path = [];
  const stop = Math.max(0, lineStart - MAX_LOOKBACK);
  for (let end = lineStart - 1; end >= stop && (column > 0 || item);) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (/^(---|\.\.\.)(\s|$)/.test(line)) break;
    const { dashes, column: keyColumn, key, blank } = shape(line);
    if (blank && dashes.length === 0) continue;
    const nodes = [...dashes.map((at) => ({ at, key: null })), ...(key !== null ? [{ at: keyColumn, key }] : [])];
    // The nearest enclosing node on this line: left of the column, or for a list item a key
    // at its column (an indentless sequence) unless the line is itself an item there.
    let found = -1;
    for (let i = nodes.length - 1; i >= 0 && found === -1; i -= 1) {
      const { at, key: name } = nodes[i];
      if (at < column || (item && name !== null && at === column && !dashes.includes(column))) found = i;
    }
    if (found === -1) continue;
    for (let i = found; i >= 0; i -= 1) path.unshift(nodes[i].key ?? '-');
    column = nodes[0].at;
    item = nodes[0].key === null;
  }
  return path;
}

/**
 * The keys written beside the key of the line that starts at `lineStart` (at the same
 * `column`, in the same block: up and down to the first line that starts further left).
 * @param {string} text
 * @param {number} lineStart
 * @param {number} column
 * @returns {string[]}
 */
export function siblingKeys(text, lineStart, column) {
  const keys = [];
  const visit = (line) => {
    const { dashes, column: at, key, blank } = shape(line);
    if (blank && dashes.length === 0) return true;
    if (at === column && key !== null) keys.push(key);
    // A list item's dash at or left of the column starts (or leaves) the block.
    return (dashes.length > 0 ? dashes[0] : at) >= column && !(dashes.length > 0 && at === column);
  };
  for (let end = lineStart - 1, stop = Math.max(0, lineStart - MAX_LOOKBACK); end >= stop;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (!visit(text.slice(start, end))) break;
    end = start - 1;
  }
  const first = text.indexOf('\n', lineStart);
  for (let start = first + 1, stop = Math.min(text.length, lineStart + MAX_LOOKBACK); first !== -1 && start > 0 && start < stop;) {
    const newline = text.indexOf('\n', start);
    if (!visit(text.slice(start, newline === -1 ? text.length : newline))) break;
    start = newline + 1;
  }
  return keys;
}

/**
 * The key and value of the line that holds `pos`, and the keys above it; null where
 * there is nothing to complete or explain: in the indentation, a comment, past the value.
 * @param {string} text
 * @param {number} pos
 * @returns {CursorContext | null}
 */
export function contextAt(text, pos) {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const newline = text.indexOf('\n', pos);
  const line = text.slice(lineStart, newline === -1 ? text.length : newline);
  const { dashes, column } = shape(line);
  if (pos - lineStart < column) return null;
  const rest = line.slice(column);
  const [whole, quote, key] = /^(["']?)([^"'#:\s]*)["']?/.exec(rest);
  const keyFrom = lineStart + column + quote.length;
  const keyTo = keyFrom + key.length;
  const colon = /^[ ]*:(?=[ ]|$)/.exec(rest.slice(whole.length));
  const path = () => (dashes.length > 0 ? parents(text, lineStart, dashes[0], true) : parents(text, lineStart, column, false))
    .concat(dashes.map(() => '-'));
  const base = { key, keyFrom, keyTo, quote, keyClosed: quote !== '' && whole.length > quote.length + key.length, colon: colon !== null };
  if (pos >= keyFrom && pos <= keyTo) {
    return { ...base, path: path(), at: 'key', typed: text.slice(keyFrom, pos), valueFrom: keyTo, valueTo: keyTo, value: '', valueQuote: '', closed: false };
  }
  if (!colon || key === '') return null;
  const valueStart = column + whole.length + colon[0].length;
  const after = line.slice(valueStart);
  const spaces = /^[ ]*/.exec(after)[0].length;
  if (spaces === 0) return null;
  const [, valueQuote, value, closing] = /^(["']?)([^"'#\s]*)(["']?)/.exec(after.slice(spaces));
  const valueFrom = lineStart + valueStart + spaces + valueQuote.length;
  const valueTo = valueFrom + value.length;
  if (pos < valueFrom || pos > valueTo) return null;
  return {
    ...base, path: path(), at: 'value', typed: text.slice(valueFrom, pos),
    valueFrom, valueTo, value, valueQuote, closed: valueQuote !== '' && closing === valueQuote,
  };
}
