// BAdam and LISA from the command line: compare's columns, their flags, and the flags' warnings elsewhere.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan } from '../cli/run.js';
import { errorsOf, validatePlan, validateScenarioJson } from '../cli/schema.js';

const stderrLines = (r: { stderr: string }) => r.stderr.split('\n').filter((l) => l !== '');

describe('BAdam and LISA on the command line', () => {
  it('compare --strategies e2e,segprop,badam,lisa: schema-valid results, each layout under its own strategy', async () => {
    const args = [
      'compare',
      'llama-2-7b',
      '--gpus',
      '1',
      '--gpu',
      'a100-80gb',
      '--strategies',
      'e2e,segprop,badam,lisa',
      '--badam-blocks',
      '8',
      '--lisa-layers',
      '4',
    ];
    const r = await segplan([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ strategy: string; stages: unknown[]; settings: Record<string, unknown> }>;
    expect(results.map((x) => x.strategy)).toEqual(['e2e', 'segprop', 'badam', 'lisa']);
    for (const x of results) expect(validatePlan(x), errorsOf(validatePlan)).toBe(true);
    expect(results[2]!.stages).toHaveLength(8);
    expect(results[2]!.settings.badam).toEqual({ blocks: 8, switchEvery: 50 });
    expect(results[3]!.settings.lisa).toEqual({ layers: 4, period: 20 });
    expect(results[0]!.settings.badam).toBeUndefined();
    const table = (await segplan(args)).stdout;
    expect(table).toMatch(/^badam \(D=8, switch every 50\)\s/m);
    expect(table).toMatch(/^lisa \(γ=4, period 20\)\s/m);
  });

  it("BAdam's and LISA's flags are named in a warning when no plan reads them", async () => {
    const r = await segplan(['plan', 'llama-2-7b', '--strategy', 'fsdp', '--badam-blocks', '4', '--lisa-period', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(stderrLines(r)).toEqual([
      'segplan: warning: --badam-blocks is ignored: it applies to BAdam only, and fsdp is planned',
      'segplan: warning: --lisa-period is ignored: it applies to LISA only, and fsdp is planned',
    ]);
    const quiet = await segplan(['plan', 'llama-2-7b', '--strategy', 'e2e', '--schedule', 'badam', '--badam-blocks', '4', '--json']);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).stages).toHaveLength(4);
  });

  it('a layout the model cannot have is a one-line error naming the flag, exit 2', async () => {
    const r = await segplan(['plan', 'llama-2-7b', '--strategy', 'badam', '--badam-blocks', '33']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual(['segplan: error: --badam-blocks 33: must be an integer from 1 to 32 (the model has 32 layers)']);
  });
});

describe('BAdam and LISA in a scenario file', () => {
  const scenario = {
    name: 'blockwise',
    model: 'llama-2-7b',
    cluster: { gpu: 'a100-80gb', gpus: 1 },
    settings: { seqLen: 1024, microBatch: 1 },
    strategies: [
      { strategy: 'badam', badamBlocks: 4, badamSwitchEvery: 100 },
      { strategy: 'lisa', lisaLayers: 8, lisaPeriod: 10 },
    ],
    sweep: { strategy: 'badam', vary: { 'badam-blocks': [2, 4] } },
  };

  it('is schema-valid; each strategy entry sets its own layout; a sweep varies the number of blocks', async () => {
    expect(validateScenarioJson(scenario), errorsOf(validateScenarioJson)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'segplan-blockwise-')), 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const r = await segplan(['compare', '--scenario', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [badam, lisa] = JSON.parse(r.stdout) as Array<{ stages: unknown[]; schedule: { stepsPerStage: number } }>;
    expect([badam!.stages.length, badam!.schedule.stepsPerStage]).toEqual([4, 100]);
    expect([lisa!.stages.length, lisa!.schedule.stepsPerStage]).toEqual([4, 10]);
    const sweep = await segplan(['sweep', '--scenario', file, '--json']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const points = JSON.parse(sweep.stdout) as Array<{ vary: Record<string, number>; result: { stages: unknown[] } }>;
    expect(points.map((p) => [p.vary['badam-blocks'], p.result.stages.length])).toEqual([
      [2, 2],
      [4, 4],
    ]);
  });
});
