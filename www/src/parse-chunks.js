// Splitting the caches editor's text into pieces that parse on their own, so that an edit
// re-parses only the piece it touched (issue 12: at 300 caches a full parse with the `yaml`
// package takes 200-300 ms, a piece of one cache about 2 ms).
//
// The pieces are the documents of the stream (column-0 `---` always starts a document), and,
// inside a document, each item of a block sequence under a column-0 `items:` key, as
// `kubectl get imagecache -o yaml` prints a List. The rest of such a document (apiVersion,
// kind, metadata) is its `head`. The caller parses each piece separately, remembers the
// result by the piece's text, and falls back to one parse of the whole text whenever a piece
// reports any problem, so that errors always read as the whole parse reports them.

/**
 * @typedef {{start: number, end: number}} Span
 * @typedef {{start: number, end: number, items: Span[] | null, head: Span[]}} DocPiece
 *   `items` are the spans of the items under `items:` (null when the document is not split);
 *   `head` is the document without them, as one or two spans
 */

/** Lines of `text` as [start, end) offsets without the line break. */
function lines(text) {
  const out = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    out.push({ start, end: end > start && text[end - 1] === '\r' ? end - 1 : end, next: newline === -1 ? text.length : newline + 1 });
    if (newline === -1) break;
    start = newline + 1;
  }
  return out;
}

const DOC_MARKER = /^(?:---|\.\.\.)(?:[ \t]|$)/;
const ITEMS_KEY = /^items:[ \t]*(?:#.*)?$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;

/**
 * The pieces of a stream, or null when the text uses something the split cannot follow
 * (directives, tabs at a line start) and must be parsed whole.
 * @param {string} text
 * @returns {DocPiece[] | null}
 */
export function splitStream(text) {
  if (/^%/m.test(text) || /^\t/m.test(text)) return null;
  const all = lines(text);
  /** @type {DocPiece[]} */
  const docs = [];
  let docStart = 0;
  let docLines = [];
  const close = (end) => {
    if (end > docStart || docs.length === 0) docs.push(splitItems(docStart, end, docLines));
    docStart = end;
    docLines = [];
  };
  for (const line of all) {
    const content = text.slice(line.start, line.end);
    if (DOC_MARKER.test(content) && line.start > docStart) close(line.start);
    docLines.push({ ...line, content });
  }
  close(text.length);
  return docs;
}

/** One document, with the items of a column-0 `items:` block sequence as pieces of their own. */
function splitItems(start, end, docLines) {
  const whole = { start, end, items: null, head: [{ start, end }] };
  const key = docLines.findIndex((line) => ITEMS_KEY.test(line.content));
  if (key === -1) return whole;
  let first = key + 1;
  while (first < docLines.length && BLANK_OR_COMMENT.test(docLines[first].content)) first += 1;
  const dash = first < docLines.length ? /^( *)-(?:[ \t]|$)/.exec(docLines[first].content) : null;
  if (!dash) return whole;
  const indent = dash[1].length;
  const itemStart = new RegExp(`^ {${indent}}-(?:[ \\t]|$)`);
  /** @type {Span[]} */
  const items = [];
  let last = first;
  for (let i = first; i < docLines.length; i += 1) {
    const { content } = docLines[i];
    if (itemStart.test(content)) {
      if (items.length > 0) items[items.length - 1].end = docLines[i].start;
      items.push({ start: docLines[i].start, end: docLines[i].next });
      last = i;
    } else if (BLANK_OR_COMMENT.test(content) || /^ /.test(content) && leading(content) > indent) {
      last = i;
    } else {
      break;
    }
  }
  // Trailing blank and comment lines belong to the head, not to the last item.
  while (last > first && BLANK_OR_COMMENT.test(docLines[last].content)) last -= 1;
  const sectionEnd = docLines[last].next;
  items[items.length - 1].end = Math.min(sectionEnd, end);
  const sectionStart = items[0].start;
  return { start, end, items, head: [{ start, end: sectionStart }, { start: sectionEnd, end }].filter((span) => span.end > span.start) };
}

function leading(content) {
  return content.length - content.trimStart().length;
}
