// Inputs shared by the benchmark and the tests: caches as kubectl prints them.

/** `count` ImageCaches as `kubectl get imagecache -o yaml` prints them, events and all. */
export function makeCaches(count) {
  const pool = [
    'nginx:1.25', 'nginx:1.26', 'redis:7.2', 'busybox:1.36', 'postgres:16', 'alpine:3.20',
    'registry.cn-hangzhou.aliyuncs.com/acme/api:2.3.1', 'registry.cn-hangzhou.aliyuncs.com/acme/web:1.9.0',
    'acme-registry.cn-hangzhou.cr.aliyuncs.com/team/worker:1.0', 'quay.io/prometheus/node-exporter:v1.8.1',
  ];
  const phases = ['Ready', 'Ready', 'Ready', 'Ready', 'Creating', 'Ready', 'UpdateFailed', 'Ready'];
  const lines = ['apiVersion: v1', 'kind: List', 'metadata:', '  resourceVersion: ""', 'items:'];
  for (let i = 0; i < count; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const images = [pool[i % pool.length], pool[(i * 3 + 1) % pool.length], pool[(i * 7 + 2) % pool.length]];
    lines.push(
      '- apiVersion: eci.alibabacloud.com/v1',
      '  kind: ImageCache',
      '  metadata:',
      `    name: cache-${String(i).padStart(3, '0')}`,
      `    creationTimestamp: "2026-11-${day}T0${i % 10}:00:00Z"`,
      ...(i % 17 === 0 ? ['    annotations:', '      k8s.aliyun.com/imc-cpu-arch: arm64'] : []),
      '  spec:',
      '    images:',
      ...[...new Set(images)].map((image) => `    - ${image}`),
      `    imageCacheSize: ${20 + (i % 5) * 5}`,
      ...(i % 9 === 0 ? ['    retentionDays: 30'] : []),
      '  status:',
      `    imageCacheId: imc-bench${String(i).padStart(4, '0')}x`,
      `    phase: ${phases[i % phases.length]}`,
      '    progress: 100%',
      `    startTime: "2026-11-${day}T0${i % 10}:00:03Z"`,
      ...(i % 9 === 0 ? [`    expireDateTime: "2026-12-${day}T00:00:00Z"`] : []),
      '    events:',
      '    - type: Normal',
      '      reason: Creating',
      '      message: creating the image cache',
      '    - type: Normal',
      '      reason: Pulling',
      `      message: pulling ${images[0]}`,
      '    - type: Normal',
      '      reason: Created',
      '      message: the image cache is ready',
    );
  }
  return `${lines.join('\n')}\n`;
}
