// The caches editor read piece by piece (parse-chunks.js, parse.js): the same caches and
// places as one parse of the whole text, an edit re-parses one cache, and any problem falls
// back to the whole parse.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeCaches } from '../scripts/fixtures.mjs';
import { splitStream } from '../src/parse-chunks.js';
import { parseCaches, parseWorkload, pieceMemo } from '../src/parse.js';
import { placeInText } from './places.mjs';

const NO_WORKLOAD = parseWorkload('');

/** Where each cache's second image sits, as a text slice, for comparing two parses. */
function places(parsed) {
  return parsed.caches.map((_, i) => {
    const place = placeInText(`/imageCaches/${i}/spec/images/0`, { workload: NO_WORKLOAD, caches: parsed });
    return [place.from, parsed.text.slice(place.from, place.to)];
  });
}

/** The whole-text parse, forced by a directive the split refuses. */
function whole(text) {
  const parsed = parseCaches(`%YAML 1.2\n---\n${text}`);
  return parsed.caches;
}

describe('caches read piece by piece', () => {
  test('kubectl output splits into one piece per cache and gives what the whole parse gives', () => {
    const text = makeCaches(40);
    const [doc] = splitStream(text);
    assert.equal(doc.items.length, 40);
    const parsed = parseCaches(text, pieceMemo());
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.caches, whole(text));
    for (const [from, slice] of places(parsed)) {
      assert.ok(slice.length > 3 && text.slice(from).startsWith(slice));
      assert.equal(text.slice(text.lastIndexOf('\n', from) + 1, from).trim(), '-', 'marked on the image line');
    }
  });

  test('items indented under items:, comments, CRLF and documents around a List', () => {
    const text = '# caches\r\napiVersion: v1\r\nitems:\r\n  # first\r\n  - metadata: {name: a}\r\n    spec: {images: ["x:1"]}\r\n\r\n  - metadata: {name: b}\r\n    spec:\r\n      images:\r\n      - y:1\r\n# tail\r\nkind: List\r\n---\r\nmetadata: {name: c}\r\nspec: {images: ["z:1"]}\r\n';
    const pieces = splitStream(text);
    assert.equal(pieces.length, 2);
    assert.equal(pieces[0].items.length, 2);
    const parsed = parseCaches(text, pieceMemo());
    assert.deepEqual(parsed.caches.map((cache) => cache.metadata.name), ['a', 'b', 'c']);
    assert.deepEqual(parsed.caches, whole(text));
    assert.deepEqual(places(parsed).map(([, slice]) => slice), ['"x:1"', 'y:1', '"z:1"']);
  });

  test('an edit of one cache re-parses that cache only', () => {
    const memo = pieceMemo();
    const parsedAnew = [];
    const set = memo.set;
    memo.set = (key, value) => {
      parsedAnew.push(key);
      set(key, value);
    };
    const text = makeCaches(300);
    parseCaches(text, memo);
    assert.equal(parsedAnew.length, 301, 'the head and each cache');
    parsedAnew.length = 0;
    const edited = text.replace('name: cache-150', 'name: cache-15x');
    const parsed = parseCaches(edited, memo);
    assert.equal(parsedAnew.length, 1);
    assert.match(parsedAnew[0], /name: cache-15x/);
    assert.equal(parsed.caches[150].metadata.name, 'cache-15x');
    assert.deepEqual(parsed.caches, whole(edited));
    assert.equal(parsed.caches[149], parseCaches(text, memo).caches[149], 'the other caches are the same objects, not parsed again');
  });

  test('a problem in any piece gives the whole parse\'s errors, at the whole text\'s lines', () => {
    const text = makeCaches(3).replace('name: cache-001', 'name: [cache-001');
    const parsed = parseCaches(text, pieceMemo());
    assert.equal(parsed.caches, null);
    const full = parseCaches(`${text}`);
    assert.deepEqual(parsed.problems, full.problems);
    assert.ok(parsed.problems.length > 0);
  });

  test('an alias to an anchor in another cache still resolves', () => {
    const text = 'kind: List\nitems:\n- metadata: {name: a}\n  spec: &s {images: ["x:1"]}\n- metadata: {name: b}\n  spec: *s\n';
    const parsed = parseCaches(text, pieceMemo());
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.caches[1].spec, { images: ['x:1'] });
  });
});
