import { check } from '../lib/core/errors';
import { checkLabelName, checkOneOf, checkUrl } from '../lib/core/validate';
import { TracesConfig } from './types';

/** Finds `traceID=…`, `trace_id: …` and JSON `"traceId":"…"` in a log line. */
export const DEFAULT_LOG_TRACE_ID_PATTERN = '(?:traceID|traceId|trace_id)"?[=:]\\s*"?(\\w+)';
export const DEFAULT_EXEMPLAR_LABEL = 'trace_id';

/** Rejects a traces config that Grafana or Prometheus could not use. */
export function checkTraces(where: string, traces: TracesConfig): void {
  checkOneOf(where, 'traces.type', traces.type, ['tempo', 'jaeger', 'zipkin']);
  checkUrl(where, 'traces.url', traces.url);
  const pattern = traces.logTraceIdPattern ?? DEFAULT_LOG_TRACE_ID_PATTERN;
  let groups = -1;
  try {
    // Or-ed with the empty pattern it always matches, and the match counts the capture groups.
    groups = new RegExp(`${pattern}|`).exec('')!.length - 1;
  } catch {
    // not a regex: reported below
  }
  check(groups === 1, where, 'traces.logTraceIdPattern', pattern, 'a JavaScript regular expression with exactly one capture group, the trace ID');
  checkLabelName(where, 'traces.exemplarLabel', traces.exemplarLabel ?? DEFAULT_EXEMPLAR_LABEL);
}
