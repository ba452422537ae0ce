// What BatchNorm (training mode) holds: its input and per-channel fp32 statistics, independent of the batch.

import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace } from '../norm-memory.js';

export const batchnormMemory: MemoryByRuntime<'batchnorm'> = {
  pytorch: {
    // save_mean and save_invstd: one fp32 each per channel
    saved: (op) => [heldTensor(op.inputs[0]), internalTensor(op, 'stats', 0, 'f32', 2 * op.attrs.features)],
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]), internalTensor(op, 'mean', 0, 'f32', op.attrs.features), internalTensor(op, 'rstd', 0, 'f32', op.attrs.features)],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};
