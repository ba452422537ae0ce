// Bytes per parameter of each precision recipe with AdamW on one GPU, against the published tables: ZeRO's
// 2 + 2 + 12 = 16 for mixed precision (Rajbhandari et al. 2020), Megatron-LM's distributed-optimizer docs
// ("bf16 params, fp32 grads: 18"; "fp32: 16"), PyTorch autocast's fp32 model (4 + 4 + 8 = 16).
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { PRECISION_NAMES } from '../../src/precision/precision.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import type { PrecisionName } from '../../src/vocabulary.js';
import { graphOf } from '../memory/helpers.js';
import { gpt2 } from '../graph/specs.js';
import { optimizerStep, recipeTimeline } from './timeline.js';

const graph = graphOf(gpt2('gpt2', 768, 12, 12));
const P = countParams(graph).total;

function modelStates(precision: PrecisionName): number {
  const step = optimizerStep(graph, precision);
  return step.weights + step.gradients + step.optimizer;
}

const PUBLISHED: Partial<Record<PrecisionName, { bytes: number; source: string }>> = {
  'bf16-mixed': { bytes: 16, source: 'ZeRO: 2Ψ + 2Ψ + 12Ψ' },
  'bf16-mixed-fp32grads': { bytes: 18, source: 'Megatron-LM distributed optimizer docs: bf16 params, fp32 grads' },
  fp32: { bytes: 16, source: 'Megatron-LM distributed optimizer docs: fp32 params, fp32 grads' },
  'amp-bf16': { bytes: 16, source: 'PyTorch autocast: fp32 weights 4, fp32 grads 4, Adam moments 8' },
};

describe('model states per recipe (AdamW, one GPU)', () => {
  for (const [name, { bytes, source }] of Object.entries(PUBLISHED)) {
    it(`${name}: ${bytes} bytes per parameter (${source})`, () => {
      expect(PRECISION_NAMES).toContain(name);
      expect(modelStates(name as PrecisionName)).toBe(bytes * P);
    });
  }
});

describe('FSDP MixedPrecision over sharded fp32 parameters (8 GPUs)', () => {
  const N = 8;
  const timeline = (precision: PrecisionName) => recipeTimeline(graph, precision, SHARDINGS.fsdp, N);
  const layer = graph.blocks.find((b) => b.isLayer)!;
  const L = countParams(graph).byBlock[layer.index]!.params;

  for (const [name, reduceCopy] of [
    ['fsdp-bf16', 0],
    ['fsdp-bf16-fp32reduce', 4],
  ] as const) {
    it(`${name}: fp32 shards (16Ψ/N), bf16 gathered units, bf16 unsharded gradients${reduceCopy ? ' and their fp32 copy for the reduce' : ''}`, () => {
      const m = timeline(name);
      const step = m.events.find((e) => e.phase === 'optimizer')!;
      expect(step.weights + step.gradients + step.optimizer).toBeCloseTo((16 * P) / N, 0);
      // a middle layer's forward: its own unit and the prefetched next one, gathered in bf16
      const fwd = m.events.find((e) => e.phase === 'forward' && e.blockIndex === layer.index + 1)!;
      expect(fwd.gather).toBe(2 * 2 * L);
      // its backward: the two units, plus its unsharded bf16 gradients (and their fp32 copy)
      const bwd = m.events.find((e) => e.phase === 'backward' && e.blockIndex === layer.index + 1)!;
      expect(bwd.gather).toBe(2 * 2 * L + (2 + reduceCopy) * L);
    });
  }
});
