// LoRA and QLoRA through the command line: compare's columns, the flags, the JSON schema and bad input.
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from '../cli/run.js';
import { errorsOf, validatePlan } from '../cli/schema.js';

describe('segplan with adapters', () => {
  it('compare --strategies e2e,lora,qlora: schema-valid plans, the adapters train far fewer parameters', async () => {
    const r = await segplan(['compare', 'llama-2-7b', '--strategies', 'e2e,lora,qlora', '--gpus', '1', '--gpu', 'a100-80gb', '--lora-rank', '16', '--json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ strategy: string; model: { params: { trainable: number } }; settings: { adapter: string; lora?: object } }>;
    expect(results.map((x) => [x.strategy, x.settings.adapter])).toEqual([
      ['e2e', 'none'],
      ['lora', 'lora'],
      ['qlora', 'qlora'],
    ]);
    for (const x of results) expect(validatePlan(x), errorsOf(validatePlan)).toBe(true);
    // r = 16 on q_proj, v_proj of 32 layers of width 4096
    expect(results[1]!.model.params.trainable).toBe(32 * 2 * 16 * (4096 + 4096));
    expect(results[1]!.settings.lora).toEqual({ rank: 16, targets: 'q_proj,v_proj' });
    expect(results[0]!.settings.lora).toBeUndefined();
  });

  it('an unknown target is one line naming the field, exit code 2', async () => {
    const r = await segplan(['plan', 'llama-2-7b', '--strategy', 'lora', '--lora-targets', 'c_attn']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/lora.targets|lora-targets/);
    expect(r.stderr).toMatch(/unknown module "c_attn"/);
  });
});
