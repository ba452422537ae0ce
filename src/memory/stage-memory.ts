// The memory timeline of one training step of one stage on one GPU: allocation and free events through
// forward, backward and the optimizer step, folded from per-block summaries (block-summary.ts).
//
// Every event's bytes are a constant plus a line in the micro-batch per candidate peak, so the step's peak
// is max over events of (cᵢ + dᵢ·b) and the largest micro-batch that fits follows exactly (max-batch.ts).
//
// The fold reports events to a sink. `stageMemory` collects them all (reports, the timeline chart); sweeps
// pass `compress` and a solving sink instead: inside a run of identical blocks every event's bytes change
// linearly from one block to the next (activations and gradients grow or shrink by the same amount), so
// only the run's first two and last two events can hold its maximum, and the others are not reported.

import type { Graph, Tensor } from '../graph/types.js';
import { type Autocast, autocastRegion, tensorDtypes } from '../precision/autocast.js';
import { gatheredWeightBytes, type PrecisionPolicy, unshardedGradBytes } from '../precision/precision.js';
import type { RuntimeProfile } from '../runtime/profile.js';
import { needsGather, onGpu, onHost } from '../strategy/placement.js';
import type { BlockRole } from '../strategy/roles.js';
import type { StageSetting } from '../strategy/stage-setting.js';
import { frozenWeightBytes, stageRuns, type StageRuns } from '../strategy/stage-runs.js';
import { blockPolicy, checkpointRuns } from '../strategy/checkpoint-layers.js';
import { blockWeightBytes, blockWeights } from '../adapter/block-weights.js';
import { type BlockSummary, type BlockSummaryInput, summarizeBlock } from './block-summary.js';
import { trainableTensors } from '../precision/param-tensors.js';
import { type Lin, ZERO } from './lin.js';

export interface StageMemoryInput extends StageSetting {
  /** the GPUs a sharded state is split over (the data-parallel world, or one node's under hybrid sharding) */
  gpus: number;
  /** GPUs sharing one host (for host memory per node) */
  gpusPerNode: number;
  /** fixed per-GPU bytes of the runtime (CUDA context, ...) */
  overheadBytes: number;
  /** block summaries shared across stages and configurations */
  cache?: SummaryCache;
  /** the cache's table for this setting, when the caller already holds it (sweeps) */
  table?: SummaryTable;
  /** `stageRuns(graph, roles)`, when the caller already holds it (sweeps) */
  runs?: StageRuns;
}

export type SummaryTable = (BlockSummary | undefined)[][];

/** Bytes by component at one event; activations and transient grow with the micro-batch. */
export interface MemoryEvent {
  label: string;
  phase: 'forward' | 'backward' | 'optimizer' | 'idle';
  blockIndex: number | null;
  weights: number;
  gradients: number;
  optimizer: number;
  gather: number;
  overhead: number;
  activations: Lin;
  /** candidate transient peaks during the event (upper envelope); the event's bytes use the largest */
  transient: readonly Lin[];
}

export interface StageMemory {
  events: MemoryEvent[];
  /** host memory per node for offloaded states */
  hostBytesPerNode: number;
  trainableParams: number;
  /** bytes kept for backward at the end of the forward pass */
  savedAtEndOfForward: Lin;
}

/**
 * Indices of an event's model-state bytes in the Float64Array the fold hands its sink (rewritten between events).
 * A typed array holds doubles whatever their values; an object literal whose fields start as small integers (0)
 * and later hold large byte counts changes its field representation (Smi to double), which deprecates its map
 * and discards the optimized code of the fold and of every sink that read it.
 */
export const WEIGHTS = 0;
export const GRADIENTS = 1;
export const OPTIMIZER = 2;
export const GATHER = 3;
export const OVERHEAD = 4;

/** Receives the fold's events. `fixed` = weights + gradients + optimizer + gather + overhead. */
export interface EventSink {
  event(
    phase: MemoryEvent['phase'],
    blockIndex: number,
    /** bytes by component, at WEIGHTS, GRADIENTS, OPTIMIZER, GATHER and OVERHEAD */
    parts: Float64Array,
    actC: number,
    actD: number,
    transient: readonly Lin[],
    /** added to every transient line (the gradient arriving at the block) */
    extraC: number,
    extraD: number,
  ): void;
}

