// A strategy is a composition of independent choices:
//   schedule     which blocks train, are frozen on the gradient path, run without a tape or are skipped,
//                stage by stage (schedule.ts)
//   adapter      what trains inside a training block: all its weights, or adapters beside frozen weights
//   sharding     where trainable weights, gradients, optimizer state and frozen weights live (sharding.ts),
//                with the placement flags overriding each part
//   activations  the activation policy: none, full per-block checkpointing or selective (request setting)
// A strategy name is a preset of the first three; a request may change any axis of its preset.

import { ADAPTERS } from '../adapter/adapters.js';
import type { Graph } from '../graph/types.js';
import type { AdapterName, BAdamOptions, LisaOptions, PlacementOptions, ScheduleName, SegPropOptions, ShardingName, StrategyName } from '../vocabulary.js';
import { badamSchedule, DEFAULT_BADAM } from './badam.js';
import { DEFAULT_LISA, lisaSchedule } from './lisa.js';
import type { Placement } from './placement.js';
import { e2eSchedule, segpropSchedule, type Stage } from './schedule.js';
import { SHARDINGS } from './sharding.js';

/** The axes of a strategy. */
export interface StrategyAxes {
  schedule: ScheduleName;
  adapter: AdapterName;
  sharding: ShardingName;
}

export interface Strategy extends StrategyAxes {
  /** the preset it was named by */
  name: StrategyName;
  stages: Stage[];
  placement: Placement;
}

const PRESETS: Readonly<Record<StrategyName, StrategyAxes>> = {
  e2e: { schedule: 'e2e', adapter: 'none', sharding: 'ddp' },
  zero1: { schedule: 'e2e', adapter: 'none', sharding: 'zero1' },
  zero2: { schedule: 'e2e', adapter: 'none', sharding: 'zero2' },
  fsdp: { schedule: 'e2e', adapter: 'none', sharding: 'fsdp' },
  hybrid: { schedule: 'e2e', adapter: 'none', sharding: 'hybrid' },
  'fsdp-offload': { schedule: 'e2e', adapter: 'none', sharding: 'fsdp-offload' },
  // frozen and trainable parts sharded across the GPUs, nothing offloaded (override with the placement flags)
  segprop: { schedule: 'segprop', adapter: 'none', sharding: 'fsdp' },
  // BAdam and LISA as their papers run them: every GPU holds the whole model (single-GPU or DDP)
  badam: { schedule: 'badam', adapter: 'none', sharding: 'ddp' },
  lisa: { schedule: 'lisa', adapter: 'none', sharding: 'ddp' },
  // adapters beside a frozen base (docs/strategies.md): the frozen base and the few adapters replicated, as PEFT runs
  lora: { schedule: 'e2e', adapter: 'lora', sharding: 'ddp' },
  qlora: { schedule: 'e2e', adapter: 'qlora', sharding: 'ddp' },
};

/** Every strategy preset a request may name, in the table's order (the CLI's choices come from here). */
export const STRATEGY_NAMES = Object.keys(PRESETS) as StrategyName[];

/** The defaults of the CLI and the paper scenario: segments of 8 layers, a global head of 2, a prefix stage of 8. */
export const DEFAULT_SEGPROP: SegPropOptions = { segmentSize: 8, headDepth: 2, prefixDepth: 8, forward: 'full' };

/** The layouts a schedule may read (each schedule reads its own; absent ones take their defaults). */
export interface ScheduleOptions {
  segprop?: SegPropOptions;
  badam?: BAdamOptions;
  lisa?: LisaOptions;
}

/** Each schedule's stages, and the key its stages are cached under (a layout's options). */
const SCHEDULES: Readonly<Record<ScheduleName, { stages(graph: Graph, o: ScheduleOptions): Stage[]; key(o: ScheduleOptions): string }>> = {
  e2e: { stages: (graph) => e2eSchedule(graph), key: () => 'e2e' },
  segprop: {
    stages: (graph, o) => segpropSchedule(graph, o.segprop ?? DEFAULT_SEGPROP),
    // a layout gives its segment size or its number of segments (the other is absent)
    key: ({ segprop: s = DEFAULT_SEGPROP }) => `segprop|${s.segmentSize ?? '-'}|${s.segments ?? '-'}|${s.headDepth}|${s.prefixDepth}|${s.forward}`,
  },
  // the switch interval and the period change no stage (only the schedule's totals), yet are checked with the layout
  badam: {
    stages: (graph, o) => badamSchedule(graph, o.badam ?? DEFAULT_BADAM),
    key: ({ badam: b = DEFAULT_BADAM }) => `badam|${b.blockSize ?? '-'}|${b.blocks ?? '-'}|${b.switchEvery}`,
  },
  lisa: {
    stages: (graph, o) => lisaSchedule(graph, o.lisa ?? DEFAULT_LISA),
    key: ({ lisa: l = DEFAULT_LISA }) => `lisa|${l.layers}|${l.period}`,
  },
};

