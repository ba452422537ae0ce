// Step time of one stage on one GPU: a per-op roofline for compute, ring collectives for sharded states,
// host↔GPU copies for offloaded ones and the optimizer step, combined with the overlap stated below.
//
//   op time        max(FLOPs / kernel rate, bytes moved / HBM bandwidth)   (Williams et al. 2009); the rate of
//                  a GEMM is peak · large-GEMM efficiency · its shape's useful share, of fused attention the
//                  kernel's published speed at its shape (kernel-rates.ts, attention-efficiency.ts)
//   all-gather,    (N−1)/N · bytes / link bandwidth per direction (ring; Thakur et al. 2005, NCCL docs);
//   reduce-scatter all-reduce = reduce-scatter + all-gather; hybrid sharding: within a node over NVLink, then
//                  an all-reduce of each shard across nodes
//   offload copy   bytes / PCIe bandwidth per direction
//   optimizer      bytes read + written per parameter / memory bandwidth (GPU: HBM; CPU: the node's host
//                  memory bandwidth shared by its GPUs' ranks); a CPU optimizer's gradients go down during
//                  backward and its updated weights come back after the step; ZeRO-1/2 all-gather the
//                  updated weights after the step
//   overlap        within forward and within backward, communication and copies overlap compute
//                  (FSDP prefetch, DDP bucketing): phase time = max(compute, communication + copies);
//                  the optimizer step runs after backward, not overlapped.
//   accumulation   N micro-batches per optimizer step: N forwards and backwards (with their gathers and, for
//                  sharded gradients, their reduce-scatters: FSDP reduces every micro-batch), one all-reduce of
//                  replicated gradients in the last backward (DDP's no_sync before it), one optimizer step;
//                  cached FP8 weights are cast once, in the first forward (block-cost.ts `stepBytes`).

import type { FlopsByPhase } from '../cost/flops-by-phase.js';
import type { Cluster } from '../hardware/types.js';
import { needsGather, shardCount } from '../strategy/placement.js';
import { stageRuns, type StageRuns } from '../strategy/stage-runs.js';
import { checkpointRuns } from '../strategy/checkpoint-layers.js';
import type { Lin } from '../memory/lin.js';
import { activationCopySeconds } from './activation-offload.js';
import { blockWeightBytes, blockWeights } from '../adapter/block-weights.js';
import { gatheredWeightBytes, reducedGradBytes } from '../precision/precision.js';
import type { Residence } from '../vocabulary.js';
import { trainableTensors } from '../precision/param-tensors.js';
import type { StageSetting } from '../strategy/stage-setting.js';
import { autocastRegion, tensorDtypes } from '../precision/autocast.js';
import { type BlockCostSetting, BlockCostTable, newRooflineTime, rooflineSeconds } from './block-cost.js';
import { ddpAllReduceCalls } from './collectives.js';
import type { KernelFigures, KernelRates, KernelSeconds } from './kernel-rates.js';

export interface StepTimeInput extends StageSetting {
  cluster: Cluster;
  microBatch: number;
  /** peak FLOP/s of the compute dtype on this GPU */
  peakFlopsPerSec: number;
  /** fraction of peak that large GEMMs reach (an explicit, documented assumption) */
  efficiency: number;
  /** what shapes and fused kernels change (GEMM waves over the SMs, attention's speed by shape); absent: none */
  kernels?: KernelFigures;
}

export interface StepTime {
  seconds: number;
  flops: FlopsByPhase;
  /** seconds by component (before overlap) */
  compute: number;
  /** `compute` by the kernel class that spends it (GEMMs, attention, convolutions, the rest) */
  kernels: KernelSeconds;
  /** the part of `compute` spent bound by memory bandwidth rather than FLOPs */
  memory: number;
  communication: number;
  offload: number;
  /** bytes copied between host and GPU per step (both directions): every copy above takes bytes / PCIe rate */
  pcieBytes: number;
  optimizer: number;
}

/**
 * Ring bandwidth per GPU (the bus bandwidth of the ring formulas): the intra-node link, and across nodes the slower
 * of it and the node's whole network. NCCL runs one ring per NIC, each crossing every node boundary once, so the
 * rings together move a rank's (N−1)/N · bytes over all of the node's NICs, not over a 1/gpusPerNode share of them
 * (nccl-tests doc/PERFORMANCE.md: the bus bandwidth is that of the bottleneck, NVLink, PCI or network).
 */
