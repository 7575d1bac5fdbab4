import { versionOf } from '../core/versions';

/**
 * What the pinned Robusta runner understands, read from its source at that release tag: every
 * action, trigger and sink field the Robusta construct may render must be listed here, so a
 * runner bump that drops or renames one fails the tests instead of the runner at start-up.
 * Re-read the runner's source at the new tag when `robustaRunner` changes in the versions table.
 */
export const RUNNER_API_VERSION = '0.47.0';

/** Where each action is defined (`@action`) in robusta-dev/robusta at `RUNNER_API_VERSION`. */
export const RUNNER_ACTIONS: Readonly<Record<string, string>> = {
  alert_graph_enricher: 'playbooks/robusta_playbooks/alerts_integration.py',
  daemonset_status_enricher: 'playbooks/robusta_playbooks/daemonsets.py',
  default_enricher: 'playbooks/robusta_playbooks/alerts_integration.py',
  delete_pod: 'playbooks/robusta_playbooks/pod_actions.py',
  deployment_events_enricher: 'playbooks/robusta_playbooks/event_enrichments.py',
  deployment_status_enricher: 'playbooks/robusta_playbooks/deployment_enrichments.py',
  job_events_enricher: 'playbooks/robusta_playbooks/job_actions.py',
  job_info_enricher: 'playbooks/robusta_playbooks/job_actions.py',
  job_pod_enricher: 'playbooks/robusta_playbooks/job_actions.py',
  kubectl_command: 'playbooks/robusta_playbooks/kubectl_enrichments.py',
  // Defined in src/robusta/core/playbooks/oom_killer_utils.py, registered as an action there.
  logs_enricher: 'playbooks/robusta_playbooks/alerts_integration.py',
  node_allocatable_resources_enricher: 'playbooks/robusta_playbooks/node_enrichments.py',
  node_cpu_enricher: 'playbooks/robusta_playbooks/node_cpu_analysis.py',
  node_graph_enricher: 'playbooks/robusta_playbooks/node_enrichments.py',
  node_running_pods_enricher: 'playbooks/robusta_playbooks/node_enrichments.py',
  node_status_enricher: 'playbooks/robusta_playbooks/node_enrichments.py',
  pod_bash_enricher: 'playbooks/robusta_playbooks/bash_enrichments.py',
  pod_events_enricher: 'playbooks/robusta_playbooks/event_enrichments.py',
  pod_graph_enricher: 'playbooks/robusta_playbooks/pod_enrichments.py',
  pod_node_graph_enricher: 'playbooks/robusta_playbooks/pod_enrichments.py',
  related_pods: 'playbooks/robusta_playbooks/k8s_resource_enrichments.py',
  resource_events_enricher: 'playbooks/robusta_playbooks/event_enrichments.py',
  rollout_restart: 'playbooks/robusta_playbooks/workload_actions.py',
};

/** Triggers and the fields each takes (src/robusta/integrations/prometheus/trigger.py). */
export const RUNNER_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  on_prometheus_alert: ['alert_name', 'status', 'pod_name_prefix', 'namespace_prefix', 'instance_name_prefix', 'k8s_providers', 'scope'],
};

/**
 * Sink kinds and their fields (src/robusta/core/sinks/*_sink_params.py; `name` and `scope` come
 * from SinkBaseParams). The Teams sink leaves `send_files` unset: from runner 0.31.5 on, it
 * sends no attachments to Power Automate webhooks, which reject payloads over 28 KB.
 */
export const RUNNER_SINKS: Readonly<Record<string, readonly string[]>> = {
  slack_sink: ['name', 'scope', 'slack_channel', 'api_key'],
  ms_teams_sink: ['name', 'scope', 'webhook_url', 'webhook_override', 'send_files'],
  mail_sink: ['name', 'scope', 'mailto', 'with_header'],
};

/** Top-level keys of the playbooks configuration (RunnerConfig, src/robusta/core/model/runner_config.py). */
export const RUNNER_CONFIG_KEYS: readonly string[] = ['playbook_repos', 'sinks_config', 'light_actions', 'global_config', 'active_playbooks', 'alert_relabel'];

/**
 * Environment variables the runner reads (src/robusta/core/model/env_vars.py, and
 * KUBECTL_IMAGE_OVERRIDE in playbooks/robusta_playbooks/kubectl_enrichments.py). Sink
 * credentials are read through `{{ env.NAME }}` in sink fields, which the runner resolves when
 * it loads a sink (src/robusta/core/playbooks/playbook_utils.py).
 */
export const RUNNER_ENV: readonly string[] = [
  'PLAYBOOKS_CONFIG_FILE_PATH', 'RELEASE_NAME', 'RUNNER_SERVICE_ACCOUNT', 'INSTALLATION_NAMESPACE', 'LOG_LEVEL',
  'DISABLE_HELM_MONITORING', 'ENABLE_TELEMETRY', 'KUBECTL_IMAGE_OVERRIDE',
];

/** The runner version the tables above were read at must be the one the versions table pins. */
export function runnerApiMatchesPin(): boolean {
  return versionOf('robustaRunner') === RUNNER_API_VERSION;
}
