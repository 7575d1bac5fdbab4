/**
 * The public runbook of an alert that keeps its kube-prometheus name, e.g.
 * `runbook('kubernetes', 'KubePodCrashLooping')`: responders who know those runbooks find them.
 */
export function runbook(group: 'alertmanager' | 'general' | 'kube-state-metrics' | 'kubernetes' | 'node' | 'prometheus' | 'prometheus-operator', alert: string): string {
  return `https://runbooks.prometheus-operator.dev/runbooks/${group}/${alert.toLowerCase()}`;
}
