// plan(): one training configuration in, per-stage memory, max micro-batch, FLOPs, time and throughput out.

import { isOpLevel } from '../strategy/op-checkpoint.js';
import { savedOnHost } from '../runtime/save-on-cpu.js';
import { RequestError, UserError } from '../errors.js';
import { limitProblem, type LimitName } from '../model/limits.js';
import { buildGraph, causalHalfOf } from '../graph/build.js';
import type { Graph } from '../graph/types.js';
import { countParams } from '../cost/params.js';
import { makeCluster } from '../hardware/cluster.js';
import { fp8PeakFlops, peakFlops } from '../hardware/peak-flops.js';
import type { Cluster, Gpu } from '../hardware/types.js';
import { DEFAULT_OPTIMIZER_IMPL, optimizerPolicy } from '../precision/optimizer.js';
import { DEFAULT_FP8_WEIGHTS, fp8StateBytes } from '../precision/fp8.js';
import { precisionPolicy } from '../precision/precision.js';
import { defaultAllocatorMargin, liveCapacity, reservedBytes } from '../runtime/allocator.js';
import { registeredBufferBytes } from '../runtime/buffers.js';
import { CUDA_CONTEXTS, runtimeOverheadBytes } from '../runtime/overhead.js';
import { recipeProfile, runtimeProfile } from '../runtime/profiles.js';
import { needsGather, shardCount } from '../strategy/placement.js';
import { composeStrategy, DEFAULT_SEGPROP, strategyAxes, type Strategy } from '../strategy/strategy.js';
import { ADAPTERS } from '../adapter/adapters.js';
import { adaptedGraph, DEFAULT_LORA } from '../adapter/lora.js';
import { segpropLayout } from '../strategy/schedule.js';
import { DEFAULT_BADAM } from '../strategy/badam.js';
import { DEFAULT_LISA } from '../strategy/lisa.js';
import { calibratedCluster, calibratedRates, checkCalibration } from '../time/calibration.js';
import { withMeasuredLinks } from '../time/collective-rates.js';
import { type Efficiency, kernelFigures, matmulEfficiency, runsSixteenBitKernels } from '../time/efficiency.js';
import { lineLimit } from '../memory/max-batch.js';
import type { StepTime } from '../time/step-time.js';
import { trainingEstimate } from '../time/time-to-train.js';
import { offloadsToHost, planAccuracy, runKindOf } from './accuracy.js';
import type { FlashKernel, PrecisionName, ScheduleName, StrategyName } from '../vocabulary.js';
import { DEFAULT_FLASH_KERNEL, FLASH_KERNEL_WORDS } from '../time/attention-efficiency.js';
import { Evaluation, EvaluationCache, type StagePeak, type StagesMemory } from './evaluation.js';
import type { Lin } from '../memory/lin.js';
import type { FitVerdict, MemoryBreakdown, PeakEvent, PlanRequest, PlanResult, StagePlan } from './types.js';

/** Reused across plans of one sweep: graphs per (model, sequence, attention), block summaries and costs. */
export interface PlanCache {
  graphs: Map<string, Graph>;
  /** the same graphs by the model object's identity first (no key to build for a model seen before) */
  graphsBySpec: WeakMap<object, Map<string, Graph>>;
  evaluations: EvaluationCache;
  /**
   * clusters and compute rates by GPU object, then by what else decides them: every plan of a sweep asks for
   * the same few, and one rates object per setting lets the block costs' roofline answers carry across plans
   */
  clusters: WeakMap<Gpu, Map<string, Cluster>>;
  rates: WeakMap<Gpu, Map<string, ComputeRate>>;
  /**
   * E2E's step at a micro-batch, by the request's fields but its schedule's layout (requestSettingKey): the
   * comparison every schedule of stages reports, the same for all plans of a sweep over layouts
   */
  e2eSteps: Map<string, StepTime>;
}

export function newPlanCache(): PlanCache {
  return {
    graphs: new Map(),
    graphsBySpec: new WeakMap(),
    evaluations: new EvaluationCache(),
    clusters: new WeakMap(),
    rates: new WeakMap(),
    e2eSteps: new Map(),
  };
}

/** `cache.get(gpu).get(key)`, made by `make` on first use. */
function byGpu<T>(cache: WeakMap<Gpu, Map<string, T>> | undefined, gpu: Gpu, key: string, make: () => T): T {
  if (!cache) return make();
  let byKey = cache.get(gpu);
  if (!byKey) cache.set(gpu, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = make()));
  return value;
}

const DEFAULT_STEPS_PER_STAGE = 1000;

