// Typed use of the package through its ES module entry. tsc must accept every line; each
// line under @ts-expect-error must be refused, or tsc fails on the unused directive.
import { Catalogue, evaluate, version } from 'eci-image-cache';
import type { CacheRow, CatalogueInput, Code, Diagnostic, EvaluateInput, ObjectInput, Outcome, Reason, Report, Settings, Severity } from 'eci-image-cache';

const settings: Partial<Settings> = { autoMatchByDefault: true, pinAnnotation: 'k8s.aliyun.com/eci-imc-id', onLookupFailure: 'reject' };
const input: EvaluateInput = {
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } },
  imageCaches: { apiVersion: 'v1', kind: 'List', items: [] },
  settings,
  now: new Date(),
};
const report: Report = evaluate(input);
evaluate({ object: {}, imageCaches: [], now: '2026-11-27T00:00:00Z' });

/** Every outcome is handled: adding one to the union without a case here fails to compile. */
function describe(outcome: Outcome): string {
  switch (outcome) {
    case 'pinned':
    case 'matched':
      return `uses ${report.decision.imageCacheName ?? report.decision.imageCacheId ?? '?'}`;
    case 'will-create':
      return `ECI creates ${String(report.proposedImageCache?.['kind'])}`;
    case 'none':
    case 'rejected':
      return report.decision.summary;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

const severities: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const errors: Diagnostic[] = report.diagnostics.filter((d) => severities[d.severity] === 0);
const code: Code = errors[0]?.code ?? 'pin-not-found';
const reasons: (Reason | null)[] = report.caches.map((row: CacheRow) => row.reason);
const ranks: (number | null)[] = report.caches.map((row) => row.rank);
const degree: number = report.caches[0]?.matchDegree ?? 0;
const text: string = `${version()} ${describe(report.decision.outcome)} ${code} ${reasons.length} ${ranks.length} ${degree}`;
export { text };

// @ts-expect-error: object is required
evaluate({ imageCaches: [] });
// @ts-expect-error: settings are typed
evaluate({ object: {}, settings: { autoMatchByDefault: 'yes' } });
// @ts-expect-error: an unknown setting
evaluate({ object: {}, settings: { autoMatch: true } });
// @ts-expect-error: only the two pin annotations ECI reads
evaluate({ object: {}, settings: { pinAnnotation: 'imc' } });
// @ts-expect-error: now is a string or a Date
evaluate({ object: {}, now: 1764201600000 });
// @ts-expect-error: not an outcome
const wrong: Outcome = 'matchd';
// @ts-expect-error: not a reason code
const reason: Reason = 'expired-yesterday';
// @ts-expect-error: absent values are null, not undefined
const id: string | undefined = report.decision.imageCacheId;
export { wrong, reason, id };

const catalogueInput: CatalogueInput = { imageCaches: [], settings: { temporaryStorageGiB: 40 } };
const catalogue = new Catalogue(catalogueInput);
const objectInput: ObjectInput = { object: { kind: 'Pod' }, now: new Date() };
const fromCatalogue: Report = catalogue.evaluate(objectInput);
const relevant: Report = catalogue.evaluateRelevant({ object: { kind: 'Pod' } });
const listProblems: Diagnostic[] = catalogue.diagnostics;
const size: number = catalogue.size;
catalogue.free();
export { fromCatalogue, relevant, listProblems, size };
// @ts-expect-error: a catalogue holds the caches; an object gives none
catalogue.evaluate({ object: {}, imageCaches: [] });
// @ts-expect-error: the settings of a catalogue are typed too
new Catalogue({ settings: { autoMatchByDefault: 'yes' } });