export function ringBandwidth(c: Cluster): number {
  return c.nodes > 1 ? Math.min(c.intraNodeBytesPerSec, c.interNodeBytesPerSec) : c.intraNodeBytesPerSec;
}

/** A stage's time from its runs and the block costs of its setting (the engine's one path; plans call it). */
export interface StageTimeInput extends Omit<StepTimeInput, 'roles'> {
  runs: StageRuns;
  costs: BlockCostTable;
  /** bytes per micro-batch save_on_cpu packs to the host (Evaluation.packed); absent: none */
  packed?: Lin;
}

/** The block-cost setting of a stage setting. */
export function costSettingOf(input: Pick<StageSetting, 'graph' | 'policy' | 'checkpointEvery' | 'profile' | 'precision' | 'attention'>): BlockCostSetting {
  const p = input.precision;
  // under torch.autocast every activation has its producer's dtype, and each op reads its inputs as autocast casts them
  const region = autocastRegion(p.autocast, input.profile.autocastDevice);
  return {
    ...(region && { autocast: { region, dtypes: tensorDtypes(input.graph, region) } }),
    policy: input.policy,
    ...(input.checkpointEvery !== undefined ? { checkpointEvery: input.checkpointEvery } : {}),
    profile: input.profile,
    dtype: p.activationDtype,
    attention: input.attention,
    // a block reads the weights it computes with and writes its unsharded gradients (FSDP MixedPrecision: bf16)
    weightBytes: gatheredWeightBytes(p),
    gradBytes: p.fsdpMixed ? p.fsdpMixed.paramBytes : p.gradBytes,
  };
}

/** Step time of one stage given by its block roles (builds the runs and block costs; plans reuse both). */
export function stepTime(input: StepTimeInput): StepTime {
  return stageTime({ ...input, runs: stageRuns(input.graph, input.roles), costs: new BlockCostTable(input.graph.blocks, costSettingOf(input)) });
}

// one rates object per setting, so that block costs can recognise the setting they were timed under
let lastRates: { peak: number; efficiency: number; kernels: KernelFigures | undefined; rates: KernelRates } | undefined;

function kernelRatesOf(peak: number, efficiency: number, kernels: KernelFigures | undefined): KernelRates {
  if (lastRates && lastRates.peak === peak && lastRates.efficiency === efficiency && lastRates.kernels === kernels) return lastRates.rates;
  const rates: KernelRates = { peakFlopsPerSec: peak, efficiency, ...kernels };
  lastRates = { peak, efficiency, kernels, rates };
  return rates;
}

/** The shard group's ring and host link, as the weight moves below read them. */
interface ShardLinks {
  shards: number;
  /** (N−1)/N of the shard group, 0 for one GPU */
  frac: number;
  /** bytes per second of the shard group's ring */
  ring: number;
  /** fixed seconds per collective call (0 for one GPU) */
  latency: number;
  pcie: number;
}

/**
 * Seconds to all-gather `gatheredBytes` of weights stored `where` for `n` blocks, once per pass (0 when they need
 * no gather). A function of its arguments, not a closure over stageTime's sums: sums a closure writes live in a
 * heap context, which makes the hot loop slower and its optimized code larger.
 */
function gatherSeconds(where: Residence, stored: number, gatheredBytes: number, n: number, l: ShardLinks): number {
  if (stored === 0 || !needsGather(where, l.shards)) return 0;
  return (n * l.frac * gatheredBytes) / l.ring + n * l.latency;
}

/** Seconds to copy `stored` bytes of offloaded weights of `n` blocks to the GPU, once per pass (0 when not offloaded). */
function hostCopySeconds(where: Residence, stored: number, n: number, l: ShardLinks): number {
  if (stored === 0 || where !== 'offloaded') return 0;
  return (n * stored) / l.shards / l.pcie;
}

