// The cast kernels torch.autocast runs, as the time model plans them (src/time/block-cost.ts), against the kernels a
// 1.1B Llama step under autocast ran on an H200 (PyTorch 2.11: every aten op by input shape with its kernels' device
// time, test/fixtures/torch-cuda/h200-2026-11-30-ops-by-shape.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../root.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { BlockCostTable, TERM_LENGTH } from '../../src/time/block-cost.js';
import { costSettingOf } from '../../src/time/step-time.js';
import { torchRuntimeProfile } from '../../src/validate/torch/profile.js';
import { caseGraph, torchSuiteCases } from '../../src/validate/torch/suite.js';
import { KERNEL } from '../../src/time/kernel-rates.js';

interface Op {
  name: string;
  inputShapes: unknown[];
  calls: number;
}
const measured = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'torch-cuda', 'h200-2026-11-30-ops-by-shape.json'), 'utf8')) as {
  results: { name: string; measured: { kernels: { ops: Op[] } } }[];
};

describe('autocast cast kernels of a 1.1B Llama step', () => {
  const c = torchSuiteCases('gpu', 'cuda').find((x) => x.name === 'llama-1.1b/e2e-amp-bf16-fused-adamw')!;
  const graph = caseGraph(c);
  const profile = torchRuntimeProfile('2.11', c.model.spec, 'cuda');
  const table = new BlockCostTable(graph.blocks, costSettingOf({ graph, policy: 'none', profile, precision: precisionPolicy('amp-bf16'), attention: 'flash' }));
  /** the planned cast terms (no FLOPs, the `other` kernel) of every block training: [fixed bytes, bytes per sample, kernels] */
  const casts = graph.blocks.flatMap((_, i) => {
    const cost = table.get(i, 'train', i > 0);
    const out: [number, number, number][] = [];
    for (const terms of [cost.forwardTerms, cost.backwardTerms]) {
      for (let k = 0; k < terms.length; k += TERM_LENGTH) {
        if (terms[k] === 0 && terms[k + 3] === KERNEL.other && terms[k + 4] === 0) out.push([terms[k + 1]!, terms[k + 2]!, terms[k + 7]!]);
      }
    }
    return out;
  });

  it('casts each linear layer’s weight to bf16 in forward and its gradient back in backward: as many kernels, and bytes, as ran', () => {
    const planned = casts.filter(([fixed, perSample]) => fixed > 0 && perSample === 0);
    // the copy_ kernels of weight shapes the step ran (q and o, k and v, gate and up, down, the LM head)
    const ops = measured.results.find((r) => r.name === c.name)!.measured.kernels.ops;
    const weightShapes = [
      '[[2048,2048],[2048,2048],[]]',
      '[[256,2048],[256,2048],[]]',
      '[[5632,2048],[5632,2048],[]]',
      '[[2048,5632],[2048,5632],[]]',
      '[[32000,2048],[32000,2048],[]]',
    ];
    const ran = ops.filter((o) => o.name === 'aten::copy_' && weightShapes.includes(JSON.stringify(o.inputShapes)));
    const elements = (o: Op) => (o.inputShapes[0] as number[]).reduce((a, b) => a * b, 1);
    expect(planned.reduce((n, t) => n + t[2], 0)).toBe(ran.reduce((n, o) => n + o.calls, 0));
    // each reads fp32 and writes bf16 (or the reverse): 6 bytes per element
    expect(planned.reduce((b, t) => b + t[0], 0)).toBe(ran.reduce((b, o) => b + o.calls * elements(o) * 6, 0));
  });
});
