/**
 * The configuration keys of the OpenTelemetry Collector (contrib) components our example configs
 * use, as their documentation lists them. The Collector refuses an unknown key at start
 * ("has invalid keys"), so a misspelt key in an example would break whoever applies it.
 *
 * Sources (read with the search tool, 2026-11):
 * - filelog receiver: receiver/filelogreceiver/README.md, contrib v0.151.0–v0.163.0 ("Configuration")
 * - container operator: pkg/stanza/docs/operators/container.md ("Configuration Fields")
 * - k8sattributes processor: processor/k8sattributesprocessor/README.md (v0.135.0) and config.go
 * - load-balancing exporter: exporter/loadbalancingexporter/README.md v0.154.0 and config.go
 *   (routing_key incl. `attributes` for logs, routing_attributes, resolver static/dns/k8s/
 *   aws_cloud_map, k8s `service`/`ports`/`timeout`/`return_hostnames`, and the exporter-level
 *   `timeout`/`sending_queue`/`retry_on_failure`); `protocol.otlp` takes the otlp exporter's keys
 * - otlp exporter / configgrpc / configtls / configretry / exporterhelper, memory_limiter, batch,
 *   otlp receiver, otlphttp exporter, prometheusremotewrite exporter, file_storage and
 *   health_check extensions: their READMEs in opentelemetry-collector(-contrib)
 */

/** `true`: any value (not descended into). An object: the allowed keys. `{ list }`: a list of such objects. */
export type KeySchema = true | { [key: string]: KeySchema } | { list: KeySchema };

const any = true as const;
const list = (item: KeySchema): KeySchema => ({ list: item });

const retry: KeySchema = { enabled: any, initial_interval: any, randomization_factor: any, multiplier: any, max_interval: any, max_elapsed_time: any };
const queue: KeySchema = {
  enabled: any, num_consumers: any, queue_size: any, storage: any, blocking: any, block_on_overflow: any, sizer: any,
  wait_for_result: any, batch: any,
};
const tls: KeySchema = {
  insecure: any, insecure_skip_verify: any, ca_file: any, ca_pem: any, cert_file: any, cert_pem: any, key_file: any, key_pem: any,
  server_name_override: any, min_version: any, max_version: any, include_system_ca_certs_pool: any, reload_interval: any,
};
const grpcClient: Record<string, KeySchema> = {
  endpoint: any, compression: any, tls, headers: any, keepalive: { time: any, timeout: any, permit_without_stream: any },
  balancer_name: any, auth: any, read_buffer_size: any, write_buffer_size: any, wait_for_ready: any, authority: any,
};
const otlpExporter: KeySchema = { ...grpcClient, timeout: any, sending_queue: queue, retry_on_failure: retry };

const operator: KeySchema = {
  // container parser
  type: any, id: any, format: any, add_metadata_from_filepath: any, max_log_size: any, output: any, parse_from: any, parse_to: any,
  on_error: any, if: any, severity: any,
};

