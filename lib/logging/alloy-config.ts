import { LogPipelineSpec, LogStage, STATIC_POD_HASH, STATIC_POD_MARK } from './pipeline-spec';

export const ALLOY_PORT = 12345;

const q = (s: string) => JSON.stringify(s);

function stage(s: LogStage): string {
  if ('json' in s) {
    const fields = Object.entries(s.json.expressions).map(([k, v]) => `        ${k} = ${q(v)},`).join('\n');
    return `    stage.json {\n      expressions = {\n${fields}\n      }\n    }`;
  }
  if ('drop' in s) return `    stage.drop {\n      expression  = ${q(s.drop.regex)}\n      drop_counter_reason = "pipeline_drop"\n    }`;
  return `    stage.multiline {\n      firstline     = ${q(s.multiline.firstLine)}\n      max_wait_time = ${q(s.multiline.maxWaitTime ?? '3s')}\n    }`;
}

/**
 * Grafana Alloy's configuration for the same pipeline as Promtail's: same discovery, same
 * labels, same stages, same endpoint and tenant.
 */
export function alloyConfig(spec: LogPipelineSpec): string {
  const rule = (source: string, target: string) => `  rule {\n    source_labels = [${q(source)}]\n    target_label  = ${q(target)}\n  }`;
  const external = Object.entries(spec.externalLabels).map(([k, v]) => `    ${k} = ${q(v)},`).join('\n');
  const groups = spec.stageGroups.map((g) => `  stage.match {\n    selector = ${q(g.selector)}\n\n${g.stages.map(stage).join('\n\n')}\n  }`).join('\n\n');
  return `// Pods of this node only.
discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("NODE_NAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets

  // Every phase is kept: init containers log while the pod is Pending, and a finished pod's
  // last lines (often the error) are read before its files go.
${rule('__meta_kubernetes_namespace', 'namespace')}
${rule('__meta_kubernetes_pod_name', 'pod')}
${rule('__meta_kubernetes_pod_container_name', 'container')}
${rule('__meta_kubernetes_pod_node_name', 'node')}
  // app: the recommended label, else the classic \`app\` label.
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"]
    separator     = ";"
    regex         = ";*([^;]+);*.*"
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "__path__"
    replacement   = "/var/log/pods/*$1/*.log"
  }
  // Static pods log under their config hash, not their mirror pod's uid.
  rule {
    source_labels = ["${STATIC_POD_MARK}", "${STATIC_POD_HASH}", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    regex         = "true/(.*)"
    target_label  = "__path__"
    replacement   = "/var/log/pods/*$1/*.log"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  forward_to = [loki.write.default.receiver]

  stage.cri {}${groups ? `\n\n${groups}` : ''}
}

loki.write "default" {
  endpoint {
    url       = ${q(spec.pushUrl)}
    tenant_id = ${q(spec.tenant)}
  }
  external_labels = {
${external}
  }
}
`;
}
