// Downloads a hub model's config.json the way huggingface_hub's hf_hub_download does: a HEAD on
// <endpoint>/<repo>/resolve/<revision>/config.json for the commit (X-Repo-Commit) and the blob's ETag, then a
// GET only when the cache lacks that blob. Offline (HF_HUB_OFFLINE=1), or when the hub cannot be reached, the
// cache answers; a refusal by the hub (401/403/404) is never papered over with a cached copy.
import { existsSync } from 'node:fs';
import { EnvironmentError, UserError } from '../../src/errors.js';
import { blobPath, cachedConfig, CONFIG_FILE, storeConfig } from './hub-cache.js';
import { isCommitHash, type HubId } from './hub-id.js';
import type { HubEnv } from './hf-env.js';

/** config.json files are a few KiB; anything far larger is not one. */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface HubConfig {
  /** the config.json in the cache's snapshot folder */
  path: string;
  commit: string;
}

function label(id: HubId): string {
  return id.revision === 'main' ? id.repo : `${id.repo}@${id.revision}`;
}

/** The hub's refusals as one line; X-Error-Code (RepoNotFound, GatedRepo, ...) says which, as huggingface_hub reads it. */
function refusal(id: HubId, status: number, errorCode: string | null, hasToken: boolean): UserError {
  const what = `Hugging Face hub: ${label(id)}`;
  const tokenHint = hasToken ? 'the token (HF_TOKEN or $HF_HOME/token) has no access' : 'set HF_TOKEN or run `huggingface-cli login` if you have access';
  if (errorCode === 'RepoNotFound') return new UserError(`${what}: no such model, or a private one (${status}); ${tokenHint}`);
  if (errorCode === 'GatedRepo' || status === 401 || status === 403) {
    const why =
      errorCode === 'GatedRepo' ? 'the model is gated: accept its license on the hub' : status === 401 ? 'the hub wants a valid token' : 'access denied';
    return new UserError(`${what}: ${why} (${status}); ${tokenHint}`);
  }
  if (status === 404) {
    const reason = errorCode === 'RevisionNotFound' ? `no revision "${id.revision}"` : `no ${CONFIG_FILE} in the repository`;
    return new UserError(`${what}: ${reason} (404)`);
  }
  return new UserError(`${what}: the hub answered ${status} for ${CONFIG_FILE}`);
}

/** huggingface_hub's _normalize_etag: drop a weak marker and the quotes. */
function normalizeEtag(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  const etag = raw.replace(/^W\//, '').replace(/^"|"$/g, '');
  return /^[A-Za-z0-9._-]+$/.test(etag) ? etag : undefined;
}

class NoNetwork extends Error {}

async function request(url: string, method: 'HEAD' | 'GET', env: HubEnv): Promise<Response> {
  // the token goes to the hub only, never to a storage host it redirects to
  const toHub = new URL(url).origin === new URL(env.endpoint).origin;
  try {
    return await fetch(url, {
      method,
      redirect: 'manual',
      headers: { 'user-agent': 'segplan', 'accept-encoding': 'identity', ...(env.token && toHub ? { authorization: `Bearer ${env.token}` } : {}) },
      signal: AbortSignal.timeout(env.timeoutSeconds * 1000),
    });
  } catch (e) {
    const inner = (e as { cause?: { code?: string; message?: string } }).cause;
    const cause = inner?.code ?? inner?.message ?? (e as Error).message;
    throw new NoNetwork(`cannot reach ${new URL(url).origin} (${cause})`);
  }
}

/** HEAD, following the hub's relative redirects (renamed repos) but not a redirect to another host. */
async function head(url: string, env: HubEnv): Promise<{ response: Response; url: string }> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await request(current, 'HEAD', env);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return { response, url: current };
    const next = new URL(location, current);
    if (next.origin !== new URL(current).origin) return { response, url: next.href };
    current = next.href;
  }
  throw new UserError(`Hugging Face hub: too many redirects for ${url}`);
}

async function download(url: string, env: HubEnv, id: HubId): Promise<Uint8Array> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await request(current, 'GET', env);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      current = new URL(location, current).href;
      continue;
    }
    if (!response.ok) throw refusal(id, response.status, response.headers.get('x-error-code'), env.token !== undefined);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_CONFIG_BYTES)
      throw new UserError(`Hugging Face hub: ${label(id)}: ${CONFIG_FILE} is ${bytes.length} bytes, more than a config can be`);
    return bytes;
  }
  throw new UserError(`Hugging Face hub: too many redirects for ${url}`);
}

function fromCache(env: HubEnv, id: HubId, why: string, offline: boolean): HubConfig {
  const hit = cachedConfig(env.cacheDir, id);
  if (hit) return hit;
  const message = `Hugging Face hub: ${label(id)}: ${why}, and ${CONFIG_FILE} is not in the cache ${env.cacheDir}`;
  // offline by the user's choice is bad input (exit 2); a network that fails is the machine's (exit 1)
  throw offline ? new UserError(message) : new EnvironmentError(message);
}

/** Writes into the cache; a cache folder that cannot be written is the machine's failure, in one line. */
function store(env: HubEnv, id: HubId, commit: string, etag: string, bytes: Uint8Array | undefined): string {
  try {
    return storeConfig(env.cacheDir, id, commit, etag, bytes);
  } catch (e) {
    throw new EnvironmentError(`cannot write the Hugging Face cache ${env.cacheDir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export async function fetchHubConfig(id: HubId, env: HubEnv): Promise<HubConfig> {
  if (env.offline) return fromCache(env, id, 'offline (HF_HUB_OFFLINE is set)', true);
  const url = `${env.endpoint}/${id.repo}/resolve/${encodeURIComponent(id.revision)}/${CONFIG_FILE}`;
  try {
    const { response, url: fileUrl } = await head(url, env);
    // a server error is an outage, as huggingface_hub treats it: the cache may still answer
    if (response.status >= 500) throw new NoNetwork(`the hub answered ${response.status}`);
    if (response.status >= 400) throw refusal(id, response.status, response.headers.get('x-error-code'), env.token !== undefined);
    const commit = response.headers.get('x-repo-commit') ?? '';
    const etag = normalizeEtag(response.headers.get('x-linked-etag') ?? response.headers.get('etag'));
    if (!isCommitHash(commit) || etag === undefined) {
      throw new UserError(`Hugging Face hub: ${env.endpoint} did not name the commit and ETag of ${label(id)}'s ${CONFIG_FILE} (is HF_ENDPOINT a hub?)`);
    }
    const bytes = existsSync(blobPath(env.cacheDir, id.repo, etag)) ? undefined : await download(fileUrl, env, id);
    return { path: store(env, id, commit, etag, bytes), commit };
  } catch (e) {
    if (e instanceof NoNetwork) return fromCache(env, id, e.message, false);
    throw e;
  }
}
