// A stand-in for the Hugging Face hub on 127.0.0.1: `/<org>/<name>/resolve/<revision>/config.json` answers as the
// hub does (X-Repo-Commit, ETag = the git blob sha1 of the file, X-Error-Code on refusals). Gated repos want
// `Bearer <token>`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRepo {
  file: string;
  /** revision name (branch or tag) -> commit hash */
  revisions: Record<string, string>;
  gatedToken?: string;
  /** serve the file from this other origin, as the hub redirects LFS files to its storage (302, X-Linked-Etag) */
  storage?: string;
}

export interface TestHub {
  endpoint: string;
  /** "METHOD path" of every request, in order */
  requests: string[];
  close(): Promise<void>;
}

export function gitBlobSha1(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function startHub(repos: Record<string, HubRepo>): Promise<TestHub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${String(req.method)} ${String(req.url)}`);
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/([^/]+)$/.exec(req.url ?? '');
    const refuse = (status: number, code: string) => {
      res.writeHead(status, { 'x-error-code': code }).end();
    };
    if (!m) return refuse(404, 'RepoNotFound');
    const repo = repos[m[1]!];
    if (!repo) return refuse(401, 'RepoNotFound'); // the hub answers 401 for unknown repos to anonymous users
    if (repo.gatedToken !== undefined) {
      const auth = req.headers.authorization;
      if (auth === undefined) return refuse(401, 'GatedRepo');
      if (auth !== `Bearer ${repo.gatedToken}`) return refuse(403, 'GatedRepo');
    }
    const revision = decodeURIComponent(m[2]!);
    const commit = repo.revisions[revision] ?? (Object.values(repo.revisions).includes(revision) ? revision : undefined);
    if (commit === undefined) return refuse(404, 'RevisionNotFound');
    if (m[3] !== 'config.json') return refuse(404, 'EntryNotFound');
    const body = readFileSync(repo.file);
    if (repo.storage !== undefined) {
      const etag = `"${gitBlobSha1(body)}"`;
      res.writeHead(302, { location: `${repo.storage}/${m[1]!}/${m[3]}`, 'x-repo-commit': commit, 'x-linked-etag': etag }).end();
      return;
    }
    res.writeHead(200, { 'x-repo-commit': commit, etag: `"${gitBlobSha1(body)}"`, 'content-length': body.length, 'content-type': 'application/json' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
