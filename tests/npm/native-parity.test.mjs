// The WebAssembly build gives the very report the native core gives, on every scenario of
// tests/scenarios/. The native reports come from `cargo run --example scenario_reports`
// (make npm-test writes them to target/npm-package/scenario-reports.json); the inputs are
// built here again, from the same YAML files with the `yaml` package, and must be equal too.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { Catalogue, evaluate } from 'eci-image-cache';

import { fixture, root } from './helpers.mjs';
import { parse } from 'yaml';

const dumpPath = process.env.ECI_SCENARIO_REPORTS ?? join(root, 'target', 'npm-package', 'scenario-reports.json');
assert.ok(existsSync(dumpPath), `${dumpPath} is missing: run make npm-test, or cargo run --example scenario_reports > ${dumpPath}`);
const native = JSON.parse(readFileSync(dumpPath, 'utf8'));

/** The input of a case, built as tests/scenarios.rs builds it, with the fixed `now` when it has none. */
function inputOf(testCase) {
  const input = structuredClone(testCase.input ?? {});
  if (testCase.objectFile) input.object = fixture(testCase.objectFile);
  if (testCase.imageCachesFile) input.imageCaches = fixture(testCase.imageCachesFile);
  input.now ??= native.fixedNow;
  return input;
}

const scenarioDir = join(root, 'tests', 'scenarios');
const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.yaml')).sort();
const cases = files.flatMap((file) =>
  parse(readFileSync(join(scenarioDir, file), 'utf8')).map((testCase, index) => ({ file, index, testCase })),
);

test('the native dump covers every scenario', () => {
  assert.ok(cases.length >= 40, `only ${cases.length} scenarios`);
  assert.deepEqual(
    native.cases.map((c) => `${c.file}#${c.index}`),
    cases.map((c) => `${c.file}#${c.index}`),
    'the dump is stale: rerun the example',
  );
});

for (const { file, index, testCase } of cases) {
  test(`${file}: ${testCase.name}`, () => {
    const expected = native.cases.find((c) => c.file === file && c.index === index);
    assert.ok(expected, 'no native report for this case');
    const input = inputOf(testCase);
    assert.deepEqual(input, expected.input, 'the yaml package and serde_yaml read the case alike');
    if (expected.error) {
      assert.throws(
        () => evaluate(input),
        (/** @type {import('eci-image-cache').InputError} */ error) =>
          error.path === expected.error.path && error.message.endsWith(expected.error.message),
      );
    } else {
      assert.deepEqual(evaluate(input), expected.report);
      // The same caches read once into a catalogue give the same report, and its relevant
      // report the same decision and patch.
      const catalogue = new Catalogue({ imageCaches: input.imageCaches, settings: input.settings });
      try {
        assert.deepEqual(catalogue.evaluate({ object: input.object, now: input.now }), expected.report);
        const relevant = catalogue.evaluateRelevant({ object: input.object, now: input.now });
        assert.deepEqual([relevant.decision, relevant.patch], [expected.report.decision, expected.report.patch]);
      } finally {
        catalogue.free();
      }
    }
  });
}
