// The engine's prediction of one validation case: memory from the stage timeline (src/memory) with the
// tfjs runtime profile of the backend, fp32, plain SGD (no optimizer state) and one device; contraction FLOPs per phase
// from the op cost rules under the same roles; step time from the calibrated backend rates.

import type { Graph } from '../graph/types.js';
import { summarizeBlock } from '../memory/block-summary.js';
import { eventBytes } from '../memory/stage-memory.js';
import { type EngineSetting, Evaluation } from '../plan/evaluation.js';
import { SHARDINGS } from '../strategy/sharding.js';
import { stageOfRoles } from '../strategy/schedule.js';
import { opFlops, opMatmulFlops } from '../ops/registry.js';
import { type OptimizerPolicy, optimizerPolicy } from '../precision/optimizer.js';
import { autocastRegion, tensorDtypes } from '../precision/autocast.js';
import { precisionPolicy } from '../precision/precision.js';
import type { AttentionImpl, PrecisionName } from '../vocabulary.js';
import type { RuntimeProfile } from '../runtime/profile.js';
import { tfjsProfile } from '../runtime/tfjs.js';
import { type NeededFlops, neededFlops, opNeeds } from '../strategy/op-needs.js';
import type { BlockRole } from '../strategy/roles.js';
import { blockPolicy } from '../strategy/checkpoint-layers.js';
import type { Calibration } from './measure/calibrate.js';
import { type PhaseTotals, zeroTotals } from './measure/flops.js';

export interface Prediction {
  flops: PhaseTotals;
  /** the engine's non-contraction FLOPs (norms, softmax, activations, ...) */
  elementwiseFlops: PhaseTotals;
  peakBytes: number;
  /** the timeline event where the predicted peak falls (e.g. "backward layers.3") */
  peakEvent: string;
  savedBytes: number;
  stepSeconds: number;
}

/**
 * FLOPs by phase under the roles, from the engine's gradient needs (src/strategy/op-needs.ts, the source the
 * memory timeline and the time model read): an op's input-gradient FLOPs count when it computes a gradient
 * for some input (by data dependence), its weight-gradient FLOPs when its weights train, its forward again
 * when its block is recomputed (full checkpointing).
 */
export function predictFlops(graph: Graph, roles: readonly BlockRole[], checkpoint: boolean, checkpointEvery?: number) {
  const matmul = zeroTotals();
  const other = zeroTotals();
  const conv = { flops: 0 };
  for (const n of opNeeds(graph, roles, checkpoint ? 'full' : 'none', checkpointEvery)) {
    const m = opMatmulFlops(n.op);
    const all = opFlops(n.op);
    const add = (t: PhaseTotals, f: NeededFlops) => {
      t.forward += f.forward;
      t.inputGrad += f.inputGrad;
      t.weightGrad += f.weightGrad;
      t.recompute += f.recompute;
    };
    const mm = neededFlops(n, m);
    add(matmul, mm);
    add(other, neededFlops(n, { forward: all.forward - m.forward, inputGrad: all.inputGrad - m.inputGrad, weightGrad: all.weightGrad - m.weightGrad }));
    if (n.op.kind === 'conv2d') conv.flops += mm.forward + mm.inputGrad + mm.weightGrad + mm.recompute;
  }
  for (const t of [matmul, other]) t.total = t.forward + t.inputGrad + t.weightGrad + t.recompute;
  return { matmul, other, convFlops: conv.flops };
}

/** Plain SGD as the tfjs executor runs it: no optimizer state. */
export const plainSgd: OptimizerPolicy = { ...optimizerPolicy('sgd'), stateBytes: () => 0, stepTransientBytes: () => 0 };

/** What a validation case ran besides its roles: the optimizer, precision, checkpointed layers, attention kernel. */
export interface CaseRecipe {
  optimizer?: OptimizerPolicy;
  precision?: PrecisionName;
  checkpointEvery?: number;
  /** flash: a fused attention kernel (PyTorch's scaled_dot_product_attention); default math */
  attention?: AttentionImpl;
}

/** A case's stage as the engine evaluates it: one GPU, replicated state, no runtime overhead. */
export function caseEvaluation(graph: Graph, roles: readonly BlockRole[], checkpoint: boolean, profile: RuntimeProfile, recipe: CaseRecipe): Evaluation {
  const setting: EngineSetting = {
    graph,
    policy: checkpoint ? 'full' : 'none',
    ...(recipe.checkpointEvery !== undefined ? { checkpointEvery: recipe.checkpointEvery } : {}),
    profile,
    precision: precisionPolicy(recipe.precision ?? 'fp32'),
    optimizer: recipe.optimizer ?? plainSgd,
    placement: SHARDINGS.ddp,
    attention: recipe.attention ?? 'math',
    gpus: 1,
    gpusPerNode: 1,
    overheadBytes: 0,
  };
  return new Evaluation(setting, [stageOfRoles(graph, 0, 'case', roles)]);
}

