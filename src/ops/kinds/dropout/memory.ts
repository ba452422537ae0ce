// What dropout holds: its keep-mask (1-byte bool in PyTorch, float32 in TensorFlow.js: bytes per element are
// the profile's).

import { internalTensor, type MemoryByRuntime } from '../../memory.js';

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
