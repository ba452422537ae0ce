// plan(): one training configuration in, per-stage memory, max micro-batch, FLOPs, time and throughput out.

import { UserError } from '../errors.js';
import { limitProblem, type LimitName } from '../spec/limits.js';
import { buildGraph } from '../graph/build.js';
import type { Graph } from '../graph/types.js';
import { countParams } from '../cost/params.js';
import { makeCluster } from '../hardware/cluster.js';
import { peakFlops } from '../hardware/peak-flops.js';
import type { Cluster } from '../hardware/types.js';
import { maxMicroBatch, peakAt } from '../memory/max-batch.js';
import { type MemoryEvent, stageMemory, type StageMemory, SummaryCache } from '../memory/stage-memory.js';
import { optimizerPolicy } from '../precision/optimizer.js';
import { precisionPolicy } from '../precision/precision.js';
import { runtimeOverheadBytes } from '../runtime/overhead.js';
import { runtimeProfile } from '../runtime/profiles.js';
import type { Stage } from '../strategy/schedule.js';
import { composeStrategy, DEFAULT_SEGPROP, type Strategy } from '../strategy/strategy.js';
import { segpropLayout } from '../strategy/schedule.js';
import { matmulEfficiency } from '../time/efficiency.js';
import { stepTime, type StepTime } from '../time/step-time.js';
import { trainingEstimate } from '../time/time-to-train.js';
import type { MemoryBreakdown, PeakEvent, PlanRequest, PlanResult, StagePlan } from './types.js';

/** Reused across plans of one sweep: graphs per (model, sequence, attention) and block summaries. */
export interface PlanCache {
  graphs: Map<string, Graph>;
  summaries: SummaryCache;
}

export function newPlanCache(): PlanCache {
  return { graphs: new Map(), summaries: new SummaryCache() };
}

const DEFAULT_STEPS_PER_STAGE = 1000;

function positiveInt(value: number, flag: string, limit: LimitName): void {
  if (!Number.isInteger(value) || value < 1) throw new UserError(`${flag} ${value}: must be a positive integer`);
  const over = limitProblem(limit, value);
  if (over) throw new UserError(`${flag}: ${over}`);
}

export function planGraph(req: Pick<PlanRequest, 'model' | 'seqLen' | 'attention'>, cache?: PlanCache): Graph {
  const m = req.model;
  if ((m.family === 'decoder' || m.family === 'encoder') && req.seqLen > m.maxPositions && (m.family === 'encoder' || m.positions === 'learned')) {
    throw new UserError(`--seq-len ${req.seqLen}: ${m.name} has learned positions for at most ${m.maxPositions} tokens`);
  }
  // fused causal kernels (FlashAttention) skip the masked half of the score and value products
  const key = `${m.name}|${JSON.stringify(m)}|${req.seqLen}|${req.attention}`;
  let g = cache?.graphs.get(key);
  if (!g) {
    g = buildGraph(m, { seqLen: req.seqLen, causalHalf: req.attention === 'flash' });
    cache?.graphs.set(key, g);
  }
  return g;
}

function peakEventOf(e: MemoryEvent): PeakEvent {
  return { event: e.label, phase: e.phase, blockIndex: e.blockIndex };
}

function breakdown(e: MemoryEvent, b: number, bytes: number, hostBytes: number): MemoryBreakdown {
  let transient = 0;
  for (const l of e.transient) transient = Math.max(transient, l.c + l.d * b);
  return {
    peakBytes: Math.round(bytes),
    weights: Math.round(e.weights),
    gradients: Math.round(e.gradients),
    optimizer: Math.round(e.optimizer),
    activations: Math.round(e.activations.c + e.activations.d * b),
    transient: Math.round(transient),
    gather: Math.round(e.gather),
    overhead: Math.round(e.overhead),
    hostBytes: Math.round(hostBytes),
  };
}

export interface Evaluated {
  cluster: Cluster;
  strategy: Strategy;
  memories: StageMemory[];
  stageMax: number[];
}

/** What one sample of the micro-batch is, in the model's own terms. */
function sampleDescription(req: PlanRequest): string {
  const m = req.model;
  switch (m.family) {
    case 'decoder':
    case 'encoder':
      return `${req.seqLen} tokens`;
    case 'vit':
    case 'resnet':
      return `${m.imageSize}×${m.imageSize} image`;
    case 'generic':
      return 'features' in m.input ? `${m.input.features} features` : `${m.input.height}×${m.input.width} image`;
  }
}

/** Fixed per-GPU bytes of the runtime: the user's figure, or the documented default (CUDA context). */
function overheadOf(req: PlanRequest): number {
  return req.runtimeOverheadBytes ?? runtimeOverheadBytes(req.runtime);
}

