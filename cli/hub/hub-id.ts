// A Hugging Face model id as users type it: `org/name`, optionally `@revision` (a branch, tag or commit).
// The name rules are huggingface_hub's validate_repo_id: letters, digits, '-', '_', '.', no '--' or '..'.

export interface HubId {
  /** "org/name" */
  repo: string;
  /** branch, tag or commit; "main" when not given */
  revision: string;
}

const PART = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const HUB_ID = new RegExp(`^(${PART}/${PART})(?:@([^\\s@]+))?$`);

/** The hub id `ref` names, or undefined when it cannot be one (then it is a path or a catalog name). */
export function parseHubId(ref: string): HubId | undefined {
  const m = HUB_ID.exec(ref);
  if (!m) return undefined;
  const repo = m[1]!;
  if (repo.includes('--') || repo.includes('..') || /\.json$/i.test(repo)) return undefined;
  const revision = m[2] ?? 'main';
  // a revision becomes a path under refs/ in the cache: branch-name characters only, never '..'
  if (!/^[A-Za-z0-9._/-]+$/.test(revision) || revision.split('/').some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return { repo, revision };
}

/** How the hub's URLs and the cache name a repo: `models--org--name`. */
export function cacheFolderName(repo: string): string {
  return `models--${repo.split('/').join('--')}`;
}

/** A full commit hash, which needs no ref lookup. */
export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}
