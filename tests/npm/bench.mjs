#!/usr/bin/env node
// The npm package's figures (make npm-bench): the size of the .wasm, raw and gzipped, and
// the time per evaluate call from Node against the native core on the same input.
//
// The input is the one of the core's criterion benchmark (benches/evaluate.rs, ported
// here; should it drift, Node and native still time the same file): a pod with five
// images against N realistic caches (long status.events included), written to
// target/npm-package/bench-N.json. Node times the installed package's evaluate on that
// object; the native figure comes from examples/evaluate_timing.rs, built with the release
// profile, timing the core on the very same file (bytes in, JSON out; and evaluate alone).
// Each figure is the best (and the median) of 7 batches: the machine may be shared.
// Figures, not asserts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { evaluate, version } from 'eci-image-cache';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'target', 'npm-package');
const SIZES = [100, 1_000];

const POOL = [
  'nginx',
  'redis',
  'registry.cn-hangzhou.aliyuncs.com/acme/api',
  'registry.cn-hangzhou.aliyuncs.com/acme/worker',
  'busybox',
  'postgres',
  'grafana/grafana',
  'quay.io/prometheus/prometheus',
  'ghcr.io/acme/sidecar',
  'mysql',
];
const pad = (n, width) => String(n).padStart(width, '0');

/** Image `k` of the pool at version `v`: 10 repositories in 20 versions. */
const image = (k, v) => `${POOL[k % POOL.length]}:${1 + (v % 4)}.${v % 5}`;

/** benches/evaluate.rs's realistic_cache, field for field. */
function realisticCache(i) {
  const images = Array.from({ length: 1 + (i % 6) }, (_, k) => image(i + k * 3, Math.floor(i / 7) + k));
  const events = Array.from({ length: 12 }, (_, e) => ({
    type: 'Normal',
    reason: `Step${e}`,
    message: `image cache imc-bench${pad(i, 5)} step ${e}: pulling layers, ${e * 8}% done`,
    firstTimestamp: '2026-11-01T00:00:00Z',
    lastTimestamp: '2026-11-01T00:05:00Z',
    count: e + 1,
  }));
  return {
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: {
      name: `cache-${i}`,
      uid: `2f5c8a4e-0000-4000-8000-${pad(i, 12)}`,
      resourceVersion: `${100_000 + i}`,
      generation: 1,
      creationTimestamp: `2026-${pad(1 + (i % 11), 2)}-${pad(1 + (i % 28), 2)}T08:00:00Z`,
      annotations: { 'k8s.aliyun.com/imc-cpu-arch': i % 9 === 0 ? 'arm64' : 'amd64' },
      labels: { team: `team-${i % 7}` },
    },
    spec: { images, imageCacheSize: 20 + (i % 4) * 5, retentionDays: 30, imagePullSecrets: ['default:acr-credential'] },
    status: {
      imageCacheId: `imc-bench${pad(i, 5)}`,
      phase: i % 10 === 3 ? 'Creating' : 'Ready',
      progress: '100%',
      startTime: '2026-11-01T00:00:00Z',
      lastUpdatedTime: '2026-11-01T00:05:00Z',
      expireDateTime: '2026-12-31T00:00:00Z',
      events,
    },
  };
}

/** benches/evaluate.rs's pod. */
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'bench', namespace: 'default', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
  spec: {
    containers: [0, 1, 2, 3, 4].map((i) => ({ name: `c${i}`, image: image(i, 0), imagePullPolicy: 'IfNotPresent' })),
  },
};

/** @returns {import('eci-image-cache').EvaluateInput} */
function input(n) {
  return {
    object: pod,
    imageCaches: { apiVersion: 'v1', kind: 'List', items: Array.from({ length: n }, (_, i) => realisticCache(i)) },
    now: '2026-11-27T00:00:00Z',
  };
}

/** Milliseconds per call: the best and the median of 7 batches, each long enough to time. */
function perCall(f) {
  for (let i = 0; i < 5; i++) f();
  let batch = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) f();
    if (performance.now() - start > 100) break;
    batch *= 2;
  }
  const samples = [];
  for (let s = 0; s < 7; s++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) f();
    samples.push((performance.now() - start) / batch);
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0], median: samples[3] };
}

/** "best (median)", in ms. */
const ms = ({ best, median }) => `${best.toFixed(2)} (${median.toFixed(2)})`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const wasmPath = join(dirname(createRequire(import.meta.url).resolve('eci-image-cache/package.json')), 'eci_image_cache_bg.wasm');
const wasm = readFileSync(wasmPath);
console.log(`eci-image-cache ${version()} (node ${process.version})`);
console.log(`eci_image_cache_bg.wasm: ${kb(wasm.length)} raw, ${kb(gzipSync(wasm, { level: 9 }).length)} gzipped (gzip -9; target under 150 KB)`);

mkdirSync(out, { recursive: true });
console.log('building the native timer: cargo build --release --example evaluate_timing');
execFileSync('cargo', ['build', '--quiet', '--release', '--example', 'evaluate_timing'], { cwd: root, stdio: 'inherit' });
const timer = join(root, 'target', 'release', 'examples', 'evaluate_timing');

console.log('\nms per evaluate call, pod with 5 images: best (median) of 7 batches');
console.log('caches | input JSON | Node: evaluate(object) | native: bytes in, JSON out | native: evaluate(&Value)');
for (const n of SIZES) {
  const value = input(n);
  const file = join(out, `bench-${n}.json`);
  const text = JSON.stringify(value);
  writeFileSync(file, text);
  const outcome = evaluate(value).decision.outcome;
  const node = perCall(() => evaluate(value));
  const iterations = String(Math.max(5, Math.round(2_000 / n)));
  const native = JSON.parse(execFileSync(timer, [file, iterations], { encoding: 'utf8' }));
  console.log(
    `${String(n).padStart(6)} | ${kb(text.length).padStart(10)} | ${ms(node).padStart(22)} | ${ms(native.bytesInJsonOutMs).padStart(27)} | ${ms(native.evaluateMs).padStart(24)}   (${outcome})`,
  );
}