/** GPU memory a plan may fill: the GPU's, less the share held back for the allocator's fragmentation. */
function usableBytes(req: PlanRequest, cluster: Cluster): number {
  return Math.floor(cluster.gpu.memoryBytes * (1 - (req.allocatorReserve ?? 0)));
}

export function evaluateMemory(req: PlanRequest, graph: Graph, cache: PlanCache | undefined, strategyName = req.strategy): Evaluated {
  const cluster = makeCluster({ gpu: req.gpu, gpus: req.gpus, nodes: req.nodes });
  const gpus = cluster.gpusPerNode * cluster.nodes;
  const strategy = composeStrategy(graph, strategyName, req.segprop, strategyName === req.strategy ? req.placement : undefined);
  const common = {
    graph,
    policy: req.checkpointing,
    profile: runtimeProfile(req.runtime),
    precision: precisionPolicy(req.precision),
    optimizer: optimizerPolicy(req.optimizer),
    placement: strategy.placement,
    attention: req.attention,
    gpus,
    gpusPerNode: cluster.gpusPerNode,
    overheadBytes: overheadOf(req),
    cache: cache?.summaries,
  };
  const memories = strategy.stages.map((s: Stage) => stageMemory({ ...common, roles: s.roles }));
  const stageMax = memories.map((m) => maxMicroBatch(m.events, usableBytes(req, cluster)));
  return { cluster, strategy, memories, stageMax };
}

/** The GPU's peak for the compute dtype and the fraction of it that matmuls reach. */
function computeRate(req: PlanRequest, cluster: Cluster) {
  const dtype = precisionPolicy(req.precision).activationDtype;
  const peak = peakFlops(cluster.gpu, dtype);
  // the measured matmul rates are 16-bit; fp32 runs at its dense peak
  const efficiency = dtype === 'fp32' ? { value: 1, basis: 'fp32: dense peak' } : matmulEfficiency(cluster.gpu.id, peak.flopsPerSec);
  return { peak, efficiency };
}

function timeOf(req: PlanRequest, graph: Graph, ev: Evaluated, roles: Stage['roles'], b: number): StepTime {
  const { peak, efficiency } = computeRate(req, ev.cluster);
  return stepTime({
    graph, roles, policy: req.checkpointing, profile: runtimeProfile(req.runtime), precision: precisionPolicy(req.precision),
    optimizer: optimizerPolicy(req.optimizer), placement: ev.strategy.placement, cluster: ev.cluster,
    attention: req.attention, microBatch: b, peakFlopsPerSec: peak.flopsPerSec, efficiency: efficiency.value,
  });
}

