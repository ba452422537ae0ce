// The stage timeline of a whole model trained under one precision recipe with AdamW (PyTorch profile, flash
// attention, full checkpointing, no runtime overhead): the tests of test/precision read its model states.
import type { Graph } from '../../src/graph/types.js';
import type { Placement } from '../../src/strategy/placement.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import type { PrecisionName } from '../../src/vocabulary.js';
import { memoryOf } from '../memory/helpers.js';

export function recipeTimeline(graph: Graph, precision: PrecisionName, placement: Placement = SHARDINGS.ddp, gpus = 1) {
  return memoryOf(
    graph,
    graph.blocks.map(() => 'train'),
    placement,
    gpus,
    'full',
    { precision: precisionPolicy(precision) },
  );
}

/** The optimizer step's event: every model state is alive there. */
export function optimizerStep(graph: Graph, precision: PrecisionName, placement?: Placement, gpus?: number) {
  return recipeTimeline(graph, precision, placement, gpus).events.find((e) => e.phase === 'optimizer')!;
}
