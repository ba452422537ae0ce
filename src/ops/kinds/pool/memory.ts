// What a pooling layer holds: max pooling needs where each maximum was (PyTorch: int64 indices; TensorFlow.js's
// MaxPoolGrad: input and output), average pooling only its input.

import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';

export const poolMemory: MemoryByRuntime<'pool'> = {
  pytorch: {
    saved(op, ctx) {
      if (!ctx.needsInputGrad) return [];
      const a = op.attrs;
      return a.mode === 'max' ? [heldTensor(op.inputs[0]), internalTensor(op, 'indices', a.channels * a.outH * a.outW, 'index')] : [heldTensor(op.inputs[0])];
    },
  },
  tfjs: {
    saved: (op) => (op.attrs.mode === 'max' ? [heldTensor(op.inputs[0]), heldTensor(op.output)] : [heldTensor(op.inputs[0])]),
  },
};
