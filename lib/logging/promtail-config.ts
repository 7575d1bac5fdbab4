import { stringify } from 'yaml';
import { LogPipelineSpec, LogStage, STATIC_POD_HASH, STATIC_POD_MARK } from './pipeline-spec';

export const PROMTAIL_PORT = 3101;

/** The one variable Promtail expands at start (`-config.expand-env=true`): the node it runs on. */
const NODE_NAME_REF = '${NODE_NAME}';
const NODE_NAME_SLOT = '@@NODE_NAME@@';

/**
 * Escapes text for Promtail's `-config.expand-env` expander, which reads `$$` as `$`, a doubled
 * backslash as one and `\/` as `/`, and expands every `${...}`: backslashes and dollar signs in
 * regexes then reach Promtail unchanged.
 */
export function escapeEnvExpansion(text: string): string {
  return text.replace(/\$/g, '$$$$').replace(/\\(?=[\\/])/g, '\\\\');
}

function stage(s: LogStage): Record<string, unknown> {
  if ('json' in s) return { json: { expressions: s.json.expressions } };
  if ('drop' in s) return { drop: { expression: s.drop.regex, drop_counter_reason: 'pipeline_drop' } };
  return { multiline: { firstline: s.multiline.firstLine, max_wait_time: s.multiline.maxWaitTime ?? '3s' } };
}

/**
 * Promtail's configuration as a readable YAML document: discovers the pods of its own node,
 * tails their CRI log files, labels each stream namespace/pod/container/node/app.
 */
export function promtailConfig(spec: LogPipelineSpec): string {
  const relabel = (source: string, target: string) => ({ source_labels: [source], target_label: target });
  const text = stringify({
    server: { http_listen_port: PROMTAIL_PORT, grpc_listen_port: 0, log_level: 'info' },
    positions: { filename: '/run/promtail/positions.yaml' },
    clients: [{ url: spec.pushUrl, tenant_id: spec.tenant, external_labels: spec.externalLabels }],
    scrape_configs: [{
      job_name: 'kubernetes-pods',
      kubernetes_sd_configs: [{ role: 'pod', selectors: [{ role: 'pod', field: `spec.nodeName=${NODE_NAME_SLOT}` }] }],
      pipeline_stages: [
        { cri: {} },
        ...spec.stageGroups.map((g) => ({ match: { selector: g.selector, stages: g.stages.map(stage) } })),
      ],
      relabel_configs: [
        // Every phase is kept: init containers log while the pod is Pending, and a finished pod's
        // last lines (often the error) are read before its files go.
        relabel('__meta_kubernetes_namespace', 'namespace'),
        relabel('__meta_kubernetes_pod_name', 'pod'),
        relabel('__meta_kubernetes_pod_container_name', 'container'),
        relabel('__meta_kubernetes_pod_node_name', 'node'),
        // app: the recommended label, else the classic `app` label.
        { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name', '__meta_kubernetes_pod_label_app'], separator: ';', regex: ';*([^;]+);*.*', target_label: 'app' },
        { source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'], separator: '/', target_label: '__path__', replacement: '/var/log/pods/*$1/*.log' },
        // Static pods log under their config hash, not their mirror pod's uid.
        { source_labels: [STATIC_POD_MARK, STATIC_POD_HASH, '__meta_kubernetes_pod_container_name'], separator: '/', regex: 'true/(.*)', target_label: '__path__', replacement: '/var/log/pods/*$1/*.log' },
      ],
    }],
  }, { lineWidth: 0 });
  // The whole document is escaped (YAML may add backslashes of its own), then the node name is
  // put back as the one reference left to expand.
  const field = 'field: spec.nodeName=';
  const header = '# Promtail runs with -config.expand-env=true: NODE_NAME is expanded, "$$" reads as "$"\n# and a doubled backslash as one.\n';
  return header + escapeEnvExpansion(text).replace(`${field}${NODE_NAME_SLOT}`, `${field}${NODE_NAME_REF}`);
}