export function stageTime(input: StageTimeInput): StepTime {
  const { graph, costs, precision: p, cluster, microBatch: b, placement: pl } = input;
  const runs = checkpointRuns(input.runs, graph.blocks, input.policy, input.checkpointEvery);
  const gpus = cluster.gpusPerNode * cluster.nodes;
  // sharded states live on `shards` GPUs: all of them, or one node's under hybrid sharding
  const shards = shardCount(pl.group, cluster.gpusPerNode, cluster.nodes);
  const rate = kernelRatesOf(input.peakFlopsPerSec, input.efficiency, input.kernels);
  const hbm = cluster.gpu.hbmBytesPerSec;
  // what kernels stream from HBM: the measured rate where one is published, else the datasheet's
  const streamed = input.kernels?.memoryBytesPerSec ?? hbm;
  const weights = blockWeights(graph);
  const flops: FlopsByPhase = { forward: 0, inputGrad: 0, weightGrad: 0, recompute: 0, total: 0 };
  let forwardTime = 0;
  let backwardTime = 0;
  let memoryBound = 0;
  // bytes moved once per step, not per micro-batch (the cast of cached FP8 weights)
  let onceBytes = 0;
  const roofline = newRooflineTime();
  // kernel seconds by class over one micro-batch's forward and backward (KERNEL_CLASSES; locals, not an object:
  // a keyed sum in a closure ran at a median 0.72 ms against 0.57 in the 80-stage plan bench, on noisy shared cores)
  let gemm = 0;
  let attention = 0;
  let convolution = 0;
  let other = 0;
  // gradients of replicated weights are all-reduced over every GPU; sharded states move within their shard group
  const ring = ringBandwidth(cluster);
  const frac = gpus > 1 ? (gpus - 1) / gpus : 0;
  const shardRing = pl.group === 'node' ? cluster.intraNodeBytesPerSec : ring;
  const shardFrac = shards > 1 ? (shards - 1) / shards : 0;
  // the fixed time per collective call (published nccl-tests figures, or a calibration's): one gather and one reduce-scatter per block and pass (FSDP
  // wraps each block), one all-reduce per DDP bucket (collectives.ts)
  const latency = input.kernels?.collectiveLatencySeconds ?? 0;
  const shardLatency = shards > 1 ? latency : 0;
  // hybrid sharding all-reduces each shard's gradients across nodes, every GPU of a node over its share of the network
  const acrossNodes = shards < gpus ? (2 * (cluster.nodes - 1)) / cluster.nodes / (cluster.interNodeBytesPerSec / cluster.gpusPerNode) : 0;
  let commForward = 0;
  let commBackward = 0;
  // DDP's all-reduce of replicated gradients, once per optimizer step
  let allReduce = 0;
  let allReducedBytes = 0;
  let copiesForward = 0;
  let copiesBackward = 0;
  // ZeRO-1/2: weights replicated, optimizer state not. Gradients are reduce-scattered, each rank updates its shard
  // of the weights, and an all-gather sends the updated weights to every rank after the step: DDP's volume,
  // in two halves (Rajbhandari et al. 2020, section 7)
  const updatesShard = pl.trainable.weights === 'replicated' && pl.trainable.optimizer !== 'replicated';

  const gatherBytes = gatheredWeightBytes(p);
  const links = { shards, frac: shardFrac, ring: shardRing, latency: shardLatency, pcie: cluster.gpu.pcieBytesPerSec };

  // an indexed loop: a for-of loop wraps its body in the iterator protocol's try/finally, which makes the
  // optimized code of this hot function larger and slower to compile
  const stageRuns = runs.runs;
  for (let r = 0; r < stageRuns.length; r++) {
    const run = stageRuns[r]!;
    const n = run.b - run.a + 1;
    const cost = costs.get(run.first, run.role, run.up);
    flops.forward += n * cost.forward * b;
    flops.inputGrad += n * cost.inputGrad * b;
    flops.weightGrad += n * cost.weightGrad * b;
    flops.recompute += n * cost.recompute * b;
    rooflineSeconds(cost.forwardTerms, b, rate, streamed, roofline);
    forwardTime += n * roofline.seconds;
    memoryBound += n * roofline.memoryBound;
    gemm += n * roofline.gemm;
    attention += n * roofline.attention;
    convolution += n * roofline.convolution;
    other += n * roofline.other;
    rooflineSeconds(cost.backwardTerms, b, rate, streamed, roofline);
    backwardTime += n * roofline.seconds;
    memoryBound += n * roofline.memoryBound;
    gemm += n * roofline.gemm;
    attention += n * roofline.attention;
    convolution += n * roofline.convolution;
    other += n * roofline.other;
    onceBytes += n * cost.stepBytes;

    // ---- communication and host copies ----
    const role = run.role;
    // the parameters that train (all of a training block's, or its adapters'), and its weights in bytes by placement
    const P = role === 'train' ? weights[run.first]!.trainable : 0;
    const trains = role === 'train';
    const bytes = blockWeightBytes(weights[run.first]!, trains, p.weightBytes);
    // FSDP MixedPrecision all-gathers the shards cast to param_dtype; offload copies the stored shard
    const gathered = gatherBytes === p.weightBytes ? bytes : blockWeightBytes(weights[run.first]!, trains, gatherBytes);
    // gathers (and host-to-GPU copies) before the forward, and again before the backward where it runs
    const twice = role === 'train' || role === 'frozen-path';
    const gather =
      gatherSeconds(pl.trainable.weights, bytes.trainable, gathered.trainable, n, links) + gatherSeconds(pl.frozen, bytes.frozen, gathered.frozen, n, links);
    const copies = hostCopySeconds(pl.trainable.weights, bytes.trainable, n, links) + hostCopySeconds(pl.frozen, bytes.frozen, n, links);
    commForward += gather;
    copiesForward += copies;
    if (twice) {
      commBackward += gather;
      copiesBackward += copies;
    }
    if (role === 'train') {
      const g = pl.trainable.gradients;
      if (g === 'replicated' && !updatesShard) {
        allReduce += (n * 2 * frac * P * p.gradBytes) / ring;
        allReducedBytes += n * P * p.gradBytes;
      } else {
        commBackward += (n * shardFrac * P * reducedGradBytes(p)) / shardRing + (n * P * reducedGradBytes(p) * acrossNodes) / shards;
        if (P > 0) commBackward += n * (shardLatency + (shards < gpus ? latency : 0));
        if (g === 'offloaded') copiesBackward += (n * P * p.gradBytes) / shards / cluster.gpu.pcieBytesPerSec;
      }
    }
  }
  if (gpus > 1) allReduce += ddpAllReduceCalls(allReducedBytes) * latency;
  const N = input.gradAccum ?? 1;
  flops.forward *= N;
  flops.inputGrad *= N;
  flops.weightGrad *= N;
  flops.recompute *= N;
  flops.total = flops.forward + flops.inputGrad + flops.weightGrad + flops.recompute;
  // the parameters the optimizer steps: the training blocks' (or their adapters'), and a tied table its reader
  // trains while its owner is frozen (GPT-2's embedding under a training head: stage-runs.ts)
  const trainable = runs.trainable;
  const traffic = input.optimizer.stepTrafficBytes(p, trainableTensors(graph, runs));
  const opt = pl.trainable.optimizer;
  const optimizer =
    opt === 'offloaded'
      ? ((trainable / shards) * traffic) / (cluster.hostMemoryBytesPerSec / cluster.gpusPerNode)
      : ((opt === 'sharded' ? trainable / shards : trainable) * traffic) / hbm;

  // an optimizer on the CPU receives its shard's gradients (during backward) and returns the updated weights
  const pcie = cluster.gpu.pcieBytesPerSec;
  const shard = trainable / shards;
  if (opt === 'offloaded' && pl.trainable.gradients !== 'offloaded') copiesBackward += (shard * p.gradBytes) / pcie;
  const uploadAfterStep = opt === 'offloaded' && pl.trainable.weights !== 'offloaded' ? (shard * p.weightBytes) / pcie : 0;
  const gatherAfterStep = updatesShard ? (frac * trainable * p.weightBytes) / ring : 0;

  const once = onceBytes / streamed;
  const compute = N * (forwardTime + backwardTime) + once;
  // save_on_cpu's copies run on the compute stream, in series with the kernels (activation-offload.ts)
  const packedSeconds = input.packed ? activationCopySeconds(input.packed, b, pcie) : 0;
  forwardTime += packedSeconds;
  backwardTime += packedSeconds;
  const forward = Math.max(forwardTime, commForward + copiesForward);
  const firstForward = once > 0 ? Math.max(forwardTime + once, commForward + copiesForward) : forward;
  const lastBackward = Math.max(backwardTime, commBackward + allReduce + copiesBackward);
  const earlierBackward = N > 1 ? Math.max(backwardTime, commBackward + copiesBackward) : 0;
  // every host copy above is its bytes over the PCIe rate, so the bytes are the copy time times that rate
  const offload = N * (copiesForward + copiesBackward + 2 * packedSeconds) + uploadAfterStep;
  const seconds = firstForward + (N - 1) * forward + (N - 1) * earlierBackward + lastBackward + optimizer + uploadAfterStep + gatherAfterStep;
  return {
    seconds,
    flops,
    compute,
    // every micro-batch's kernels, and the once-a-step cast (memory-bound: the rest)
    kernels: { gemm: N * gemm, attention: N * attention, convolution: N * convolution, other: N * other + once },
    memory: N * memoryBound + once,
    communication: N * (commForward + commBackward) + allReduce + gatherAfterStep,
    offload,
    pcieBytes: Math.round(offload * pcie),
    optimizer,
  };
}
