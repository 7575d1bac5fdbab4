import * as path from 'path';
import { ClusterConfig, clusters as configuredClusters } from '../../config';

/**
 * What the generic tests check (the committed dist/, schema, policy, promtool, routing,
 * kustomize): every cluster config/ lists, whatever it holds, and the folder synth writes them
 * to. Tests that pin behaviour use test/fixtures/ instead; test/own-config.test.ts substitutes
 * this module to run the generic tests on a config/ without the reference clusters.
 */
export const clusters: readonly ClusterConfig[] = configuredClusters;

/** The output folder holding the committed dist/<cluster>/ folders. */
export const DIST_DIR = path.resolve(__dirname, '..', '..', 'dist');

/**
 * Whether the slowest checks run too (promtool's rule unit tests). False only where a run proves
 * that the generic tests take any config/ (test/own-config.test.ts); the configured clusters'
 * own run always has them.
 */
export const SLOW_CHECKS: boolean = true;
