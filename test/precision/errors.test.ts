// A recipe the job cannot run is one line naming the field and the reason, with exit status 2.
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from '../cli/run.js';

describe('recipes a job cannot run', () => {
  it('autocast on a runtime without it', async () => {
    const r = await segplan(['plan', 'gpt2', '--gpu', 'a100-80gb', '--gpus', '1', '--precision', 'amp-bf16', '--runtime', 'tfjs']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual(['segplan: error: --precision amp-bf16: is torch.autocast, which the tfjs runtime does not have']);
  });

  it('FSDP MixedPrecision with the trainable weights kept whole', async () => {
    const r = await segplan(['plan', 'gpt2', '--gpu', 'a100-80gb', '--gpus', '8', '--seq-len', '1024', '--strategy', 'e2e', '--precision', 'fsdp-bf16']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(stderrLines(r)[0]).toMatch(
      /^segplan: error: --precision fsdp-bf16: needs the trainable weights sharded or offloaded .* e2e on 8 GPU\(s\) keeps them whole/,
    );
  });
});
