// FLOPs of one training step (one micro-batch) by phase, per block and in total, for a set of trainable
// blocks. Each op contributes its forward always, its input gradient when something before it trains and
// its weight gradient when its own weights train (see trainable.ts). Contraction FLOPs ("matmul": linear,
// matmul, attention products, conv) and the rest ("other": norms, activations, softmax, ...) are reported
// separately, plus forward MACs of the contractions (the convention of torchvision's "GFLOPS" tables).

import type { Graph } from '../graph/types.js';
import { addPhases, phases, scalePhases, subPhases, ZERO_FLOPS } from '../ops/phase.js';
import { opFlops, opMacs, opMatmulFlops } from '../ops/registry.js';
import type { PhaseFlops } from '../ops/rule.js';
import { neededFlops } from '../strategy/op-needs.js';
import { gradientNeeds, resolveTrainable, type OpNeeds, type TrainableBlocks } from './trainable.js';

export interface FlopsBreakdown {
  /** all FLOPs by phase */
  total: PhaseFlops;
  /** tensor-contraction FLOPs by phase */
  matmul: PhaseFlops;
  /** total − matmul: elementwise and reduction FLOPs by phase */
  other: PhaseFlops;
  /** forward multiply-accumulates of the contractions */
  macs: number;
}

export interface BlockFlops extends FlopsBreakdown {
  index: number;
  name: string;
  trainable: boolean;
}

export interface StepFlops extends FlopsBreakdown {
  microBatch: number;
  blocks: BlockFlops[];
  /** forward + inputGrad + weightGrad of `total` */
  sum: number;
}

export interface StepFlopsOptions {
  /** samples in the micro-batch */
  microBatch: number;
  /** default 'all' */
  trainable?: TrainableBlocks;
}

/** The phases an op actually runs, given its gradient needs (without recomputation: no checkpointing here). */
function needed(f: PhaseFlops, n: OpNeeds): PhaseFlops {
  const x = neededFlops(n, f);
  return phases(x.forward, x.inputGrad, x.weightGrad);
}

export function stepFlops(graph: Graph, options: StepFlopsOptions): StepFlops {
  const b = options.microBatch;
  if (!(b > 0)) throw new RangeError(`micro-batch must be positive, got ${b}`);
  const trainable = options.trainable ?? 'all';
  const train = resolveTrainable(graph, trainable);

  const perBlock = graph.blocks.map(() => ({ total: { ...ZERO_FLOPS }, matmul: { ...ZERO_FLOPS }, macs: 0 }));
  for (const n of gradientNeeds(graph, trainable)) {
    const acc = perBlock[n.blockIndex]!; // a block's index is its position in graph.blocks
    acc.total = addPhases(acc.total, needed(opFlops(n.op), n));
    acc.matmul = addPhases(acc.matmul, needed(opMatmulFlops(n.op), n));
    acc.macs += opMacs(n.op);
  }

  const blocks: BlockFlops[] = graph.blocks.map((block, i) => {
    const { total, matmul, macs } = perBlock[i]!; // perBlock maps graph.blocks one to one
    return {
      index: block.index,
      name: block.name,
      trainable: train.has(block.index),
      total: scalePhases(total, b),
      matmul: scalePhases(matmul, b),
      other: scalePhases(subPhases(total, matmul), b),
      macs: macs * b,
    };
  });

  const total = blocks.reduce((s, x) => addPhases(s, x.total), { ...ZERO_FLOPS });
  const matmul = blocks.reduce((s, x) => addPhases(s, x.matmul), { ...ZERO_FLOPS });
  return {
    microBatch: b,
    blocks,
    total,
    matmul,
    other: subPhases(total, matmul),
    macs: blocks.reduce((s, x) => s + x.macs, 0),
    sum: total.forward + total.inputGrad + total.weightGrad,
  };
}
