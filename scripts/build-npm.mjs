#!/usr/bin/env node
// Builds the npm package `eci-image-cache` into pkg/ (make npm).
//
// 1. wasm-pack (pinned wasm-bindgen, --mode no-install: never the network) builds the
//    crate with feature `npm` for the web target into target/npm-package/wasm-pack/,
//    optimised by wasm-opt from npm's binaryen in ./node_modules/.bin (never Debian's: it
//    breaks the module).
// 2. pkg/ is assembled from that output and the hand-written sources in npm/: the Node
//    entries, the browser entry, a CommonJS copy of the glue, the declarations for each
//    entry, the README, and package.json with the crate's version.
//
// Usage: node scripts/build-npm.mjs [--skip-wasm-pack]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = join(root, 'npm');
const built = join(root, 'target', 'npm-package', 'wasm-pack');
const pkg = join(root, 'pkg');
const glue = 'eci_image_cache';

function fail(message) {
  console.error(`build-npm: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  try {
    execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  } catch {
    fail(`${command} ${args.join(' ')} failed`);
  }
}

function crateVersion() {
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: root, encoding: 'utf8' }),
  );
  const crate = metadata.packages.find((p) => p.name === 'eci-image-cache');
  if (!crate) fail('cargo metadata does not list the crate eci-image-cache');
  return crate.version;
}

function wasmPack() {
  const bin = join(root, 'node_modules', '.bin');
  const wasmOpt = join(bin, 'wasm-opt');
  if (!existsSync(wasmOpt)) fail(`${wasmOpt} is missing: run npm ci (make npm does)`);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
  const found = execFileSync('wasm-opt', ['--version'], { env, encoding: 'utf8' });
  if (!/version 1[2-9]\d/.test(found)) fail(`the wasm-opt first on PATH is not npm's binaryen: ${found.trim()}`);
  run(
    'wasm-pack',
    [
      'build', '--mode', 'no-install', '--target', 'web', '--profile', 'npm',
      '--out-dir', built, '--out-name', glue, '--no-pack', '.',
      '--', '--features', 'npm',
    ],
    { env },
  );
}

/** Replaces `from` with `to` in `text`, exactly `count` times, or fails: the glue's shape is
 * pinned with wasm-bindgen's version, and a change must stop the build, not slip through. */
function replaceExactly(text, from, to, count = 1) {
  const found = text.split(from).length - 1;
  if (found !== count) fail(`expected ${count} × ${JSON.stringify(from)} in the glue, found ${found}`);
  return text.split(from).join(to);
}

/** The CommonJS copy of wasm-bindgen's ES module glue, for `require` on any Node version,
 * with the same exports (its declarations are the glue's, as eci_image_cache.d.cts). */
function commonJsGlue(esm) {
  let cjs = replaceExactly(esm, `/* @ts-self-types="./${glue}.d.ts" */`, "'use strict';");
  const exported = [...cjs.matchAll(/^export (?:function|class) (\w+)\b/gm)].map((m) => m[1]);
  for (const name of ['Catalogue', 'evaluate', 'version']) {
    if (!exported.includes(name)) fail(`the glue exports ${exported.join(', ')}, not ${name}`);
  }
  cjs = cjs.replace(/^export (function|class) /gm, '$1 ');
  cjs = replaceExactly(
    cjs,
    `new URL('${glue}_bg.wasm', import.meta.url)`,
    `require('node:url').pathToFileURL(require('node:path').join(__dirname, '${glue}_bg.wasm'))`,
  );
  cjs = replaceExactly(
    cjs,
    'export { initSync, __wbg_init as default };',
    [...exported, 'initSync'].map((name) => `exports.${name} = ${name};`).concat('exports.default = __wbg_init;').join('\n'),
  );
  const leftover = cjs.match(/^\s*(export|import)\b.*$|import\.meta/m);
  if (leftover) fail(`the CommonJS glue still holds ES module syntax: ${leftover[0]}`);
  return cjs;
}

/** The declarations of the entries: the glue's, without its initialisation functions (the
 * entries initialise the module themselves). */
function entryDeclarations(dts) {
  const cut = dts.indexOf('export type InitInput =');
  if (cut < 0) fail('the glue declarations have no InitInput section');
  const declarations = dts.slice(0, cut).trimEnd();
  for (const name of ['EvaluateInput', 'CatalogueInput', 'ObjectInput', 'InputError', 'Report', 'Settings', 'Outcome', 'Severity', 'Reason', 'Code']) {
    if (!new RegExp(`^export (interface|type) ${name}\\b`, 'm').test(declarations)) {
      fail(`the declarations lack ${name}: is tsify deriving it?`);
    }
  }
  if (!/^export function evaluate\(input: EvaluateInput\): Report;$/m.test(declarations)) {
    fail('the declarations do not type evaluate(input: EvaluateInput): Report');
  }
  if (!/^export class Catalogue \{$/m.test(declarations) || !/^ {4}evaluate\(input: ObjectInput\): Report;$/m.test(declarations)) {
    fail('the declarations do not type the class Catalogue with evaluate(input: ObjectInput): Report');
  }
  // The class's `[Symbol.dispose]` (for `using`) needs these types, whatever the user's lib.
  return `/// <reference lib="esnext.disposable" />\n${declarations}\n`;
}

const skipWasmPack = process.argv.includes('--skip-wasm-pack');
if (!skipWasmPack) wasmPack();

const version = crateVersion();
const esm = readFileSync(join(built, `${glue}.js`), 'utf8');
const dts = readFileSync(join(built, `${glue}.d.ts`), 'utf8');

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
for (const file of [`${glue}.js`, `${glue}_bg.wasm`]) copyFileSync(join(built, file), join(pkg, file));
writeFileSync(join(pkg, `${glue}.d.ts`), `/// <reference lib="esnext.disposable" />\n${dts}`);
writeFileSync(join(pkg, `${glue}.cjs`), commonJsGlue(esm));
writeFileSync(join(pkg, `${glue}.d.cts`), `/// <reference lib="esnext.disposable" />\n${dts}`);
const declarations = entryDeclarations(dts);
writeFileSync(join(pkg, 'index.d.ts'), declarations);
writeFileSync(join(pkg, 'index.d.cts'), declarations);
for (const file of ['index.js', 'node.mjs', 'node.cjs', 'README.md']) copyFileSync(join(sources, file), join(pkg, file));

const manifest = JSON.parse(readFileSync(join(sources, 'package.json'), 'utf8'));
manifest.version = version;
for (const file of manifest.files) {
  if (!existsSync(join(pkg, file))) fail(`package.json lists ${file}, which the build did not write`);
}
writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`build-npm: pkg/ holds eci-image-cache ${version}`);
