import { execFileSync } from 'child_process';
import { clusters } from '../config';
import { renderCluster } from '../charts/stack';
import { diffDist, formatDiff } from '../lib/render/diff';

/**
 * `npm run diff [BASE] [--markdown]`: renders the working tree in memory and compares every
 * object with dist/ at BASE (default: the merge base with main), per component, field by field.
 */
function main(): void {
  const args = process.argv.slice(2);
  const markdown = args.includes('--markdown');
  const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let base = args.find((a) => !a.startsWith('--'));
  if (!base) {
    try { base = git('merge-base', 'HEAD', 'main').trim(); } catch { base = 'HEAD'; }
  }
  const before = new Map<string, string>();
  for (const file of git('ls-tree', '-r', '--name-only', base, '--', 'dist/').split('\n').filter(Boolean)) {
    before.set(file.slice('dist/'.length), git('show', `${base}:${file}`));
  }
  const after = new Map<string, string>();
  for (const cluster of clusters) {
    for (const [file, content] of renderCluster(cluster).files) after.set(`${cluster.name}/${file}`, content);
  }
  const header = markdown ? `## Rendered manifests: changes against \`${base.slice(0, 12)}\`\n\n` : `changes against ${base}\n`;
  process.stdout.write(header + formatDiff(diffDist(before, after), markdown));
}

try {
  main();
} catch (err) {
  console.error(`diff failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
