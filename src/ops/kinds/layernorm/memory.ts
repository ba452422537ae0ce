// What LayerNorm holds: its input and two fp32 statistics per row (mean and rstd), in PyTorch as in the
// executor; x̂ is recomputed in backward.

import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace } from '../norm-memory.js';

export const layernormMemory: MemoryByRuntime<'layernorm'> = {
  pytorch: {
    saved: (op) => [heldTensor(op.inputs[0]), internalTensor(op, 'stats', 2 * op.attrs.rows, 'f32')],
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]), internalTensor(op, 'rstd', op.attrs.rows, 'f32'), internalTensor(op, 'mean', op.attrs.rows, 'f32')],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};
