import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TEXTFILE_RUNNER } from '../charts/exporters/textfile-runner';
import { tempDir } from './support/reference';

function runOnce(dir: string, specs: string[]): Promise<number> {
  fs.writeFileSync(path.join(dir, 'runner.sh'), TEXTFILE_RUNNER);
  const child = spawn('/bin/sh', [path.join(dir, 'runner.sh'), ...specs], {
    env: { ...process.env, TEXTFILE_DIR: path.join(dir, 'out'), SCRIPTS_DIR: dir, RUN_ONCE: '1' },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
}

describe('textfile-collector runner (real /bin/sh)', () => {
  test('writes each collector output and its own status, and leaves no temporary files', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'good.sh'), 'echo "# TYPE demo_value gauge"\necho "demo_value 42"\n');
    fs.writeFileSync(path.join(dir, 'bad.sh'), 'echo partial\nexit 3\n');
    expect(await runOnce(dir, ['good:60', 'bad:120'])).toBe(0);

    const out = (f: string) => fs.readFileSync(path.join(dir, 'out', f), 'utf8');
    expect(out('good.prom')).toBe('# TYPE demo_value gauge\ndemo_value 42\n');
    expect(out('collector_good.prom')).toContain('node_textfile_collector_success{collector="good"} 1');
    expect(out('collector_good.prom')).toContain('node_textfile_collector_interval_seconds{collector="good"} 60');
    expect(out('collector_good.prom')).toMatch(/node_textfile_collector_last_run_timestamp_seconds\{collector="good"\} \d{10}/);
    // A failing script never replaces its metrics with partial output.
    expect(fs.existsSync(path.join(dir, 'out', 'bad.prom'))).toBe(false);
    expect(out('collector_bad.prom')).toContain('node_textfile_collector_success{collector="bad"} 0');
    expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.includes('.prom.'))).toEqual([]);
  });
});