export const SCHEDULE_NAMES = Object.keys(SCHEDULES) as ScheduleName[];

/** Adapters (src/adapter/adapters.ts): 'none' trains every weight of a training block; 'lora' and 'qlora' train adapters beside a frozen base. */
export const ADAPTER_NAMES = Object.keys(ADAPTERS) as AdapterName[];

/** What a request may change of its preset. */
export interface StrategyChoice extends Partial<StrategyAxes> {
  strategy: StrategyName;
  placement?: Partial<PlacementOptions>;
}

/** A preset's axes with the request's own choices. */
export function strategyAxes(choice: StrategyChoice): StrategyAxes {
  const preset = PRESETS[choice.strategy];
  return { schedule: choice.schedule ?? preset.schedule, adapter: choice.adapter ?? preset.adapter, sharding: choice.sharding ?? preset.sharding };
}

/** A sharding's placement with the user's overrides (each part independently). */
export function placementOf(sharding: ShardingName, override: Partial<PlacementOptions> | undefined): Placement {
  const base = SHARDINGS[sharding];
  const trainable = { ...base.trainable, ...override?.trainable };
  // every placement built by one literal, field by field: a spread of the table's entry may share its hidden class,
  // and then overwriting a field V8 had seen as constant deoptimizes the engine code that read placements
  return {
    trainable: { weights: trainable.weights, gradients: trainable.gradients, optimizer: trainable.optimizer },
    frozen: override?.frozen ?? base.frozen,
    group: base.group,
    ddpBuckets: base.ddpBuckets,
  };
}

/** A preset's placement with the user's overrides. */
export function placementFor(name: StrategyName, override: Partial<PlacementOptions> | undefined): Placement {
  return placementOf(PRESETS[name].sharding, override);
}

export function composeStrategy(graph: Graph, choice: StrategyChoice, layouts: ScheduleOptions): Strategy {
  const axes = strategyAxes(choice);
  return { name: choice.strategy, ...axes, stages: scheduleOf(graph, axes.schedule, layouts), placement: placementOf(axes.sharding, choice.placement) };
}

// The dashboard and repeated plans ask for the same schedules again and again (a key's neighbours, the E2E
// columns): keep the latest few per graph, so that their stages (and the runs they hold) are built once. A sweep
// visits each layout once, so what is kept must not cost it: the few are kept in a ring of slots, each
// overwritten in turn. A Map that is cleared or rehashed leaves its old hash table in old space until the next
// full collection, and the scavenger keeps alive and promotes every young stage that table still points to: the
// 2,000-plan sweep promoted all of its stages (20 MB) that way. And few: a stage kept across two scavenges (a few
// hundred plans apart in a sweep) is promoted as well.
const KEPT_SCHEDULES = 16;

interface KeptSchedules {
  keys: string[];
  stages: (readonly Stage[])[];
  /** the slot the next new schedule overwrites */
  next: number;
}

const schedules = new WeakMap<Graph, KeptSchedules>();

function scheduleOf(graph: Graph, name: ScheduleName, layouts: ScheduleOptions): Stage[] {
  const schedule = SCHEDULES[name];
  const key = schedule.key(layouts);
  let kept = schedules.get(graph);
  if (!kept) schedules.set(graph, (kept = { keys: [], stages: [], next: 0 }));
  const found = kept.keys.indexOf(key);
  if (found >= 0) return kept.stages[found] as Stage[];
  const stages = schedule.stages(graph, layouts);
  kept.keys[kept.next] = key;
  kept.stages[kept.next] = stages;
  kept.next = (kept.next + 1) % KEPT_SCHEDULES;
  return stages;
}
