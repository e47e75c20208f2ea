// Times of the report, shown relative to the evaluation's `now`.

/** The current time as RFC 3339 in UTC, to the second. */
export function currentTime() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * How long before `now` a cache was created, e.g. "7 days", "5 h", "12 min".
 * @param {string | null} created RFC 3339
 * @param {string} now RFC 3339
 * @returns {string} empty when either time is unknown
 */
export function age(created, now) {
  const then = created ? Date.parse(created) : NaN;
  const at = Date.parse(now);
  if (Number.isNaN(then) || Number.isNaN(at)) return '';
  const seconds = Math.round((at - then) / 1000);
  if (seconds < 0) return `in ${span(-seconds)}`;
  if (seconds < 60) return 'just now';
  return span(seconds);
}

function span(seconds) {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${Math.max(minutes, 1)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 730) return `${days} days`;
  return `${Math.floor(days / 365)} years`;
}
