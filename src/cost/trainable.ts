// Which blocks train in a step, as roles: the blocks before the first trainable one run without a tape
// (forward only), the others not trained are frozen on the gradient path (input gradients only). What each
// op then computes follows from src/strategy/op-needs.ts, the single source of gradient needs.

import type { Graph } from '../graph/types.js';
import { opNeeds, type OpNeed } from '../strategy/op-needs.js';
import type { BlockRole } from '../strategy/roles.js';

/** block indices that train: 'all', 'none', or an explicit list/set */
export type TrainableBlocks = 'all' | 'none' | readonly number[] | ReadonlySet<number>;

export function resolveTrainable(graph: Graph, trainable: TrainableBlocks): Set<number> {
  if (trainable === 'all') return new Set(graph.blocks.map((b) => b.index));
  if (trainable === 'none') return new Set();
  const set = new Set(trainable);
  for (const i of set) {
    if (!Number.isInteger(i) || i < 0 || i >= graph.blocks.length) {
      throw new RangeError(`trainable block ${i} is not a block of ${graph.modelName} (0..${graph.blocks.length - 1})`);
    }
  }
  return set;
}

/** Roles of an end-to-end-style step in which `trainable` blocks train and every block runs. */
export function rolesForTrainable(graph: Graph, trainable: TrainableBlocks): BlockRole[] {
  const train = resolveTrainable(graph, trainable);
  let seen = false;
  return graph.blocks.map((b) => {
    if (train.has(b.index)) {
      seen = true;
      return 'train';
    }
    return seen ? 'frozen-path' : 'frozen-notape';
  });
}

export type OpNeeds = OpNeed;

/** Gradient needs of every op, in graph order. */
export function gradientNeeds(graph: Graph, trainable: TrainableBlocks): OpNeed[] {
  return opNeeds(graph, rolesForTrainable(graph, trainable), 'none');
}
