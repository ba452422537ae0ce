// The stage-evaluation service: the engine's one path from a training setting to numbers.
//
// An Evaluation resolves a setting once — graph, cluster, policies, the strategy's stages, the block memory
// summaries and block costs (shared by identical layers) — and then answers, per stage, from the stage's runs
// of identical blocks (src/strategy/stage-runs.ts):
//   memory          one compressed fold per stage, logged: each stage's max micro-batch, then its peak and
//                   the event that holds it at the micro-batch chosen from them    (src/memory/event-log.ts)
//   maxMicroBatches the same folds into a line-envelope solver for many GPUs at once (sweeps; max-batch.ts)
//   time            FLOPs by phase and step time over the runs                      (src/time/step-time.ts)
//   timeline        every labelled event, for reports and charts                    (src/memory/stage-memory.ts)
// plan(), the grid sweep, the dashboard (through plan) and validation's predictions all go through it, so
// a number can only be computed one way.

import type { Graph } from '../graph/types.js';
import type { Cluster } from '../hardware/types.js';
import { type MaxBatchSink } from '../memory/max-batch.js';
import { EventLog, type LoggedPeak } from '../memory/event-log.js';
import { type FoldResult, foldStage, packedBytes, type StageMemory, stageMemory, type StageMemoryInput, SummaryCache } from '../memory/stage-memory.js';
import { type Lin, ZERO } from '../memory/lin.js';
import { checkpointsSomeLayers } from '../strategy/checkpoint-layers.js';
import type { OptimizerPolicy } from '../precision/optimizer.js';
import type { PrecisionPolicy } from '../precision/precision.js';
import type { RuntimeProfile } from '../runtime/profile.js';
import type { Placement } from '../strategy/placement.js';
import type { ActivationPolicy, BlockRole } from '../strategy/roles.js';
import type { Stage } from '../strategy/schedule.js';
import type { StageRuns } from '../strategy/stage-runs.js';
import { BlockCostTable } from '../time/block-cost.js';
import { costSettingOf, stageTime, type StepTime, type StepTimeInput } from '../time/step-time.js';
import type { AttentionImpl } from '../vocabulary.js';

/** A training setting in the engine's terms: everything but which blocks train when. */
export interface EngineSetting {
  graph: Graph;
  policy: ActivationPolicy;
  /** with `full`: checkpoint only every n-th body layer (src/strategy/checkpoint-layers.ts); default 1 */
  checkpointEvery?: number;
  profile: RuntimeProfile;
  precision: PrecisionPolicy;
  optimizer: OptimizerPolicy;
  placement: Placement;
  attention: AttentionImpl;
  /** data-parallel world size and the GPUs sharing one host */
  gpus: number;
  gpusPerNode: number;
  /** fixed per-GPU bytes of the runtime */
  overheadBytes: number;
  /** micro-batches per optimizer step (gradient accumulation); default 1 */
  gradAccum?: number;
}

/** Tables shared by the evaluations of a sweep: memory summaries and block costs per setting and graph. */
export class EvaluationCache {
  readonly summaries = new SummaryCache();
  /** scratch space of Evaluation.memory(), which does not call itself */
  readonly log = new EventLog();
  private readonly costs = new Map<string, WeakMap<Graph, BlockCostTable>>();
  costTable(s: EngineSetting): BlockCostTable {
    const c = costSettingOf(s);
    const key = `${c.policy}${checkpointsSomeLayers(c.policy, c.checkpointEvery) ? c.checkpointEvery : ''}|${c.profile.name}${c.profile.variant ?? ''}|${c.dtype}|${c.attention}|${c.weightBytes}|${c.gradBytes}|${c.autocast ? `${c.autocast.region.device}-${c.autocast.region.half}` : ''}`;
    let byGraph = this.costs.get(key);
    if (!byGraph) this.costs.set(key, (byGraph = new WeakMap()));
    let t = byGraph.get(s.graph);
    if (!t) byGraph.set(s.graph, (t = new BlockCostTable(s.graph.blocks, c)));
    return t;
  }
}

/** The peak of a stage at one micro-batch and the event that holds it. */
export interface StagePeak extends LoggedPeak {
  /** e.g. "backward layers.79", "optimizer step" */
  label: string;
}

/** Every stage's memory: its largest micro-batch, and its peak at the micro-batch chosen from all of them. */
export interface StagesMemory {
  maxima: number[];
  microBatch: number;
  peaks: StagePeak[];
  states: StageStates[];
}

/** What a fold says besides its events: host bytes, trainable parameters, bytes saved for backward. */
export type StageStates = FoldResult;

const NO_ROLES: readonly BlockRole[] = Object.freeze([]);

export class Evaluation {
  private readonly input: StageMemoryInput;
  private readonly cache: EvaluationCache;
  private costs: BlockCostTable | undefined;
  private readonly log: EventLog;
  private readonly packedByStage: Lin[] = [];

