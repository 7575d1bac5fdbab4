import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { PART_OF } from '../../lib/core/labels';
import { PROMETHEUS_OPERATOR_CRD_PATH, PROMETHEUS_OPERATOR_REPO, PROMETHEUS_OPERATOR_VERSION } from '../../lib/core/upstream';
import { Application, ApplicationProps } from '../../imports/application-argoproj.io';
import { CRDS_UNIT, GitOpsUnit, SYNC_WAVE } from './phases';

const IN_CLUSTER = 'https://kubernetes.default.svc';
/**
 * Argo CD's cascading-delete finalizer, foreground (its default), in the domain-qualified form
 * Argo CD defines (ForegroundPropagationPolicyFinalizer): Kubernetes 1.34 warns on the bare
 * `resources-finalizer.argocd.argoproj.io` at every apply.
 */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io/foreground';

/**
 * Argo CD app-of-apps: a root Application that syncs this folder, and one Application per
 * component, ordered by sync wave. Objects are tracked by annotation (the Argo CD 3 default),
 * so Argo CD's tracking never touches `app.kubernetes.io/instance`.
 */
export class ArgoCdChart extends Chart {
  constructor(scope: Construct, ctx: ClusterContext, units: readonly GitOpsUnit[]) {
    super(scope, 'argocd', { disableResourceNameHashes: true, labels: { 'app.kubernetes.io/name': 'argocd-apps' } });
    const g = ctx.gitops;
    const appName = (unit: string) => `${ctx.name}-${unit}`;
    const syncOptions = ['ServerSideApply=true', 'ApplyOutOfSyncOnly=true'];

    const application = (id: string, name: string, wave: number | undefined, spec: ApplicationProps['spec'], finalizer = true) =>
      new Application(this, id, {
        metadata: {
          name,
          namespace: g.argocdNamespace,
          labels: { 'app.kubernetes.io/part-of': PART_OF, 'observability-stack/cluster': ctx.name },
          ...(wave !== undefined ? { annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } } : {}),
          ...(finalizer ? { finalizers: [RESOURCES_FINALIZER] } : {}),
        },
        spec,
      });

    application('root', ctx.name, undefined, {
      project: g.argocdProject,
      source: { repoUrl: g.repoURL, targetRevision: g.targetRevision, path: `${g.distPath}/${ctx.name}/argocd` },
      destination: { server: IN_CLUSTER, namespace: g.argocdNamespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions },
    }, false);

    for (const unit of units) {
      const isCrds = unit.name === CRDS_UNIT.name;
      application(unit.name, appName(unit.name), SYNC_WAVE[unit.phase], {
        project: g.argocdProject,
        source: isCrds
          ? { repoUrl: PROMETHEUS_OPERATOR_REPO, targetRevision: PROMETHEUS_OPERATOR_VERSION, path: PROMETHEUS_OPERATOR_CRD_PATH }
          : { repoUrl: g.repoURL, targetRevision: g.targetRevision, path: `${g.distPath}/${ctx.name}/${unit.name}` },
        destination: { server: IN_CLUSTER },
        syncPolicy: {
          // Never prune CRDs: deleting one deletes every object of its kind.
          automated: { prune: !isCrds, selfHeal: true },
          syncOptions,
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      }, !isCrds);
    }
  }
}
