// The engine's prediction of one validation case: memory from the stage timeline (src/memory) with the
// tfjs runtime profile, fp32, plain SGD (no optimizer state) and one device; contraction FLOPs per phase
// from the op cost rules under the same roles; step time from the calibrated backend rates.

import type { Graph } from '../graph/types.js';
import { eventBytes, stageMemory } from '../memory/stage-memory.js';
import { opFlops, opHasWeights, opMatmulFlops } from '../ops/registry.js';
import { optimizerPolicy } from '../precision/optimizer.js';
import { precisionPolicy } from '../precision/precision.js';
import { tfjsProfile } from '../runtime/tfjs.js';
import type { BlockRole } from '../strategy/roles.js';
import type { Calibration } from './measure/calibrate.js';
import { type PhaseTotals, zeroTotals } from './measure/flops.js';

export interface Prediction {
  flops: PhaseTotals;
  /** the engine's non-contraction FLOPs (norms, softmax, activations, ...) */
  elementwiseFlops: PhaseTotals;
  peakBytes: number;
  savedBytes: number;
  stepSeconds: number;
}

/** FLOPs by phase under the roles, with the needs rules of the memory timeline (block-summary.ts). */
export function predictFlops(graph: Graph, roles: readonly BlockRole[], checkpoint: boolean) {
  const matmul = zeroTotals();
  const other = zeroTotals();
  const conv = { flops: 0 };
  let upstream = false;
  graph.blocks.forEach((block, i) => {
    const role = roles[i];
    if (role === 'skip') return;
    const taped = role !== 'frozen-notape';
    let path = upstream;
    const blockF = { fw: 0, ofw: 0 };
    let hasBackward = false;
    for (const op of block.ops) {
      const wt = role === 'train' && opHasWeights(op);
      const m = opMatmulFlops(op);
      const all = opFlops(op);
      const add = (t: PhaseTotals, f: { forward: number; inputGrad: number; weightGrad: number }) => {
        t.forward += f.forward;
        if (taped && path) t.inputGrad += f.inputGrad;
        if (taped && wt) t.weightGrad += f.weightGrad;
      };
      add(matmul, m);
      add(other, { forward: all.forward - m.forward, inputGrad: all.inputGrad - m.inputGrad, weightGrad: all.weightGrad - m.weightGrad });
      if (op.kind === 'conv2d') conv.flops += m.forward + (taped && path ? m.inputGrad : 0) + (taped && wt ? m.weightGrad : 0);
      blockF.fw += m.forward;
      blockF.ofw += all.forward - m.forward;
      if (taped && (path || wt)) hasBackward = true;
      if (wt) path = true;
    }
    if (checkpoint && hasBackward && block.kind !== 'loss') {
      matmul.recompute += blockF.fw;
      other.recompute += blockF.ofw;
    }
    if (role === 'train') upstream = true;
  });
  for (const t of [matmul, other]) t.total = t.forward + t.inputGrad + t.weightGrad + t.recompute;
  return { matmul, other, convFlops: conv.flops };
}

/** Plain SGD as the executor runs it: no optimizer state. */
const plainSgd = { ...optimizerPolicy('sgd'), stateBytes: () => 0, stepWorkspaceBytes: () => 0 };

export function predict(graph: Graph, roles: readonly BlockRole[], checkpoint: boolean, microBatch: number, cal: Calibration | null): Prediction {
  const mem = stageMemory({
    graph,
    roles,
    policy: checkpoint ? 'full' : 'none',
    profile: tfjsProfile,
    precision: precisionPolicy('fp32'),
    optimizer: plainSgd,
    placement: { trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'replicated' }, frozen: 'replicated' },
    attention: 'math',
    gpus: 1,
    gpusPerNode: 1,
    overheadBytes: 0,
  });
  const peakBytes = Math.max(...mem.events.map((e) => eventBytes(e, microBatch)));
  const savedBytes = mem.savedAtEndOfForward.c + mem.savedAtEndOfForward.d * microBatch;
  const f = predictFlops(graph, roles, checkpoint);
  const scale = (t: PhaseTotals): PhaseTotals => ({
    forward: t.forward * microBatch,
    inputGrad: t.inputGrad * microBatch,
    weightGrad: t.weightGrad * microBatch,
    recompute: t.recompute * microBatch,
    total: t.total * microBatch,
  });
  const flops = scale(f.matmul);
  const elementwiseFlops = scale(f.other);
  // time: contractions at the calibrated matmul / conv rates, the rest as memory traffic (read + write of
  // 4-byte elements, one per elementwise FLOP) at the calibrated copy bandwidth
  let stepSeconds = NaN;
  if (cal) {
    const conv = f.convFlops * microBatch;
    stepSeconds = (flops.total - conv) / cal.matmulFlopsPerSec + conv / cal.convFlopsPerSec + (elementwiseFlops.total * 8) / cal.copyBytesPerSec;
  }
  return { flops, elementwiseFlops, peakBytes, savedBytes, stepSeconds };
}
