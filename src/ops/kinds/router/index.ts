// Mixture-of-experts routing (Mixtral, Qwen2-MoE): softmax over the E router logits of a row, the top k, and
// optionally their renormalisation. Counting convention of the activations: 1 FLOP per arithmetic operation
// or exp. Softmax forward per logit: subtract the max, exp, add to the sum, divide = 4; backward
// dx = y·(dy − Σ y·dy): product, sum, subtract, product = 4 per logit. Top-k selection compares, it does not
// compute (0 FLOPs). Renormalisation per row: k adds and k divides forward, 3k backward.

import type { OpKindModule } from '../../kind.js';
import { internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

export const routerRule: OpCostRule<'router'> = {
  kind: 'router',
  params: () => 0,
  flops: (a) => phases(a.rows * (4 * a.experts + (a.normalize ? 2 * a.topK : 0)), a.rows * (4 * a.experts + (a.normalize ? 3 * a.topK : 0)), 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per row: softmax fw 4·E, inputGrad 4·E; top-k selection 0; renormalisation (Mixtral) fw 2·k, inputGrad 3·k',
};

// ---- memory, per runtime ----
// What a mixture-of-experts router holds.

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

// op-level checkpointing recomputes it: a small gate matmul, softmax and top-k in one op (the save list would keep
// only the rows × experts logits, which segplan does not count)
/** The op kind "router": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const routerKind: OpKindModule<'router'> = { cost: routerRule, memory: routerMemory, checkpoint: 'recompute' };
