// Dropout: the kept elements are multiplied by the keep-mask pre-scaled by 1/(1 − p), forward and backward.
// Random-number generation is not arithmetic on the data and is not counted.

import type { OpKindModule } from '../../kind.js';
import { internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 1, inputGrad: 1 };

export const dropoutRule: OpCostRule<'dropout'> = {
  kind: 'dropout',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT.forward, a.elements * PER_ELEMENT.inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 1 (× scaled mask); inputGrad 1',
};

// ---- memory, per runtime ----
// What dropout holds: its keep-mask (1-byte bool in PyTorch, float32 in TensorFlow.js: bytes per element are
// the profile's).

export const dropoutMemory: MemoryByRuntime<'dropout'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? [internalTensor(op, 'mask', op.attrs.elements, 'mask')] : []),
  },
  tfjs: {
    saved: (op) => [internalTensor(op, 'mask', op.attrs.elements, 'mask')],
    // uniform draw and its shifted copy before the mask exists
    forwardWorkspace: (op) => [internalTensor(op, 'uniform', op.attrs.elements)],
  },
};

/** The op kind "dropout": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const dropoutKind: OpKindModule<'dropout'> = { cost: dropoutRule, memory: dropoutMemory, checkpoint: 'recompute' };