export function eventBytes(e: MemoryEvent, b: number): number {
  let t = 0;
  for (const l of e.transient) t = Math.max(t, l.c + l.d * b);
  return e.weights + e.gradients + e.optimizer + e.gather + e.overhead + e.activations.c + e.activations.d * b + t;
}

// ---- per-graph constants and the summary cache ----

/** a role's slot pair in a block's summaries, by comparisons (a lookup by a varying name is a megamorphic load) */
function roleIndex(role: BlockRole): number {
  return role === 'train' ? 0 : role === 'frozen-path' ? 1 : role === 'frozen-notape' ? 2 : 3;
}

/**
 * Summaries by block, role and upstream flag, for one setting of (policy, runtime, dtype, attention).
 * Blocks with equal shape keys share their summaries.
 */
export class SummaryCache {
  private readonly tables = new Map<string, Map<Graph, (BlockSummary | undefined)[][]>>();
  // sweeps ask for the same setting many times in a row: remember the last answer
  private last: { key: readonly unknown[]; table: SummaryTable } | undefined;

  table(input: StageMemoryInput): (BlockSummary | undefined)[][] {
    const wg = weightGradBytes(input);
    const { policy, profile, attention, graph } = input;
    const dtypes = dtypeSetting(input);
    const l = this.last?.key;
    if (l && l[0] === graph && l[1] === policy && l[2] === profile && l[3] === dtypes && l[4] === attention && l[5] === wg) {
      return this.last!.table;
    }
    const setting = `${policy}|${profile.name}${profile.variant ?? ''}|${dtypes}|${attention}|${wg ?? ''}`;
    let byGraph = this.tables.get(setting);
    if (!byGraph) this.tables.set(setting, (byGraph = new Map()));
    let t = byGraph.get(graph);
    if (!t) {
      const byShape = new Map<string, (BlockSummary | undefined)[]>();
      const region = regionOf(input);
      // under autocast a block's summary depends on the dtype of its input too
      const inDtype = region ? tensorDtypes(graph, region) : undefined;
      t = graph.blocks.map((b) => {
        const key = `${b.kind}|${b.shapeKey}${inDtype ? `|${inDtype.get(b.input.id) ?? ''}` : ''}`;
        let slots = byShape.get(key);
        // slots 8-15: the shape left unwrapped under `checkpointEvery` (src/strategy/checkpoint-layers.ts)
        if (!slots) byShape.set(key, (slots = new Array(16).fill(undefined)));
        return slots;
      });
      byGraph.set(graph, t);
    }
    this.last = { key: [graph, policy, profile, dtypes, attention, wg], table: t };
    return t;
  }
}

/** torch.autocast's region when the recipe autocasts on a runtime that has it (src/precision/autocast.ts) */
function regionOf(input: Pick<StageMemoryInput, 'precision' | 'profile'>): Autocast | undefined {
  return autocastRegion(input.precision.autocast, input.profile.autocastDevice);
}

/** what decides every activation's dtype: one dtype, or an autocast region (its half dtype and op lists) */
function dtypeSetting(input: Pick<StageMemoryInput, 'precision' | 'profile'>): string {
  const region = regionOf(input);
  return region ? `autocast-${region.half}-${region.device}` : input.precision.activationDtype;
}

/** bytes per weight-gradient element when the summaries place each weight gradient at its op (profile opt-in, replicated gradients) */
function weightGradBytes(input: StageMemoryInput): number | undefined {
  return input.profile.weightGradientsPerOp && input.placement.trainable.gradients === 'replicated' ? input.precision.gradBytes : undefined;
}

function summaryFor(input: StageMemoryInput, table: (BlockSummary | undefined)[][], i: number, role: BlockRole, upstream: boolean): BlockSummary {
  const policy = blockPolicy(input.graph.blocks, i, input.policy, input.checkpointEvery);
  // slots 8-15: the shape left unwrapped under `checkpointEvery`
  const slot = roleIndex(role) * 2 + (upstream ? 1 : 0) + (policy !== input.policy ? 8 : 0);
  const slots = table[i]!;
  let s = slots[slot];
  if (!s) {
    s = summarizeBlock({
      block: input.graph.blocks[i]!,
      role,
      upstreamTrains: upstream,
      policy,
      profile: input.profile,
      dtype: input.precision.activationDtype,
      attention: input.attention,
      weightGradBytes: weightGradBytes(input),
      ...autocastOf(input),
    });
    slots[slot] = s;
  }
  return s;
}

