// Copy and download of what the page computed: the mutated manifest, the JSON Patch, and
// the report as JSON or as Markdown for pasting into an issue. Loaded on first use: the
// first decision does not need it.

const OUTCOME = { matched: 'Matched', pinned: 'Pinned', 'will-create': 'Will create', none: 'No cache', rejected: 'Rejected' };

/** A table cell: one line, pipes escaped. */
function cell(value) {
  return String(value ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/**
 * The report in Markdown: the decision, the diagnostics, the ranking and the patch.
 * @param {any} report
 * @param {{now: string, version: string}} context
 */
export function reportMarkdown(report, { now, version }) {
  const { decision, workload } = report;
  const who = [workload.kind, [workload.namespace, workload.name].filter(Boolean).join('/')].filter(Boolean).join(' ');
  const parts = [
    `### eci-image-cache: ${OUTCOME[decision.outcome] ?? decision.outcome}`,
    '',
    decision.summary,
    '',
    `${who || 'Object'} \u00b7 ${report.images.length} image${report.images.length === 1 ? '' : 's'} \u00b7 temporary storage ${report.temporaryStorageGiB} GiB \u00b7 evaluated at ${now} \u00b7 eci-image-cache v${version}`,
  ];
  if (report.diagnostics.length > 0) {
    parts.push('', '#### Diagnostics', '', table(['Severity', 'Code', 'Path', 'Message'],
      report.diagnostics.map((item) => [item.severity, `\`${item.code}\``, `\`${item.path}\``, item.message])));
  }
  if (report.caches.length > 0) {
    parts.push('', '#### Ranking', '', table(['Rank', 'Cache', 'Id', 'Match', 'Size', 'Reason'],
      report.caches.map((row) => [row.rank ?? '\u2014', row.name ?? '', row.imageCacheId ?? '', `${row.matchDegree} of ${report.images.length}`,
        `${row.sizeGiB} GiB`, [row.reason, row.explanation].filter(Boolean).join(': ')])));
  }
  parts.push('', '#### JSON Patch', '', '```json', JSON.stringify(report.patch, null, 2), '```', '');
  return parts.join('\n');
}

/**
 * Offers `text` as a file download.
 * @param {string} name
 * @param {string} text
 * @param {string} type
 */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
