// huggingface_hub's cache layout, so files it downloaded are reused and files we download are its files:
//   <cache>/models--org--name/refs/<revision>            the commit a branch or tag pointed to (text)
//   <cache>/models--org--name/blobs/<etag>               the file's bytes
//   <cache>/models--org--name/snapshots/<commit>/<file>  a relative symlink to ../../blobs/<etag>
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cacheFolderName, isCommitHash, type HubId } from './hub-id.js';

export const CONFIG_FILE = 'config.json';

function repoDir(cacheDir: string, repo: string): string {
  return join(cacheDir, cacheFolderName(repo));
}

/** The commit `revision` names in the cache: itself when it is a commit hash, else what refs/<revision> says. */
export function cachedCommit(cacheDir: string, id: HubId): string | undefined {
  if (isCommitHash(id.revision)) return id.revision;
  const ref = join(repoDir(cacheDir, id.repo), 'refs', id.revision);
  if (!existsSync(ref)) return undefined;
  const commit = readFileSync(ref, 'utf8').trim();
  return isCommitHash(commit) ? commit : undefined;
}

/** The cached config.json of `id`, or undefined when the cache does not have it. */
export function cachedConfig(cacheDir: string, id: HubId): { path: string; commit: string } | undefined {
  const commit = cachedCommit(cacheDir, id);
  if (commit === undefined) return undefined;
  const path = join(repoDir(cacheDir, id.repo), 'snapshots', commit, CONFIG_FILE);
  return existsSync(path) ? { path, commit } : undefined;
}

export function blobPath(cacheDir: string, repo: string, etag: string): string {
  return join(repoDir(cacheDir, repo), 'blobs', etag);
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.incomplete`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Records a downloaded (or already present) blob as `id`'s config.json at `commit`: the blob, the snapshot link
 * and, for a branch or tag, the ref. Returns the snapshot path.
 */
export function storeConfig(cacheDir: string, id: HubId, commit: string, etag: string, bytes: Uint8Array | undefined): string {
  const blob = blobPath(cacheDir, id.repo, etag);
  if (bytes !== undefined) writeAtomic(blob, bytes);
  const snapshot = join(repoDir(cacheDir, id.repo), 'snapshots', commit, CONFIG_FILE);
  mkdirSync(dirname(snapshot), { recursive: true });
  rmSync(snapshot, { force: true }); // removes a stale link itself, never its target
  try {
    symlinkSync(relative(dirname(snapshot), blob), snapshot);
  } catch {
    // file systems without symlinks: huggingface_hub copies the blob into the snapshot too
    copyFileSync(blob, snapshot);
  }
  if (id.revision !== commit) writeAtomic(join(repoDir(cacheDir, id.repo), 'refs', id.revision), commit);
  return snapshot;
}
