// What a global average pool holds: PyTorch keeps its input (for the shape); the executor keeps nothing.

import { heldTensor, type MemoryByRuntime } from '../../memory.js';

export const globalAvgpoolMemory: MemoryByRuntime<'global-avgpool'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? [heldTensor(op.inputs[0])] : []),
  },
  tfjs: {
    saved: () => [],
  },
};
