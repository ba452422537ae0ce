// The built-in paper scenario: valid against docs/scenario.schema.json, and the flag defaults agree with it,
// so `segplan compare` with no flags plans exactly the scenario.
import { readFileSync } from 'node:fs';
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
