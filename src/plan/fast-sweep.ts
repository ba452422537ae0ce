// The max micro-batch over a large SegProp grid, for interactive exploration and the benchmark.
//
// The same evaluation service as plan() (evaluation.ts). Everything that does not depend on the GPU (graph,
// block summaries, the stages' runs) is computed once per configuration, and one fold per stage solves every
// GPU of the list at once (MaxBatchSink).

import type { Graph } from '../graph/types.js';
import type { Gpu } from '../hardware/types.js';
import { MaxBatchSink } from '../memory/max-batch.js';
import { optimizerPolicy } from '../precision/optimizer.js';
import { precisionPolicy } from '../precision/precision.js';
import { defaultAllocatorMargin, liveCapacity } from '../runtime/allocator.js';
import { runtimeOverheadBytes } from '../runtime/overhead.js';
import { recipeProfile } from '../runtime/profiles.js';
import type { ActivationPolicy } from '../strategy/roles.js';
import { segpropSchedule } from '../strategy/schedule.js';
import { placementFor } from '../strategy/strategy.js';
import type { ForwardMode } from '../vocabulary.js';
import { Evaluation, EvaluationCache } from './evaluation.js';
import type { PlanRequest } from './types.js';

export interface GridSweep {
  /** settings shared by every point (model, precision, optimizer, runtime, attention, placement, gpus) */
  base: Pick<PlanRequest, 'precision' | 'optimizer' | 'optimizerImpl' | 'clipGrad' | 'gradAccum' | 'runtime' | 'attention' | 'placement'> & {
    gpus: number;
    gpusPerNode: number;
  };
  /** one graph per sequence length, all of the same model */
  graphs: Graph[];
  gpus: readonly Gpu[];
  headDepths: readonly number[];
  forwards: readonly ForwardMode[];
  checkpointing: readonly ActivationPolicy[];
  /** segment sizes to try; default every size from 1 to the number of segmented layers */
  segmentSizes?: (bodyLayers: number) => number[];
}

export interface GridPoint {
  seqLen: number;
  headDepth: number;
  segmentSize: number;
  forward: ForwardMode;
  checkpointing: ActivationPolicy;
  /** max micro-batch per GPU of `gpus`, in order */
  maxMicroBatch: Float64Array;
}

/** Evaluate the grid; `visit` receives each point (its array is reused: copy it to keep it). */
export function sweepMaxMicroBatch(g: GridSweep, visit: (p: GridPoint) => void): number {
  const precision = precisionPolicy(g.base.precision);
  const optimizer = optimizerPolicy(g.base.optimizer, g.base.optimizerImpl, g.base.clipGrad);
  const profile = recipeProfile(g.base.runtime, precision);
  const placement = placementFor('segprop', g.base.placement);
  // the default overhead and allocator margin, as plan() applies them; registered buffers (plan() adds them from
  // the model spec, which the grid does not carry) are left out
  const overheadBytes = runtimeOverheadBytes(g.base.runtime, g.base.gpus);
  const sink = new MaxBatchSink(Float64Array.from(g.gpus, (x) => liveCapacity(x.memoryBytes, overheadBytes, defaultAllocatorMargin(g.base.runtime))));
  const cache = new EvaluationCache();
  const first = g.graphs[0];
  if (!first) return 0;
  const layers = first.blocks.filter((b) => b.isLayer).length;
  let evaluations = 0;
  for (const headDepth of g.headDepths) {
    const body = layers - headDepth;
    const sizes = g.segmentSizes?.(body) ?? Array.from({ length: body }, (_, k) => k + 1);
    for (const segmentSize of sizes) {
      for (const forward of g.forwards) {
        const stages = segpropSchedule(first, { segmentSize, headDepth, prefixDepth: 0, forward });
        // the graphs differ only in sequence length: the stages of the first serve them all (and so do their runs)
        for (const graph of g.graphs) {
          for (const policy of g.checkpointing) {
            const setting = {
              graph,
              policy,
              profile,
              precision,
              optimizer,
              placement,
              attention: g.base.attention,
              gpus: g.base.gpus,
              gpusPerNode: g.base.gpusPerNode,
              overheadBytes,
              gradAccum: g.base.gradAccum ?? 1,
            };
            const maxMicroBatch = new Evaluation(setting, stages, cache).maxMicroBatches(sink);
            evaluations += g.gpus.length;
            visit({ seqLen: graph.options.seqLen, headDepth, segmentSize, forward, checkpointing: policy, maxMicroBatch });
          }
        }
      }
    }
  }
  return evaluations;
}
