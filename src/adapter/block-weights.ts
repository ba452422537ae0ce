// A block's weights split by what an adapter makes of them: the parameters that train when the block trains
// (all of them without an adapter; only the adapter matrices with one), and those stored quantized (QLoRA's
// NF4 base), whose bytes do not follow the recipe's weight dtype. The memory fold and the time model read
// block weights in bytes through here, so a quantized base is counted the same way by both.

import type { Block, Graph } from '../graph/types.js';
import { opParams } from '../ops/registry.js';
import { quantizedLinearBytes, quantizedLinearParams } from './quantized.js';
import { opTrainsWithBlock } from '../graph/adapter-ops.js';

export interface BlockWeights {
  /** every parameter of the block's own ops */
  params: number;
  /** the parameters that train when the block trains */
  trainable: number;
  /** parameters stored quantized, and their bytes */
  quantized: number;
  quantizedBytes: number;
}

function weightsOf(block: Block): BlockWeights {
  const w: BlockWeights = { params: 0, trainable: 0, quantized: 0, quantizedBytes: 0 };
  for (const op of block.ops) {
    const p = opParams(op);
    w.params += p;
    if (opTrainsWithBlock(block, op)) w.trainable += p;
    if (op.kind === 'linear' && op.attrs.quant) {
      w.quantized += quantizedLinearParams(op.attrs);
      w.quantizedBytes += quantizedLinearBytes(op.attrs);
    }
  }
  return w;
}

const weightsByGraph = new WeakMap<Graph, BlockWeights[]>();

/** The weights of every block of the graph (computed once per graph). */
export function blockWeights(graph: Graph): readonly BlockWeights[] {
  let w = weightsByGraph.get(graph);
  if (!w) weightsByGraph.set(graph, (w = graph.blocks.map(weightsOf)));
  return w;
}

/** Bytes of a block's weights that stay fixed while it trains, at `weightBytes` per unquantized parameter. */
function frozenBytesWhileTraining(w: BlockWeights, weightBytes: number): number {
  return (w.params - w.trainable - w.quantized) * weightBytes + w.quantizedBytes;
}

/** Bytes of all of a block's weights, at `weightBytes` per unquantized parameter. */
function allWeightBytes(w: BlockWeights, weightBytes: number): number {
  return (w.params - w.quantized) * weightBytes + w.quantizedBytes;
}

/** Bytes of a block's weights by residence class: `trainable` placed with the trainable states, `frozen` with the frozen. */
export function blockWeightBytes(w: BlockWeights, trains: boolean, weightBytes: number): { trainable: number; frozen: number } {
  if (!trains) return { trainable: 0, frozen: allWeightBytes(w, weightBytes) };
  return { trainable: w.trainable * weightBytes, frozen: frozenBytesWhileTraining(w, weightBytes) };
}
