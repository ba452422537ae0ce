// What a convolution holds: like a linear layer, its input only for the weight gradient.

import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';

export const conv2dMemory: MemoryByRuntime<'conv2d'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0])] : []),
  },
  tfjs: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0])] : []),
    // the convolution's result before the bias is added
    forwardWorkspace: (op) => (op.attrs.bias ? [internalTensor(op, 'prebias', op.attrs.outH * op.attrs.outW * op.attrs.outChannels)] : []),
  },
};