function autocastOf(input: StageMemoryInput): { autocast?: BlockSummaryInput['autocast'] } {
  const region = regionOf(input);
  return region ? { autocast: { region, dtypes: tensorDtypes(input.graph, region) } } : {};
}

// ---- the fold ----

export interface FoldResult {
  hostBytesPerNode: number;
  trainableParams: number;
  savedAtEndOfForward: Lin;
}

interface IoBytes {
  graphInC: number;
  graphInD: number;
  inC: Float64Array;
  inD: Float64Array;
  outC: Float64Array;
  outD: Float64Array;
}

const ioOf = new WeakMap<Graph, Map<string, IoBytes>>();

/** Bytes of every block's input and output tensors (constant and per-sample parts) under a runtime and dtype. */
let lastIo: { graph: Graph; profile: RuntimeProfile; dtype: string; io: IoBytes } | undefined;

function ioBytes(graph: Graph, profile: RuntimeProfile, precision: PrecisionPolicy): IoBytes {
  const dtype = dtypeSetting({ precision, profile });
  // sweeps fold many stages of one graph in a row: remember the last answer
  if (lastIo && lastIo.graph === graph && lastIo.profile === profile && lastIo.dtype === dtype) return lastIo.io;
  const io = ioBytesOf(graph, profile, precision, dtype);
  lastIo = { graph, profile, dtype, io };
  return io;
}

function ioBytesOf(graph: Graph, profile: RuntimeProfile, precision: PrecisionPolicy, setting: string): IoBytes {
  let byKey = ioOf.get(graph);
  if (!byKey) ioOf.set(graph, (byKey = new Map()));
  const key = `${profile.name}|${setting}`;
  let io = byKey.get(key);
  if (!io) {
    const region = regionOf({ precision, profile });
    const dtypes = region ? tensorDtypes(graph, region) : undefined;
    const bpe = (t: Tensor) => profile.bytesPerElement(t.role, dtypes?.get(t.id) ?? precision.activationDtype);
    const c = (t: Tensor) => (t.fixed ?? 0) * bpe(t);
    const d = (t: Tensor) => t.perSample * bpe(t);
    const bl = graph.blocks;
    io = {
      graphInC: c(graph.input),
      graphInD: d(graph.input),
      inC: Float64Array.from(bl, (b) => c(b.input)),
      inD: Float64Array.from(bl, (b) => d(b.input)),
      outC: Float64Array.from(bl, (b) => c(b.output)),
      outD: Float64Array.from(bl, (b) => d(b.output)),
    };
    byKey.set(key, io);
  }
  return io;
}

// per-fold scratch space, reused (a fold never calls another fold)
let scratchSums: BlockSummary[] = new Array(64);
let scratchGather = new Float64Array(130);
// per run: gradient bytes its blocks' backward creates, and the unsharded gradient each holds until reduced; typed
// arrays, so that sums of byte counts are compiled as double arithmetic from the start (small models' counts fit
// an int32, and a sum of them speculated as one deoptimizes the fold when a larger model's overflows)
let scratchOwnGrads = new Float64Array(64);
let scratchUnshardedGrads = new Float64Array(64);
const scratchParts = new Float64Array(5);

