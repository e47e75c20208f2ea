#!/usr/bin/env node
// A small static server for the built playground (www/dist): loopback only, the right MIME
// types (application/wasm, so that the module compiles while it streams), gzip when the
// browser accepts it, and the page's Content-Security-Policy as a header too.
//
//   node scripts/serve.mjs [--root dist] [--port 8080]     (PORT and HOST override too)
//
// startServer() is also what the end-to-end tests and the benchmark use; it counts the
// bytes it sends so that they can report what a cold load transfers.

import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.yaml']);

/** The same policy as the page's meta tag, plus what only a header can say. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "worker-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

async function walk(root, dir = root) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Reads every file of `root` once, with its gzip form where that is smaller. */
async function load(root) {
  const files = new Map();
  for (const path of await walk(root)) {
    const body = await readFile(path);
    const ext = extname(path).toLowerCase();
    const gzip = COMPRESSIBLE.has(ext) ? gzipSync(body, { level: 9 }) : null;
    const url = `/${relative(root, path).split(sep).join('/')}`;
    files.set(url, { body, gzip: gzip && gzip.length < body.length ? gzip : null, type: MIME[ext] ?? 'application/octet-stream' });
  }
  return files;
}

/**
 * Starts the server.
 * @param {{root?: string, host?: string, port?: number}} [options] port 0 picks a free one
 * @returns {Promise<{url: string, port: number, sent: {path: string, status: number, bytes: number, raw: number, gzip: number | null, encoding: string}[], close: () => Promise<void>}>}
 */
export async function startServer({ root = 'dist', host = '127.0.0.1', port = 8080 } = {}) {
  const base = resolve(root);
  if (!(await stat(base).catch(() => null))?.isDirectory()) throw new Error(`${base} is not a directory: build the playground first`);
  const files = await load(base);
  const sent = [];
  const server = createServer((request, response) => {
    const headers = {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('method not allowed\n');
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      path = '';
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = files.get(path);
    if (!file) {
      const body = Buffer.from('not found\n');
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
      sent.push({ path, status: 404, bytes: body.length, raw: body.length, gzip: null, encoding: 'identity' });
      return;
    }
    const gzip = file.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const body = gzip ? file.gzip : file.body;
    response.writeHead(200, {
      ...headers,
      'Content-Type': file.type,
      'Content-Length': body.length,
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    sent.push({
      path, status: 200, bytes: request.method === 'HEAD' ? 0 : body.length, raw: file.body.length,
      gzip: file.gzip ? file.gzip.length : null, encoding: gzip ? 'gzip' : 'identity',
    });
  });
  await /** @type {Promise<void>} */ (new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  }));
  const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    sent,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index !== -1 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = fileURLToPath(new URL('..', import.meta.url));
  const root = resolve(here, option('root', 'dist'));
  const port = Number(option('port', process.env.PORT ?? '8080'));
  const host = option('host', process.env.HOST ?? '127.0.0.1');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    console.error(`refusing to listen on ${host}: the playground server is for this machine only`);
    process.exit(2);
  }
  const server = await startServer({ root, host, port });
  console.log(`ECI image cache playground: ${server.url} (Ctrl+C stops it)`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close().then(() => process.exit(0)));
  }
}
