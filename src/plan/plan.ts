// plan(): one training configuration in, per-stage memory, max micro-batch, FLOPs, time and throughput out.

import { RequestError, UserError } from '../errors.js';
import { limitProblem, type LimitName } from '../model/limits.js';
import { buildGraph } from '../graph/build.js';
import type { Graph } from '../graph/types.js';
import { countParams } from '../cost/params.js';
import { makeCluster } from '../hardware/cluster.js';
import { peakFlops } from '../hardware/peak-flops.js';
import type { Cluster } from '../hardware/types.js';
import { DEFAULT_OPTIMIZER_IMPL, optimizerPolicy } from '../precision/optimizer.js';
import { precisionPolicy } from '../precision/precision.js';
import { runtimeOverheadBytes } from '../runtime/overhead.js';
import { runtimeProfile } from '../runtime/profiles.js';
import { composeStrategy, DEFAULT_SEGPROP, type Strategy } from '../strategy/strategy.js';
import { segpropLayout } from '../strategy/schedule.js';
import { matmulEfficiency } from '../time/efficiency.js';
import { trainingEstimate } from '../time/time-to-train.js';
import type { StrategyName } from '../vocabulary.js';
import { Evaluation, EvaluationCache, type StagePeak } from './evaluation.js';
import type { MemoryBreakdown, PeakEvent, PlanRequest, PlanResult, StagePlan } from './types.js';

/** Reused across plans of one sweep: graphs per (model, sequence, attention), block summaries and costs. */
export interface PlanCache {
  graphs: Map<string, Graph>;
  /** the same graphs by the model object's identity first (no key to build for a model seen before) */
  graphsBySpec: WeakMap<object, Map<string, Graph>>;
  evaluations: EvaluationCache;
}

export function newPlanCache(): PlanCache {
  return { graphs: new Map(), graphsBySpec: new WeakMap(), evaluations: new EvaluationCache() };
}

const DEFAULT_STEPS_PER_STAGE = 1000;

function positiveInt(value: number, field: keyof PlanRequest, limit: LimitName): void {
  if (!Number.isInteger(value) || value < 1) throw new RequestError(field, value, 'must be a positive integer');
  const over = limitProblem(limit, value);
  if (over) throw new RequestError(field, undefined, over);
}

/** Every field the engine checks before planning; a library user gets the same errors as the CLI's. */
function checkRequest(req: PlanRequest): void {
  positiveInt(req.seqLen, 'seqLen', 'sequence');
  positiveInt(req.gpus, 'gpus', 'gpus');
  if (req.nodes !== undefined) positiveInt(req.nodes, 'nodes', 'nodes');
  if (req.microBatch !== 'auto') positiveInt(req.microBatch, 'microBatch', 'microBatch');
  if (req.stepsPerStage !== undefined) positiveInt(req.stepsPerStage, 'stepsPerStage', 'steps');
  if (req.gradAccum !== undefined) positiveInt(req.gradAccum, 'gradAccum', 'accumulation');
  const gpuMemoryOver = limitProblem('memory', req.gpu.memoryBytes);
  if (gpuMemoryOver) throw new UserError(`GPU memory of ${req.gpu.id}: ${gpuMemoryOver}`);
  const overheadOver = limitProblem('memory', req.runtimeOverheadBytes ?? 0);
  if (overheadOver) throw new RequestError('runtimeOverheadBytes', undefined, overheadOver);
  const reserve = req.allocatorReserve ?? 0;
  if (!(reserve >= 0 && reserve < 1)) throw new RequestError('allocatorReserve', reserve, 'must be a fraction from 0 to below 1');
  if (req.runtimeOverheadBytes !== undefined && !(req.runtimeOverheadBytes >= 0)) {
    throw new RequestError('runtimeOverheadBytes', undefined, 'must be a non-negative amount of bytes');
  }
}

export function planGraph(req: Pick<PlanRequest, 'model' | 'seqLen' | 'attention' | 'loss'>, cache?: PlanCache): Graph {
  const m = req.model;
  if ((m.family === 'decoder' || m.family === 'encoder') && req.seqLen > m.maxPositions && (m.family === 'encoder' || m.positions === 'learned')) {
    throw new RequestError('seqLen', req.seqLen, `${m.name} has learned positions for at most ${m.maxPositions} tokens`);
  }
  // fused causal kernels (FlashAttention) skip the masked half of the score and value products
  const loss = req.loss ?? 'plain';
  const setting = `${req.seqLen}|${req.attention}|${loss}`;
  let bySetting = cache?.graphsBySpec.get(m);
  let g = bySetting?.get(setting);
  if (g) return g;
  const key = `${m.name}|${JSON.stringify(m)}|${setting}`;
  g = cache?.graphs.get(key);
  if (!g) {
    g = buildGraph(
      m,
      loss === 'plain' ? { seqLen: req.seqLen, causalHalf: req.attention === 'flash' } : { seqLen: req.seqLen, causalHalf: req.attention === 'flash', loss },
    );
    cache?.graphs.set(key, g);
  }
  if (cache) {
    if (!bySetting) cache.graphsBySpec.set(m, (bySetting = new Map()));
    bySetting.set(setting, g);
  }
  return g;
}

function breakdown(p: StagePeak, hostBytes: number): MemoryBreakdown {
  return {
    peakBytes: Math.round(p.bytes),
    weights: Math.round(p.weights),
    gradients: Math.round(p.gradients),
    optimizer: Math.round(p.optimizer),
    activations: Math.round(p.activations),
    transient: Math.round(p.transient),
    gather: Math.round(p.gather),
    overhead: Math.round(p.overhead),
    hostBytes: Math.round(hostBytes),
  };
}

