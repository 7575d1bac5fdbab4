/**
 * The runbook pages of prometheus-operator/runbooks (https://runbooks.prometheus-operator.dev),
 * by group: the page names of `content/runbooks/<group>/*.md` at the pinned commit, so a link to
 * a page that does not exist fails the build. Update the commit and the names together.
 */
export const UPSTREAM_RUNBOOKS_COMMIT = 'a685d14cf5128bb30e2bf935c3983decd772d885';

export const UPSTREAM_RUNBOOKS_BASE = 'https://runbooks.prometheus-operator.dev/runbooks';

export const UPSTREAM_RUNBOOK_PAGES = {
  'alertmanager': [
    'AlertmanagerClusterCrashlooping', 'AlertmanagerClusterDown', 'AlertmanagerClusterFailedToSendAlerts',
    'AlertmanagerConfigInconsistent', 'AlertmanagerFailedReload', 'AlertmanagerFailedToSendAlerts',
    'AlertmanagerMembersInconsistent',
  ],
  'general': [
    'InfoInhibitor', 'NodeNetworkInterfaceFlapping', 'TargetDown', 'Watchdog',
  ],
  'kube-state-metrics': [
    'KubeStateMetricsListErrors', 'KubeStateMetricsShardingMismatch', 'KubeStateMetricsShardsMissing',
    'KubeStateMetricsWatchErrors',
  ],
  'kubernetes': [
    'CPUThrottlingHigh', 'KubeAPIDown', 'KubeAPIErrorBudgetBurn', 'KubeAPITerminatedRequests',
    'KubeAggregatedAPIDown', 'KubeAggregatedAPIErrors', 'KubeCPUOvercommit', 'KubeCPUQuotaOvercommit',
    'KubeClientCertificateExpiration', 'KubeClientErrors', 'KubeContainerWaiting',
    'KubeControllerManagerDown', 'KubeDaemonSetMisScheduled', 'KubeDaemonSetNotScheduled',
    'KubeDaemonSetRolloutStuck', 'KubeDeploymentGenerationMismatch', 'KubeDeploymentReplicasMismatch',
    'KubeHpaMaxedOut', 'KubeHpaReplicasMismatch', 'KubeJobCompletion', 'KubeJobFailed',
    'KubeMemoryOvercommit', 'KubeMemoryQuotaOvercommit', 'KubeNodeNotReady', 'KubeNodeReadinessFlapping',
    'KubeNodeUnreachable', 'KubePersistentVolumeErrors', 'KubePersistentVolumeFillingUp',
    'KubePodCrashLooping', 'KubePodNotReady', 'KubeProxyDown', 'KubeQuotaAlmostFull', 'KubeQuotaExceeded',
    'KubeQuotaFullyUsed', 'KubeSchedulerDown', 'KubeStatefulSetGenerationMismatch',
    'KubeStatefulSetReplicasMismatch', 'KubeStatefulSetUpdateNotRolledOut', 'KubeVersionMismatch',
    'KubeletClientCertificateExpiration', 'KubeletClientCertificateRenewalErrors', 'KubeletDown',
    'KubeletPlegDurationHigh', 'KubeletPodStartUpLatencyHigh', 'KubeletServerCertificateExpiration',
    'KubeletServerCertificateRenewalErrors', 'KubeletTooManyPods',
  ],
  'node': [
    'NodeClockNotSynchronising', 'NodeClockSkewDetected', 'NodeFileDescriptorLimit',
    'NodeFilesystemAlmostOutOfFiles', 'NodeFilesystemAlmostOutOfSpace', 'NodeFilesystemFilesFillingUp',
    'NodeFilesystemSpaceFillingUp', 'NodeHighNumberConntrackEntriesUsed', 'NodeNetworkReceiveErrs',
    'NodeNetworkTransmitErrs', 'NodeRAIDDegraded', 'NodeRAIDDiskFailure', 'NodeTextFileCollectorScrapeError',
  ],
  'prometheus': [
    'PrometheusBadConfig', 'PrometheusDuplicateTimestamps', 'PrometheusErrorSendingAlertsToAnyAlertmanager',
    'PrometheusErrorSendingAlertsToSomeAlertmanagers', 'PrometheusLabelLimitHit',
    'PrometheusMissingRuleEvaluations', 'PrometheusNotConnectedToAlertmanagers',
    'PrometheusNotIngestingSamples', 'PrometheusNotificationQueueRunningFull',
    'PrometheusOutOfOrderTimestamps', 'PrometheusRemoteStorageFailures', 'PrometheusRemoteWriteBehind',
    'PrometheusRemoteWriteDesiredShards', 'PrometheusRuleFailures', 'PrometheusTSDBCompactionsFailing',
    'PrometheusTSDBReloadsFailing', 'PrometheusTargetLimitHit', 'PrometheusTargetSyncFailure',
  ],
  'prometheus-operator': [
    'ConfigReloaderSidecarErrors', 'PrometheusOperatorListErrors', 'PrometheusOperatorNodeLookupErrors',
    'PrometheusOperatorNotReady', 'PrometheusOperatorReconcileErrors', 'PrometheusOperatorRejectedResources',
    'PrometheusOperatorSyncFailed', 'PrometheusOperatorWatchErrors',
  ],
} as const;

export type UpstreamRunbookGroup = keyof typeof UPSTREAM_RUNBOOK_PAGES;
