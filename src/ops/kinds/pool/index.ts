// Windowed pooling over kernel×kernel windows, one window per output element.
// max: k² − 1 comparisons forward; backward adds dy into the arg-max position (1 per output).
// avg: k² − 1 adds and 1 divide forward (k²); backward one divide, then k² adds into the overlapping
// input gradient (k² + 1).

import type { PoolAttrs } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** FLOPs per output element, as a function of the window size w = kernel². */
const PER_OUTPUT = {
  max: { forward: (w: number) => w - 1, inputGrad: (_w: number) => 1 },
  avg: { forward: (w: number) => w, inputGrad: (w: number) => w + 1 },
};

export const poolRule: OpCostRule<'pool'> = {
  kind: 'pool',
  params: () => 0,
  flops: (a: PoolAttrs) => {
    const outputs = a.channels * a.outH * a.outW;
    const w = a.kernel * a.kernel;
    const rule = PER_OUTPUT[a.mode];
    return phases(outputs * rule.forward(w), outputs * rule.inputGrad(w), 0);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per output element (w = k²): max fw w − 1, inputGrad 1; avg fw w, inputGrad w + 1',
};

// ---- memory, per runtime ----
// What a pooling layer holds: max pooling needs where each maximum was (PyTorch: int64 indices; TensorFlow.js's
// MaxPoolGrad: input and output), average pooling only its input.

export const poolMemory: MemoryByRuntime<'pool'> = {
  pytorch: {
    saved(op, ctx) {
      if (!ctx.needsInputGrad) return [];
      const a = op.attrs;
      return a.mode === 'max' ? [heldTensor(op.inputs[0]!), internalTensor(op, 'indices', a.channels * a.outH * a.outW, 'index')] : [heldTensor(op.inputs[0]!)];
    },
  },
  tfjs: {
    saved: (op) => (op.attrs.mode === 'max' ? [heldTensor(op.inputs[0]!), heldTensor(op.output)] : [heldTensor(op.inputs[0]!)]),
  },
};

/** The op kind "pool": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const poolKind: OpKindModule<'pool'> = { cost: poolRule, memory: poolMemory, checkpoint: 'recompute' };