export function foldStage(input: StageMemoryInput, sink: EventSink, compress: boolean): FoldResult {
  const { graph, roles, precision: p, optimizer: o, placement: pl, gpus, profile } = input;
  const params = blockWeights(graph);
  const table = input.table ?? (input.cache ?? new SummaryCache()).table(input);
  const io = ioBytes(graph, profile, p);
  const stage = checkpointRuns(input.runs ?? stageRuns(graph, roles), graph.blocks, input.policy, input.checkpointEvery);
  const { runs, trainable, tiedGradParams } = stage;
  const frozenBytes = frozenWeightBytes(stage, p.weightBytes);
  const tensors = trainableTensors(graph, stage);
  const nr = runs.length;
  if (scratchSums.length < nr) scratchSums = new Array(2 * nr);
  if (scratchGather.length < nr + 2) scratchGather = new Float64Array(2 * nr + 2);
  if (scratchOwnGrads.length < nr) {
    scratchOwnGrads = new Float64Array(2 * nr);
    scratchUnshardedGrads = new Float64Array(2 * nr);
  }
  const sums = scratchSums;
  // bytes of one block's weights to gather before it runs (0 when they are replicated)
  const gather = scratchGather;
  gather[0] = 0;
  gather[nr + 1] = 0;
  const gatherTrainable = needsGather(pl.trainable.weights, gpus);
  const gatherFrozen = needsGather(pl.frozen, gpus);
  const ownGradsOf = scratchOwnGrads;
  const unshardedGradsOf = scratchUnshardedGrads;
  const unsharded = pl.trainable.gradients !== 'replicated';
  for (let r = 0; r < nr; r++) {
    const run = runs[r]!;
    const i = run.first;
    sums[r] = summaryFor(input, table, i, run.role, run.up);
    const trains = run.role === 'train';
    // the parameters whose gradients the block's backward produces
    const P = trains ? params[i]!.trainable : 0;
    // a runtime that keeps gradient contributions (tfjs) accounts the tied table's gradient in its summaries
    const tied = !trains || profile.gradientAccumulation === 'keep-contributions' ? 0 : (tiedGradParams.get(i) ?? 0);
    ownGradsOf[r] = trains ? onGpu((P + tied) * p.gradBytes, pl.trainable.gradients, gpus) : 0;
    unshardedGradsOf[r] = trains && unsharded ? P * unshardedGradBytes(p) : 0;
    gather[r + 1] = 0;
    if (!gatherTrainable && !gatherFrozen) continue;
    // a training block under an adapter holds both: trainable adapters and frozen base weights (gathered in the
    // dtype FSDP MixedPrecision casts its shards to)
    const w = blockWeightBytes(params[i]!, run.role === 'train', gatheredWeightBytes(p));
    gather[r + 1] = (gatherTrainable ? w.trainable : 0) + (gatherFrozen ? w.frozen : 0);
  }

  // ---- model states, constant through the step ----
  const weights = onGpu(trainable * p.weightBytes, pl.trainable.weights, gpus) + onGpu(frozenBytes, pl.frozen, gpus);
  // a loss scaler's state stays on the GPU whatever the placement (torch.cuda.amp.GradScaler)
  const optimizerStates = trainable * (p.masterBytes + o.stateBytes(p, tensors));
  const optimizer = onGpu(optimizerStates, pl.trainable.optimizer, gpus) + (trainable > 0 ? (p.lossScalerBytes ?? 0) : 0);
  // PyTorch DDP (gradient_as_bucket_view=False, the default) keeps flat bucket copies of all gradients
  const ddpBuckets = gpus > 1 && pl.ddpBuckets && pl.trainable.gradients === 'replicated' && profile.name === 'pytorch' ? trainable * p.gradBytes : 0;
  const hostPerGpu =
    onHost(trainable * p.weightBytes, pl.trainable.weights, gpus) +
    onHost(frozenBytes, pl.frozen, gpus) +
    onHost(optimizerStates, pl.trainable.optimizer, gpus) +
    // an optimizer on the CPU reads the gradients there: they are copied to host memory even when kept on the GPU
    onHost(trainable * p.gradBytes, pl.trainable.optimizer === 'offloaded' ? 'offloaded' : pl.trainable.gradients, gpus);
  // gradient accumulation: from the second micro-batch of a step on, every gradient exists through forward and
  // backward (PyTorch adds into .grad; DDP under no_sync keeps them replicated, FSDP its reduce-scattered shards),
  // and a block's backward adds a fresh gradient into it; that later micro-batch bounds the first
  const accumulated = (input.gradAccum ?? 1) > 1 ? onGpu(trainable * p.gradBytes, pl.trainable.gradients, gpus) : 0;
  const parts = scratchParts;
  parts[WEIGHTS] = weights;
  parts[OPTIMIZER] = optimizer;
  parts[OVERHEAD] = input.overheadBytes;

  // ---- forward ----
  let heldC = 0;
  let heldD = 0;
  let boundC = io.graphInC;
  let boundD = io.graphInD;
  let boundHeld = false;
  // autocast's cached weight copies: alive until the forward ends, not kept for backward
  let cachedC = 0;
  let cachedD = 0;
  for (let r = 0; r < nr; r++) {
    const run = runs[r]!;
    const s = sums[r]!;
    const i0 = run.first;
    const outC = io.outC[i0]!;
    const outD = io.outD[i0]!;
    for (let k = run.a; k <= run.b; k++) {
      if (compress && k === run.a + 2 && run.b - run.a >= 4) {
        // blocks a+2 .. b-2: every step adds the same bytes and reports an event between its neighbours'
        const count = run.b - run.a - 3;
        const keepsBoundary = s.savesInput && !s.savesOutput;
        heldC += count * ((keepsBoundary ? outC : 0) + s.held.c);
        heldD += count * ((keepsBoundary ? outD : 0) + s.held.d);
        cachedC += count * s.cachedUntilForwardEnds.c;
        cachedD += count * s.cachedUntilForwardEnds.d;
        k = run.b - 2;
        continue;
      }
      parts[GRADIENTS] = ddpBuckets + accumulated;
      parts[GATHER] = gather[r + 1]! + (k < run.b ? gather[r + 1]! : gather[r + 2]!);
      sink.event(
        'forward',
        i0 + k - run.a,
        parts,
        cachedC + (boundHeld ? heldC : heldC + boundC),
        cachedD + (boundHeld ? heldD : heldD + boundD),
        s.forwardPeak,
        0,
        0,
      );
      if (s.savesInput && !boundHeld) {
        heldC += boundC;
        heldD += boundD;
      }
      heldC += s.held.c;
      heldD += s.held.d;
      cachedC += s.cachedUntilForwardEnds.c;
      cachedD += s.cachedUntilForwardEnds.d;
      boundC = outC;
      boundD = outD;
      boundHeld = s.savesOutput;
    }
  }
  const savedAtEndOfForward = { c: heldC, d: heldD };

  // ---- backward, from the loss to the earliest block that back-propagates ----
  const keepForward = profile.keepsAllForwardOutputs;
  const keepGrads = profile.keepsGradientsUntilEnd;
  let grads = ddpBuckets + accumulated;
  // bytes each block's backward adds to the step's gradients (none when they are all there already)
  const gradsGrow = accumulated > 0 ? 0 : 1;
  let gOutC = 0;
  let gOutD = 0;
  let keptC = 0;
  let keptD = 0;
  backward: for (let r = nr - 1; r >= 0; r--) {
    const run = runs[r]!;
    const s = sums[r]!;
    if (!s.hasBackward) break;
    const i0 = run.first;
    const ownGrads = ownGradsOf[r]!;
    const inC = io.inC[i0]!;
    const inD = io.inD[i0]!;
    // the input tensor is released with the block unless the block before keeps it as its output
    const releasesInRun = s.savesInput && !s.savesOutput;
    const releasesAtStart = s.savesInput && !(r > 0 && sums[r - 1]!.savesOutput);
    for (let k = run.b; k >= run.a; k--) {
      if (compress && k === run.b - 2 && run.b - run.a >= 4) {
        const count = run.b - run.a - 3;
        grads += gradsGrow * count * ownGrads;
        if (!keepForward) {
          heldC -= count * (s.held.c + (releasesInRun ? inC : 0));
          heldD -= count * (s.held.d + (releasesInRun ? inD : 0));
        }
        if (keepGrads) {
          keptC += count * s.keptGradients.c;
          keptD += count * s.keptGradients.d;
        }
        k = run.a + 2;
        continue;
      }
      // summaries that place weight gradients at their ops carry the block's own in their peak lines
      parts[GRADIENTS] = s.weightGradsInPeak ? grads : grads + ownGrads;
      parts[GATHER] = gather[r + 1]! + (k > run.a ? gather[r + 1]! : gather[r]!) + unshardedGradsOf[r]!;
      sink.event('backward', i0 + k - run.a, parts, heldC + keptC, heldD + keptD, s.backwardPeak, gOutC, gOutD);
      grads += gradsGrow * ownGrads;
      if (!keepForward) {
        heldC -= s.held.c;
        heldD -= s.held.d;
        if (k > run.a ? releasesInRun : releasesAtStart) {
          heldC -= inC;
          heldD -= inD;
        }
      }
      if (keepGrads) {
        keptC += s.keptGradients.c;
        keptD += s.keptGradients.d;
        gOutC = 0;
        gOutD = 0;
      } else {
        gOutC = s.inputGrad.c;
        gOutD = s.inputGrad.d;
      }
      if (k === 0) break backward;
    }
  }

  // ---- optimizer step ----
  // step()'s temporaries, on the GPU that steps the (sharded) optimizer; a CPU optimizer holds none on the GPU
  const stepWorkspace = onGpu(o.stepTransientBytes(p, tensors), pl.trainable.optimizer, gpus);
  // clip_grad_norm_ runs before step() on the GPU that holds the gradients: one norm per tensor, sharded or not
  const clip = pl.trainable.gradients === 'offloaded' ? 0 : o.clipTransientBytes(p, tensors);
  parts[GRADIENTS] = grads;
  parts[GATHER] = 0;
  sink.event('optimizer', -1, parts, 0, 0, stepLinesOf(stepWorkspace, clip), 0, 0);

  return { hostBytesPerNode: hostPerGpu * input.gpusPerNode, trainableParams: trainable, savedAtEndOfForward };
}

