import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { LogPipeline } from '../lib/logging/log-pipeline';
import { ClusterConfig, ClusterContext, ComponentName, resolveCluster } from '../config';
import { DASHBOARDS_NAMESPACE_CONTEXT } from '../lib/dashboards/grafana-dashboard';
import { CLUSTER_VARIABLE_CONTEXT } from '../lib/dashboards/cluster-variable';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { ALERT_LINKS_CONTEXT } from '../lib/alerting/alert-links';
import { alertLinks } from './alert-links';
import { check, StackValidationError } from '../lib/core/errors';
import { Component } from '../lib/core/component';
import { ObservedService } from '../lib/monitoring/observed-service';
import { renderComponents, RenderedComponent } from '../lib/render/collect';
import { rewriteImages } from '../lib/core/image-refs';
import { componentFiles } from '../lib/render/files';
import { FileTree } from '../lib/render/write';
import { ArgoCdChart } from './gitops/argocd';
import { FluxChart } from './gitops/flux';
import { CRDS_UNIT } from './gitops/phases';
import { COMPONENT_FACTORIES } from './registry';
import { checkNodeFit } from './node-fit';
import { CLUSTER_DOCUMENTS } from './documents';
import { PrometheusChart } from './metrics/prometheus';
import { sloEvaluation } from './metrics/prometheus-storage';
import { SLO_EVALUATION_CONTEXT } from '../lib/slo/evaluation';

/** A cluster's construct tree, before rendering. */
export interface ClusterApp {
  readonly app: App;
  readonly ctx: ClusterContext;
}

/** Builds the construct tree of one cluster: every configured component. */
export function buildCluster(config: ClusterConfig): ClusterApp {
  const resolved = resolveCluster(config);
  const ctx: ClusterContext = { ...resolved, extensionServices: countExtensionServices(resolved) };
  const app = new App({ outdir: 'unused' });
  // Grafana mounts dashboard ConfigMaps of its own namespace only.
  app.node.setContext(DASHBOARDS_NAMESPACE_CONTEXT, ctx.namespaces.monitoring);
  // Every alert links its runbook and, where one fits, the dashboard to open.
  app.node.setContext(ALERT_LINKS_CONTEXT, alertLinks(ctx));
  // The SLO rules are evaluated by the cluster's Prometheus, on what it keeps locally.
  if (ctx.has('prometheus')) app.node.setContext(SLO_EVALUATION_CONTEXT, sloEvaluation(ctx));
  // A hub's dashboards show several clusters: each gains a `cluster` variable.
  if (ctx.multiCluster) app.node.setContext(CLUSTER_VARIABLE_CONTEXT, true);
  const build = (name: ComponentName) => {
    const factory = COMPONENT_FACTORIES[name];
    if (!factory) {
      throw new StackValidationError(`config/${config.name}`, 'components', name,
        `a component this version can build: ${Object.keys(COMPONENT_FACTORIES).join(', ')}`);
    }
    factory(app, ctx);
  };
  for (const name of config.components.filter((c) => c !== 'network-policies')) build(name);
  (config.extensions ?? []).forEach((extension, i) => {
    const components = new Set(app.node.children.map((c) => c.node.id));
    try {
      extension(app);
    } catch (err) {
      // Only a Component id that clashes at the top is the extension's id; deeper clashes are its own.
      const clash = /There is already a Construct with name '([^']+)'/.exec(err instanceof Error ? err.message : '');
      if (!clash || !components.has(clash[1])) throw err;
      throw new StackValidationError(`config/${config.name}`, `extensions[${i}]`, clash[1],
        `a Component id no stack component or other extension uses (${config.components.join(', ')}): each is a folder of dist/${config.name}/`);
    }
    for (const added of app.node.children.filter((c) => !components.has(c.node.id))) {
      checkExtensionComponent(config, i, added);
      if (ctx.has('log-agent')) checkNoSecondLogAgent(ctx, added);
    }
  });
  // The catch-all target alert leaves out every job with a target-down alert of its own, extensions included.
  const prometheus = app.node.tryFindChild('prometheus');
  if (prometheus instanceof PrometheusChart) (prometheus as PrometheusChart).addCatchAllTargetDown(app);
  // Network policies are derived from every other component's constructs, extensions included.
  if (config.components.includes('network-policies')) build('network-policies');
  checkUniqueNames(app);
  return { app, ctx };
}