/**
 * `profile`: the runtime profile of what ran the case (src/validate/runtime-profile.ts; tfjs cpu's by
 * default); `recipe`: the optimizer it stepped (the tfjs executor's plain SGD by default), its precision
 * (fp32 by default), with `checkpoint` which layers it checkpointed (every n-th; default all), and its attention.
 */
export function predict(
  graph: Graph,
  roles: readonly BlockRole[],
  checkpoint: boolean,
  microBatch: number,
  cal: Calibration | null,
  kernels = 0,
  profile: RuntimeProfile = tfjsProfile,
  recipe: CaseRecipe = {},
): Prediction {
  const precision = precisionPolicy(recipe.precision ?? 'fp32');
  const policy = checkpoint ? 'full' : 'none';
  const attention = recipe.attention ?? 'math';
  const mem = caseEvaluation(graph, roles, checkpoint, profile, recipe).timeline(0);
  // The batch (model input and the loss's labels, integer class ids [b·rows]) is data the executor holds for the whole
  // step, like the weights. The timeline counts the input as an activation only while some block keeps it
  // (the first executed block's forward, and until its backward when it saves its input), and never the
  // labels: add them where the timeline does not count them.
  const first = roles.findIndex((r) => r !== 'skip');
  // under autocast the model input keeps its own dtype (fp32) and the first block may keep a cast copy instead
  const region = autocastRegion(precision.autocast, profile.autocastDevice);
  const dtypes = region ? tensorDtypes(graph, region) : undefined;
  // first is a found index and roles has one entry per block
  const keepsBatch =
    first >= 0 &&
    summarizeBlock({
      block: graph.blocks[first]!,
      role: roles[first]!,
      upstreamTrains: false,
      policy: blockPolicy(graph.blocks, first, policy, recipe.checkpointEvery),
      profile,
      dtype: precision.activationDtype,
      attention,
      ...(region && dtypes ? { autocast: { region, dtypes } } : {}),
    }).savesInput;
  const inputDtype = dtypes?.get(graph.input.id) ?? precision.activationDtype;
  const inputBytes = ((graph.input.fixed ?? 0) + graph.input.perSample * microBatch) * profile.bytesPerElement(graph.input.role, inputDtype);
  const loss = graph.blocks.flatMap((bl) => bl.ops).find((o) => o.kind === 'cross-entropy');
  const labelBytes = loss && loss.kind === 'cross-entropy' ? loss.attrs.rows * microBatch * profile.bytesPerElement('index', 'fp32') : 0;
  const inputCounted = (e: (typeof mem.events)[number]) =>
    e.phase === 'forward' ? e.blockIndex === first || keepsBatch : e.phase === 'backward' && keepsBatch;
  const bytesAt = mem.events.map((e) => eventBytes(e, microBatch) + labelBytes + (inputCounted(e) ? 0 : inputBytes));
  const peakBytes = Math.max(...bytesAt);
  const peakEvent = mem.events[bytesAt.indexOf(peakBytes)]!.label; // bytesAt has one entry per event
  const batchBytes = keepsBatch ? inputBytes : 0;
  const savedBytes = mem.savedAtEndOfForward.c + mem.savedAtEndOfForward.d * microBatch - batchBytes;
  const f = predictFlops(graph, roles, checkpoint, recipe.checkpointEvery);
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
  // 4-byte elements, one per elementwise FLOP) at the calibrated copy bandwidth, plus the calibrated fixed
  // cost per kernel launch times the number of kernels the step launches (`kernels`: the engine does not
  // model launches, the executor's count is given by the caller)
  let stepSeconds = NaN;
  if (cal) {
    const conv = f.convFlops * microBatch;
    stepSeconds =
      (flops.total - conv) / cal.matmulFlopsPerSec +
      conv / cal.convFlopsPerSec +
      (elementwiseFlops.total * 8) / cal.copyBytesPerSec +
      kernels * cal.kernelOverheadSec;
  }
  return { flops, elementwiseFlops, peakBytes, peakEvent, savedBytes, stepSeconds };
}
