// Weightless batched matmul C = A·B of two activations: forward one GEMM; backward computes the gradient of
// both operands (dA = dC·Bᵀ, dB = Aᵀ·dC), two GEMMs of the forward's size (PyTorch flop_counter bmm).

import type { MatmulAttrs } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import { heldTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

function mac(a: MatmulAttrs): number {
  return a.count * a.m * a.k * a.n;
}

export const matmulRule: OpCostRule<'matmul'> = {
  kind: 'matmul',
  params: () => 0,
  flops: (a) => phases(2 * mac(a), 4 * mac(a), 0),
  matmulFlops: (a) => phases(2 * mac(a), 4 * mac(a), 0),
  macs: mac,
  formula: 'fw 2·count·m·k·n; inputGrad 4·count·m·k·n (both operands); no weights',
};

// ---- memory, per runtime ----
// What an activation × activation matmul holds: each operand is the other's gradient factor.

export const matmulMemory: MemoryByRuntime<'matmul'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? op.inputs.map(heldTensor) : []),
  },
  tfjs: {
    // not executed by the validation executor (no implementation): nothing modelled
    saved: () => [],
  },
};

// op-level checkpointing stores its output: a matmul (aten.bmm): torch's save list
/** The op kind "matmul": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const matmulKind: OpKindModule<'matmul'> = { cost: matmulRule, memory: matmulMemory, checkpoint: 'save' };