/** A request in the engine's terms: its cluster, its strategy's stages and their evaluation. */
export interface Resolved {
  cluster: Cluster;
  strategy: Strategy;
  evaluation: Evaluation;
  /** GPU memory a plan may fill */
  capacity: number;
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

/** Resolves a request (with another strategy's schedule when `strategyName` is given) for evaluation. */
export function resolve(req: PlanRequest, graph: Graph, cache: PlanCache | undefined, strategyName: StrategyName = req.strategy): Resolved {
  const cluster = makeCluster({ gpu: req.gpu, gpus: req.gpus, nodes: req.nodes });
  const strategy = composeStrategy(graph, strategyName, req.segprop, strategyName === req.strategy ? req.placement : undefined);
  const setting = {
    graph,
    policy: req.checkpointing,
    profile: runtimeProfile(req.runtime),
    precision: precisionPolicy(req.precision),
    optimizer: optimizerPolicy(req.optimizer, req.optimizerImpl, req.clipGrad),
    placement: strategy.placement,
    attention: req.attention,
    gpus: cluster.gpusPerNode * cluster.nodes,
    gpusPerNode: cluster.gpusPerNode,
    overheadBytes: overheadOf(req),
    gradAccum: req.gradAccum ?? 1,
  };
  const evaluation = new Evaluation(setting, strategy.stages, cache?.evaluations);
  return { cluster, strategy, evaluation, capacity: usableBytes(req, cluster) };
}

/** The micro-batch a plan uses: the request's, or with 'auto' the largest every stage fits (at least 1). */
export function microBatchOf(req: Pick<PlanRequest, 'microBatch'>): (maxima: number[]) => number {
  return (maxima) => (req.microBatch === 'auto' ? Math.max(1, Math.min(...maxima)) : req.microBatch);
}

/** The GPU's peak for the compute dtype and the fraction of it that matmuls reach. */
function computeRate(req: PlanRequest, cluster: Cluster) {
  const dtype = precisionPolicy(req.precision).activationDtype;
  const peak = peakFlops(cluster.gpu, dtype);
  // the measured matmul rates are 16-bit; fp32 runs at its dense peak
  const efficiency = dtype === 'fp32' ? { value: 1, basis: 'fp32: dense peak' } : matmulEfficiency(cluster.gpu.id, peak.flopsPerSec);
  return { peak, efficiency };
}

export function plan(req: PlanRequest, cache?: PlanCache): PlanResult {
  checkRequest(req);
  const graph = planGraph(req, cache);
  const resolved = resolve(req, graph, cache);
  const { cluster, strategy, evaluation: ev, capacity } = resolved;
  const gpus = cluster.gpusPerNode * cluster.nodes;
  const memory = ev.memory(capacity, microBatchOf(req));
  const { maxima: stageMax, microBatch: b } = memory;
  const maxB = Math.min(...stageMax);
  const { peak: peakRate, efficiency: eff } = computeRate(req, cluster);
  const rate = { peakFlopsPerSec: peakRate.flopsPerSec, efficiency: eff.value };

  const stages: StagePlan[] = strategy.stages.map((stage, k) => {
    const peak = memory.peaks[k]!;
    const states = memory.states[k]!;
    const t = ev.time(k, b, cluster, rate);
    const peakEvent: PeakEvent = { event: peak.label, phase: peak.phase, blockIndex: peak.blockIndex >= 0 ? peak.blockIndex : null };
    return {
      index: stage.index,
      name: stage.name,
      roles: stage.roles,
      trainableParams: states.trainableParams,
      flops: t.flops,
      memory: breakdown(peak, states.hostBytesPerNode),
      peakEvent,
      maxMicroBatch: stageMax[k]!,
      stepTimeSeconds: t.seconds,
      time: { compute: t.compute, memory: t.memory, communication: t.communication, offload: t.offload, optimizer: t.optimizer },
      fits: peak.bytes <= capacity,
    };
  });
  let binding = 0;
  stages.forEach((s, k) => {
    if (s.memory.peakBytes > stages[binding]!.memory.peakBytes) binding = k;
  });
  const steps = req.stepsPerStage ?? DEFAULT_STEPS_PER_STAGE;
  const totalSeconds = stages.reduce((s, st) => s + st.stepTimeSeconds, 0) * steps;
  const samples = b * (req.gradAccum ?? 1) * gpus * steps * stages.length;
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
    const e2e = resolve({ ...req, placement: strategy.placement }, graph, cache, 'e2e');
    const t = e2e.evaluation.time(0, b, cluster, rate);
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
      gpu: cluster.gpu.id,
      gpus,
      nodes: cluster.nodes,
      gpuMemoryBytes: capacity,
      hostMemoryBytes: cluster.hostMemoryBytes,
      seqLen: req.seqLen,
      microBatch: b,
      precision: req.precision,
      optimizer: req.optimizer,
      optimizerImpl: req.optimizerImpl ?? DEFAULT_OPTIMIZER_IMPL,
      clipGrad: req.clipGrad ?? 'none',
      gradAccum: req.gradAccum ?? 1,
      loss: req.loss ?? 'plain',
      checkpointing: req.checkpointing,
      attention: req.attention,
      runtime: req.runtime,
      placement: strategy.placement,
      ...(segpropSettings ? { segprop: segpropSettings } : {}),
    },
    stages,
    peakBytes: stages[binding]!.memory.peakBytes,
    bindingStage: binding,
    bindingEvent: stages[binding]!.peakEvent,
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