export function plan(req: PlanRequest, cache?: PlanCache): PlanResult {
  positiveInt(req.seqLen, '--seq-len', 'sequence');
  positiveInt(req.gpus, '--gpus', 'gpus');
  if (req.nodes !== undefined) positiveInt(req.nodes, '--nodes', 'nodes');
  if (req.microBatch !== 'auto') positiveInt(req.microBatch, '--micro-batch', 'microBatch');
  if (req.stepsPerStage !== undefined) positiveInt(req.stepsPerStage, '--steps-per-stage', 'steps');
  const gpuMemoryOver = limitProblem('memory', req.gpu.memoryBytes);
  if (gpuMemoryOver) throw new UserError(`GPU memory of ${req.gpu.id}: ${gpuMemoryOver}`);
  const overheadOver = limitProblem('memory', req.runtimeOverheadBytes ?? 0);
  if (overheadOver) throw new UserError(`--runtime-overhead: ${overheadOver}`);
  const reserve = req.allocatorReserve ?? 0;
  if (!(reserve >= 0 && reserve < 1)) throw new UserError(`--allocator-reserve ${reserve}: must be a fraction from 0 to below 1`);
  if (req.runtimeOverheadBytes !== undefined && !(req.runtimeOverheadBytes >= 0)) {
    throw new UserError(`--runtime-overhead: must be a non-negative amount of bytes`);
  }
  const graph = planGraph(req, cache);
  const ev = evaluateMemory(req, graph, cache);
  const { cluster, strategy, memories, stageMax } = ev;
  const gpus = cluster.gpusPerNode * cluster.nodes;
  const maxB = Math.min(...stageMax);
  const b = req.microBatch === 'auto' ? Math.max(1, maxB) : req.microBatch;
  const capacity = usableBytes(req, cluster);
  const { peak: peakRate, efficiency: eff } = computeRate(req, cluster);

  const stages: StagePlan[] = strategy.stages.map((stage, k) => {
    const mem = memories[k];
    const peak = peakAt(mem.events, b);
    const t = timeOf(req, graph, ev, stage.roles, b);
    return {
      index: stage.index,
      name: stage.name,
      roles: stage.roles,
      trainableParams: mem.trainableParams,
      flops: t.flops,
      memory: breakdown(peak.event, b, peak.bytes, mem.hostBytesPerNode),
      peakEvent: peakEventOf(peak.event),
      maxMicroBatch: stageMax[k],
      stepTimeSeconds: t.seconds,
      time: { compute: t.compute, memory: t.memory, communication: t.communication, offload: t.offload, optimizer: t.optimizer },
      fits: peak.bytes <= capacity,
    };
  });

  let binding = 0;
  stages.forEach((s, k) => {
    if (s.memory.peakBytes > stages[binding].memory.peakBytes) binding = k;
  });
  const steps = req.stepsPerStage ?? DEFAULT_STEPS_PER_STAGE;
  const totalSeconds = stages.reduce((s, st) => s + st.stepTimeSeconds, 0) * steps;
  const samples = b * gpus * steps * stages.length;
  const modelFlops = stages.reduce((s, st) => s + st.flops.forward + st.flops.inputGrad + st.flops.weightGrad, 0) * steps * gpus;
  const hardwareFlops = stages.reduce((s, st) => s + st.flops.total, 0) * steps * gpus;
  const peakTotal = peakRate.flopsPerSec * gpus * totalSeconds;
  const params = countParams(graph);
  const fitsHost = stages.every((s) => s.memory.hostBytes <= cluster.hostMemoryBytes);

  let schedule: PlanResult['schedule'];
  let segpropSettings: PlanResult['settings']['segprop'];
  if (req.strategy === 'segprop') {
    const opts = req.segprop ?? DEFAULT_SEGPROP;
    segpropSettings = { ...opts, segmentSize: segpropLayout(graph, opts).segmentSize };
    // E2E with the same placement gives every body layer the same number of updates in `steps` steps
    const e2e = evaluateMemory({ ...req, placement: strategy.placement }, graph, cache, 'e2e');
    const t = timeOf(req, graph, e2e, e2e.strategy.stages[0].roles, b);
    schedule = {
      stepsPerStage: steps,
      totalFlops: hardwareFlops,
      totalSeconds,
      e2eFlops: t.flops.total * steps * gpus,
      e2eSeconds: t.seconds * steps,
    };
  }

  return {
    model: {
      name: graph.modelName,
      family: req.model.family,
      input: sampleDescription(req),
      tokensPerSample: graph.tokensPerSample,
      params: { total: params.total, active: params.active, trainable: Math.max(...stages.map((s) => s.trainableParams)), embedding: params.embedding },
    },
    strategy: req.strategy,
    settings: {
      gpu: cluster.gpu.id, gpus, nodes: cluster.nodes, gpuMemoryBytes: capacity, hostMemoryBytes: cluster.hostMemoryBytes, seqLen: req.seqLen, microBatch: b,
      precision: req.precision, optimizer: req.optimizer, checkpointing: req.checkpointing, attention: req.attention,
      runtime: req.runtime, placement: strategy.placement, ...(segpropSettings ? { segprop: segpropSettings } : {}),
    },
    stages,
    peakBytes: stages[binding].memory.peakBytes,
    bindingStage: binding,
    bindingEvent: stages[binding].peakEvent,
    maxMicroBatch: maxB,
    fits: fitsHost && stages.every((s) => s.fits),
    fitsHost,
    throughput: { samplesPerSecond: samples / totalSeconds, tokensPerSecond: (samples * graph.tokensPerSample) / totalSeconds },
    mfu: modelFlops / peakTotal,
    hfu: hardwareFlops / peakTotal,
    ...(schedule ? { schedule } : {}),
    ...(req.training ? { training: trainingEstimate(req.training, cluster.gpu, gpus, graph.tokensPerSample, samples / totalSeconds) } : {}),
    assumptions: {
      matmulEfficiency: eff.value,
      matmulEfficiencyBasis: eff.basis,
      peakFlopsPerSec: peakRate.flopsPerSec,
      ...(peakRate.note ? { peakFlopsNote: peakRate.note } : {}),
      runtimeOverheadBytes: overheadOf(req),
      allocatorReserve: req.allocatorReserve ?? 0,
      overlap: 'communication and host copies overlap compute within forward and within backward; optimizer step not overlapped',
      causalAttentionFlops: req.attention === 'flash' ? 'masked half skipped (fused causal kernel)' : 'full s×s products',
      ...(req.strategy === 'segprop' ? { stepsPerStage: steps } : {}),
      ...Object.fromEntries(cluster.notes.map((n, i) => [`clusterNote${i + 1}`, n])),
    },
  };
}
