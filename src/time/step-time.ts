// Step time of one stage on one GPU: a per-op roofline for compute, ring collectives for sharded states,
// host↔GPU copies for offloaded ones and the optimizer step, combined with the overlap stated below.
//
//   op time        max(FLOPs / (peak · efficiency), bytes moved / HBM bandwidth)   (Williams et al. 2009)
//   all-gather,    (N−1)/N · bytes / link bandwidth per direction (ring; Thakur et al. 2005, NCCL docs);
//   reduce-scatter all-reduce = reduce-scatter + all-gather
//   offload copy   bytes / PCIe bandwidth per direction
//   optimizer      bytes read + written per parameter / memory bandwidth (GPU: HBM; CPU: the node's host
//                  memory bandwidth shared by its GPUs' ranks)
//   overlap        within forward and within backward, communication and copies overlap compute
//                  (FSDP prefetch, DDP bucketing): phase time = max(compute, communication + copies);
//                  the optimizer step runs after backward, not overlapped.
//   accumulation   N micro-batches per optimizer step: N forwards and backwards (with their gathers and, for
//                  sharded gradients, their reduce-scatters: FSDP reduces every micro-batch), one all-reduce of
//                  replicated gradients in the last backward (DDP's no_sync before it), one optimizer step.

import type { FlopsByPhase } from '../cost/flops-by-phase.js';
import type { Cluster } from '../hardware/types.js';
import { trainableTensors } from '../precision/param-tensors.js';
import { needsGather } from '../strategy/placement.js';
import { blockParams, stageRuns, type StageRuns } from '../strategy/stage-runs.js';
import type { StageSetting } from '../strategy/stage-setting.js';
import { type BlockCostSetting, BlockCostTable, rooflineSeconds, type RooflineTime } from './block-cost.js';

export interface StepTimeInput extends StageSetting {
  cluster: Cluster;
  microBatch: number;
  /** peak FLOP/s of the compute dtype on this GPU */
  peakFlopsPerSec: number;
  /** fraction of peak that contractions reach (an explicit, documented assumption) */
  efficiency: number;
}

export interface StepTime {
  seconds: number;
  flops: FlopsByPhase;
  /** seconds by component (before overlap) */
  compute: number;
  /** the part of `compute` spent bound by memory bandwidth rather than FLOPs */
  memory: number;
  communication: number;
  offload: number;
  optimizer: number;
}

/** Ring bandwidth per GPU: the inter-node network share when the ring spans nodes, else the intra-node link. */
export function ringBandwidth(c: Cluster): number {
  return c.nodes > 1 ? Math.min(c.intraNodeBytesPerSec, c.interNodeBytesPerSec / c.gpusPerNode) : c.intraNodeBytesPerSec;
}

/** A stage's time from its runs and the block costs of its setting (the engine's one path; plans call it). */
export interface StageTimeInput extends Omit<StepTimeInput, 'roles'> {
  runs: StageRuns;
  costs: BlockCostTable;
}

/** The block-cost setting of a stage setting. */
export function costSettingOf(input: Pick<StageSetting, 'policy' | 'profile' | 'precision' | 'attention'>): BlockCostSetting {
  const p = input.precision;
  return {
    policy: input.policy,
    profile: input.profile,
    dtype: p.activationDtype,
    attention: input.attention,
    weightBytes: p.weightBytes,
    gradBytes: p.gradBytes,
  };
}

/** Step time of one stage given by its block roles (builds the runs and block costs; plans reuse both). */
export function stepTime(input: StepTimeInput): StepTime {
  return stageTime({ ...input, runs: stageRuns(input.graph, input.roles), costs: new BlockCostTable(input.graph.blocks, costSettingOf(input)) });
}

