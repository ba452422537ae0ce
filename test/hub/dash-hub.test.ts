// segplan dash takes a hub id as its model the way plan does: the stand-in hub serves config.json, the
// dashboard's first state lists the model by its id, and its plans count the published parameters.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.js';
import { command, start } from '../../cli/commands/dash.js';
import { derive } from '../../src/dash/derive.js';
import { ROOT } from '../cli/run.js';
import { startHub, type TestHub } from './hub-server.js';

const MISTRAL = join(ROOT, 'test', 'fixtures', 'hf-configs', 'mistral-7b-v0.1.json');
// published parameter count (test/fixtures/hf-configs/SOURCES.md)
const MISTRAL_PARAMS = 7_241_732_096;

let hub: TestHub;
let home: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  hub = await startHub({ 'mistralai/Mistral-7B-v0.1': { file: MISTRAL, revisions: { main: '26bca36bde8333b5d7f72e9ed20ccda6a618af24' } } });
  home = mkdtempSync(join(tmpdir(), 'segplan-hf-dash-'));
  for (const [k, v] of Object.entries({ HF_ENDPOINT: hub.endpoint, HF_HOME: home, HF_TOKEN: '' })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await hub.close();
  rmSync(home, { recursive: true, force: true });
});

describe('segplan dash with a hub id', () => {
  it('reads the model from the hub and plans it with its published parameter count', async () => {
    const { state, sources } = await start(parseArgs(command.spec, ['mistralai/Mistral-7B-v0.1', '--gpu', 'a100-80gb', '--gpus', '4', '--tokens', '1B']));
    const s = state.settings;
    expect(s.models[s.model]).toBe('mistralai/Mistral-7B-v0.1');
    expect(s.budget).toEqual({ tokens: 1e9 });
    const d = derive(s, state.strategies, sources);
    expect(d.problem).toBeNull();
    const planned = d.outcomes.find((o) => o.result !== null)!.result!;
    expect(planned.model.params.total).toBe(MISTRAL_PARAMS);
    expect(planned.training?.tokens).toBeGreaterThanOrEqual(1e9);
    expect(hub.requests).toContain('GET /mistralai/Mistral-7B-v0.1/resolve/main/config.json');
  });

  it("refuses an unknown hub id with the hub's one-line error", async () => {
    await expect(start(parseArgs(command.spec, ['nobody/no-such-model']))).rejects.toThrow(/Hugging Face hub: nobody\/no-such-model/);
  });
});
