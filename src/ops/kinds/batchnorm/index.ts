// BatchNorm in training mode: y = γ·(x − mean)·rstd + β per channel, statistics over batch and space.
// Same per-element arithmetic as LayerNorm, reduced over a different axis. The running-statistics update is
// per channel per step (not per sample) and is ignored.

import type { OpKindModule } from '../../kind.js';
import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { LAYERNORM_ELEMENT_COSTS } from '../layernorm/index.js';
import { normFlops, normParams, tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace } from '../norm.js';

export const batchnormRule: OpCostRule<'batchnorm'> = {
  kind: 'batchnorm',
  params: normParams,
  flops: (a) => normFlops(a, LAYERNORM_ELEMENT_COSTS),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 5 (+1 γ, +1 β); inputGrad 7 (+1 γ); weightGrad 2 (γ) + 1 (β); elements = positions·channels',
};

// ---- memory, per runtime ----
// What BatchNorm (training mode) holds: its input and per-channel fp32 statistics, independent of the batch.

export const batchnormMemory: MemoryByRuntime<'batchnorm'> = {
  pytorch: {
    // save_mean and save_invstd: one fp32 each per channel
    saved: (op) => [heldTensor(op.inputs[0]!), internalTensor(op, 'stats', 0, 'f32', 2 * op.attrs.features)],
  },
  tfjs: {
    saved: (op) => [
      heldTensor(op.inputs[0]!),
      internalTensor(op, 'mean', 0, 'f32', op.attrs.features),
      internalTensor(op, 'rstd', 0, 'f32', op.attrs.features),
    ],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};

/** The op kind "batchnorm": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const batchnormKind: OpKindModule<'batchnorm'> = { cost: batchnormRule, memory: batchnormMemory, checkpoint: 'recompute' };
