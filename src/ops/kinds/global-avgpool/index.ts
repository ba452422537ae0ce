// Global average pool over the spatial positions: H·W − 1 adds and 1 divide per channel forward (= H·W);
// backward broadcasts dy/(H·W) to every position: 1 per input element.

import type { OpKindModule } from '../../kind.js';
import { heldTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_INPUT_ELEMENT = { forward: 1, inputGrad: 1 };

export const globalAvgpoolRule: OpCostRule<'global-avgpool'> = {
  kind: 'global-avgpool',
  params: () => 0,
  flops: (a) => {
    const n = a.channels * a.inH * a.inW;
    return phases(n * PER_INPUT_ELEMENT.forward, n * PER_INPUT_ELEMENT.inputGrad, 0);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per input element (channels·H·W): fw 1; inputGrad 1',
};

// ---- memory, per runtime ----
// What a global average pool holds: PyTorch keeps its input (for the shape); the executor keeps nothing.

export const globalAvgpoolMemory: MemoryByRuntime<'global-avgpool'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? [heldTensor(op.inputs[0]!)] : []),
  },
  tfjs: {
    saved: () => [],
  },
};

/** The op kind "global-avgpool": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const globalAvgpoolKind: OpKindModule<'global-avgpool'> = { cost: globalAvgpoolRule, memory: globalAvgpoolMemory, checkpoint: 'recompute' };
