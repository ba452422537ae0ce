// BAdam (Luo, Yu and Li 2024, "BAdam: A Memory Efficient Full Parameter Optimization Method for Large Language
// Models", arXiv 2404.02827): block coordinate descent with Adam as the inner solver. The body layers are split
// into D consecutive blocks; block k trains for K Adam steps (`switch_block_every`) with its own fp32 master
// copy, gradients and moments while every other block is frozen, then its optimizer state is dropped and the
// next block trains. One stage per block: the blocks before it run without a tape, the blocks after it lie on
// the gradient path (input gradients only).
//
// The embedding, final norm and LM head belong to no block and stay frozen: the reference implementation's
// default partition (one block per transformer layer; `include_embedding=False`, `include_lm_head=False` in
// its BlockOptimizer), under which the paper reports its model states as 2M + 16M/D GB.

import type { Graph } from '../graph/types.js';
import { RequestError } from '../errors.js';
import type { BAdamOptions } from '../vocabulary.js';
import { layerIndices, stageOfSpans, type Stage } from './schedule.js';
import type { RoleSpan } from './stage-runs.js';

/** BAdam's defaults: one block per layer (its reference partition), 50 steps per block (BlockOptimizer's default). */
export const DEFAULT_BADAM: BAdamOptions = { blockSize: 1, switchEvery: 50 };

/** The blocks as [first, end) ranges of positions in the list of body layers. */
export function badamBlocks(layers: number, opts: BAdamOptions): [number, number][] {
  if (layers === 0) throw new RequestError('schedule', 'badam', 'the model has no repeated layers to split into blocks');
  if (!Number.isInteger(opts.switchEvery) || opts.switchEvery < 1) throw new RequestError('badam.switchEvery', opts.switchEvery, 'must be a positive integer');
  const bounds: [number, number][] = [];
  if (opts.blocks !== undefined) {
    const d = opts.blocks;
    if (!Number.isInteger(d) || d < 1 || d > layers)
      throw new RequestError('badam.blocks', d, `must be an integer from 1 to ${layers} (the model has ${layers} layers)`);
    // as even as possible: block sizes differ by at most one layer
    for (let k = 0; k < d; k++) bounds.push([Math.floor((k * layers) / d), Math.floor(((k + 1) * layers) / d)]);
    return bounds;
  }
  const size = opts.blockSize ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > layers)
    throw new RequestError('badam.blockSize', size, `must be an integer from 1 to ${layers} (the model has ${layers} layers)`);
  for (let a = 0; a < layers; a += size) bounds.push([a, Math.min(a + size, layers)]);
  return bounds;
}

export function badamSchedule(graph: Graph, opts: BAdamOptions): Stage[] {
  const layers = layerIndices(graph);
  const n = graph.blocks.length;
  return badamBlocks(layers.length, opts).map(([a, b], k) => {
    const first = layers[a]!;
    const last = layers[b - 1]!;
    const spans = (
      [
        { from: 0, to: first, role: 'frozen-notape' },
        { from: first, to: last + 1, role: 'train' },
        { from: last + 1, to: n, role: 'frozen-path' },
      ] satisfies RoleSpan[]
    ).filter((sp) => sp.to > sp.from);
    return stageOfSpans(graph, k, spans, () => `block ${graph.blocks[first]!.name}..${graph.blocks[last]!.name}`);
  });
}
