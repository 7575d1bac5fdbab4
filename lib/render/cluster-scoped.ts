/**
 * Kinds that have no namespace. cdk8s stamps a Chart's namespace on every object, so the
 * renderer removes it from these (a namespace on a ClusterRole is an error in strict review).
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'RuntimeClass',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'IngressClass', 'CSIDriver',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);
