// Typed use of the package through its CommonJS entry (require condition, index.d.cts).
import eci = require('eci-image-cache');

const report: eci.Report = eci.evaluate({ object: { kind: 'Pod' } });
const outcome: eci.Outcome = report.decision.outcome;
const severity: eci.Severity | undefined = report.diagnostics[0]?.severity;
export = { outcome, severity, version: eci.version() };