/**
 * The ObservedServices the extensions add, for sizing (charts/sizing.ts): the stack's charts are
 * built before the extensions, so these are counted on a scratch build of the extensions alone.
 * An extension that fails here fails the same way in the real build, which reports it.
 */
function countExtensionServices(ctx: ClusterContext): number {
  if (!ctx.config.extensions?.length) return 0;
  const scratch = new App({ outdir: 'unused' });
  scratch.node.setContext(DASHBOARDS_NAMESPACE_CONTEXT, ctx.namespaces.monitoring);
  try {
    for (const extension of ctx.config.extensions) extension(scratch);
  } catch {
    // Reported by the real build.
  }
  return ObservedService.all(scratch).length;
}

/**
 * What an extension adds at the top must be a Component: anything else renders nowhere (its
 * objects would be dropped without a word). A Component's GitOps name, `<cluster>-<id>`, is a
 * label value in the cluster (Flux labels every object it applies with it): 63 characters at most.
 */
function checkExtensionComponent(config: ClusterConfig, i: number, added: IConstruct): void {
  if (!(added instanceof Component)) {
    throw new StackValidationError(`config/${config.name}`, `extensions[${i}]`, added.node.path,
      `constructs inside a Component: "${added.node.path}" (a ${added.constructor.name}) was created at the top of the app, where nothing renders it. ` +
      'Create a Component with the app as its scope (new Component(scope, \'shop\', { namespace: \'shop\', phase: \'resources\' })), create your constructs inside it, and return it');
  }
  const unit = `${config.name}-${added.node.id}`;
  check(unit.length <= 63, added, 'component id', added.node.id,
    `at most ${62 - config.name.length} characters in cluster ${config.name}: its Argo CD Application and Flux Kustomization "${unit}" is a label value, at most 63 characters`);
}

/**
 * A cluster's log-agent component already runs one agent on every node: a second from an
 * extension would ship every line twice (and its alerts are the agent's). Stages for your
 * streams go into the cluster's `logAgent.stageGroups`.
 */
function checkNoSecondLogAgent(ctx: ClusterContext, added: IConstruct): void {
  for (const pipeline of LogPipeline.all(added as Construct)) {
    throw new StackValidationError(pipeline, 'LogPipeline', pipeline.agent,
      `no LogPipeline in an extension of cluster ${ctx.name}, whose log-agent component already runs ${ctx.logAgent} on every node ` +
      '(a second agent ships each line twice). Give your streams\' stages to the cluster config instead: ' +
      'logAgent: { stageGroups: [{ selector: \'{namespace="shop"}\', stages: [{ json: { expressions: { level: \'level\' } } }] }] }');
  }
}

/** The rendered output of one cluster: its files, relative to `dist/<cluster>/`. */
export interface RenderedCluster {
  readonly name: string;
  readonly components: RenderedComponent[];
  readonly files: FileTree;
}

/** Takes each rendered folder of a cluster (relative to `dist/<cluster>/`, '' for its top) as it is done. */
export type FolderSink = (folder: string, files: FileTree) => void;

/** Renders one cluster to files in memory: component folders, GitOps folders and generated docs. */
export function renderCluster(config: ClusterConfig): RenderedCluster {
  const files: FileTree = new Map();
  const { name, components } = renderClusterTo(config, (folder, tree) => {
    for (const [file, content] of tree) files.set(folder ? `${folder}/${file}` : file, content);
  });
  return { name, components, files };
}

/**
 * Renders one cluster folder by folder into `sink`, each folder handed over as soon as it is
 * done so its text need not stay in memory. Throws on bad input; the sink may have taken some
 * folders by then.
 */
