// The memory timeline of one training step of one stage on one GPU: allocation and free events through
// forward, backward and the optimizer step, folded from per-block summaries (block-summary.ts).
//
// Every event's bytes are a constant plus a line in the micro-batch per candidate peak, so the step's peak
// is max over events of (cᵢ + dᵢ·b) and the largest micro-batch that fits follows exactly (max-batch.ts).

import type { Graph } from '../graph/types.js';
import { opParams } from '../ops/registry.js';
import type { OptimizerPolicy } from '../precision/optimizer.js';
import type { PrecisionPolicy } from '../precision/precision.js';
import type { RuntimeProfile } from '../runtime/profile.js';
import { needsGather, onGpu, onHost, type Placement } from '../strategy/placement.js';
import type { ActivationPolicy, BlockRole } from '../strategy/roles.js';
import { type BlockSummary, summarizeBlock } from './block-summary.js';
import { type Lin, ZERO } from './lin.js';

export interface StageMemoryInput {
  graph: Graph;
  roles: readonly BlockRole[];
  policy: ActivationPolicy;
  profile: RuntimeProfile;
  precision: PrecisionPolicy;
  optimizer: OptimizerPolicy;
  placement: Placement;
  attention: 'math' | 'flash';
  /** data-parallel world size (sharding divisor) */
  gpus: number;
  /** GPUs sharing one host (for host memory per node) */
  gpusPerNode: number;
  /** fixed per-GPU bytes of the runtime (CUDA context, ...) */
  overheadBytes: number;
  /** summaries cache shared across stages and configurations (keyed by shape, role and settings) */
  cache?: Map<string, BlockSummary>;
}

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

export function eventBytes(e: MemoryEvent, b: number): number {
  let t = 0;
  for (const l of e.transient) t = Math.max(t, l.c + l.d * b);
  return e.weights + e.gradients + e.optimizer + e.gather + e.overhead + e.activations.c + e.activations.d * b + t;
}

function blockParams(graph: Graph): number[] {
  return graph.blocks.map((b) => b.ops.reduce((s, op) => s + opParams(op), 0));
}

function summaryKey(i: StageMemoryInput, blockIndex: number, role: BlockRole, upstream: boolean): string {
  const b = i.graph.blocks[blockIndex];
  return `${i.graph.modelName}|${i.graph.options.seqLen}|${b.shapeKey}|${b.kind}|${role}|${upstream}|${i.policy}|${i.profile.name}|${i.precision.activationDtype}|${i.attention}`;
}

function summaries(input: StageMemoryInput): (BlockSummary | null)[] {
  const cache = input.cache ?? new Map<string, BlockSummary>();
  let upstream = false;
  return input.graph.blocks.map((block, i) => {
    const role = input.roles[i];
    if (role === 'skip') return null;
    const key = summaryKey(input, i, role, upstream);
    let s = cache.get(key);
    if (!s) {
      s = summarizeBlock({ block, role, upstreamTrains: upstream, policy: input.policy, profile: input.profile, dtype: input.precision.activationDtype, attention: input.attention });
      cache.set(key, s);
    }
    if (role === 'train') upstream = true;
    return s;
  });
}

