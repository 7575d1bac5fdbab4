import { DocumentInput } from '../documents';
import { requiredSecrets } from './secrets-md';

/**
 * Argo CD's health check of `argoproj.io/Application`, which sync waves between Applications
 * need. It lives in argocd-cm (`resource.customizations.health.<group>_<kind>`), the ConfigMap
 * the Argo CD installation owns, so it is a patch to apply rather than an object to sync: an
 * Application owning argocd-cm would fight the installation over it. Since Argo CD 3.4 an
 * Application whose resources failed to apply can still report Healthy, so this also waits for
 * the child to be synced and its last sync to have succeeded.
 */
export const APPLICATION_HEALTH_LUA = `hs = { status = "Progressing", message = "" }
if obj.status ~= nil and obj.status.health ~= nil then
  local op = obj.status.operationState
  local synced = obj.status.sync ~= nil and obj.status.sync.status == "Synced"
  if op ~= nil and (op.phase == "Failed" or op.phase == "Error") then
    hs.status = "Degraded"
    hs.message = op.message or "sync failed"
  elseif obj.status.health.status == "Degraded" then
    hs.status = "Degraded"
    hs.message = obj.status.health.message or ""
  elseif obj.status.health.status == "Healthy" and synced and (op == nil or op.phase == "Succeeded") then
    hs.status = "Healthy"
  end
end
return hs`;

/**
 * The "Deploy" section of `dist/<cluster>/README.md`: from an empty cluster with Argo CD or
 * Flux installed to a synced stack, in order, with the exact commands for this cluster.
 */
export function deploySection(input: DocumentInput): string[] {
  const { ctx, components } = input;
  const g = ctx.gitops;
  const dir = `${g.distPath}/${ctx.name}`;
  const secrets = requiredSecrets(input);
  const namespaces = [...new Set(secrets.map((s) => s.namespace))].sort();
  const hasNamespaces = components.some((c) => c.name === 'namespaces');
  const steps = (tool: 'argocd' | 'flux'): string[] => {
    const lines: string[] = [];
    let n = 0;
    const step = (text: string, ...block: string[]) => {
      lines.push(`${++n}. ${text}`);
      if (block.length) lines.push('', '   ```sh', ...block.map((b) => `   ${b}`), '   ```');
      lines.push('');
    };
    step(tool === 'argocd'
      ? `Install Argo CD in the \`${g.argocdNamespace}\` namespace (its own instructions), then run the steps below from the repository's root, with \`kubectl\` pointed at the cluster.`
      : `Install Flux in the \`${g.fluxNamespace}\` namespace (\`flux install\`), then run the steps below from the repository's root, with \`kubectl\` pointed at the cluster.`);
    if (hasNamespaces) {
      step("Create the stack's namespaces, so the Secrets have somewhere to go (the `namespaces` unit takes them over on its first sync):",
        `kubectl apply --server-side -k ${dir}/namespaces`);
    }
    if (secrets.length > 0) {
      step(`Create the ${secrets.length} Secrets in [SECRETS.md](SECRETS.md) (in ${namespaces.map((ns) => `\`${ns}\``).join(', ')}): the components that read them wait for them. A sealed or encrypted Secret can live in git in its component's \`local/\` folder (below), which synth keeps and lists.`);
    }
    if (tool === 'argocd') {
      step("Give Argo CD the health check of Applications that sync waves need (a patch to the installation's `argocd-cm`; it keeps the other keys):",
        `kubectl -n ${g.argocdNamespace} patch configmap argocd-cm --type merge --patch-file /dev/stdin <<'EOF'`,
        'data:',
        '  resource.customizations.health.argoproj.io_Application: |',
        ...APPLICATION_HEALTH_LUA.split('\n').map((l) => `    ${l}`),
        'EOF');
      if (g.secretName !== undefined) {
        step('The repository is private (`gitops.secretName`): give Argo CD its credentials, a Secret it finds by the label `argocd.argoproj.io/secret-type: repository`, e.g.:',
          `argocd repo add ${g.repoURL} --username ... --password ...`);
      }
      step('Apply the root Application; it creates one Application per component, in sync waves:',
        `kubectl apply -n ${g.argocdNamespace} -f ${dir}/argocd/application-${ctx.name}.yaml`);
      step('Watch them sync:', `kubectl -n ${g.argocdNamespace} get applications -l observability-stack/cluster=${ctx.name}`);
    } else {
      if (g.secretName !== undefined) {
        step(`Create the repository's credentials as \`${g.fluxNamespace}/${g.secretName}\` (the GitRepository's \`secretRef\`), e.g. for https:`,
          `flux create secret git ${g.secretName} -n ${g.fluxNamespace} --url=${g.repoURL} --username=... --password=...`);
      } else {
        lines.push('   (A private repository needs `gitops.secretName` in the cluster\'s config: the GitRepository then reads its credentials from that Secret.)', '');
      }
      step('Apply the GitRepository and the root Kustomization; it creates one Kustomization per component, ordered with `dependsOn`:',
        `kubectl apply -f ${dir}/flux/gitrepository-${ctx.name}.yaml -f ${dir}/flux/kustomization-${ctx.name}.yaml`);
      step('Watch them sync:', `flux get kustomizations -n ${g.fluxNamespace}`);
    }
    return lines;
  };
  return [
    '', '## Deploy', '',
    'Use Argo CD or Flux, not both. Either way the order is: namespaces, Secrets, then the root object that applies the rest.',
    '', '### Argo CD', '', ...steps('argocd'),
    '### Flux', '', ...steps('flux'),
    "### Your own manifests",
    '',
    "Files you put in a component's `local/` folder (`" + `${dir}/<component>/local/*.yaml` + "`: sealed secrets, extra objects) are yours: synth keeps them and lists them in that folder's `kustomization.yaml`, so they sync with the component.",
  ];
}
