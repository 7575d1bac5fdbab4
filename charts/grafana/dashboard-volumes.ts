import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { check } from '../../lib/core/errors';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';
import { DASHBOARDS_DIR } from './grafana-config';

/** One Grafana folder of dashboards: its volume and where Grafana reads it. */
export interface DashboardFolder {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

/**
 * A projected volume per folder, mounted at `<DASHBOARDS_DIR>/<folder>`. One volume with
 * `folder/uid.json` paths would not do: the kubelet links those folders in as symlinks, which
 * Grafana's file provider does not follow, so it would find no dashboard. Sources are optional:
 * the dashboard ConfigMaps may sync after Grafana, and the pod must start without them.
 */
export function dashboardFolders(dashboards: readonly GrafanaDashboard[], scope: IConstruct | string, namespace?: string,
  datasourceUids?: { readonly prometheus: string; readonly loki: string }): DashboardFolder[] {
  const byFolder = new Map<string, GrafanaDashboard[]>();
  const configMaps = new Map<string, GrafanaDashboard>();
  for (const d of [...dashboards].sort((a, b) => a.uid.localeCompare(b.uid))) {
    // A pod mounts ConfigMaps of its own namespace only.
    if (namespace !== undefined) {
      check(d.namespace === namespace, d, 'namespace', d.namespace, `Grafana's namespace "${namespace}", the only one Grafana can load dashboards from (or leave it unset)`);
    }
    // A panel pointing at a datasource Grafana does not have shows nothing but an error.
    if (datasourceUids !== undefined) {
      for (const kind of ['prometheus', 'loki'] as const) {
        check(d.datasources[kind] === datasourceUids[kind], d, `datasources.${kind}`, d.datasources[kind], `the uid of the ${kind} datasource Grafana provisions ("${datasourceUids[kind]}")`);
      }
    }
    const twin = configMaps.get(d.configMapName);
    check(twin === undefined, d, 'uid', d.uid,
      `a uid no other dashboard has once lowercased with "_" as "-": uid "${twin?.uid}" of ${twin?.node.path} renders ConfigMap ${d.configMapName} too`);
    configMaps.set(d.configMapName, d);
    byFolder.set(d.folder, [...(byFolder.get(d.folder) ?? []), d]);
  }
  const volumeNames = new Map<string, string>();
  return [...byFolder.keys()].sort().map((folder) => {
    const name = volumeName(folder);
    check(!volumeNames.has(name), scope, 'dashboard folders', [volumeNames.get(name), folder],
      'folder names that differ in more than case and punctuation (each becomes a volume name)');
    volumeNames.set(name, folder);
    return {
      volume: {
        name,
        projected: {
          sources: byFolder.get(folder)!.map((d) => ({
            configMap: { name: d.configMapName, optional: true, items: [{ key: `${d.uid}.json`, path: `${d.uid}.json` }] },
          })),
        },
      },
      mount: { name, mountPath: `${DASHBOARDS_DIR}/${folder}`, readOnly: true },
    };
  });
}

/**
 * The volume name of a folder: `dashboards-<folder>` in lowercase ASCII. A title with characters
 * that do not survive that (any other script, accents) gets a short hash of the title as well,
 * so "Überwachung" and "Berwachung", or two titles in Japanese, never share a volume.
 */
export function volumeName(folder: string): string {
  const slug = folder.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const lossless = /^[A-Za-z0-9 _.-]*$/.test(folder) && slug !== '';
  const hash = lossless ? '' : `-${createHash('sha256').update(folder).digest('hex').slice(0, 8)}`;
  return `dashboards-${slug}`.slice(0, 63 - hash.length).replace(/-+$/, '') + hash;
}
