// What an activation × activation matmul holds: each operand is the other's gradient factor.

import { heldTensor, type MemoryByRuntime } from '../../memory.js';

export const matmulMemory: MemoryByRuntime<'matmul'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? op.inputs.map(heldTensor) : []),
  },
  tfjs: {
    // not executed by the validation executor (no implementation): nothing modelled
    saved: () => [],
  },
};
