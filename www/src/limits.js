// Limits shared by the page and the worker, in a module of its own so that the page's
// bundle does not pull in the YAML parser for a constant.

/** Longest text an editor's content may be to be evaluated: 1 MiB of characters, far more
 * than a pod (the API server stores at most 1.5 MiB, real pods take a few KiB) or a few
 * hundred ImageCaches from `kubectl get imagecache -o yaml` take, and still parsed in about
 * a second. */
export const MAX_EDITOR_CHARS = 1 << 20;