export function renderClusterTo(config: ClusterConfig, sink: FolderSink): Omit<RenderedCluster, 'files'> {
  const { app, ctx } = buildCluster(config);
  const components: RenderedComponent[] = [];
  for (const rendered of renderComponents(app)) {
    // The cluster's registry mirror and digests, on every image the components name.
    const component = { ...rendered, manifests: rewriteImages(rendered.manifests, ctx.imageRefs) };
    sink(component.name, componentFiles(component));
    components.push(component);
  }
  checkUniqueObjects(components);
  checkNodeFit(ctx, components);

  const units = [CRDS_UNIT, ...components.map(({ name, phase }) => ({ name, phase }))];
  const gitops = new App({ outdir: 'unused' });
  const argocd = new ArgoCdChart(gitops, ctx, units);
  const flux = new FluxChart(gitops, ctx, units);
  for (const chart of [argocd, flux]) {
    sink(chart.node.id, componentFiles({ name: chart.node.id, phase: 'foundation', manifests: chart.toJson() }));
  }
  for (const document of CLUSTER_DOCUMENTS) sink('', document({ app, ctx, components }));
  return { name: ctx.name, components };
}

/**
 * One object, one owner: the same kind, namespace and name rendered by two components would be
 * applied by two Argo CD Applications (or Flux Kustomizations) fighting over it.
 */
function checkUniqueObjects(components: readonly RenderedComponent[]): void {
  const owners = new Map<string, string>();
  for (const c of components) {
    for (const m of c.manifests) {
      const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
      const key = `${group}/${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
      const id = `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
      const owner = owners.get(key);
      if (owner !== undefined && owner !== c.name) {
        throw new StackValidationError(c.name, 'objects', id, `an object no other component renders (${owner} renders ${id} too): give one of them another name`);
      }
      owners.set(key, c.name);
    }
  }
}

/**
 * Names Prometheus and Alertmanager key on are the cluster's, not a component's: two alerts of
 * one name would be routed, inhibited and silenced as one, two services of one job mix their
 * series. An extension reusing a stack name is refused, naming both constructs.
 */
function checkUniqueNames(app: App): void {
  const seen = (kind: string) => {
    const owners = new Map<string, string>();
    return (name: string, path: string, field: string) => {
      const first = owners.get(name);
      if (first !== undefined) throw new StackValidationError(path, field, name, `${kind} no other construct uses (${first} has it too)`);
      owners.set(name, path);
    };
  };
  // Jobs first: a service's alerts are named after its job, so the job is the cause to report.
  const job = seen('a job name');
  for (const s of ObservedService.all(app)) job(s.job, s.node.path, 'name');
  // The same alert at two severities (warning, then critical) is one alert escalating.
  const alert = seen('an alert name and severity');
  for (const g of AlertRuleGroup.all(app)) g.alerts.forEach((a) => alert(`${a.alert} (${a.severity})`, g.node.path, 'alert'));
  checkOneConstructPerObject(app);
}

/**
 * Two constructs that render one Kubernetes object (an ObservedService's alerts and an
 * AlertRuleGroup of the same name: both a PrometheusRule named after it) would overwrite each
 * other in the cluster. Refused naming both constructs, as the user created them.
 */
function checkOneConstructPerObject(app: App): void {
  const owners = new Map<string, IConstruct>();
  for (const c of app.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const chart = c.node.scopes.slice().reverse().find((s): s is Chart => Chart.isChart(s));
    const namespace = c.metadata.namespace ?? chart?.namespace ?? '';
    const key = `${c.apiVersion} ${c.kind} ${namespace}/${c.name}`;
    const first = owners.get(key);
    if (first !== undefined) {
      const what = (x: IConstruct) => { const top = createdBy(x); return `${top.node.path} (${top.constructor.name})`; };
      throw new StackValidationError(createdBy(c), 'name', c.name,
        `a name no other construct renders: ${what(first)} renders ${c.kind} ${namespace ? `${namespace}/` : ''}${c.name} too; rename one of them`);
    }
    owners.set(key, c);
  }
}

/** The construct the user created that made `c`: its ancestor just under its Component. */
function createdBy(c: IConstruct): IConstruct {
  const scopes = c.node.scopes;
  const chart = scopes.map((s) => Chart.isChart(s)).lastIndexOf(true);
  return chart >= 0 && chart + 1 < scopes.length ? scopes[chart + 1] : c;
}
