// BatchNorm in training mode: y = γ·(x − mean)·rstd + β per channel, statistics over batch and space.
// Same per-element arithmetic as LayerNorm, reduced over a different axis. The running-statistics update is
// per channel per step (not per sample): its FLOPs and bytes are ignored, its kernel is counted below.

import type { OpKindModule } from '../../kind.js';
import { elementTraffic, heldTensor, inputDtype, internalTensor, type MemoryByRuntime } from '../../memory.js';
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
    // PyTorch's CUDA kernels for a contiguous (NCHW) input (aten/src/ATen/native/cuda/Normalization.cuh), as the
    // H200's profile of a ResNet-50 step ran them: forward batch_norm_collect_statistics_kernel reads x,
    // batch_norm_update_stats_and_invert updates the per-channel statistics, batch_norm_transform_input_kernel
    // reads x and writes y; backward batch_norm_backward_kernel reduces over dy and x, then reads both again to
    // write dx (without an input gradient: the reduction alone). Per-channel statistics are small.
    traffic: (op, ctx) =>
      elementTraffic(
        op.attrs.rows * op.attrs.features,
        inputDtype(ctx, 0),
        { forward: 3, backward: ctx.needsInputGrad ? 5 : 2, forwardKernels: 3, backwardKernels: 1 },
        'batchnorm',
      ),
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
