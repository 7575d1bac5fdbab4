import { homelab } from '../fixtures/homelab';
import { synth } from '../../main';

/**
 * A synth as its own process, for the concurrency tests: `synth-variant <outdir> a|b` renders
 * the reference cluster (a) or the reference cluster without its speed-test exporter (b), so
 * a tree mixed from two runs shows.
 */
const [outdir, variant] = process.argv.slice(2);
const cluster = variant === 'b' ? { ...homelab, components: homelab.components.filter((c) => c !== 'speedtest-exporter') } : homelab;
synth({ outdir, clusters: [cluster] });
