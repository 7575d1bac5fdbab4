import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { resolveCluster } from '../config';
import { datacenter } from './fixtures/datacenter';
import { homelab } from './fixtures/homelab';
import { renderCluster } from '../charts/stack';
import { Component } from '../lib/core/component';
import { KUBECTL_FOR_MINOR, KUBECTL_SKEW, kubectlImageKey, kubernetesMinor, minorNumber, SUPPORTED_KUBERNETES_MINORS } from '../lib/core/kubernetes';
import { imageOf, VERSIONS } from '../lib/core/versions';
import { Robusta } from '../lib/robusta/robusta';

const kubectlOf = (files: Map<string, string>) => {
  const runner = parse(files.get('robusta/deployment-robusta-runner.yaml')!);
  return runner.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'KUBECTL_IMAGE_OVERRIDE')?.value as string;
};

describe('kubectl for remediations follows the cluster\'s Kubernetes version', () => {
  test('every supported minor has a kubectl entry within the skew policy, and no other entry exists', () => {
    for (const minor of SUPPORTED_KUBERNETES_MINORS) {
      const pin = VERSIONS[KUBECTL_FOR_MINOR[minor]];
      expect({ minor, repository: pin.repository }).toEqual({ minor, repository: 'docker.io/alpine/k8s' });
      expect({ minor, skew: Math.abs(minorNumber(pin.version) - minorNumber(minor)) <= KUBECTL_SKEW }).toEqual({ minor, skew: true });
    }
    const kubectlKeys = Object.entries(VERSIONS).filter(([, p]) => p.repository === 'docker.io/alpine/k8s').map(([k]) => k).sort();
    expect(kubectlKeys).toEqual(Object.values(KUBECTL_FOR_MINOR).sort());
  });

  test.each([['1.28', 'kubectl128'], ['1.31.4', 'kubectl131'], ['v1.34.2', 'kubectl134'], ['1.30.0', 'kubectl130'], ['1.35.4', 'kubectl135'], ['v1.36.2', 'kubectl136']])('%s picks %s', (version, key) => {
    expect(kubectlImageKey('test', 'kubernetesVersion', version)).toBe(key);
  });

  test.each([['1.27'], ['1.37'], ['1.37.1'], ['2.0'], ['latest'], ['1'], ['1.31.x'], [''], [131 as unknown as string]])('refuses %p', (version) => {
    expect(() => kubernetesMinor('config/x', 'kubernetesVersion', version)).toThrow(/config\/x: kubernetesVersion = .* is not valid; expected the cluster's Kubernetes version, "1\.N" or "1\.N\.P", within the supported range 1\.28 to 1\.36/);
  });

  test('a cluster with a scale remediation renders the kubectl of its own minor', () => {
    // The reference clusters have no scale remediation, so dist/ carries no kubectl image.
    const scale = (config: typeof homelab) => ({ ...config, robusta: { ...config.robusta!, remediations: [{ alert: 'KubeDeploymentReplicasMismatch', action: 'scale' as const, replicas: 2 }] } });
    expect(homelab.kubernetesVersion).toBe('1.36');
    expect(kubectlOf(renderCluster(scale(homelab)).files)).toBe(imageOf('kubectl136'));
    expect(kubectlOf(renderCluster(scale({ ...homelab, kubernetesVersion: '1.29.8' })).files)).toBe(imageOf('kubectl129'));
    expect(kubectlOf(renderCluster(scale({ ...datacenter })).files)).toBe(imageOf('kubectl135'));
  });

  test('a cluster outside the supported range fails synth naming the field', () => {
    expect(() => resolveCluster({ ...homelab, kubernetesVersion: '1.37' })).toThrow(/config\/homelab: kubernetesVersion = "1\.37" is not valid/);
  });

  test('the library construct needs a version (or an image) only for the scale remediation', () => {
    const render = (props: { kubernetesVersion?: string; kubectlImage?: string }) => {
      const chart = new Component(new App(), 'robusta', { namespace: 'robusta', phase: 'workloads' });
      new Robusta(chart, 'robusta', {
        clusterName: 'c', prometheusUrl: 'http://p:9090', alertmanagerUrl: 'http://a:9093',
        sinks: [{ name: 's', kind: 'teams', credential: { name: 'x', key: 'y' } }],
        remediations: [{ alert: 'KubeDeploymentReplicasMismatch', action: 'scale', replicas: 2 }], ...props,
      });
      return Testing.synth(chart);
    };
    expect(() => render({})).toThrow(/robusta\/robusta: kubernetesVersion = \(missing\) is not valid; expected the cluster's Kubernetes version/);
    expect(() => render({ kubernetesVersion: '1.40' })).toThrow(/kubernetesVersion = "1\.40" is not valid/);
    expect(JSON.stringify(render({ kubernetesVersion: '1.32' }))).toContain(imageOf('kubectl132'));
    expect(JSON.stringify(render({ kubectlImage: 'registry.example.net/kubectl:1.32.1' }))).toContain('registry.example.net/kubectl:1.32.1');
  });
});
