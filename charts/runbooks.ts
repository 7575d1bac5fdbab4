import { UPSTREAM_RUNBOOK_PAGES, UPSTREAM_RUNBOOKS_BASE, UPSTREAM_RUNBOOKS_COMMIT, UpstreamRunbookGroup } from './upstream-runbooks';

/**
 * The public runbook page of an alert that keeps its kube-prometheus name (or means what a page
 * of another name covers), e.g. `runbook('kubernetes', 'KubePodCrashLooping')`: responders who
 * know those runbooks find them. The page must exist at the pinned commit of the runbooks
 * repository; alerts without one get the stack's own runbook in `docs/runbooks/`.
 */
export function runbook(group: UpstreamRunbookGroup, page: string): string {
  if (!(UPSTREAM_RUNBOOK_PAGES[group] as readonly string[]).includes(page)) {
    throw new Error(`runbook('${group}', '${page}'): prometheus-operator/runbooks at ${UPSTREAM_RUNBOOKS_COMMIT.slice(0, 12)} has no page ${group}/${page}.md; `
      + `link one of ${UPSTREAM_RUNBOOK_PAGES[group].join(', ')}, or leave runbookUrl unset for the stack's own runbook`);
  }
  return `${UPSTREAM_RUNBOOKS_BASE}/${group}/${page.toLowerCase()}`;
}