/** the identity of each model, GPU and calibration object a request holds, as a number (in requestSettingKey) */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

/**
 * Every field of the request but the layouts of the schedules (segprop, badam, lisa), as a string: two requests
 * with the same key plan the same job under any one schedule. Built from whatever fields the request has, so a
 * field added to PlanRequest is part of it; the model, GPU and calibration count by identity, as the graph cache
 * counts models (their contents are large), the other objects (placement, lora, training) by their contents.
 */
function requestSettingKey(req: PlanRequest): string {
  const fields = req as unknown as Record<string, unknown>;
  let key = '';
  for (const name in fields) {
    if (name === 'segprop' || name === 'badam' || name === 'lisa') continue;
    const v = fields[name];
    const text =
      typeof v !== 'object' || v === null ? String(v) : name === 'model' || name === 'gpu' || name === 'calibration' ? `#${objectId(v)}` : JSON.stringify(v);
    key += `${name}=${text};`;
  }
  return key;
}

/** Sweeps and the dashboard remember this many E2E steps at most (a sweep over layouts needs one per micro-batch). */
const KEPT_E2E_STEPS = 256;

/**
 * E2E's step at micro-batch b with the request's placement and settings: the comparison a schedule of stages
 * reports (its FLOPs and time for as many steps as one stage trains).
 */
function e2eStep(req: PlanRequest, graph: Graph, cache: PlanCache | undefined, b: number, cluster: Cluster, rate: StageRate): StepTime {
  const step = () => resolve({ ...req, schedule: 'e2e' }, graph, cache).evaluation.time(0, b, cluster, rate);
  if (!cache) return step();
  const key = `${requestSettingKey(req)}|${b}`;
  let t = cache.e2eSteps.get(key);
  if (!t) {
    t = step();
    if (cache.e2eSteps.size >= KEPT_E2E_STEPS) cache.e2eSteps.clear();
    cache.e2eSteps.set(key, t);
  }
  return t;
}

function positiveInt(value: number, field: keyof PlanRequest, limit: LimitName): void {
  if (!Number.isInteger(value) || value < 1) throw new RequestError(field, value, 'must be a positive integer');
  const over = limitProblem(limit, value);
  if (over) throw new RequestError(field, undefined, over);
}

/** Every field the engine checks before planning; a library user gets the same errors as the CLI's. */
function checkRequest(req: PlanRequest): void {
  positiveInt(req.seqLen, 'seqLen', 'sequence');
  if (req.targetLen !== undefined) positiveInt(req.targetLen, 'targetLen', 'sequence');
  positiveInt(req.gpus, 'gpus', 'gpus');
  if (req.nodes !== undefined) positiveInt(req.nodes, 'nodes', 'nodes');
  if (req.microBatch !== 'auto') positiveInt(req.microBatch, 'microBatch', 'microBatch');
  if (req.stepsPerStage !== undefined) positiveInt(req.stepsPerStage, 'stepsPerStage', 'steps');
  if (req.gradAccum !== undefined) positiveInt(req.gradAccum, 'gradAccum', 'accumulation');
  if (req.flashKernel !== undefined && !Object.hasOwn(FLASH_KERNEL_WORDS, req.flashKernel)) {
    throw new RequestError('flashKernel', req.flashKernel, `must be one of ${Object.keys(FLASH_KERNEL_WORDS).join(', ')}`);
  }
  if (isOpLevel(req.checkpointing) && req.attention !== 'flash') {
    // unfused attention is a chain of torch ops (matmul, softmax, dropout, matmul) of which the save list keeps the
    // matmuls: segplan's attention op is one op, so it plans op-level checkpointing with the fused kernel only
    throw new RequestError('checkpointing', req.checkpointing, 'is planned with fused attention (attention flash): unfused attention is several torch ops');
  }
  if (isOpLevel(req.checkpointing) && req.runtime === 'tfjs') {
    throw new RequestError('checkpointing', req.checkpointing, "is torch's selective activation checkpointing: plan it with a pytorch runtime");
  }
  if (req.savedTensors === 'host' && req.checkpointing !== 'none') {
    // torch's checkpoint installs saved-tensor hooks of its own inside the region: segplan plans save_on_cpu around layers that are not checkpointed
    throw new RequestError('savedTensors', 'host', `is planned without checkpointing (checkpointing is ${req.checkpointing})`);
  }
  if (req.savedTensors === 'host' && req.runtime === 'tfjs') {
    throw new RequestError('savedTensors', 'host', "is torch's save_on_cpu: plan it with a pytorch runtime");
  }
  if (req.checkpointEvery !== undefined) {
    positiveInt(req.checkpointEvery, 'checkpointEvery', 'layers');
    if (req.checkpointEvery > 1 && req.checkpointing !== 'full') {
      throw new RequestError(
        'checkpointEvery',
        req.checkpointEvery,
        `chooses which layers full checkpointing wraps, and checkpointing is ${req.checkpointing}`,
      );
    }
  }
  const gpuMemoryOver = limitProblem('memory', req.gpu.memoryBytes);
  if (gpuMemoryOver) throw new UserError(`GPU memory of ${req.gpu.id}: ${gpuMemoryOver}`);
  const overheadOver = limitProblem('memory', req.runtimeOverheadBytes ?? 0);
  if (overheadOver) throw new RequestError('runtimeOverheadBytes', undefined, overheadOver);
  const reserve = req.allocatorReserve ?? 0;
  if (!(reserve >= 0 && reserve < 1)) throw new RequestError('allocatorReserve', reserve, 'must be a fraction from 0 to below 1');
  if (req.hostMemoryBytes !== undefined) {
    const hostOver = req.hostMemoryBytes > 0 ? limitProblem('memory', req.hostMemoryBytes) : 'must be a positive amount of bytes';
    if (hostOver) throw new RequestError('hostMemoryBytes', undefined, hostOver);
  }
  if (req.cudaContext !== undefined && !Object.hasOwn(CUDA_CONTEXTS, req.cudaContext)) {
    throw new RequestError('cudaContext', req.cudaContext, `must be one of ${Object.keys(CUDA_CONTEXTS).join(', ')}`);
  }
  if (req.runtimeOverheadBytes !== undefined && !(req.runtimeOverheadBytes >= 0)) {
    throw new RequestError('runtimeOverheadBytes', undefined, 'must be a non-negative amount of bytes');
  }
  if (precisionPolicy(req.precision).autocast && !runtimeProfile(req.runtime).autocastDevice) {
    throw new RequestError('precision', req.precision, `is torch.autocast, which the ${req.runtime} runtime does not have`);
  }
  // FP8 needs Transformer Engine on PyTorch and a GPU with FP8 tensor cores
  if (precisionPolicy(req.precision).fp8) {
    recipeProfile(req.runtime, precisionPolicy(req.precision));
    fp8PeakFlops(req.gpu);
  }
}

