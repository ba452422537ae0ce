// A strategy is a composition of three independent choices:
//   schedule     which blocks train, are frozen on the gradient path, run without a tape or are skipped,
//                stage by stage (schedule.ts)
//   placement    where trainable weights, gradients, optimizer state and frozen weights live (placement.ts)
//   activations  the activation policy: none, full per-block checkpointing or selective (request setting)
// The presets below only pick a schedule and a default placement; everything else is shared.

import type { Graph } from '../graph/types.js';
import type { PlacementOptions, SegPropOptions, StrategyName } from '../vocabulary.js';
import { OFFLOADED, REPLICATED, SHARDED, type Placement } from './placement.js';
import { e2eSchedule, segpropSchedule, type Stage } from './schedule.js';

export interface Strategy {
  name: StrategyName;
  stages: Stage[];
  placement: Placement;
}

const DEFAULT_PLACEMENT: Record<StrategyName, Placement> = {
  e2e: REPLICATED,
  fsdp: SHARDED,
  'fsdp-offload': OFFLOADED,
  // frozen and trainable parts sharded across the GPUs, nothing offloaded (override with `placement`)
  segprop: SHARDED,
};

/** Every strategy a request may name, in the table's order (the CLI's choices come from here). */
export const STRATEGY_NAMES = Object.keys(DEFAULT_PLACEMENT) as StrategyName[];

/** The defaults of the CLI and the paper scenario: segments of 8 layers, a global head of 2, a prefix stage of 8. */
export const DEFAULT_SEGPROP: SegPropOptions = { segmentSize: 8, headDepth: 2, prefixDepth: 8, forward: 'full' };

/** A preset's placement with the user's overrides (each part independently). */
export function placementFor(name: StrategyName, override: Partial<PlacementOptions> | undefined): Placement {
  const base = DEFAULT_PLACEMENT[name];
  return {
    trainable: { ...base.trainable, ...override?.trainable },
    frozen: override?.frozen ?? base.frozen,
  };
}

export function composeStrategy(
  graph: Graph,
  name: StrategyName,
  segprop: SegPropOptions | undefined,
  placement: Partial<PlacementOptions> | undefined,
): Strategy {
  return { name, stages: scheduleOf(graph, name === 'segprop' ? (segprop ?? DEFAULT_SEGPROP) : undefined), placement: placementFor(name, placement) };
}

// The dashboard and repeated plans ask for the same schedules again and again: keep the latest few per graph,
// so that their stages (and the runs they hold) are built once. A sweep visits each layout once; keeping all
// of them would only grow the heap the garbage collector walks.
const KEPT_SCHEDULES = 256;
const schedules = new WeakMap<Graph, Map<string, readonly Stage[]>>();

function scheduleOf(graph: Graph, segprop: SegPropOptions | undefined): Stage[] {
  // a layout gives its segment size or its number of segments (the other is absent)
  const key = segprop ? `${segprop.segmentSize ?? '-'}|${segprop.segments ?? '-'}|${segprop.headDepth}|${segprop.prefixDepth}|${segprop.forward}` : 'e2e';
  let byKey = schedules.get(graph);
  if (!byKey) schedules.set(graph, (byKey = new Map()));
  let stages = byKey.get(key);
  if (!stages) {
    stages = segprop ? segpropSchedule(graph, segprop) : e2eSchedule(graph);
    if (byKey.size >= KEPT_SCHEDULES) byKey.clear();
    byKey.set(key, stages);
  }
  return stages as Stage[];
}
