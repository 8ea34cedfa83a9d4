import type { IncomingHttpHeaders } from 'node:http';
import { UNKNOWN, type PodIdentity } from '../../model/record.js';

/** Kubernetes names are at most 253 characters; longer values are ignored, not truncated. */
const MAX_NAME = 253;

function pick(headerValue: string | string[] | undefined, queryValue: unknown): string | undefined {
  const h = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  const v = h !== undefined && h !== '' ? h : typeof queryValue === 'string' && queryValue !== '' ? queryValue : undefined;
  return v !== undefined && v.length <= MAX_NAME ? v : undefined;
}

/**
 * Pod identity for text/plain senders (curl, scripts): headers `X-Logsift-Namespace`,
 * `X-Logsift-Pod`, `X-Logsift-Container`, `X-Logsift-Node`, or query parameters `namespace`,
 * `pod`, `container`, `node` (headers win). A pod name is required; missing parts are `unknown`.
 */
export function textPodFromRequest(headers: IncomingHttpHeaders, query: unknown): PodIdentity | undefined {
  const q = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const pod = pick(headers['x-logsift-pod'], q.pod);
  if (pod === undefined) return undefined;
  const namespace = pick(headers['x-logsift-namespace'], q.namespace) ?? UNKNOWN;
  const container = pick(headers['x-logsift-container'], q.container) ?? UNKNOWN;
  const node = pick(headers['x-logsift-node'], q.node);
  return node === undefined ? { namespace, pod, container } : { namespace, pod, container, node };
}