export function planGraph(req: Pick<PlanRequest, 'model' | 'seqLen' | 'targetLen' | 'attention' | 'loss'>, cache?: PlanCache): Graph {
  const m = req.model;
  if ((m.family === 'decoder' || m.family === 'encoder') && req.seqLen > m.maxPositions && (m.family === 'encoder' || m.positions === 'learned')) {
    throw new RequestError('seqLen', req.seqLen, `${m.name} has learned positions for at most ${m.maxPositions} tokens`);
  }
  // fused causal kernels (FlashAttention) skip the masked half of the score and value products
  const loss = req.loss ?? 'plain';
  // an encoder-decoder's decoder length (other families have none)
  const targetLen = m.family === 'encoder-decoder' ? req.targetLen : undefined;
  const setting = `${req.seqLen}|${req.attention}|${loss}${targetLen === undefined ? '' : `|${targetLen}`}`;
  let bySetting = cache?.graphsBySpec.get(m);
  let g = bySetting?.get(setting);
  if (g) return g;
  const key = `${m.name}|${JSON.stringify(m)}|${setting}`;
  g = cache?.graphs.get(key);
  if (!g) {
    g = buildGraph(m, {
      seqLen: req.seqLen,
      causalHalf: causalHalfOf(req.attention),
      ...(loss === 'plain' ? {} : { loss }),
      ...(targetLen === undefined ? {} : { targetLen }),
    });
    cache?.graphs.set(key, g);
  }
  if (cache) {
    if (!bySetting) cache.graphsBySpec.set(m, (bySetting = new Map()));
    bySetting.set(setting, g);
  }
  return g;
}

/** A stage's peak split into the allocator's view (allocated, reserved) and what the process holds. */
function breakdown(p: StagePeak, hostBytes: number, fixed: FixedBytes): MemoryBreakdown {
  const peakBytes = Math.round(p.bytes);
  const allocatedBytes = Math.max(0, peakBytes - fixed.outside);
  const reserved = reservedBytes(allocatedBytes, fixed.margin);
  return {
    peakBytes,
    allocatedBytes,
    reservedBytes: reserved,
    heldBytes: fixed.outside + reserved,
    weights: Math.round(p.weights),
    gradients: Math.round(p.gradients),
    optimizer: Math.round(p.optimizer),
    activations: Math.round(p.activations),
    transient: Math.round(p.transient),
    gather: Math.round(p.gather),
    buffers: fixed.buffers,
    overhead: fixed.outside,
    hostBytes: Math.round(hostBytes),
  };
}

