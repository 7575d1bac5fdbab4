import { check } from './errors';

/**
 * `gitops.targetRevision` as Flux's GitRepository `ref` needs it: Argo CD takes one string for
 * a branch, a tag or a commit, Flux a field per kind (source-controller's GitRepositoryRef:
 * `branch`, `tag`, `semver`, `name`, `commit`). The kind is read from the string:
 * - 40 (SHA-1) or 64 (SHA-256) hex digits: a commit;
 * - `refs/heads/X` a branch, `refs/tags/X` a tag, any other `refs/...` a ref name;
 * - a version such as `v1.2.0` or `1.2.0-rc.1`: a tag;
 * - a semver range such as `>=1.2.0 <2.0.0`, `~1.2`, `^1.2.0`, `1.2.x`: a semver range of tags
 *   (Flux takes the newest tag in it; Argo CD resolves such ranges for Helm only);
 * - anything else a branch, checked as git checks a ref name.
 */
export type RevisionRef = { readonly branch: string } | { readonly tag: string } | { readonly semver: string } | { readonly name: string } | { readonly commit: string };

const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** A range: an operator first, a hyphen range, alternatives, or a partial or wildcard version (`1.2`, `1.x`). */
const RANGE = /^(?:[<>=~^!]|\*$)|\s-\s|\|\||^v?\d+(?:\.(?:\d+|[xX*])){0,2}$/;
const RANGE_CHARACTERS = /^[0-9A-Za-z.<>=~^!|*,\s+-]+$/;

/** Whether `name` is a ref name git accepts (git check-ref-format, with one component allowed). */
export function isGitRefName(name: string): boolean {
  return name.length > 0 && !/[\x00-\x20\x7f~^:?*[\\]/.test(name) && !name.includes('..') && !name.includes('@{') && name !== '@'
    && !name.startsWith('/') && !name.endsWith('/') && !name.endsWith('.') && !name.includes('//')
    && name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

/** The Flux ref for `revision`. @throws naming `gitops.targetRevision` when git would refuse it */
export function revisionRef(where: string, revision: string): RevisionRef {
  const field = 'gitops.targetRevision';
  const expected = 'a branch ("main"), a tag ("v1.2.0"), a semver range of tags (">=1.2.0 <2.0.0", "~1.2"), a commit (40 hex digits) or a ref ("refs/heads/main")';
  check(typeof revision === 'string' && revision.trim() === revision && revision !== '' && revision !== 'HEAD', where, field, revision, expected);
  if (COMMIT.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) {
    check(isGitRefName(revision), where, field, revision, expected);
    const [, kind, rest] = /^refs\/(heads|tags)\/(.+)$/.exec(revision) ?? [];
    return kind === 'heads' ? { branch: rest } : kind === 'tags' ? { tag: rest } : { name: revision };
  }
  if (VERSION.test(revision)) return { tag: revision };
  if (RANGE_CHARACTERS.test(revision) && RANGE.test(revision)) return { semver: revision };
  check(isGitRefName(revision), where, field, revision, expected);
  return { branch: revision };
}
