// Stochastic depth (Huang et al. 2016) in torchvision's "row" mode (torchvision.ops.stochastic_depth): a
// residual branch is kept or dropped per sample, `x · noise` with noise ∈ {0, 1/(1 − p)} drawn once per
// sample. Forward one multiply per element, input gradient one. Random-number generation is not counted.

import type { OpKindModule } from '../../kind.js';
import { internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 1, inputGrad: 1 };

export const stochasticDepthRule: OpCostRule<'stochastic-depth'> = {
  kind: 'stochastic-depth',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT.forward, a.elements * PER_ELEMENT.inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 1 (× per-sample noise); inputGrad 1',
};

// ---- memory, per runtime ----
// What stochastic depth holds: its noise, one value per sample in the activations' dtype (torchvision draws
// it as a [N, 1, 1, 1] tensor of the input's dtype; `x * noise` keeps it for x's gradient).

export const stochasticDepthMemory: MemoryByRuntime<'stochastic-depth'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? [internalTensor(op, 'noise', 1)] : []),
  },
  tfjs: {
    saved: (op) => [internalTensor(op, 'noise', 1)],
  },
};

/** The op kind "stochastic-depth": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const stochasticDepthKind: OpKindModule<'stochastic-depth'> = { cost: stochasticDepthRule, memory: stochasticDepthMemory, checkpoint: 'recompute' };
