// Table lookup (gather): no arithmetic forward, no gradient to the integer ids. The weight gradient is a
// scatter-add of each token's output gradient into its table row: `dim` adds per token.

import type { OpKindModule } from '../../kind.js';
import { heldTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

export const embeddingRule: OpCostRule<'embedding'> = {
  kind: 'embedding',
  params: (a) => (a.tiedWeight ? 0 : a.numEmbeddings * a.dim),
  flops: (a) => phases(0, 0, a.tokens * a.dim),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'fw 0 (gather); inputGrad 0 (ids); weightGrad tokens·dim (scatter-add); params numEmbeddings·dim (0 when the table is tied to another op)',
};

// ---- memory, per runtime ----
// What an embedding holds: the ids, for the scatter-add of the weight gradient (only while the table trains).

export const embeddingMemory: MemoryByRuntime<'embedding'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0]!)] : []),
  },
  tfjs: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0]!)] : []),
  },
};

/** The op kind "embedding": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const embeddingKind: OpKindModule<'embedding'> = { cost: embeddingRule, memory: embeddingMemory, checkpoint: 'recompute' };
