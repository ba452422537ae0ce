// The built-in paper scenario: valid against docs/scenario.schema.json, and the flag defaults agree with it,
// so `segplan compare` with no flags plans exactly the scenario.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, segplan } from './run.js';
import { errorsOf, validateScenarioJson } from './schema.js';

const FILE = 'reports/scenarios/paper-llama-70b.json';

describe('built-in scenario', () => {
  const scenario = JSON.parse(readFileSync(join(ROOT, FILE), 'utf8'));

  it('is valid', () => {
    expect(validateScenarioJson(scenario), errorsOf(validateScenarioJson)).toBe(true);
    expect(scenario.cluster).toMatchObject({ gpu: 'a100-40gb', gpus: 8 });
    expect(scenario.strategies.map((s: { strategy: string }) => s.strategy)).toEqual(['e2e', 'fsdp-offload', 'segprop']);
  });

  it('compare with no flags plans the same as compare --scenario FILE', async () => {
    const plain = await segplan(['compare', '--json']);
    const fromFile = await segplan(['compare', '--scenario', FILE, '--json']);
    expect(plain.code).toBe(0);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual(JSON.parse(fromFile.stdout));
  });
});

describe('a scenario cluster with units', () => {
  it('reads hostMemory in bytes, as --host-mem does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-scenario-'));
    const file = join(dir, 'host.json');
    const cluster = { gpu: 'a100-40gb', gpus: 8, hostMemory: '512GiB', gpuMemory: '39GiB' };
    writeFileSync(file, JSON.stringify({ model: 'llama-2-7b', cluster, strategies: [{ strategy: 'fsdp-offload' }] }));
    const fromFile = await segplan(['compare', '--scenario', file, '--json']);
    const typed = await segplan([
      'compare',
      'llama-2-7b',
      '--gpu',
      'a100-40gb',
      '--gpus',
      '8',
      '--strategies',
      'fsdp-offload',
      '--host-mem',
      '512GiB',
      '--gpu-mem',
      '39GiB',
      '--json',
    ]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const [plan] = JSON.parse(fromFile.stdout);
    expect(plan.settings.hostMemoryBytes).toBe(512 * 2 ** 30);
    expect(plan.settings.gpuMemoryBytes).toBe(39 * 2 ** 30);
    expect(JSON.parse(fromFile.stdout)).toEqual(JSON.parse(typed.stdout));
  });
});

describe('an engine error about a value the scenario gave', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-scenario-'));
  const file = join(dir, 'bad.json');
  writeFileSync(
    file,
    JSON.stringify({
      model: 'llama-2-7b',
      cluster: { gpu: 'a100-40gb', gpus: 8 },
      settings: { seqLen: 2048 },
      strategies: [{ strategy: 'e2e' }, { strategy: 'segprop', segmentSize: 99, headDepth: 2, prefixDepth: 8 }],
    }),
  );

  it('names the file, the place of the value in it and the reason, not a flag the user never typed', async () => {
    const r = await segplan(['compare', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`segplan: error: ${file}: at /strategies/1/segmentSize 99: must be an integer from 1 to 22\n`);
  });

  it('names the flag when the flag replaced the value, and plans when the flag is right', async () => {
    const typed = await segplan(['compare', '--scenario', file, '--segment-size', '40']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toBe('segplan: error: --segment-size 40: must be an integer from 1 to 22\n');
    expect((await segplan(['compare', '--scenario', file, '--segment-size', '4'])).code).toBe(0);
  });
});
