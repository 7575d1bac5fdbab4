import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { renderCluster } from '../charts/stack';
import { NODE_EXPORTER_UID } from '../charts/exporters/node-exporter';
import { BUILTIN_COLLECTORS } from '../charts/exporters/textfile-collectors';
import { TEXTFILE_RUNNER } from '../charts/exporters/textfile-runner';
import { referenceCluster } from './support/reference';

type Mount = { name: string; mountPath: string; readOnly?: boolean; mountPropagation?: string };
type Container = { name: string; image: string; args?: string[]; command?: string[]; env?: { name: string; value: string }[]; volumeMounts: Mount[]; securityContext: Record<string, unknown> };

const cluster = referenceCluster();
const obj = (file: string) => {
  const content = cluster.files.get(`node-exporter/${file}`);
  if (!content) throw new Error(`node-exporter/${file} not rendered`);
  return parse(content);
};
const ds = obj('daemonset-node-exporter.yaml');
const pod = ds.spec.template.spec;
const container = (name: string): Container => pod.containers.find((c: Container) => c.name === name);
const exporter = container('node-exporter');
const sidecar = container('textfile-collectors');
const withCollectors = (textfileCollectors: unknown[]) =>
  renderCluster({ ...homelab, nodeExporter: { textfileCollectors: textfileCollectors as never } });

