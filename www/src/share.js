// Share by link: the whole state (both editors, settings, now) as JSON, compressed with
// deflate-raw (CompressionStream, no dependency) and encoded base64url into the fragment.
// The fragment never reaches a server. Decompression stops at MAX_STATE_BYTES, so a
// crafted link cannot make the page inflate a "zip bomb".

import { sanitizeSettings, changedSettings } from './settings.js';

export const FRAGMENT_KEY = 's';
/** Largest decompressed state accepted (and produced). */
export const MAX_STATE_BYTES = 1 << 20;
/** Largest encoded fragment read. */
export const MAX_FRAGMENT_CHARS = 2 * MAX_STATE_BYTES;
const VERSION = 1;

/**
 * @typedef {{workload: string, caches: string, settings: Record<string, unknown>, now: string}} State
 */

/** The fragment (without '#') that encodes `state`. */
export async function encodeState(state) {
  const json = JSON.stringify({
    v: VERSION,
    workload: state.workload,
    caches: state.caches,
    settings: changedSettings(state.settings),
    now: state.now,
  });
  const bytes = new TextEncoder().encode(json);
  if (bytes.length > MAX_STATE_BYTES) {
    throw new Error(`the state is ${bytes.length} bytes; a link holds at most ${MAX_STATE_BYTES}`);
  }
  const compressed = await collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  return `${FRAGMENT_KEY}=${toBase64Url(compressed)}`;
}

/** Whether a location hash carries a shared state. */
export function hasState(hash) {
  return hash.replace(/^#/, '').startsWith(`${FRAGMENT_KEY}=`);
}

/**
 * The state a fragment encodes. Throws an Error with a message for people when the link is
 * damaged, too large, or not one of ours.
 * @param {string} hash location.hash, with or without '#'
 * @returns {Promise<State>}
 */
export async function decodeState(hash) {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(`${FRAGMENT_KEY}=`)) throw new Error('the link carries no playground state');
  const payload = fragment.slice(FRAGMENT_KEY.length + 1);
  if (payload.length > MAX_FRAGMENT_CHARS) throw new Error('the link is too long');
  let compressed;
  try {
    compressed = fromBase64Url(payload);
  } catch {
    throw new Error('the link is damaged (not base64url)');
  }
  let bytes;
  try {
    bytes = await collect(new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate-raw')), MAX_STATE_BYTES);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new Error('the link is damaged (cannot be decompressed)');
  }
  let data;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('the link is damaged (not JSON)');
  }
  if (data === null || typeof data !== 'object' || data.v !== VERSION) throw new Error('the link is from an unknown version of the playground');
  if (typeof data.workload !== 'string' || typeof data.caches !== 'string') throw new Error('the link lacks the editors\u2019 text');
  return {
    workload: data.workload,
    caches: data.caches,
    settings: sanitizeSettings(data.settings),
    now: typeof data.now === 'string' ? data.now.slice(0, 64) : '',
  };
}

/** Reads a byte stream to its end, refusing more than `limit` bytes. */
async function collect(stream, limit) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError(`the link expands to more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
