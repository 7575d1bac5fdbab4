/** Parse each line as JSON and lift fields to extracted data (not to labels). */
export interface JsonStage {
  /** `expressions` maps each field to extract (a label name) to the JMESPath expression that reads it. */
  readonly json: { readonly expressions: Record<string, string> };
}
/** Drop lines matching a regular expression (RE2 syntax). */
export interface DropStage {
  /** `regex`: lines it matches (anywhere in the line) are dropped, counted with the reason `pipeline_drop`. */
  readonly drop: { readonly regex: string };
}
/** Join continuation lines (stack traces) to the line that starts a record. */
export interface MultilineStage {
  /** How records are recognised and joined. */
  readonly multiline: {
    /** RE2 regex matching the first line of a record. */
    readonly firstLine: string;
    /** How long to wait for more lines before sending a record (a Go duration). @default '3s' */
    readonly maxWaitTime?: string;
  };
}
export type LogStage = JsonStage | DropStage | MultilineStage;

/** Stages that apply to the streams a LogQL selector matches, e.g. `{namespace="shop"}`. */
export interface LogStageGroup {
  /** A LogQL stream selector on the stream labels (namespace, pod, container, node, app); parsed when the app is built. */
  readonly selector: string;
  /** The stages, at least one, applied in order. */
  readonly stages: LogStage[];
}

/** What both agents are configured from. */
export interface LogPipelineSpec {
  /** Loki push URL, e.g. `http://loki-gateway.logging.svc/loki/api/v1/push`. */
  readonly pushUrl: string;
  /** The Loki tenant (X-Scope-OrgID). */
  readonly tenant: string;
  /** Static labels on every stream, e.g. `{ cluster: 'homelab' }`. */
  readonly externalLabels: Record<string, string>;
  /** Processing for chosen streams, in order; empty for none. */
  readonly stageGroups: LogStageGroup[];
}

/** The stream labels every pipeline sets, in this order. */
export const STREAM_LABELS = ['namespace', 'pod', 'container', 'node', 'app'] as const;

/** Discovery labels of static pods: whether the config-hash annotation is set, and its value. */
export const STATIC_POD_MARK = '__meta_kubernetes_pod_annotationpresent_kubernetes_io_config_hash';
export const STATIC_POD_HASH = '__meta_kubernetes_pod_annotation_kubernetes_io_config_hash';