/**
 * The verdict on GPU memory: what the process holds fits, or only the live tensors and the overhead do, or not
 * even they. "Fits" is the micro-batch solver's own test (the unrounded peak against the live capacity), so
 * that the solved micro-batch fits and one more does not, whatever the rounding of the bytes shown.
 */
function fitOf(p: StagePeak, m: MemoryBreakdown, capacity: number, gpuBytes: number): FitVerdict {
  if (p.bytes <= capacity) return 'yes';
  return m.peakBytes <= gpuBytes ? 'margin' : 'no';
}

/** A request in the engine's terms: its cluster, its strategy's stages and their evaluation. */
export interface Resolved {
  cluster: Cluster;
  strategy: Strategy;
  evaluation: Evaluation;
  /** the largest fold peak (live tensors + overhead) whose held memory fits the GPU */
  capacity: number;
  fixed: FixedBytes;
}

/** What one sample of the micro-batch is, in the model's own terms. */
function sampleDescription(req: PlanRequest): string {
  const m = req.model;
  switch (m.family) {
    case 'decoder':
    case 'encoder':
      return `${req.seqLen} tokens`;
    case 'encoder-decoder':
      return `${req.seqLen} input + ${req.targetLen ?? req.seqLen} target tokens`;
    case 'vit':
    case 'resnet':
    case 'convnext':
    case 'swin':
      return `${m.imageSize}×${m.imageSize} image`;
    case 'generic':
      return 'features' in m.input ? `${m.input.features} features` : `${m.input.height}×${m.input.width} image`;
  }
}

/** Bytes every event of a stage holds besides the model's tensors, and the allocator margin. */
interface FixedBytes {
  /** outside the caching allocator: CUDA context, NCCL buffers (the user's figure, or the documented defaults) */
  outside: number;
  /** registered buffers, allocated like any tensor */
  buffers: number;
  margin: number;
}

function fixedBytesOf(req: PlanRequest, graph: Graph, cluster: Cluster): FixedBytes {
  const gpus = cluster.gpusPerNode * cluster.nodes;
  return {
    outside: req.runtimeOverheadBytes ?? runtimeOverheadBytes(req.runtime, gpus, req.cudaContext),
    buffers:
      registeredBufferBytes(graph, req.model, req.runtime, precisionPolicy(req.precision).weightBytes) +
      (precisionPolicy(req.precision).fp8 ? fp8StateBytes(graph, req.fp8Weights === 'cached') : 0),
    margin: req.allocatorReserve ?? defaultAllocatorMargin(req.runtime),
  };
}

/** Fixed per-GPU bytes in every event of the fold: the overhead outside the allocator and the buffers. */
function overheadOf(fixed: FixedBytes): number {
  return fixed.outside + fixed.buffers;
}

/** The largest fold peak (live tensors + overhead) whose held memory, with the allocator margin, fits the GPU. */
function usableBytes(fixed: FixedBytes, cluster: Cluster): number {
  return liveCapacity(cluster.gpu.memoryBytes, fixed.outside, fixed.margin);
}

/** The request's cluster: the GPU's catalog node type, with the user's host memory when given. */
function clusterOf(req: PlanRequest): Cluster {
  // NVLink at its measured bus bandwidth where nccl-tests figures are published; a calibration's own figures win
  const cluster = calibrated(req, withMeasuredLinks(makeCluster({ gpu: req.gpu, gpus: req.gpus, nodes: req.nodes })));
  if (req.hostMemoryBytes === undefined) return cluster;
  return {
    ...cluster,
    hostMemoryBytes: req.hostMemoryBytes,
    notes: [...cluster.notes, `host memory per node set by the user (node type ${cluster.nodeType})`],
  };
}

/** The cluster with a calibration's measured link rates, once the calibration is checked against its GPU. */
function calibrated(req: PlanRequest, cluster: Cluster): Cluster {
  if (req.calibration === undefined) return cluster;
  checkCalibration(req.calibration, cluster.gpu.id, peakFlops(cluster.gpu, 'bf16').flopsPerSec);
  return calibratedCluster(cluster, req.calibration);
}

