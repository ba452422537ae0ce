// What a mixture-of-experts combine holds: the operands of its products.

import { heldTensor, type MemoryByRuntime } from '../../memory.js';

export const moeCombineMemory: MemoryByRuntime<'moe-combine'> = {
  pytorch: {
    saved(op, ctx) {
      // the products need their operands; a plain shared expert is only added, so it is not kept
      if (!ctx.needsInputGrad) return [];
      return (op.attrs.shared === 'plain' ? op.inputs.slice(0, 2) : op.inputs).map(heldTensor);
    },
  },
  tfjs: {
    // not executed by the validation suite; modelled like PyTorch's
    saved: (op) => op.inputs.map(heldTensor),
  },
};
