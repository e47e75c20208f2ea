// JSON Pointer (RFC 6901) parsing, shared by the pointer → YAML mapping and the patch.

/**
 * Splits a JSON Pointer into its unescaped reference tokens.
 * @param {string} pointer e.g. "/metadata/annotations/k8s.aliyun.com~1eci-imc-id"
 * @returns {string[] | null} the tokens, or null when the text is not a pointer
 */
export function parsePointer(pointer) {
  if (pointer === '') return [];
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Joins reference tokens into a JSON Pointer, escaping `~` and `/`: the inverse of parsePointer.
 * @param {string[]} tokens
 */
export function formatPointer(tokens) {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** True when a token can index an array ("0", "12"; not "01" or "-"). */
export function isIndex(token) {
  return /^(0|[1-9][0-9]*)$/.test(token);
}
