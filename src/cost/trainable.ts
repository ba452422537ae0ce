// Which blocks train in a step, and which gradients that makes necessary, op by op.
//
// An op's weight gradient is computed iff its block trains and it has weights. An op's input gradient is
// needed iff some op before it (in graph order, the gradient path) has trainable weights: gradients flow
// from the loss back to the earliest trainable op, and stop there — so the input gradient of that op
// itself (e.g. the first conv reading the raw image) and of everything before it is skipped, and a frozen
// prefix runs forward only.

import type { AnyOp, Graph } from '../graph/types.js';
import { opHasWeights } from '../ops/registry.js';

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

export interface OpNeeds {
  op: AnyOp;
  blockIndex: number;
  /** the op's own weights get a gradient */
  weightTrains: boolean;
  /** a gradient must reach the op's activation inputs */
  needsInputGrad: boolean;
  /** the op runs under autograd (false: part of the frozen prefix, forward only) */
  taped: boolean;
}

/** Gradient needs of every op, in graph order. */
export function gradientNeeds(graph: Graph, trainable: TrainableBlocks): OpNeeds[] {
  const train = resolveTrainable(graph, trainable);
  const out: OpNeeds[] = [];
  let trainableBefore = false;
  for (const block of graph.blocks) {
    for (const op of block.ops) {
      const weightTrains = train.has(block.index) && opHasWeights(op);
      const needsInputGrad = trainableBefore;
      out.push({ op, blockIndex: block.index, weightTrains, needsInputGrad, taped: weightTrains || needsInputGrad });
      if (weightTrains) trainableBefore = true;
    }
  }
  return out;
}
