// Parameter counts of a graph: total, embedding, by block.
//
// "Embedding" parameters are the lookup tables and learned tensors combined into the activations without
// arithmetic on them beyond an add: `embedding` ops (token, token-type) and `parameter` ops (learned
// position tables, class token). A ViT/conv patch projection is a contraction that costs FLOPs per token
// like any layer, so it counts as non-embedding. A tied LM head holds no parameters (the token embedding
// owns the shared weight), so the shared matrix is counted once, as embedding.

import type { Graph } from '../graph/types.js';
import { opParams } from '../ops/registry.js';

export interface BlockParams {
  index: number;
  name: string;
  params: number;
}

export interface ParamCounts {
  total: number;
  /**
   * parameters one token uses: total, less the experts a token is not routed to (a bank of E experts with
   * top-k routing counts k/E of its parameters); equal to total for dense models
   */
  active: number;
  embedding: number;
  nonEmbedding: number;
  byBlock: BlockParams[];
}

const EMBEDDING_KINDS = new Set(['embedding', 'parameter']);

const counted = new WeakMap<Graph, ParamCounts>();

/** The graph's parameter counts (computed once per graph: graphs are immutable). */
export function countParams(graph: Graph): ParamCounts {
  let c = counted.get(graph);
  if (!c) counted.set(graph, (c = count(graph)));
  return c;
}

function count(graph: Graph): ParamCounts {
  let total = 0;
  let active = 0;
  let embedding = 0;
  const byBlock = graph.blocks.map((block) => {
    let params = 0;
    for (const op of block.ops) {
      const p = opParams(op);
      params += p;
      const bank = op.kind === 'linear' ? op.attrs.experts : undefined;
      active += bank ? (p / bank.count) * bank.topK : p;
      if (EMBEDDING_KINDS.has(op.kind)) embedding += p;
    }
    total += params;
    return { index: block.index, name: block.name, params };
  });
  return { total, active, embedding, nonEmbedding: total - embedding, byBlock };
}
