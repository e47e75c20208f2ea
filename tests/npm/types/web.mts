// Typed use of eci-image-cache/web, which leaves loading the module to the caller.
import init, { evaluate, initSync } from 'eci-image-cache/web';
import type { Report } from 'eci-image-cache/web';

export async function load(url: URL, bytes?: Uint8Array<ArrayBuffer>): Promise<Report> {
  if (bytes) initSync({ module: bytes });
  else await init({ module_or_path: url });
  return evaluate({ object: { kind: 'Pod' } });
}
