// What a mixture-of-experts router holds.

import { internalTensor, type MemoryByRuntime } from '../../memory.js';

export const routerMemory: MemoryByRuntime<'router'> = {
  pytorch: {
    // softmax in fp32 (Mixtral and Qwen2-MoE: softmax(logits, dtype=float)) and the int64 expert indices
    saved: (op, ctx) =>
      ctx.needsInputGrad
        ? [internalTensor(op, 'probs', op.attrs.rows * op.attrs.experts, 'f32'), internalTensor(op, 'indices', op.attrs.rows * op.attrs.topK, 'index')]
        : [],
  },
  tfjs: {
    // not executed by the validation suite; modelled like PyTorch's
    saved: (op) => [internalTensor(op, 'probs', op.attrs.rows * op.attrs.experts, 'f32')],
  },
};
