// The cast kernels torch.autocast runs, as the time model plans them (src/time/block-cost.ts), against the kernels
// steps under autocast ran on an H200 (PyTorch 2.11: every aten op by input shape with its kernels' device time,
// test/fixtures/torch-cuda/h200-2026-11-30-ops-by-shape.json).
import { describe, expect, it } from 'vitest';
import { h200Measurement } from './h200-measurements.js';
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
const measured = JSON.parse(h200Measurement('ops-by-shape')) as {
  results: { name: string; measured: { kernels: { ops: Op[] } } }[];
};

/** The planned weight casts of every block of a gpu-suite case training under amp-bf16: kernels and bytes. */
function plannedWeightCasts(name: string): { kernels: number; bytes: number } {
  const c = torchSuiteCases('gpu', 'cuda').find((x) => x.name === name)!;
  const graph = caseGraph(c);
  const profile = torchRuntimeProfile('2.11', c.model.spec, 'cuda');
  const table = new BlockCostTable(graph.blocks, costSettingOf({ graph, policy: 'none', profile, precision: precisionPolicy('amp-bf16'), attention: 'flash' }));
  let kernels = 0;
  let bytes = 0;
  graph.blocks.forEach((_, i) => {
    const cost = table.get(i, 'train', i > 0);
    for (const terms of [cost.forwardTerms, cost.backwardTerms]) {
      for (let k = 0; k < terms.length; k += TERM_LENGTH) {
        // a cast term: no FLOPs, the `other` kernel; a weight's bytes are fixed, not per sample
        if (terms[k] === 0 && terms[k + 3] === KERNEL.other && terms[k + 4] === 0 && terms[k + 1]! > 0 && terms[k + 2] === 0) {
          kernels += terms[k + 7]!;
          bytes += terms[k + 1]!;
        }
      }
    }
  });
  return { kernels, bytes };
}

/** The copy_ kernels of the given shapes a measured case ran: kernels, and bytes at fp32 read + bf16 written. */
function ranCopies(name: string, shapes: number[][]): { kernels: number; bytes: number } {
  const ops = measured.results.find((r) => r.name === name)!.measured.kernels.ops;
  const wanted = new Set(shapes.map((s) => JSON.stringify([s, s, []])));
  const ran = ops.filter((o) => o.name === 'aten::copy_' && wanted.has(JSON.stringify(o.inputShapes)));
  const elements = (o: Op) => (o.inputShapes[0] as number[]).reduce((a, b) => a * b, 1);
  return { kernels: ran.reduce((n, o) => n + o.calls, 0), bytes: ran.reduce((b, o) => b + o.calls * elements(o) * 6, 0) };
}

describe('autocast casts of each linear layer’s weight (forward) and of its gradient (backward)', () => {
  it('1.1B Llama: as many kernels and bytes as ran (q and o, k and v, gate and up, down, the LM head)', () => {
    const ran = ranCopies('llama-1.1b/e2e-amp-bf16-fused-adamw', [
      [2048, 2048],
      [256, 2048],
      [5632, 2048],
      [2048, 5632],
      [32000, 2048],
    ]);
    expect(ran.kernels).toBe(310);
    expect(plannedWeightCasts('llama-1.1b/e2e-amp-bf16-fused-adamw')).toEqual(ran);
  });

  it('GPT-2 medium: its biases are cast by kernels of their own, its tied LM head casts the embedding table', () => {
    const ran = ranCopies('gpt2-medium-v50304/e2e-amp-bf16-fused-adamw', [[1024, 1024], [4096, 1024], [1024, 4096], [50304, 1024], [1024], [4096]]);
    // one [1024, 1024] copy_ is not a cast: the learned position table's slice backward copies its fp32 gradient
    const notCast = { kernels: 1, bytes: 1024 * 1024 * 6 };
    expect(plannedWeightCasts('gpt2-medium-v50304/e2e-amp-bf16-fused-adamw')).toEqual({
      kernels: ran.kernels - notCast.kernels,
      bytes: ran.bytes - notCast.bytes,
    });
  });
});