  constructor(
    readonly setting: EngineSetting,
    readonly stages: readonly Stage[],
    cache: EvaluationCache = new EvaluationCache(),
  ) {
    // one object shape for every evaluation, so the fold's property reads stay monomorphic; the fold reads
    // a stage's runs (set per stage), never its role array
    this.input = {
      graph: setting.graph,
      roles: NO_ROLES,
      policy: setting.policy,
      checkpointEvery: setting.checkpointEvery,
      profile: setting.profile,
      precision: setting.precision,
      optimizer: setting.optimizer,
      placement: setting.placement,
      attention: setting.attention,
      gpus: setting.gpus,
      gpusPerNode: setting.gpusPerNode,
      overheadBytes: setting.overheadBytes,
      gradAccum: setting.gradAccum ?? 1,
      cache: cache.summaries,
      table: undefined,
      runs: undefined,
    };
    this.input.table = cache.summaries.table(this.input);
    this.cache = cache;
    this.log = cache.log;
  }

  /** the stage's executed blocks as runs of identical ones (computed once per stage, shared by its plans) */
  runsOf(k: number): StageRuns {
    return this.stages[k]!.runs;
  }

  private fold(k: number, sink: Parameters<typeof foldStage>[1]): StageStates {
    this.input.runs = this.runsOf(k);
    return foldStage(this.input, sink, true);
  }

  /**
   * The largest micro-batch that fits every stage, for each of the sink's capacities at once (a sweep solves
   * every GPU of the catalog from one fold per stage); the sink is reset first and may be reused.
   */
  maxMicroBatches(sink: MaxBatchSink): Float64Array {
    sink.reset();
    for (let k = 0; k < this.stages.length; k++) this.fold(k, sink);
    return sink.solve();
  }

  /**
   * One fold per stage answers both memory questions: each stage's largest micro-batch under `capacity`, then,
   * at the micro-batch `choose` picks from them, each stage's peak and its event.
   */
  memory(capacity: number, choose: (maxima: number[]) => number): StagesMemory {
    const log = this.log;
    log.clear();
    // plain loops and pushes: arrays built by map() in interpreted code and by its inlined form in optimized code
    // may get different elements kinds, and each difference costs a deoptimization of the code that reads them
    const n = this.stages.length;
    const marks: number[] = [log.mark()];
    const states: StageStates[] = [];
    for (let k = 0; k < n; k++) {
      states.push(this.fold(k, log));
      marks.push(log.mark());
    }
    const maxima: number[] = [];
    for (let k = 0; k < n; k++) maxima.push(log.maxMicroBatch(marks[k]!, marks[k + 1]!, capacity));
    const microBatch = choose(maxima);
    const peaks: StagePeak[] = [];
    for (let k = 0; k < n; k++) peaks.push(this.labelled(log.peakAt(marks[k]!, marks[k + 1]!, microBatch)));
    return { maxima, microBatch, peaks, states };
  }

  /** The peak with its event's label, e.g. "backward layers.79" (built once per stage, outside the folds). */
  private labelled(p: StagePeak): StagePeak {
    p.label = p.phase === 'optimizer' ? 'optimizer step' : `${p.phase} ${this.setting.graph.blocks[p.blockIndex]!.name}`;
    return p;
  }

  /** FLOPs by phase and step time of stage k at micro-batch b. */
  time(k: number, b: number, cluster: Cluster, rate: Pick<StepTimeInput, 'peakFlopsPerSec' | 'efficiency' | 'kernels'>): StepTime {
    const s = this.setting;
    return stageTime({
      graph: s.graph,
      policy: s.policy,
      checkpointEvery: s.checkpointEvery,
      profile: s.profile,
      precision: s.precision,
      optimizer: s.optimizer,
      placement: s.placement,
      attention: s.attention,
      runs: this.runsOf(k),
      costs: (this.costs ??= this.cache.costTable(s)),
      packed: this.packed(k),
      cluster,
      microBatch: b,
      // a step runs gradAccum micro-batches before its optimizer step (and counts their samples)
      gradAccum: s.gradAccum ?? 1,
      peakFlopsPerSec: rate.peakFlopsPerSec,
      efficiency: rate.efficiency,
      kernels: rate.kernels,
    });
  }

  /** Bytes stage k packs into host memory per micro-batch under save_on_cpu (zero otherwise). */
  packed(k: number): Lin {
    // plans that keep saved tensors on the GPU (all but save_on_cpu) skip the copy of the input
    if (!this.setting.profile.savesOnHost) return ZERO;
    // asked for by the host limit, the breakdown and the time of the same stage: summed once
    return (this.packedByStage[k] ??= packedBytes({ ...this.input, runs: this.runsOf(k) }));
  }

  /** Every labelled event of stage k's step (reports, charts, validation). */
  timeline(k: number): StageMemory {
    return stageMemory({ ...this.input, roles: this.stages[k]!.roles, runs: this.runsOf(k) });
  }
}
