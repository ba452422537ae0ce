// The environment huggingface_hub reads (huggingface_hub/constants.py), so a cache and a token the user
// already has are found where that library put them.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HubEnv {
  endpoint: string;
  /** $HF_HUB_CACHE, else $HF_HOME/hub */
  cacheDir: string;
  token?: string;
  offline: boolean;
  /** seconds to wait for the hub before falling back to the cache */
  timeoutSeconds: number;
}

const TRUE_WORDS = new Set(['1', 'on', 'yes', 'true']);

function flag(value: string | undefined): boolean {
  return value !== undefined && TRUE_WORDS.has(value.trim().toLowerCase());
}

export function hubEnv(env: NodeJS.ProcessEnv = process.env): HubEnv {
  const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const home = env.HF_HOME || join(xdg, 'huggingface');
  const cacheDir = env.HF_HUB_CACHE || join(home, 'hub');
  const endpoint = (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  let token = env.HF_TOKEN?.trim() || undefined;
  if (token === undefined) {
    const file = env.HF_TOKEN_PATH || join(home, 'token');
    if (existsSync(file)) token = readFileSync(file, 'utf8').trim() || undefined;
  }
  const timeout = Number(env.HF_HUB_ETAG_TIMEOUT);
  return {
    endpoint,
    cacheDir,
    ...(token !== undefined ? { token } : {}),
    offline: flag(env.HF_HUB_OFFLINE),
    timeoutSeconds: timeout > 0 ? timeout : 10,
  };
}