export function stageTime(input: StageTimeInput): StepTime {
  const { graph, runs, costs, precision: p, cluster, microBatch: b, placement: pl } = input;
  const gpus = cluster.gpusPerNode * cluster.nodes;
  const rate = input.peakFlopsPerSec * input.efficiency;
  const hbm = cluster.gpu.hbmBytesPerSec;
  const params = blockParams(graph);
  const flops: FlopsByPhase = { forward: 0, inputGrad: 0, weightGrad: 0, recompute: 0, total: 0 };
  let forwardTime = 0;
  let backwardTime = 0;
  let memoryBound = 0;
  const roofline: RooflineTime = { seconds: 0, memoryBound: 0 };
  const ring = ringBandwidth(cluster);
  const frac = gpus > 1 ? (gpus - 1) / gpus : 0;
  let commForward = 0;
  let commBackward = 0;
  // DDP's all-reduce of replicated gradients, once per optimizer step
  let allReduce = 0;
  let copiesForward = 0;
  let copiesBackward = 0;
  let trainable = 0;

  for (const run of runs.runs) {
    const n = run.b - run.a + 1;
    const cost = costs.get(run.first, run.role, run.up);
    flops.forward += n * cost.forward * b;
    flops.inputGrad += n * cost.inputGrad * b;
    flops.weightGrad += n * cost.weightGrad * b;
    flops.recompute += n * cost.recompute * b;
    rooflineSeconds(cost.forwardTerms, b, rate, hbm, roofline);
    forwardTime += n * roofline.seconds;
    memoryBound += n * roofline.memoryBound;
    rooflineSeconds(cost.backwardTerms, b, rate, hbm, roofline);
    backwardTime += n * roofline.seconds;
    memoryBound += n * roofline.memoryBound;

    // ---- communication and host copies ----
    const role = run.role;
    const P = params[run.first]!;
    const where = role === 'train' ? pl.trainable.weights : pl.frozen;
    const runsBackward = role === 'train' || role === 'frozen-path';
    if (role === 'train') trainable += n * P;
    if (needsGather(where, gpus)) {
      const gather = (frac * P * p.weightBytes) / ring;
      const h2d = where === 'offloaded' ? (P * p.weightBytes) / gpus / cluster.gpu.pcieBytesPerSec : 0;
      commForward += n * gather;
      copiesForward += n * h2d;
      if (runsBackward) {
        commBackward += n * gather;
        copiesBackward += n * h2d;
      }
    }
    if (role === 'train') {
      const g = pl.trainable.gradients;
      if (g === 'replicated') allReduce += (n * 2 * frac * P * p.gradBytes) / ring;
      else {
        commBackward += (n * frac * P * p.gradBytes) / ring;
        if (g === 'offloaded') copiesBackward += (n * P * p.gradBytes) / gpus / cluster.gpu.pcieBytesPerSec;
      }
    }
  }
  const N = input.gradAccum ?? 1;
  flops.forward *= N;
  flops.inputGrad *= N;
  flops.weightGrad *= N;
  flops.recompute *= N;
  flops.total = flops.forward + flops.inputGrad + flops.weightGrad + flops.recompute;
  const traffic = input.optimizer.stepTrafficBytes(p, trainableTensors(graph, runs));
  const opt = pl.trainable.optimizer;
  const optimizer =
    opt === 'offloaded'
      ? ((trainable / gpus) * traffic) / (cluster.hostMemoryBytesPerSec / cluster.gpusPerNode)
      : ((opt === 'sharded' ? trainable / gpus : trainable) * traffic) / hbm;

  const compute = N * (forwardTime + backwardTime);
  const forward = Math.max(forwardTime, commForward + copiesForward);
  const lastBackward = Math.max(backwardTime, commBackward + allReduce + copiesBackward);
  const earlierBackward = N > 1 ? Math.max(backwardTime, commBackward + copiesBackward) : 0;
  const seconds = N * forward + (N - 1) * earlierBackward + lastBackward + optimizer;
  return {
    seconds,
    flops,
    compute,
    memory: N * memoryBound,
    communication: N * (commForward + commBackward) + allReduce,
    offload: N * (copiesForward + copiesBackward),
    optimizer,
  };
}