/** Resolves a request (with another strategy's schedule when `strategyName` is given) for evaluation. */
export function resolve(req: PlanRequest, graph: Graph, cache: PlanCache | undefined, strategyName: StrategyName = req.strategy): Resolved {
  // a calibration is the user's own: its plans are not cached with the catalog's
  const clusters = req.calibration === undefined ? cache?.clusters : undefined;
  const cluster = byGpu(clusters, req.gpu, `${req.gpus}|${req.nodes ?? '-'}|${req.hostMemoryBytes ?? '-'}`, () => clusterOf(req));
  // another preset (compare's columns) takes none of the request's own axis and placement choices
  const choice = strategyName === req.strategy ? req : { strategy: strategyName };
  // an adapter trains a rewrite of the graph: frozen base, adapter paths beside its projections
  const trained = adaptedGraph(graph, strategyAxes(choice).adapter, req.lora);
  const strategy = composeStrategy(trained, choice, { segprop: req.segprop, badam: req.badam, lisa: req.lisa });
  const fixed = fixedBytesOf(req, graph, cluster);
  const shards = shardCount(strategy.placement.group, cluster.gpusPerNode, cluster.nodes);
  if (precisionPolicy(req.precision).fsdpMixed && !needsGather(strategy.placement.trainable.weights, shards)) {
    throw new RequestError(
      'precision',
      req.precision,
      `needs the trainable weights sharded or offloaded (FSDP MixedPrecision over sharded fp32 parameters), and ${strategyName} on ${shards} GPU(s) keeps them whole: use fsdp or fsdp-offload`,
    );
  }
  const recipe = recipeProfile(req.runtime, precisionPolicy(req.precision), req.fp8Weights);
  const setting = {
    graph: trained,
    policy: req.checkpointing,
    checkpointEvery: req.checkpointEvery ?? 1,
    profile: req.savedTensors === 'host' ? savedOnHost(recipe) : recipe,
    precision: precisionPolicy(req.precision),
    optimizer: optimizerPolicy(req.optimizer, req.optimizerImpl, req.clipGrad),
    placement: strategy.placement,
    attention: req.attention,
    gpus: shards,
    gpusPerNode: cluster.gpusPerNode,
    overheadBytes: overheadOf(fixed),
    gradAccum: req.gradAccum ?? 1,
  };
  const evaluation = new Evaluation(setting, strategy.stages, cache?.evaluations);
  return { cluster, strategy, evaluation, capacity: usableBytes(fixed, cluster), fixed };
}

/** The micro-batch a plan uses: the request's, or with 'auto' the largest every stage fits (at least 1). */
export function microBatchOf(req: Pick<PlanRequest, 'microBatch'>): (maxima: number[]) => number {
  return (maxima) => (req.microBatch === 'auto' ? Math.max(1, Math.min(...maxima)) : req.microBatch);
}

interface ComputeRate {
  peak: ReturnType<typeof peakFlops>;
  efficiency: Efficiency;
  kernels: ReturnType<typeof kernelFigures>;
}

/**
 * The GPU's peak for the recipe's compute dtype and the fraction of it that matmuls reach (FP8 GEMMs at FP8's
 * peak); a calibration's measurements replace the published figures one by one (checked in clusterOf).
 */
export function computeRate(cluster: Cluster, precision: PrecisionName, flashKernel: FlashKernel, calibration: PlanRequest['calibration']): ComputeRate {
  const peak = peakFlops(cluster.gpu, precisionPolicy(precision).activationDtype);
  // the measured matmul rates, tile sizes and attention figures are those of 16-bit Tensor Core kernels; fp32 runs at
  // its dense peak
  const sixteenBit = runsSixteenBitKernels(precision);
  const efficiency = sixteenBit ? matmulEfficiency(cluster.gpu.id, peak.flopsPerSec) : { value: 1, basis: 'fp32: dense peak' };
  const kernels = kernelFigures(cluster.gpu, sixteenBit, flashKernel);
  const rates: ComputeRate =
    calibration === undefined
      ? { peak, efficiency, kernels }
      : { peak, ...calibratedRates(calibration, peak.flopsPerSec, sixteenBit, { efficiency, kernels }) };
  if (!precisionPolicy(precision).fp8) return rates;
  const fp8 = fp8PeakFlops(cluster.gpu);
  const basis = `${rates.kernels.basis}; fp8: linear-layer GEMMs at the FP8 dense peak ${fp8 / 1e12} TFLOP/s with the 16-bit GEMMs' efficiency and shape share (no FP8 GEMM measurement sourced); MFU and HFU stay relative to the 16-bit peak`;
  return { ...rates, kernels: { ...rates.kernels, rates: { ...rates.kernels.rates, fp8PeakFlopsPerSec: fp8 }, basis } };
}

