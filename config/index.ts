import { datacenter } from './datacenter';
import { homelab } from './homelab';
import { ClusterConfig } from './types';

export * from './types';
export * from './resolve';

/** Every configured cluster; each renders to `dist/<name>/`. */
export const clusters: readonly ClusterConfig[] = [homelab, datacenter];
