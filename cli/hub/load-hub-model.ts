// A model spec from a Hugging Face hub id: fetch (or find in the cache) its config.json and import it.
import { readFileSync } from 'node:fs';
import type { ModelSpec } from '../../src/spec/types.js';
import { fetchHubConfig } from './fetch-config.js';
import { hubEnv } from './hf-env.js';
import type { HubId } from './hub-id.js';

export async function loadHubModel(id: HubId): Promise<ModelSpec> {
  const { path, commit } = await fetchHubConfig(id, hubEnv());
  const [{ parseJson }, { importHfConfig }] = await Promise.all([import('../../src/spec/read-json.js'), import('../../src/spec/hf/index.js')]);
  // errors name the repo and the commit, not the cache's snapshot path
  const label = `${id.repo}@${commit.slice(0, 12)}/config.json`;
  const spec = importHfConfig(parseJson(readFileSync(path, 'utf8'), label), label, `Hugging Face hub ${id.repo} at commit ${commit}`);
  return { ...spec, name: id.repo.split('/')[1]! };
}