/** Optimizer steps per stage of a schedule: SegProp's request field, BAdam's switch interval, LISA's period. */
function stepsPerStage(req: PlanRequest, schedule: ScheduleName): number {
  switch (schedule) {
    case 'badam':
      return (req.badam ?? DEFAULT_BADAM).switchEvery;
    case 'lisa':
      return (req.lisa ?? DEFAULT_LISA).period;
    default:
      return req.stepsPerStage ?? DEFAULT_STEPS_PER_STAGE;
  }
}

/** The layout a plan reports for its schedule (with what it resolved: SegProp's segment size, BAdam's blocks). */
function scheduleSettings(req: PlanRequest, graph: Graph, strategy: Strategy): Pick<PlanResult['settings'], 'segprop' | 'badam' | 'lisa'> {
  switch (strategy.schedule) {
    case 'segprop': {
      const opts = req.segprop ?? DEFAULT_SEGPROP;
      return { segprop: { ...opts, segmentSize: segpropLayout(graph, opts).segmentSize } };
    }
    case 'badam':
      return { badam: { ...(req.badam ?? DEFAULT_BADAM), blocks: strategy.stages.length } };
    case 'lisa':
      return { lisa: req.lisa ?? DEFAULT_LISA };
    case 'e2e':
      return {};
  }
}

/** Host memory of one node in a stage at micro-batch b: offloaded states, and under save_on_cpu every GPU's packed tensors. */
function hostBytesOfStage(states: StagesMemory['states'][number], packed: Lin, gpusPerNode: number, b: number): number {
  return states.hostBytesPerNode + gpusPerNode * (packed.c + packed.d * b);
}

/**
 * Under save_on_cpu (`savedTensors: host`) a node's host memory also holds every GPU's packed tensors, which grow
 * with the micro-batch: each stage's largest micro-batch is the smaller of what its GPU and its host hold, and
 * 'auto' picks from those (the memory is folded again only when the host lowers the choice).
 */
function hostLimited(memory: StagesMemory, ev: Evaluation, req: PlanRequest, cluster: Cluster, capacity: number): StagesMemory {
  if (req.savedTensors !== 'host') return memory;
  const maxima = memory.maxima.map((m, k) => {
    // host bytes per node are c + d·b (hostBytesOfStage); the largest b they leave room for
    const packed = ev.packed(k);
    const c = hostBytesOfStage(memory.states[k]!, packed, cluster.gpusPerNode, 0);
    const d = cluster.gpusPerNode * packed.d;
    return d > 0 ? Math.min(m, Math.max(0, lineLimit(c, d, cluster.hostMemoryBytes))) : m;
  });
  const b = microBatchOf(req)(maxima);
  return b === memory.microBatch ? { ...memory, maxima } : { ...ev.memory(capacity, () => b), maxima };
}

/** The computed rate a stage's time needs: peak FLOP/s of the compute dtype, matmul efficiency, kernel figures. */
type StageRate = Parameters<Evaluation['time']>[3];

/** Stage k of a plan: its memory at the chosen micro-batch, its FLOPs and time. */
function stagePlan(
  stage: Strategy['stages'][number],
  k: number,
  memory: StagesMemory,
  ev: Evaluation,
  cluster: Cluster,
  rate: StageRate,
  fixed: FixedBytes,
  capacity: number,
): StagePlan {
  const b = memory.microBatch;
  const peak = memory.peaks[k]!;
  const states = memory.states[k]!;
  const t = ev.time(k, b, cluster, rate);
  const peakEvent: PeakEvent = { event: peak.label, phase: peak.phase, blockIndex: peak.blockIndex >= 0 ? peak.blockIndex : null };
  // save_on_cpu's packed tensors of every GPU of a node wait in its host memory at the end of the forward
  const mem = breakdown(peak, hostBytesOfStage(states, ev.packed(k), cluster.gpusPerNode, b), fixed);
  const fit = fitOf(peak, mem, capacity, cluster.gpu.memoryBytes);
  return {
    index: stage.index,
    name: stage.name,
    spans: stage.spans,
    trainableParams: states.trainableParams,
    flops: t.flops,
    memory: mem,
    peakEvent,
    maxMicroBatch: memory.maxima[k]!,
    stepTimeSeconds: t.seconds,
    time: { compute: t.compute, kernels: t.kernels, memory: t.memory, communication: t.communication, offload: t.offload, optimizer: t.optimizer },
    pcieBytes: t.pcieBytes,
    fits: fit === 'yes',
    fit,
  };
}

