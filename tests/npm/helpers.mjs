// Shared by the npm package's tests: the repository's fixtures, read with the `yaml` package.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fixture of tests/fixtures/ (a path relative to it), parsed from YAML. */
export function fixture(path) {
  return parse(readFileSync(join(root, 'tests', 'fixtures', path), 'utf8'));
}

/** The cluster's caches of the documentation examples: a v1 List of three ImageCaches. */
export const documentationCaches = () => fixture('manifests/imagecaches.yaml');

/** A fixed time, after every creation time of the fixtures and before any expiry. */
export const NOW = '2026-11-27T00:00:00Z';

/** A pod with the given annotations and containers ([name, image, pull policy]). */
export function pod(annotations, containers = [['nginx', 'nginx:1.7.9', 'IfNotPresent']]) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'test-pod', namespace: 'default', annotations },
    spec: {
      containers: containers.map(([name, image, imagePullPolicy]) => ({ name, image, imagePullPolicy })),
    },
  };
}

/** Whether `value` holds, anywhere, something JSON cannot (a Map, undefined, a class instance). */
export function nonJson(value, path = '') {
  if (value === null || ['string', 'boolean'].includes(typeof value)) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path}: ${value}`;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nonJson(item, `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = nonJson(item, `${path}/${key}`);
      if (found) return found;
    }
    return null;
  }
  return `${path}: ${typeof value === 'object' ? value.constructor?.name : typeof value}`;
}
