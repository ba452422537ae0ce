// LISA (Pan et al. 2024, "LISA: Layerwise Importance Sampling for Memory-Efficient Large Language Model
// Fine-Tuning", arXiv 2403.17919): every K steps γ of the body layers are sampled to train; the embedding, the
// final norm and the LM head (everything outside the body layers) always train, the other layers are frozen.
//
// Which layers a period samples is random; segplan plans a deterministic enumeration instead: the body layers
// in consecutive groups of γ, one stage each (the last group is the last γ layers, so every stage trains
// exactly γ). Every layer trains in some stage, as every layer is sampled with the same probability, so the
// mean over the stages is the expected cost of a step, and the binding stage is the worst group. Because the
// embedding trains, backward always runs down to the input whatever is sampled: the layers before the group
// are on the gradient path (input gradients only), those after it too.

import type { Graph } from '../graph/types.js';
import { RequestError } from '../errors.js';
import type { LisaOptions } from '../vocabulary.js';
import { layerIndices, stageOfSpans, type Stage } from './schedule.js';
import type { RoleSpan } from './stage-runs.js';

/** LISA's defaults: γ = 2 layers (ms-swift's `lisa_activated_layers`), resampled every 20 steps (LMFlow's example script). */
export const DEFAULT_LISA: LisaOptions = { layers: 2, period: 20 };

/** The sampled groups as [first, end) ranges of positions in the list of body layers. */
function lisaGroups(layers: number, opts: LisaOptions): [number, number][] {
  if (layers === 0) throw new RequestError('schedule', 'lisa', 'the model has no repeated layers to sample');
  const g = opts.layers;
  if (!Number.isInteger(g) || g < 1 || g > layers)
    throw new RequestError('lisa.layers', g, `must be an integer from 1 to ${layers} (the model has ${layers} layers)`);
  if (!Number.isInteger(opts.period) || opts.period < 1) throw new RequestError('lisa.period', opts.period, 'must be a positive integer');
  const groups: [number, number][] = [];
  for (let a = 0; a < layers; a += g) groups.push([Math.min(a, layers - g), Math.min(a, layers - g) + g]);
  return groups;
}

export function lisaSchedule(graph: Graph, opts: LisaOptions): Stage[] {
  const layers = layerIndices(graph);
  const n = graph.blocks.length;
  const start = layers[0] ?? 0;
  const end = (layers[layers.length - 1] ?? -1) + 1;
  return lisaGroups(layers.length, opts).map(([a, b], k) => {
    const first = layers[a]!;
    const last = layers[b - 1]!;
    const spans = (
      [
        { from: 0, to: start, role: 'train' },
        { from: start, to: first, role: 'frozen-path' },
        { from: first, to: last + 1, role: 'train' },
        { from: last + 1, to: end, role: 'frozen-path' },
        { from: end, to: n, role: 'train' },
      ] satisfies RoleSpan[]
    ).filter((sp) => sp.to > sp.from);
    return stageOfSpans(graph, k, spans, () => `sample ${graph.blocks[first]!.name}..${graph.blocks[last]!.name} + embedding + head`);
  });
}
