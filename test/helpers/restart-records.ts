import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './run-cli.js';

/** The kubelet directory of the crash-looping pod (four container ids) and a healthy one. */
export const KUBELET_DIR = join(FIXTURES, 'restarts', 'kubelet-crash-loop');
export const LOOPING = { namespace: 'shop', pod: 'inventory-6d9f7c8b5-q2w7x', container: 'inventory' };
export const HEALTHY = { namespace: 'shop', pod: 'orders-7b8c9d6f5-m4n5p', container: 'orders' };

export interface InstanceLines {
  file: string;
  namespace: string;
  pod: string;
  container: string;
  containerId: string;
  lines: { timeMs: number; stream: string; text: string }[];
}

const NAME = /^(.+)_([^_]+)_(.+)-([0-9a-f]{64})\.log$/;

/** Every file of the directory, in name order (as a shell glob lists them). */
export function kubeletFiles(): string[] {
  return readdirSync(KUBELET_DIR).sort().map((f) => join(KUBELET_DIR, f));
}

/** Each container instance's CRI lines, decoded by hand; instances in the order they ran. */
export function kubeletInstances(): InstanceLines[] {
  const out: InstanceLines[] = [];
  for (const file of kubeletFiles()) {
    const m = NAME.exec(file.split('/').pop()!);
    if (!m) throw new Error(`not a kubelet file name: ${file}`);
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l).map((l) => {
      const [time, stream, , ...rest] = l.split(' ');
      return { timeMs: Date.parse(time), stream, text: rest.join(' ') };
    });
    out.push({ file, pod: m[1], namespace: m[2], container: m[3], containerId: m[4], lines });
  }
  return out.sort((a, b) => a.lines[0].timeMs - b.lines[0].timeMs);
}

type Rec = Record<string, unknown>;

/**
 * The record Fluent Bit's tail input and kubernetes filter make of one line, in the shape of the
 * captured requests (test/fixtures/fluent-bit-out-http/json_lines.body, its sixth record: `date`,
 * `log`, `kubernetes{pod_name, namespace_name, pod_id, host, container_name, docker_id,
 * container_image, labels}`), with this instance's names and container id.
 */
export function fluentBitRecords(): Rec[] {
  const captured = readFileSync(join(FIXTURES, 'fluent-bit-out-http', 'json_lines.body'), 'utf8').split('\n').filter((l) => l);
  const template = JSON.parse(captured[5]) as { kubernetes: Rec };
  const records: Rec[] = [];
  for (const inst of kubeletInstances()) {
    for (const l of inst.lines) {
      records.push({
        date: l.timeMs / 1000,
        log: l.text,
        kubernetes: {
          ...template.kubernetes,
          pod_name: inst.pod,
          namespace_name: inst.namespace,
          container_name: inst.container,
          docker_id: inst.containerId,
          labels: { app: inst.container },
        },
      });
    }
  }
  return records;
}
