// A model spec from a Hugging Face hub id: fetch (or find in the cache) its config.json and import it.
import { readFileSync } from 'node:fs';
import type { LoadedModel } from '../../src/model/load.js';
import { fetchHubConfig } from './fetch-config.js';
import { hubEnv } from './hf-env.js';
import type { HubId } from './hub-id.js';

/** `file` is the label errors and warnings use: the repository and the commit, not the cache's path. */
export async function loadHubModel(id: HubId): Promise<LoadedModel> {
  const { path, commit } = await fetchHubConfig(id, hubEnv());
  const [{ parseJson }, { importHfConfig }] = await Promise.all([import('../../src/model/read-json.js'), import('../../src/model/hf/index.js')]);
  const file = `${id.repo}@${commit.slice(0, 12)}/config.json`;
  const defaulted: string[] = [];
  const spec = importHfConfig(parseJson(readFileSync(path, 'utf8'), file), file, defaulted, `Hugging Face hub ${id.repo} at commit ${commit}`);
  return { spec: { ...spec, name: id.repo.split('/')[1]! }, file, ...(defaulted.length > 0 ? { defaulted } : {}) };
}
