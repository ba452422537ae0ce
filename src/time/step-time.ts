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

import { opFlops, opParams } from '../ops/registry.js';
import type { Cluster } from '../hardware/types.js';
import { needsGather } from '../strategy/placement.js';
import type { StageSetting } from '../strategy/stage-setting.js';
import type { FlopsByPhase } from '../cost/flops-by-phase.js';
import { opNeeds } from '../strategy/op-needs.js';

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

export function stepTime(input: StepTimeInput): StepTime {
  const { graph, roles, precision: p, cluster, microBatch: b, placement: pl } = input;
  const gpus = cluster.gpusPerNode * cluster.nodes;
  const rate = input.peakFlopsPerSec * input.efficiency;
  const hbm = cluster.gpu.hbmBytesPerSec;
  const act = input.profile.bytesPerElement('act', p.activationDtype);
  const flops: FlopsByPhase = { forward: 0, inputGrad: 0, weightGrad: 0, recompute: 0, total: 0 };
  const phaseTime = { forward: 0, backward: 0 };
  let memoryBound = 0;
  const roofline = (f: number, bytes: number): number => {
    const t = Math.max(f / rate, bytes / hbm);
    memoryBound += t - f / rate;
    return t;
  };

  for (const n of opNeeds(graph, roles, input.policy)) {
    const op = n.op;
    const f = opFlops(op);
    const params = opParams(op);
    const io = (op.inputs.reduce((s, t) => s + t.perSample, 0) + op.output.perSample) * b * act;
    flops.forward += f.forward * b;
    phaseTime.forward += roofline(f.forward * b, io + params * p.weightBytes);
    if (!n.backward) continue;
    if (n.needsInputGrad) {
      flops.inputGrad += f.inputGrad * b;
      phaseTime.backward += roofline(f.inputGrad * b, io + params * p.weightBytes);
    }
    if (n.weightTrains) {
      flops.weightGrad += f.weightGrad * b;
      phaseTime.backward += roofline(f.weightGrad * b, io + params * p.gradBytes);
    }
    const re = (n.recomputed ? f.forward : 0) + (input.profile.backwardRecomputeFlops?.(op, n.ctx(input.attention)) ?? 0);
    if (re > 0) {
      flops.recompute += re * b;
      phaseTime.backward += roofline(re * b, io);
    }
  }
  flops.total = flops.forward + flops.inputGrad + flops.weightGrad + flops.recompute;

  // ---- communication and host copies ----
  const ring = ringBandwidth(cluster);
  const frac = gpus > 1 ? (gpus - 1) / gpus : 0;
  const comm = { forward: 0, backward: 0 };
  const copies = { forward: 0, backward: 0 };
  let trainable = 0;
  graph.blocks.forEach((block, i) => {
    const role = roles[i];
    if (role === 'skip') return;
    const params = block.ops.reduce((s, op) => s + opParams(op), 0);
    const where = role === 'train' ? pl.trainable.weights : pl.frozen;
    const runsBackward = role === 'train' || role === 'frozen-path';
    if (role === 'train') trainable += params;
    if (needsGather(where, gpus)) {
      const gather = (frac * params * p.weightBytes) / ring;
      const h2d = where === 'offloaded' ? (params * p.weightBytes) / gpus / cluster.gpu.pcieBytesPerSec : 0;
      comm.forward += gather;
      copies.forward += h2d;
      if (runsBackward) {
        comm.backward += gather;
        copies.backward += h2d;
      }
    }
    if (role === 'train') {
      const g = pl.trainable.gradients;
      if (g === 'replicated') comm.backward += (2 * frac * params * p.gradBytes) / ring;
      else {
        comm.backward += (frac * params * p.gradBytes) / ring;
        if (g === 'offloaded') copies.backward += (params * p.gradBytes) / gpus / cluster.gpu.pcieBytesPerSec;
      }
    }
  });

  const traffic = input.optimizer.stepTrafficBytes(p);
  const opt = pl.trainable.optimizer;
  const optimizer =
    opt === 'offloaded'
      ? ((trainable / gpus) * traffic) / (cluster.hostMemoryBytesPerSec / cluster.gpusPerNode)
      : ((opt === 'sharded' ? trainable / gpus : trainable) * traffic) / hbm;

  const compute = phaseTime.forward + phaseTime.backward;
  const seconds =
    Math.max(phaseTime.forward, comm.forward + copies.forward) +
    Math.max(phaseTime.backward, comm.backward + copies.backward) +
    optimizer;
  return {
    seconds,
    flops,
    compute,
    memory: memoryBound,
    communication: comm.forward + comm.backward,
    offload: copies.forward + copies.backward,
    optimizer,
  };
}
