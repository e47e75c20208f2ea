// The ranking: every cache, ranked ones first, with its match degree, the pod's images it
// holds and lacks, its size and age, and why it lost or was left out.

import { fill, h } from './dom.js';
import { age } from './time.js';

/** The pod's images: those the cache holds (✓), then those it lacks (✗). */
function imageList(matched, missing) {
  if (matched.length + missing.length === 0) return h('span', { class: 'muted' }, '\u2014');
  const item = (image, held) => h('li', { class: held ? 'held' : 'lacking' },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, held ? '\u2713 ' : '\u2717 '),
    h('span', { class: 'visually-hidden' }, held ? 'holds ' : 'lacks '),
    breakable(image));
  return h('ul', { class: 'images' }, matched.map((image) => item(image, true)), missing.map((image) => item(image, false)));
}

/** An image reference with line-break opportunities after each '/'. */
function breakable(image) {
  return image.split('/').flatMap((part, i, parts) => (i < parts.length - 1 ? [`${part}/`, h('wbr')] : [part]));
}

/**
 * @param {HTMLTableSectionElement} body the table's tbody
 * @param {import('eci-image-cache').Report} report
 * @param {{now: string, reveal: (path: string) => (() => void) | null, limit: number,
 *   showAll: () => void}} options at most `limit` rows, then a button that calls `showAll`
 */
export function renderRanking(body, report, { now, reveal, limit, showAll }) {
  const chosen = ['matched', 'pinned'].includes(report.decision.outcome) ? report.decision.imageCacheId : null;
  const total = report.images.length;
  if (report.caches.length === 0) {
    fill(body, h('tr', null, h('td', { colspan: 7, class: 'muted' }, 'No ImageCaches in the caches editor.')));
    return;
  }
  const rows = report.caches.slice(0, limit);
  const hidden = report.caches.length - rows.length;
  const more = hidden > 0
    ? h('tr', { class: 'more' }, h('td', { colspan: 7 },
      h('button', { type: 'button', id: 'ranking-show-all', onclick: showAll },
        `Show all ${report.caches.length} caches (${hidden} more)`)))
    : null;
  fill(body, rows.map((row) => {
    const isChosen = chosen !== null && row.rank === 1 && row.imageCacheId === chosen;
    const go = reveal(row.path);
    const title = [h('span', { class: 'cache-name' }, row.name ?? '(no name)'), h('code', { class: 'cache-id' }, row.imageCacheId ?? 'no id')];
    return h('tr', { class: isChosen ? 'chosen' : row.eligible ? '' : 'ineligible', dataset: { cache: row.name ?? '', reason: row.reason ?? '' } },
      h('td', { class: 'rank' }, row.rank == null ? '\u2014' : String(row.rank)),
      h('th', { scope: 'row', class: 'cache' },
        go ? h('button', { type: 'button', class: 'link', onclick: go, title: 'Show in the caches editor' }, title) : title,
        h('span', { class: 'phase' }, row.phase ?? 'no phase')),
      h('td', { class: 'degree' }, `${row.matchDegree} of ${total}`),
      h('td', { class: 'cache-images' }, imageList(row.matched, row.missing)),
      h('td', { class: 'size' }, `${row.sizeGiB} GiB`),
      h('td', { class: 'age', title: row.created ?? '' }, age(row.created, now) || '\u2014'),
      h('td', { class: 'reason' },
        isChosen ? h('strong', null, 'chosen') : row.reason ? h('code', null, row.reason) : null,
        h('span', { class: 'explanation' }, row.explanation)),
    );
  }), more);
}