export const COMPONENT_SCHEMAS: Record<string, Record<string, KeySchema>> = {
  receivers: {
    filelog: {
      include: any, exclude: any, exclude_older_than: any, start_at: any, multiline: any, force_flush_period: any, encoding: any,
      preserve_leading_whitespaces: any, preserve_trailing_whitespaces: any, include_file_name: any, include_file_path: any,
      include_file_name_resolved: any, include_file_path_resolved: any, include_file_owner_name: any, include_file_owner_group_name: any,
      include_file_record_number: any, include_file_record_offset: any, poll_interval: any, fingerprint_size: any, max_log_size: any,
      max_concurrent_files: any, max_batches: any, delete_after_read: any, acquire_fs_lock: any, compression: any, polls_to_archive: any,
      attributes: any, resource: any, operators: list(operator), storage: any, header: any, retry_on_failure: retry, ordering_criteria: any,
    },
    otlp: {
      protocols: {
        grpc: { endpoint: any, transport: any, tls: any, max_recv_msg_size_mib: any, max_concurrent_streams: any, read_buffer_size: any, write_buffer_size: any, keepalive: any, auth: any, include_metadata: any },
        http: { endpoint: any, tls: any, cors: any, auth: any, include_metadata: any, max_request_body_size: any, traces_url_path: any, metrics_url_path: any, logs_url_path: any },
      },
    },
  },
  processors: {
    memory_limiter: { check_interval: any, limit_mib: any, spike_limit_mib: any, limit_percentage: any, spike_limit_percentage: any },
    batch: { timeout: any, send_batch_size: any, send_batch_max_size: any, metadata_keys: any, metadata_cardinality_limit: any },
    k8sattributes: {
      auth_type: any, context: any, passthrough: any,
      filter: { node: any, node_from_env_var: any, namespace: any, fields: any, labels: any },
      extract: { metadata: any, labels: any, annotations: any, otel_annotations: any, deployment_name_from_replicaset: any },
      pod_association: list({ sources: list({ from: any, name: any }) }),
      exclude: { pods: list({ name: any }) },
      wait_for_metadata: any, wait_for_metadata_timeout: any,
    },
  },
  exporters: {
    loadbalancing: {
      routing_key: any, routing_attributes: any, timeout: any, sending_queue: queue, retry_on_failure: retry,
      protocol: { otlp: otlpExporter },
      resolver: {
        static: { hostnames: any },
        dns: { hostname: any, port: any, interval: any, timeout: any },
        k8s: { service: any, ports: any, timeout: any, return_hostnames: any },
        aws_cloud_map: { namespace: any, service_name: any, interval: any, timeout: any, health_status: any, port: any },
      },
    },
    otlphttp: {
      endpoint: any, traces_endpoint: any, metrics_endpoint: any, logs_endpoint: any, encoding: any, compression: any, tls, headers: any,
      timeout: any, sending_queue: queue, retry_on_failure: retry, auth: any, proxy_url: any,
    },
    prometheusremotewrite: {
      endpoint: any, namespace: any, external_labels: any, resource_to_telemetry_conversion: { enabled: any }, target_info: any,
      add_metric_suffixes: any, send_metadata: any, remote_write_queue: any, remote_write_proto_message: any, max_batch_size_bytes: any,
      tls, headers: any, timeout: any, retry_on_failure: retry, wal: any, compression: any, auth: any,
    },
  },
  extensions: {
    file_storage: { directory: any, timeout: any, compaction: any, fsync: any, create_directory: any, directory_permissions: any },
    health_check: { endpoint: any, path: any, check_collector_pipeline: any, response_body: any, tls: any },
  },
};

const SERVICE: KeySchema = {
  extensions: any,
  pipelines: any,
  telemetry: any,
};

/**
 * Every key of a Collector config that the documentation does not list, as `path: problem`.
 * Component ids are `type[/name]`; an unknown component type is a problem too.
 */
export function collectorConfigProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [section, value] of Object.entries(config)) {
    if (section === 'service') {
      check(value, SERVICE, 'service', problems);
      continue;
    }
    const types = COMPONENT_SCHEMAS[section];
    if (!types) {
      problems.push(`${section}: not a Collector config section`);
      continue;
    }
    for (const [id, body] of Object.entries((value ?? {}) as Record<string, unknown>)) {
      const type = id.split('/')[0];
      const schema = types[type];
      if (!schema) problems.push(`${section}.${id}: no schema for component type ${type}`);
      else check(body ?? {}, schema, `${section}.${id}`, problems);
    }
  }
  for (const pipeline of Object.values(((config.service as Record<string, unknown>)?.pipelines ?? {}) as Record<string, Record<string, string[]>>)) {
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      for (const id of pipeline[kind] ?? []) {
        if (!(config[kind] as Record<string, unknown> | undefined)?.[id]) problems.push(`service.pipelines: ${kind} ${id} is not defined`);
      }
    }
  }
  return problems;
}

function check(value: unknown, schema: KeySchema, path: string, problems: string[]): void {
  if (schema === true || value === null || value === undefined) return;
  if ('list' in schema && Object.keys(schema).length === 1) {
    if (!Array.isArray(value)) return void problems.push(`${path}: expected a list`);
    value.forEach((item, i) => check(item, schema.list as KeySchema, `${path}[${i}]`, problems));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return void problems.push(`${path}: expected a map`);
  const keys = schema as Record<string, KeySchema>;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(keys, k)) problems.push(`${path}.${k}: not a documented key`);
    else check(v, keys[k], `${path}.${k}`, problems);
  }
}
