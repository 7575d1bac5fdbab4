import { versionOf } from './versions';

/** The pinned prometheus-operator release: its image tag and the source of its CRDs. */
export const PROMETHEUS_OPERATOR_VERSION = versionOf('prometheusOperator');
export const PROMETHEUS_OPERATOR_REPO = 'https://github.com/prometheus-operator/prometheus-operator.git';
/** Folder of the release's CRDs in that repository. */
export const PROMETHEUS_OPERATOR_CRD_PATH = 'example/prometheus-operator-crd';
