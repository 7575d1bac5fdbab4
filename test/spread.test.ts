import { Chart, Testing } from 'cdk8s';
import { replicaBudget, spreadOverNodes } from '../lib/core/spread';

describe('spreadOverNodes', () => {
  test('prefers one replica per node, never leaving a replica unscheduled', () => {
    const s = spreadOverNodes({ app: 'x' });
    expect(s.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } } }]);
    expect(s.affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(s.affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' } },
    ]);
  });
});

describe('replicaBudget', () => {
  test('lets one replica go at a time', () => {
    const chart = new Chart(Testing.app(), 'c');
    replicaBudget(chart, 'pdb', { name: 'x', namespace: 'ns', labels: { app: 'x' }, selector: { app: 'x' }, replicas: 3 });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x', namespace: 'ns', labels: { app: 'x' } },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } },
    }]);
  });

  test('is refused for a single replica', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => replicaBudget(chart, 'pdb', { name: 'x', namespace: 'ns', labels: {}, selector: { app: 'x' }, replicas: 1 }))
      .toThrow('c: replicas = 1 is not valid; expected at least 2 for a disruption budget');
  });
});