const NO_LINES: readonly Lin[] = Object.freeze([]);

/** The optimizer step's transient lines: step()'s temporaries and clipping's, those that exist. */
function stepLinesOf(workspace: number, clip: number): readonly Lin[] {
  if (workspace > 0 && clip > 0)
    return [
      { c: workspace, d: 0 },
      { c: clip, d: 0 },
    ];
  if (workspace > 0 || clip > 0) return [{ c: workspace + clip, d: 0 }];
  return NO_LINES;
}

function withExtra(lines: readonly Lin[], c: number, d: number): readonly Lin[] {
  if (c === 0 && d === 0) return lines;
  if (lines.length === 0) return [{ c, d }];
  return lines.map((l) => ({ c: l.c + c, d: l.d + d }));
}

/** The full timeline of a stage: every event, labelled. */
export function stageMemory(input: StageMemoryInput): StageMemory {
  const events: MemoryEvent[] = [];
  const { graph } = input;
  const sink: EventSink = {
    event(phase, blockIndex, parts, actC, actD, transient, extraC, extraD) {
      const name = blockIndex >= 0 ? graph.blocks[blockIndex]!.name : '';
      events.push({
        label: phase === 'optimizer' ? 'optimizer step' : `${phase} ${name}`,
        phase,
        blockIndex: blockIndex >= 0 ? blockIndex : null,
        weights: parts[WEIGHTS]!,
        gradients: parts[GRADIENTS]!,
        optimizer: parts[OPTIMIZER]!,
        gather: parts[GATHER]!,
        overhead: parts[OVERHEAD]!,
        activations: { c: actC, d: actD },
        transient: withExtra(transient, extraC, extraD),
      });
    },
  };
  const r = foldStage(input, sink, false);
  return { events, ...r };
}

/**
 * Bytes a stage's step packs into host memory under save_on_cpu (src/runtime/save-on-cpu.ts), per GPU and per
 * micro-batch: all of them are on the host at the end of the forward, and each crosses PCIe twice (down in
 * forward, up in backward). Zero for a profile that keeps saved tensors on the GPU.
 */
export function packedBytes(input: StageMemoryInput): Lin {
  if (!input.profile.savesOnHost) return ZERO;
  const { graph, roles } = input;
  const table = input.table ?? (input.cache ?? new SummaryCache()).table(input);
  const stage = checkpointRuns(input.runs ?? stageRuns(graph, roles), graph.blocks, input.policy, input.checkpointEvery);
  let c = 0;
  let d = 0;
  for (let r = 0; r < stage.runs.length; r++) {
    const run = stage.runs[r]!;
    const p = summaryFor(input, table, run.first, run.role, run.up).packed;
    if (!p) continue;
    c += (run.b - run.a + 1) * p.c;
    d += (run.b - run.a + 1) * p.d;
  }
  return { c, d };
}
