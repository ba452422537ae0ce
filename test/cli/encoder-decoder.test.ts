// T5 from the command line: compare plans every strategy (the brief's `segplan compare t5-base --gpu a100-40gb`),
// --target-len sets the decoder's tokens, inspect lists the encoder blocks before the decoder blocks.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';
import { errorsOf, validatePlan } from './schema.js';

describe('segplan on T5', () => {
  it('compare t5-base --gpu a100-40gb plans E2E, FSDP + offload and SegProp, each schema-valid', async () => {
    const r = await segplan(['compare', 't5-base', '--gpu', 'a100-40gb', '--json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ strategy: string; fits: boolean; maxMicroBatch: number }>;
    expect(results.map((x) => x.strategy)).toEqual(['e2e', 'fsdp-offload', 'segprop']);
    for (const x of results) {
      expect(validatePlan(x), errorsOf(validatePlan)).toBe(true);
      expect(x.fits).toBe(true);
      expect(x.maxMicroBatch).toBeGreaterThan(0);
    }
  });

  it('--target-len sets the decoder tokens: the sample description says both, throughput counts both', async () => {
    const r = await segplan(['plan', 't5-small', '--gpu', 'a100-40gb', '--strategy', 'e2e', '--seq-len', '512', '--target-len', '128', '--json']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as {
      model: { tokensPerSample: number };
      settings: { targetLen: number };
      throughput: { samplesPerSecond: number; tokensPerSecond: number };
    };
    expect(x.model.tokensPerSample).toBe(640);
    expect(x.settings.targetLen).toBe(128);
    expect(x.throughput.tokensPerSecond).toBeCloseTo(640 * x.throughput.samplesPerSecond, 6);
    const table = await segplan(['plan', 't5-small', '--gpu', 'a100-40gb', '--strategy', 'e2e', '--seq-len', '512', '--target-len', '128']);
    expect(table.stdout).toMatch(/512 input \+ 128 target tokens per sample/);
  });

  it('a target length of 0 is refused naming the flag, exit 2', async () => {
    const r = await segplan(['plan', 't5-small', '--target-len', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--target-len/);
  });

  it('inspect t5-small: encoder blocks, then decoder blocks; the parameters add up to the published 60,506,624', async () => {
    const r = await segplan(['inspect', 't5-small', '--seq-len', '256', '--json']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as { blocks: Array<{ name: string; params: number }>; totals: { params: number } };
    const names = x.blocks.map((b) => b.name);
    expect(names.indexOf('encoder.final_norm')).toBeLessThan(names.indexOf('decoder.embedding'));
    expect(x.totals.params).toBe(60_506_624);
  });
});