/** A plan's settings as resolved (what the report prints under the plan). */
function settingsOf(req: PlanRequest, graph: Graph, strategy: Strategy, cluster: Cluster, gpus: number, b: number): PlanResult['settings'] {
  return {
    schedule: strategy.schedule,
    adapter: strategy.adapter,
    sharding: strategy.sharding,
    gpu: cluster.gpu.id,
    gpus,
    nodes: cluster.nodes,
    gpuMemoryBytes: cluster.gpu.memoryBytes,
    hostMemoryBytes: cluster.hostMemoryBytes,
    seqLen: req.seqLen,
    ...(req.model.family === 'encoder-decoder' ? { targetLen: req.targetLen ?? req.seqLen } : {}),
    microBatch: b,
    precision: req.precision,
    optimizer: req.optimizer,
    optimizerImpl: req.optimizerImpl ?? DEFAULT_OPTIMIZER_IMPL,
    clipGrad: req.clipGrad ?? 'none',
    gradAccum: req.gradAccum ?? 1,
    ...(precisionPolicy(req.precision).fp8 ? { fp8Weights: req.fp8Weights ?? DEFAULT_FP8_WEIGHTS } : {}),
    loss: req.loss ?? 'plain',
    checkpointing: req.checkpointing,
    ...((req.checkpointEvery ?? 1) > 1 ? { checkpointEvery: req.checkpointEvery } : {}),
    ...(req.savedTensors === 'host' ? { savedTensors: 'host' as const } : {}),
    attention: req.attention,
    ...(req.attention === 'flash' ? { flashKernel: req.flashKernel ?? DEFAULT_FLASH_KERNEL } : {}),
    runtime: req.runtime,
    placement: strategy.placement,
    ...scheduleSettings(req, graph, strategy),
    ...(ADAPTERS[strategy.adapter].lowRank ? { lora: req.lora ?? DEFAULT_LORA } : {}),
  };
}

const attentionWordsOf = new WeakMap<Graph, string>();

/** How the plan counts attention's score products, read off the graph's attention ops (once per graph). */
function attentionCountWords(graph: Graph): string {
  let words = attentionWordsOf.get(graph);
  if (words === undefined) {
    const ops = graph.blocks.flatMap((b) => b.ops).flatMap((op) => (op.kind === 'attention' ? [op.attrs] : []));
    words =
      ops.length === 0
        ? 'no attention'
        : ops.some((a) => a.causal && a.skipMasked)
          ? 'masked half skipped (fused causal kernel)'
          : ops.some((a) => a.causal)
            ? "full s×s products (no kernel that skips masked tiles: unfused attention, or a score bias such as T5's)"
            : 'no causal mask: full s×s products';
    attentionWordsOf.set(graph, words);
  }
  return words;
}

/** The assumptions behind a plan's figures, each with its basis. */
function assumptionsOf(
  graph: Graph,
  req: PlanRequest,
  strategy: Strategy,
  cluster: Cluster,
  rates: ComputeRate,
  fixed: FixedBytes,
  steps: number,
): PlanResult['assumptions'] {
  const { peak: peakRate, efficiency: eff, kernels } = rates;
  return {
    matmulEfficiency: eff.value,
    matmulEfficiencyBasis: eff.basis,
    kernelModel: kernels.basis,
    peakFlopsPerSec: peakRate.flopsPerSec,
    ...(peakRate.note ? { peakFlopsNote: peakRate.note } : {}),
    runtimeOverheadBytes: fixed.outside,
    allocatorReserve: fixed.margin,
    overlap: `communication and host copies overlap compute within forward and within backward; optimizer step not overlapped${req.savedTensors === 'host' ? "; save_on_cpu's copies of saved tensors not overlapped (on the compute stream)" : ''}`,
    causalAttentionFlops: attentionCountWords(graph),
    ...(strategy.schedule !== 'e2e' ? { stepsPerStage: steps } : {}),
    // docs/spec-format.md (encoder-decoder): exact when the encoder trains in every stage a decoder layer does
    ...(req.model.family === 'encoder-decoder' && strategy.schedule !== 'e2e'
      ? { encoderOutputGradient: 'computed by every decoder layer after a training block, also where the encoder is frozen (an over-count there)' }
      : {}),
    ...Object.fromEntries(cluster.notes.map((n, i) => [`clusterNote${i + 1}`, n])),
  };
}

