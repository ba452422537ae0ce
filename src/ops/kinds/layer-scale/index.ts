// Layer scale y = γ·x with one learned γ per feature (ConvNeXt, Liu et al. 2022; CaiT's LayerScale):
// forward one multiply per element; input gradient dy·γ, one per element; weight gradient dγ = Σ dy·x, one
// multiply-add (2 FLOPs) per element.

import type { OpKindModule } from '../../kind.js';
import { heldTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 1, inputGrad: 1, weightGrad: 2 };

export const layerScaleRule: OpCostRule<'layer-scale'> = {
  kind: 'layer-scale',
  params: (a) => a.features,
  flops: (a) => {
    const n = a.rows * a.features;
    return phases(n * PER_ELEMENT.forward, n * PER_ELEMENT.inputGrad, n * PER_ELEMENT.weightGrad);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 1 (× γ); inputGrad 1 (dy·γ); weightGrad 2 (Σ dy·x); params features',
};

// ---- memory, per runtime ----
// What a layer scale holds: its input, for γ's gradient, only when γ trains. PyTorch's `γ * x` (MulBackward0)
// keeps x for γ's gradient and γ (a parameter, not an activation) for x's; the executor keeps x the same way.

export const layerScaleMemory: MemoryByRuntime<'layer-scale'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0]!)] : []),
  },
  tfjs: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0]!)] : []),
  },
};

/** The op kind "layer-scale": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const layerScaleKind: OpKindModule<'layer-scale'> = { cost: layerScaleRule, memory: layerScaleMemory, checkpoint: 'recompute' };
