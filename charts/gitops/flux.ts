import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { PART_OF } from '../../lib/core/labels';
import { PROMETHEUS_OPERATOR_CRD_PATH, PROMETHEUS_OPERATOR_REPO, PROMETHEUS_OPERATOR_VERSION } from '../../lib/core/upstream';
import { GitRepository } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { CRDS_UNIT, GitOpsUnit, predecessors } from './phases';
import { revisionRef } from '../../lib/core/git-revision';

/**
 * Flux: a GitRepository for this repository and one for the upstream CRDs at the pinned tag,
 * a root Kustomization that syncs this folder, and one Kustomization per component, ordered
 * with `dependsOn` (each waits for the previous phase to be ready). Flux applies server-side.
 */
export class FluxChart extends Chart {
  constructor(scope: Construct, ctx: ClusterContext, units: readonly GitOpsUnit[]) {
    super(scope, 'flux', { disableResourceNameHashes: true, labels: { 'app.kubernetes.io/name': 'flux-sources' } });
    const g = ctx.gitops;
    const ns = g.fluxNamespace;
    const labels = { 'app.kubernetes.io/part-of': PART_OF, 'observability-stack/cluster': ctx.name };
    const name = (unit: string) => `${ctx.name}-${unit}`;
    const upstream = 'prometheus-operator-crds';

    new GitRepository(this, 'repo', {
      metadata: { name: ctx.name, namespace: ns, labels },
      spec: {
        url: g.repoURL,
        ref: revisionRef(`config/${ctx.name}`, g.targetRevision),
        interval: '1m',
        // A private repository: the Secret with its credentials (SECRETS.md says what it holds).
        ...(g.secretName !== undefined ? { secretRef: { name: g.secretName } } : {}),
      },
    });
    new GitRepository(this, 'upstream-crds', {
      metadata: { name: upstream, namespace: ns, labels },
      spec: {
        url: PROMETHEUS_OPERATOR_REPO,
        ref: { tag: PROMETHEUS_OPERATOR_VERSION },
        interval: '1h',
        ignore: `/*\n!/${PROMETHEUS_OPERATOR_CRD_PATH}/\n`,
      },
    });

    new Kustomization(this, 'root', {
      metadata: { name: ctx.name, namespace: ns, labels },
      spec: {
        interval: '10m',
        path: `./${g.distPath}/${ctx.name}/flux`,
        prune: true,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: ctx.name },
      },
    });

    for (const unit of units) {
      const isCrds = unit.name === CRDS_UNIT.name;
      const after = predecessors(unit, units);
      new Kustomization(this, unit.name, {
        metadata: { name: name(unit.name), namespace: ns, labels },
        spec: {
          interval: isCrds ? '1h' : '10m',
          retryInterval: '1m',
          timeout: '5m',
          path: isCrds ? `./${PROMETHEUS_OPERATOR_CRD_PATH}` : `./${g.distPath}/${ctx.name}/${unit.name}`,
          // Never prune CRDs: deleting one deletes every object of its kind.
          prune: !isCrds,
          wait: true,
          sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: isCrds ? upstream : ctx.name },
          ...(after.length ? { dependsOn: after.map((u) => ({ name: name(u.name) })) } : {}),
        },
      });
    }
  }
}
