// The output of a mixture-of-experts layer: per row y = Σ_k w_k·e_k (+ s, or + sigmoid(g)·s, with a shared
// expert). Forward per row: k·h products and (k − 1)·h adds; a plain shared expert h adds (its gradient is dy
// itself); a gated one sigmoid 4 (negate, exp, add, divide), h products, h adds. Backward: de_k = w_k·dy (k·h
// products), dw_k = Σ_h dy·e_k (2·k·h); gated: ds = σ·dy (h), dσ = Σ_h dy·s (2h), dg = dσ·σ·(1 − σ) (3).

import type { OpKindModule } from '../../kind.js';
import { heldTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

export const moeCombineRule: OpCostRule<'moe-combine'> = {
  kind: 'moe-combine',
  params: () => 0,
  flops: (a) => {
    const routed = phases((2 * a.topK - 1) * a.features, 3 * a.topK * a.features, 0);
    const shared = a.shared === 'gated' ? phases(4 + 2 * a.features, 3 + 3 * a.features, 0) : a.shared === 'plain' ? phases(a.features, 0, 0) : phases(0, 0, 0);
    return phases(a.rows * (routed.forward + shared.forward), a.rows * (routed.inputGrad + shared.inputGrad), 0);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per row: fw (2k − 1)·h (+ h plain shared, + 2h + 4 gated shared); inputGrad 3k·h (+ 3h + 3 gated shared)',
};

// ---- memory, per runtime ----
// What a mixture-of-experts combine holds: the operands of its products.

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

/** The op kind "moe-combine": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const moeCombineKind: OpKindModule<'moe-combine'> = { cost: moeCombineRule, memory: moeCombineMemory, checkpoint: 'recompute' };