export function stageMemory(input: StageMemoryInput): StageMemory {
  const { graph, roles, precision: p, optimizer: o, placement: pl, gpus, profile } = input;
  const params = blockParams(graph);
  const sums = summaries(input);
  const tensorBytes = (t: { perSample: number; fixed?: number; role: 'act' | 'mask' | 'f32' | 'index' }): Lin => {
    const k = profile.bytesPerElement(t.role, p.activationDtype);
    return { c: (t.fixed ?? 0) * k, d: t.perSample * k };
  };

  // ---- model states, constant through the step ----
  let trainable = 0;
  let frozen = 0;
  roles.forEach((r, i) => (r === 'train' ? (trainable += params[i]) : (frozen += params[i])));
  const weights = onGpu(trainable * p.weightBytes, pl.trainable.weights, gpus) + onGpu(frozen * p.weightBytes, pl.frozen, gpus);
  const optimizer = onGpu(trainable * (p.masterBytes + o.stateBytes(p)), pl.trainable.optimizer, gpus);
  // PyTorch DDP (gradient_as_bucket_view=False, the default) keeps flat bucket copies of all gradients
  const ddpBuckets = gpus > 1 && pl.trainable.gradients === 'replicated' && profile.name === 'pytorch' ? trainable * p.gradBytes : 0;
  const hostPerGpu =
    onHost(trainable * p.weightBytes, pl.trainable.weights, gpus) +
    onHost(frozen * p.weightBytes, pl.frozen, gpus) +
    onHost(trainable * (p.masterBytes + o.stateBytes(p)), pl.trainable.optimizer, gpus) +
    onHost(trainable * p.gradBytes, pl.trainable.gradients, gpus);
  const base = { weights, optimizer, overhead: input.overheadBytes };

  const residence = (i: number) => (roles[i] === 'train' ? pl.trainable.weights : pl.frozen);
  const gathered = (i: number | undefined) =>
    i !== undefined && needsGather(residence(i), gpus) ? params[i] * p.weightBytes : 0;
  const executed = graph.blocks.map((b) => b.index).filter((i) => roles[i] !== 'skip');

  const events: MemoryEvent[] = [];
  // ---- forward ----
  let held: Lin = ZERO; // activations kept for backward
  let boundary: Lin = tensorBytes(graph.input); // the block input alive but not (yet) held
  let boundaryHeld = false;
  executed.forEach((i, k) => {
    const s = sums[i]!;
    const block = graph.blocks[i];
    const live = boundaryHeld ? held : { c: held.c + boundary.c, d: held.d + boundary.d };
    events.push({
      label: `forward ${block.name}`, phase: 'forward', blockIndex: i, ...base, gradients: ddpBuckets,
      gather: gathered(i) + gathered(executed[k + 1]), activations: live, transient: s.forwardPeak,
    });
    if (s.savesInput && !boundaryHeld) held = { c: held.c + boundary.c, d: held.d + boundary.d };
    held = { c: held.c + s.held.c, d: held.d + s.held.d };
    boundary = tensorBytes(block.output);
    boundaryHeld = s.savesOutput;
  });
  const savedAtEndOfForward = held;

  // ---- backward, from the loss to the earliest block that back-propagates ----
  let grads = ddpBuckets;
  let gradOut: Lin = ZERO;
  let kept: Lin = ZERO;
  for (let k = executed.length - 1; k >= 0; k--) {
    const i = executed[k];
    const s = sums[i]!;
    if (!s.hasBackward) break;
    const block = graph.blocks[i];
    const trains = roles[i] === 'train';
    const unshardedGrads = trains && pl.trainable.gradients !== 'replicated' ? params[i] * p.gradBytes : 0;
    const ownGrads = trains ? onGpu(params[i] * p.gradBytes, pl.trainable.gradients, gpus) : 0;
    events.push({
      label: `backward ${block.name}`, phase: 'backward', blockIndex: i, ...base,
      gradients: grads + ownGrads,
      gather: gathered(i) + gathered(executed[k - 1]) + unshardedGrads,
      activations: { c: held.c + kept.c, d: held.d + kept.d },
      transient: s.backwardPeak.map((l) => ({ c: l.c + gradOut.c, d: l.d + gradOut.d })),
    });
    grads += ownGrads;
    if (!profile.keepsAllForwardOutputs) {
      held = { c: held.c - s.held.c, d: held.d - s.held.d };
      const prev = k > 0 ? sums[executed[k - 1]] : null;
      if (s.savesInput && !(prev?.savesOutput ?? false)) {
        const x = tensorBytes(block.input);
        held = { c: held.c - x.c, d: held.d - x.d };
      }
    }
    if (profile.keepsGradientsUntilEnd) {
      kept = { c: kept.c + s.keptGradients.c, d: kept.d + s.keptGradients.d };
      gradOut = ZERO;
    } else {
      gradOut = s.inputGrad;
    }
  }

  // ---- optimizer step ----
  const stepWorkspace = onGpu(trainable * o.stepWorkspaceBytes(p), pl.trainable.optimizer, gpus);
  events.push({
    label: 'optimizer step', phase: 'optimizer', blockIndex: null, ...base,
    gradients: grads, gather: 0, activations: ZERO, transient: stepWorkspace > 0 ? [{ c: stepWorkspace, d: 0 }] : [],
  });

  return { events, hostBytesPerNode: hostPerGpu * input.gpusPerNode, trainableParams: trainable, savedAtEndOfForward };
}
