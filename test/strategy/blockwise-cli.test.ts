// BAdam and LISA from the command line: compare's columns, their flags, and the flags' warnings elsewhere.
import { describe, expect, it } from 'vitest';
import { segplan } from '../cli/run.js';
import { errorsOf, validatePlan } from '../cli/schema.js';

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
