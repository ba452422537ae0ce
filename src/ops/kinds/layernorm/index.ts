// LayerNorm y = γ·(x − mean)·rstd + β over `features`, `rows` times per sample.

import type { OpKindModule } from '../../kind.js';
import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { fusedNormTraffic, normFlops, normParams, tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace, type NormElementCosts } from '../norm.js';

/** FLOPs per normalised element; mean/rstd themselves are per-row and ignored. */
export const LAYERNORM_ELEMENT_COSTS: NormElementCosts = {
  /** mean-sum 1, subtract 1, square-accumulate 2, multiply by rstd 1 */
  normalize: 5,
  /** × γ */
  scale: 1,
  /** + β */
  shift: 1,
  /** dx = rstd·(g − mean(g) − x̂·mean(g·x̂)): sum 1, g·x̂ 1, sum 1, x̂·m 1, two subtracts 2, × rstd 1 */
  inputGrad: 7,
  /** g = dy·γ */
  inputGradScale: 1,
  /** dγ = Σ dy·x̂ (multiply-add) */
  scaleGrad: 2,
  /** dβ = Σ dy */
  shiftGrad: 1,
};

export const layernormRule: OpCostRule<'layernorm'> = {
  kind: 'layernorm',
  params: normParams,
  flops: (a) => normFlops(a, LAYERNORM_ELEMENT_COSTS),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 5 (+1 γ, +1 β); inputGrad 7 (+1 γ); weightGrad 2 (γ) + 1 (β); elements = rows·features',
};

// ---- memory, per runtime ----
// What LayerNorm holds: its input and two fp32 statistics per row (mean and rstd), in PyTorch as in the
// executor; x̂ is recomputed in backward.

export const layernormMemory: MemoryByRuntime<'layernorm'> = {
  pytorch: {
    saved: (op) => [heldTensor(op.inputs[0]!), internalTensor(op, 'stats', 2 * op.attrs.rows, 'f32')],
    // native_layer_norm and its backward: one kernel each way (measured: harness/kernel_traffic.py)
    traffic: (op, ctx) => fusedNormTraffic(op.attrs, ctx, 'layernorm'),
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]!), internalTensor(op, 'rstd', op.attrs.rows, 'f32'), internalTensor(op, 'mean', op.attrs.rows, 'f32')],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};

/** The op kind "layernorm": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const layernormKind: OpKindModule<'layernorm'> = { cost: layernormRule, memory: layernormMemory, checkpoint: 'recompute' };
