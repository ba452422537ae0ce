// What an elementwise product holds: both factors (each is the other's derivative).

import { heldTensor, type MemoryByRuntime } from '../../memory.js';

export const mulMemory: MemoryByRuntime<'mul'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? op.inputs.map(heldTensor) : []),
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]), heldTensor(op.inputs[1])],
  },
};
