import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { addLogPipeline, addYourService } from '../examples/add-your-service';
import { promtoolTestRules } from './support/promtool';

describe('the documented examples', () => {
  test('render, and their alerts pass promtool', () => {
    const app = new App();
    const shop = addYourService(app);
    const kinds = Testing.synth(shop).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual([
      'ConfigMap/dashboard-orders-api', 'ConfigMap/dashboard-shop-overview',
      'PrometheusRule/orders-api', 'PrometheusRule/shop', 'ServiceMonitor/orders-api',
    ]);
    const result = promtoolTestRules(AlertRuleGroup.all(shop));
    if (!result.ok) throw new Error(result.output);
    expect(Testing.synth(addLogPipeline(app)).map((o) => o.kind)).toContain('DaemonSet');
  });

  test.each(['README.md', 'docs/library.md'])('%s shows the example code as it is tested', (file) => {
    const doc = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
    const source = fs.readFileSync(path.join(__dirname, '..', 'examples', 'add-your-service.ts'), 'utf8');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(source.replace(/^ {2}/gm, '')).toContain(block.trim());
  });
});
