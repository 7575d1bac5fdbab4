import * as fs from 'fs';
import * as path from 'path';
import { renderCluster } from '../charts/stack';
import { homelab } from './fixtures/homelab';
import { synth } from '../main';
import { checkFolder, formatFindings, KUBERNETES_VERSIONS } from '../tools/schema-check';
import { SUPPORTED_KUBERNETES_MINORS } from '../lib/core/kubernetes';
import { tempDir } from './support/reference';
import { clusters } from './support/configured';

/** Every refused object of one cluster folder, on the oldest and the newest supported Kubernetes. */
function schemaCheck(dir: string): string[] {
  return KUBERNETES_VERSIONS.flatMap((version) => {
    const result = checkFolder(dir, version);
    expect(result.objects).toBeGreaterThan(0);
    return formatFindings(result);
  });
}

test('the schema check covers both ends of the supported range, the newest from its pinned client', () => {
  expect(KUBERNETES_VERSIONS).toEqual([SUPPORTED_KUBERNETES_MINORS[0], SUPPORTED_KUBERNETES_MINORS[SUPPORTED_KUBERNETES_MINORS.length - 1]]);
  const newest = JSON.parse(fs.readFileSync(path.join('schemas', `kubernetes-${KUBERNETES_VERSIONS[1]}.json`), 'utf8'));
  expect(newest.source).toBe('Kubernetes release-1.36 OpenAPI definitions, from @kubernetes/client-node@2.0.1');
  // An API the newest end serves that 1.28 lacks: the two files are not the same version.
  expect(newest.kinds['admissionregistration.k8s.io/v1/MutatingAdmissionPolicy']).toBe('V1MutatingAdmissionPolicy');
});

test(`every rendered object of every cluster passes the strict schema check on Kubernetes ${KUBERNETES_VERSIONS.join(' and ')}`, () => {
  const dir = tempDir();
  // Cluster by cluster: clusters share object names.
  for (const cluster of synth({ outdir: dir, clusters })) {
    expect(schemaCheck(path.join(dir, cluster.name))).toEqual([]);
  }
});

// The options the reference cluster leaves off render fields of their own: check those too.
test('a cluster with every optional feature on passes the strict schema check', () => {
  const everything = renderCluster({
    ...homelab,
    prometheus: { ...homelab.prometheus, replicas: 2 },
    alertmanager: { replicas: 3 },
    grafana: { ...homelab.grafana, database: { type: 'postgres', host: 'postgres.data.svc:5432', name: 'grafana', user: 'grafana', password: { name: 'grafana-db', key: 'password' } } },
    logAgent: { ...homelab.logAgent, agent: 'alloy' },
    robusta: {
      ...homelab.robusta!,
      remediations: [
        { alert: 'KubePodCrashLooping', action: 'restart-pod' },
        { alert: 'KubeDeploymentReplicasMismatch', action: 'rollout-restart' },
        { alert: 'PostgresConnectionsNearLimit', action: 'scale', replicas: 2 },
        { alert: 'KubePodNotReady', action: 'diagnose', command: 'ps aux' },
      ],
    },
    traces: { type: 'tempo', url: 'http://tempo.tracing.svc.cluster.local:3200' },
  });
  const dir = tempDir();
  for (const [file, content] of everything.files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  expect(schemaCheck(dir)).toEqual([]);
});

test('the check names the file, object, path and reason of an unknown field, and a kind one end lacks', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'objects.yaml'), [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {a: b}\nextra: 1',
    'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: s, namespace: n}\nspec: {selector: {}, endpoints: [{port: web, intervall: 30s}]}',
    'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\nspec: {priorityLevelConfiguration: {name: p}}',
    'apiVersion: storage.k8s.io/v1\nkind: VolumeAttributesClass\nmetadata: {name: v}\ndriverName: d',
  ].join('\n---\n'));
  expect(schemaCheck(dir)).toEqual([
    "objects.yaml: v1 ConfigMap n/c: /: must NOT have additional properties 'extra' (Kubernetes 1.28)",
    "objects.yaml: monitoring.coreos.com/v1 ServiceMonitor n/s: /spec/endpoints/0: must NOT have additional properties 'intervall' (Kubernetes 1.28)",
    'objects.yaml: storage.k8s.io/v1 VolumeAttributesClass v: Kubernetes 1.28 has no storage.k8s.io/v1 VolumeAttributesClass (and no pinned CRD defines it)',
    "objects.yaml: v1 ConfigMap n/c: /: must NOT have additional properties 'extra' (Kubernetes 1.36)",
    "objects.yaml: monitoring.coreos.com/v1 ServiceMonitor n/s: /spec/endpoints/0: must NOT have additional properties 'intervall' (Kubernetes 1.36)",
    'objects.yaml: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema f: Kubernetes 1.36 has no flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema (and no pinned CRD defines it)',
  ]);
});
