// Elementwise sum c = a + b (residual). Forward 1 per element. The gradient passes to both operands
// unchanged; the one add per element charged to inputGrad is the accumulation, at the fork where the
// skipped tensor was also read by the branch, of the two gradients that reach it (autograd sums them).

import type { OpKindModule } from '../../kind.js';
import type { MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 1, inputGrad: 1 };

export const addRule: OpCostRule<'add'> = {
  kind: 'add',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT.forward, a.elements * PER_ELEMENT.inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 1; inputGrad 1 (gradient accumulation at the matching fork)',
};

// ---- memory, per runtime ----
// What an elementwise sum holds: nothing. Its backward hands the incoming gradient to both summands as it is
// (PyTorch's AddBackward with alpha = 1; the executor returns a reshape of dy, the same buffer).

export const addMemory: MemoryByRuntime<'add'> = {
  pytorch: { saved: () => [], gradientAliasesOutput: () => true },
  tfjs: { saved: () => [], gradientAliasesOutput: () => true },
};

/** The op kind "add": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const addKind: OpKindModule<'add'> = { cost: addRule, memory: addMemory, checkpoint: 'recompute' };
