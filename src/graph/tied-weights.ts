// Tied weights: an LM head that reads the token-embedding table holds no parameters of its own (the table's
// owner counts them once, src/cost/params.ts), but when the head trains the table trains with it: its
// gradient is produced by the head's backward, and with a frozen embedding the table's gradient and
// optimizer state exist only because of the head (a SegProp stage of GPT-2, whose global head includes the
// tied LM head while the embedding is frozen).

import type { AnyOp, Graph } from './types.js';

/** Parameters of a weight that `op` reads but another op owns (0 for ops without a tied weight). */
export function tiedWeightParams(op: AnyOp): number {
  if (op.kind === 'linear') return op.attrs.tiedWeight ? op.attrs.inFeatures * op.attrs.outFeatures : 0;
  // T5's decoder embedding reads the encoder's table
  if (op.kind === 'embedding') return op.attrs.tiedWeight ? op.attrs.numEmbeddings * op.attrs.dim : 0;
  return 0;
}

/** The embedding op that owns a table of `params` parameters (not one that reads another's table). */
export function ownsTable(op: AnyOp, params: number): boolean {
  return op.kind === 'embedding' && !op.attrs.tiedWeight && op.attrs.numEmbeddings * op.attrs.dim === params;
}

export interface TiedWeight {
  /** block of the op that reads the weight */
  reader: number;
  /** block whose embedding op owns it */
  owner: number;
  params: number;
}

const tiedOf = new WeakMap<Graph, TiedWeight[]>();

/** The graph's tied weights, each with the block that reads it and the block that owns it. */
export function tiedWeights(graph: Graph): TiedWeight[] {
  let t = tiedOf.get(graph);
  if (!t) {
    t = [];
    for (const block of graph.blocks) {
      for (const op of block.ops) {
        const params = tiedWeightParams(op);
        if (params === 0) continue;
        const owner = graph.blocks.find((b) => b.ops.some((o) => ownsTable(o, params)));
        if (owner) t.push({ reader: block.index, owner: owner.index, params });
      }
    }
    tiedOf.set(graph, t);
  }
  return t;
}