// plan() runs once per plan of a sweep and is compiled early, while the first plans run: it keeps to the per-stage
// loop and the sums, and leaves the report's literals (settings, assumptions) to functions compiled on their own
export function plan(req: PlanRequest, cache?: PlanCache): PlanResult {
  checkRequest(req);
  const graph = planGraph(req, cache);
  const resolved = resolve(req, graph, cache);
  const { cluster, strategy, evaluation: ev, capacity, fixed } = resolved;
  const gpus = cluster.gpusPerNode * cluster.nodes;
  const memory = hostLimited(ev.memory(capacity, microBatchOf(req)), ev, req, cluster, capacity);
  const { maxima: stageMax, microBatch: b } = memory;
  const maxB = Math.min(...stageMax);
  const rateCache = req.calibration === undefined ? cache?.rates : undefined;
  const flashKernel = req.flashKernel ?? DEFAULT_FLASH_KERNEL;
  const rates = byGpu(rateCache, cluster.gpu, `${req.precision}|${flashKernel}`, () => computeRate(cluster, req.precision, flashKernel, req.calibration));
  const peakRate = rates.peak;
  const rate: StageRate = { peakFlopsPerSec: peakRate.flopsPerSec, efficiency: rates.efficiency.value, kernels: rates.kernels.rates };

  const n = strategy.stages.length;
  const stages: StagePlan[] = [];
  for (let k = 0; k < n; k++) stages.push(stagePlan(strategy.stages[k]!, k, memory, ev, cluster, rate, fixed, capacity));
  // sums in stage order (as reduce() did: the same rounding)
  let binding = 0;
  let stageSeconds = 0;
  let modelStageFlops = 0;
  let hardwareStageFlops = 0;
  let trainable = -Infinity;
  let fitsHost = true;
  let fitsGpu = true;
  let anyNo = false;
  let anyMargin = false;
  for (let k = 0; k < n; k++) {
    const st = stages[k]!;
    if (st.memory.peakBytes > stages[binding]!.memory.peakBytes) binding = k;
    stageSeconds += st.stepTimeSeconds;
    modelStageFlops = modelStageFlops + st.flops.forward + st.flops.inputGrad + st.flops.weightGrad;
    hardwareStageFlops += st.flops.total;
    trainable = Math.max(trainable, st.trainableParams);
    if (!(st.memory.hostBytes <= cluster.hostMemoryBytes)) fitsHost = false;
    if (!st.fits) fitsGpu = false;
    if (st.fit === 'no') anyNo = true;
    else if (st.fit === 'margin') anyMargin = true;
  }
  const steps = stepsPerStage(req, strategy.schedule);
  const totalSeconds = stageSeconds * steps;
  const samples = b * (req.gradAccum ?? 1) * gpus * steps * n;
  const modelFlops = modelStageFlops * steps * gpus;
  const hardwareFlops = hardwareStageFlops * steps * gpus;
  const peakTotal = peakRate.flopsPerSec * gpus * totalSeconds;
  const params = countParams(graph);

  let schedule: PlanResult['schedule'];
  if (strategy.schedule !== 'e2e') {
    // E2E with the same placement for as many steps as one stage gives every layer the schedule's updates
    const t = e2eStep(req, graph, cache, b, cluster, rate);
    schedule = {
      stepsPerStage: steps,
      totalFlops: hardwareFlops,
      totalSeconds,
      e2eFlops: t.flops.total * steps * gpus,
      e2eSeconds: t.seconds * steps,
    };
  }

  const bound = stages[binding]!;
  const training = req.training ? trainingEstimate(req.training, cluster.gpu, gpus, graph.tokensPerSample, samples / totalSeconds) : undefined;
  const settings = settingsOf(req, graph, strategy, cluster, gpus, b);
  return {
    model: {
      name: graph.modelName,
      family: req.model.family,
      input: sampleDescription(req),
      tokensPerSample: graph.tokensPerSample,
      params: { total: params.total, active: params.active, trainable, embedding: params.embedding },
    },
    strategy: req.strategy,
    settings,
    stages,
    peakBytes: bound.memory.peakBytes,
    allocatedBytes: bound.memory.allocatedBytes,
    heldBytes: bound.memory.heldBytes,
    bindingStage: binding,
    bindingEvent: bound.peakEvent,
    maxMicroBatch: maxB,
    fits: fitsHost && fitsGpu,
    fit: anyNo ? 'no' : anyMargin ? 'margin' : 'yes',
    fitsHost,
    throughput: { samplesPerSecond: samples / totalSeconds, tokensPerSecond: (samples * graph.tokensPerSample) / totalSeconds },
    mfu: modelFlops / peakTotal,
    hfu: hardwareFlops / peakTotal,
    ...(schedule ? { schedule } : {}),
    ...(training ? { training } : {}),
    accuracy: planAccuracy(req.calibration, runKindOf(req.model, settings, offloadsToHost(stages)), cluster.gpu.id, stageSeconds / n, training),
    assumptions: assumptionsOf(graph, req, strategy, cluster, rates, fixed, steps),
  };
}
