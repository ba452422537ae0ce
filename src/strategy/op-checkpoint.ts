// Which ops of a layer op-level checkpointing stores (their outputs kept from the forward) and which it recomputes.
//
//   op             torch's selective checkpointing with a save list of contractions: every op whose kind says
//                  'save' (src/ops/kind.ts: linear, matmul, attention, conv2d)
//   torchtitan-op  torchtitan's policy (torchtitan/models/llama3/parallelize.py, `_save_list` and the mm
//                  counter): the attention kernel, and of the layer's matmuls (aten.mm: its linear layers, in
//                  forward order) the 1st, 3rd, 5th, ...: every second one is recomputed

import type { Block } from '../graph/types.js';
import { opCheckpoint } from '../ops/registry.js';
import type { ActivationPolicy } from './roles.js';

/** The op-level policies (a layer keeps chosen ops' outputs and recomputes the rest). */
export function isOpLevel(policy: ActivationPolicy): policy is 'op' | 'torchtitan-op' {
  return policy === 'op' || policy === 'torchtitan-op';
}

const cache = new WeakMap<Block, Map<ActivationPolicy, readonly boolean[]>>();

/** Per op of the block, whether the op-level `policy` stores its outputs. */
export function storedOps(block: Block, policy: 'op' | 'torchtitan-op'): readonly boolean[] {
  let byPolicy = cache.get(block);
  if (!byPolicy) cache.set(block, (byPolicy = new Map()));
  let stored = byPolicy.get(policy);
  if (!stored) {
    let mm = 0;
    stored = block.ops.map((op) => {
      if (policy === 'op') return opCheckpoint(op) === 'save';
      if (op.kind === 'attention') return true;
      if (op.kind !== 'linear') return false;
      mm++;
      return mm % 2 === 1;
    });
    byPolicy.set(policy, stored);
  }
  return stored;
}
