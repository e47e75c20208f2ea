// The copy and download buttons (data-export="what:how" in index.html). The formatting and
// download code (export.js) is loaded on the first click: the first decision does not need it.

import { fill } from './dom.js';

/** A file name from the workload's kind and name, e.g. "deployment-web". */
function baseName(report) {
  const parts = [report.workload.kind, report.workload.name].filter(Boolean).join('-').toLowerCase();
  return parts.replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'workload';
}

/**
 * @param {HTMLElement} status where the outcome of each action is told
 * @param {() => {result: any, now: string, version: string}} latest the analysis shown now
 */
export function setUpExports(status, latest) {
  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-export]') : null;
    if (!button) return;
    const [what, how] = button.getAttribute('data-export').split(':');
    const { result, now, version } = latest();
    if (!result?.report) {
      fill(status, 'Nothing to export: the editors cannot be evaluated as they are.');
      return;
    }
    const { download, reportMarkdown } = await import('./export.js');
    const report = result.report;
    const name = baseName(report);
    const files = {
      manifest: () => [`${name}.mutated.${result.mutation.format}`, result.mutation.text, result.mutation.format === 'json' ? 'application/json' : 'application/yaml'],
      patch: () => [`${name}.patch.json`, `${JSON.stringify(report.patch, null, 2)}\n`, 'application/json'],
      json: () => [`${name}.report.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json'],
      markdown: () => [`${name}.report.md`, reportMarkdown(report, { now, version }), 'text/markdown'],
    };
    const [file, text, type] = files[what]();
    if (how === 'download') {
      download(file, text, type);
      fill(status, `Downloaded ${file}.`);
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      fill(status, `Copied the ${what === 'markdown' ? 'report as Markdown' : what === 'patch' ? 'JSON Patch' : 'mutated manifest'}.`);
    } catch {
      fill(status, 'The browser refused the clipboard: use Download instead.');
    }
  });
}