describe('node-exporter DaemonSet', () => {
  test('runs on every node, control plane included, in the privileged host-agents namespace', () => {
    expect(ds.metadata.namespace).toBe('monitoring-agents');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('runs pinned images', () => {
    expect(exporter.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    expect(sidecar.image).toBe('docker.io/library/busybox:1.38.0');
  });

  test('reads the host through read-only hostPath mounts that follow host mounts', () => {
    expect(pod.volumes.filter((v: { hostPath?: unknown }) => v.hostPath)).toEqual([
      { name: 'proc', hostPath: { path: '/proc' } },
      { name: 'sys', hostPath: { path: '/sys' } },
      { name: 'root', hostPath: { path: '/' } },
    ]);
    for (const c of [exporter, sidecar]) {
      const hostMounts = c.volumeMounts.filter((m) => ['proc', 'sys', 'root'].includes(m.name));
      expect(hostMounts.length).toBeGreaterThan(0);
      for (const m of hostMounts) {
        expect(m.mountPath.startsWith('/host/')).toBe(true);
        expect(m.readOnly).toBe(true);
        expect(m.mountPropagation).toBe('HostToContainer');
      }
    }
    expect(exporter.args).toEqual(expect.arrayContaining(['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']));
  });

  test('shares the textfile directory: node-exporter reads it, the collectors write it', () => {
    expect(exporter.args).toContain('--collector.textfile.directory=/textfile');
    expect(exporter.volumeMounts).toContainEqual({ name: 'textfile', mountPath: '/textfile', readOnly: true });
    expect(sidecar.volumeMounts).toContainEqual({ name: 'textfile', mountPath: '/textfile' });
    expect(pod.volumes).toContainEqual({ name: 'textfile', emptyDir: { sizeLimit: '16Mi' } });
  });

  test('is hardened apart from the documented host access, with no API token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(obj('serviceaccount-node-exporter.yaml').automountServiceAccountToken).toBe(false);
    // A uid of its own: with hostPID, a shared uid could read other pods' files through /proc.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: NODE_EXPORTER_UID, runAsGroup: NODE_EXPORTER_UID });
    expect(NODE_EXPORTER_UID).not.toBe(65534);
    for (const c of [exporter, sidecar]) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    }
    expect(ds.spec.template.metadata.annotations['observability-stack/host-access']).toMatch(/read-only hostPath/);
  });
});

describe('textfile collectors', () => {
  const cm = obj('configmap-textfile-collectors.yaml');
  const names = [...BUILTIN_COLLECTORS.map((c) => c.name), ...(homelab.nodeExporter?.textfileCollectors ?? []).map((c) => c.name)];

  test('the reference cluster adds its own collectors to the built-in ones', () => {
    expect(names).toEqual(['reboot_required', 'kernel_taint', 'filesystem_errors', 'var_log_size', 'zombie_processes']);
  });

  test('the sidecar runs each collector on its interval, with the host paths scripts use', () => {
    expect(sidecar.command).toEqual(['/bin/sh', '/collectors/runner.sh', 'reboot_required:300', 'kernel_taint:600', 'filesystem_errors:600', 'var_log_size:900', 'zombie_processes:300']);
    expect(sidecar.env).toEqual(expect.arrayContaining([
      { name: 'TEXTFILE_DIR', value: '/textfile' }, { name: 'SCRIPTS_DIR', value: '/collectors' },
      { name: 'HOST_ROOT', value: '/host/root' }, { name: 'HOST_PROC', value: '/host/proc' }, { name: 'HOST_SYS', value: '/host/sys' },
    ]));
    expect(sidecar.volumeMounts).toContainEqual({ name: 'collectors', mountPath: '/collectors', readOnly: true });
  });

  test('renders each script into the ConfigMap, strict, after a shebang', () => {
    expect(Object.keys(cm.data).sort()).toEqual([...names.map((n) => `${n}.sh`), 'runner.sh'].sort());
    const zombie = homelab.nodeExporter!.textfileCollectors!.find((c) => c.name === 'zombie_processes')!;
    expect(cm.data['zombie_processes.sh']).toBe(`#!/bin/sh\nset -eu\n${zombie.script}\n`);
    expect(cm.data['runner.sh']).toBe(TEXTFILE_RUNNER);
  });

  test('the runner writes a temporary file in the same directory and renames it', () => {
    const runner = cm.data['runner.sh'] as string;
    expect(runner).toContain('tmp="$OUT/.$name.prom.$$"');
    expect(runner).toContain('mv -f "$tmp" "$OUT/$name.prom"');
  });

  test('a changed script rolls the DaemonSet (checksum annotation)', () => {
    const checksum = (files: Map<string, string>) => parse(files.get('node-exporter/daemonset-node-exporter.yaml')!).spec.template.metadata.annotations['observability-stack/collectors-checksum'];
    const before = checksum(cluster.files);
    const changed = withCollectors([{ name: 'demo', script: 'echo "demo 1"' }]);
    expect(checksum(changed.files)).not.toBe(before);
    expect(checksum(withCollectors(homelab.nodeExporter!.textfileCollectors!).files)).toBe(before);
  });

  test.each([
    [{ name: 'Bad-Name', script: 'echo' }, 'config/homelab/nodeExporter: textfileCollectors[0].name = "Bad-Name" is not valid; expected a lowercase metric-safe name'],
    [{ name: '9lives', script: 'echo' }, 'textfileCollectors[0].name = "9lives" is not valid'],
    [{ name: 'x'.repeat(61), script: 'echo' }, `textfileCollectors[0].name = "${'x'.repeat(61)}" is not valid`],
    [{ name: 'reboot_required', script: 'echo' }, 'textfileCollectors[0].name = "reboot_required" is not valid; expected a name not used by another collector'],
    [{ name: 'collector_x', script: 'echo' }, 'textfileCollectors[0].name = "collector_x" is not valid; expected a name not starting with "collector_"'],
    [{ name: 'ok', script: '  ' }, 'textfileCollectors[0].script = "  " is not valid'],
    [{ name: 'ok', script: 'echo', intervalSeconds: 1 }, 'textfileCollectors[0].intervalSeconds = 1 is not valid; expected a whole number of seconds between 10 and 86400'],
    [{ name: 'ok', script: 'echo', intervalSeconds: 30.5 }, 'textfileCollectors[0].intervalSeconds = 30.5 is not valid'],
  ])('rejects a bad collector %#', (collector, message) => {
    expect(() => withCollectors([collector])).toThrow(message);
  });

  test('rejects two user collectors with the same name, naming the second', () => {
    expect(() => withCollectors([{ name: 'a', script: 'echo' }, { name: 'a', script: 'echo' }]))
      .toThrow('textfileCollectors[1].name = "a" is not valid; expected a name not used by another collector');
  });
});

describe('node-exporter monitoring', () => {
  test('a headless Service selects the DaemonSet pods', () => {
    const svc = obj('service-node-exporter.yaml');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.selector).toEqual(ds.spec.selector.matchLabels);
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 'metrics' }]);
  });

  test('targets are named after their node', () => {
    const relabelings = obj('servicemonitor-node-exporter.yaml').spec.endpoints[0].relabelings;
    expect(relabelings).toContainEqual({ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' });
    expect(relabelings).toContainEqual({ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' });
  });

  test('ships node and textfile alerts', () => {
    const alerts = [obj('prometheusrule-node-exporter.yaml'), obj('prometheusrule-node-textfile.yaml')]
      .flatMap((r) => r.spec.groups.flatMap((g: { rules: { alert?: string }[] }) => g.rules.map((x) => x.alert)));
    expect(alerts).toEqual(expect.arrayContaining([
      'NodeExporterTargetDown', 'NodeHighCpuUsage', 'NodeMemoryHigh', 'NodeFilesystemSpaceFillingUp', 'NodeFilesystemAlmostOutOfSpace',
      'NodeFilesystemAlmostOutOfInodes', 'NodeFilesystemErrors', 'NodeNetworkReceiveErrs', 'NodeNetworkTransmitErrs', 'NodeClockNotSynchronising', 'NodeClockSkewDetected',
      'NodeDiskIOSaturation', 'NodeFileDescriptorLimit', 'NodeHighNumberConntrackEntriesUsed',
      'NodeRebootRequired', 'NodeTextfileCollectorStale', 'NodeTextfileCollectorFailing', 'NodeTextfileScrapeError',
    ]));
  });

  test('a collector is stale after three of its own intervals', () => {
    const rules = obj('prometheusrule-node-textfile.yaml').spec.groups[0].rules;
    expect(rules.find((r: { alert: string }) => r.alert === 'NodeTextfileCollectorStale').expr)
      .toBe('time() - node_textfile_collector_last_run_timestamp_seconds{job="node-exporter"} > 3 * node_textfile_collector_interval_seconds{job="node-exporter"}');
  });
});
