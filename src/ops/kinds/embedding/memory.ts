// What an embedding holds: the ids, for the scatter-add of the weight gradient (only while the table trains).

import { heldTensor, type MemoryByRuntime } from '../../memory.js';

export const embeddingMemory: MemoryByRuntime<'embedding'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0])] : []),
  },
  tfjs: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0])] : []),
  },
};
