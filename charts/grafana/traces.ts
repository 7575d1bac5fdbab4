import { TracesConfig } from '../../config/types';
import { DEFAULT_EXEMPLAR_LABEL, DEFAULT_LOG_TRACE_ID_PATTERN } from '../../config/traces';
import { DATASOURCE_UIDS } from '../endpoints';

/** The traces datasource's uid, which Loki's derived field and Prometheus' exemplars point at. */
export const TRACES_DATASOURCE_UID = 'traces';

/**
 * Grafana expands environment variables in provisioning files; `$$` is its escape for a
 * literal `$`.
 */
const literal = (value: string) => value.replaceAll('$', () => '$$');

/** The tracing backend as a Grafana datasource, its spans linking back to the pods' logs. */
export function tracesDatasource(traces: TracesConfig): Record<string, unknown> {
  return {
    name: 'Traces', type: traces.type, uid: TRACES_DATASOURCE_UID, access: 'proxy', url: traces.url, editable: false,
    jsonData: {
      tracesToLogsV2: {
        datasourceUid: DATASOURCE_UIDS.loki,
        filterByTraceID: true,
        spanStartTimeShift: '-5m',
        spanEndTimeShift: '5m',
        // OpenTelemetry's Kubernetes resource attributes, mapped to the log stream labels.
        tags: [{ key: 'k8s.namespace.name', value: 'namespace' }, { key: 'k8s.pod.name', value: 'pod' }],
      },
    },
  };
}

/** Loki's derived field: the trace ID found in a log line links to the trace. */
export function lokiDerivedFields(traces: TracesConfig): Record<string, unknown>[] {
  return [{
    name: 'TraceID',
    matcherRegex: literal(traces.logTraceIdPattern ?? DEFAULT_LOG_TRACE_ID_PATTERN),
    datasourceUid: TRACES_DATASOURCE_UID,
    url: literal('${__value.raw}'),
  }];
}

/** Prometheus' exemplars: the exemplar label holding a trace ID links to the trace. */
export function exemplarTraceIdDestinations(traces: TracesConfig): Record<string, unknown>[] {
  return [{ name: traces.exemplarLabel ?? DEFAULT_EXEMPLAR_LABEL, datasourceUid: TRACES_DATASOURCE_UID }];
}
