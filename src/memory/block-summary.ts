// One block's memory behaviour in a stage, from an op-by-op simulation of its forward and backward.
//
// The stage timeline (stage-timeline.ts) folds these summaries over the blocks of a stage. Summaries depend
// only on the block's shape, its role, whether anything before it trains, the activation policy and the
// runtime, so a sweep computes each one once and reuses it for every layer and configuration.
//
// All quantities are bytes, linear in the micro-batch (Lin). "Above entry" means: on top of what was alive
// when the block's forward (or backward) started, which the fold accounts for.

import type { AnyOp, Block, Tensor } from '../graph/types.js';
import type { ActivationDtype, HeldTensor, OpContext, RuntimeProfile } from '../runtime/profile.js';
import { blockOpNeeds } from '../strategy/op-needs.js';
import type { ActivationPolicy, BlockRole } from '../strategy/roles.js';
import { Envelope } from './envelope.js';
import { type Lin, ZERO } from './lin.js';

export interface BlockSummaryInput {
  block: Block;
  role: BlockRole;
  /** some block before this one in the stage trains, so gradients must reach this block's input */
  upstreamTrains: boolean;
  policy: ActivationPolicy;
  profile: RuntimeProfile;
  dtype: ActivationDtype;
  attention: 'math' | 'flash';
}

export interface BlockSummary {
  /** largest transient above entry during forward (entry includes the block input), as an envelope */
  forwardPeak: readonly Lin[];
  /** bytes the block keeps for backward after its forward, excluding its input tensor */
  held: Lin;
  /** the block keeps its input tensor (counted by the fold, once, with the previous block's output) */
  savesInput: boolean;
  /** the block's output tensor is among `held` */
  savesOutput: boolean;
  /** largest transient above entry during backward (entry: everything held + the gradient of the output) */
  backwardPeak: readonly Lin[];
  /** bytes of the gradient w.r.t. the block input left after its backward (0 when none is needed) */
  inputGrad: Lin;
  /** gradient bytes that stay alive until backward ends (runtimes that keep every gradient) */
  keptGradients: Lin;
  /** the block runs a backward at all */
  hasBackward: boolean;
}

type Bytes = (t: HeldTensor) => Lin;

function tensorHeld(t: Tensor): HeldTensor {
  return { key: t.id, perSample: t.perSample, fixed: t.fixed ?? 0, role: t.role };
}

function sum(items: HeldTensor[], bytes: Bytes): Lin {
  let c = 0;
  let d = 0;
  for (const it of items) {
    const b = bytes(it);
    c += b.c;
    d += b.d;
  }
  return { c, d };
}

/** A running Lin total that records the upper envelope of the totals it passes through. */
class Tally {
  c = 0;
  d = 0;
  readonly peaks = new Envelope();
  add(x: Lin, sign = 1): void {
    this.c += sign * x.c;
    this.d += sign * x.d;
  }
  /** record the current total plus a transient as a candidate peak */
  observe(extra: Lin = ZERO): void {
    this.peaks.push({ c: this.c + extra.c, d: this.d + extra.d });
  }
}

interface OpPlan {
  op: AnyOp;
  ctx: OpContext;
  saved: HeldTensor[];
  /** the op runs a backward (it is taped and something on its path or itself trains) */
  backward: boolean;
  /** inputs whose gradients its backward computes */
  gradInputs: Tensor[];
}

function planOps(input: BlockSummaryInput, taped: boolean): OpPlan[] {
  const { block, role, upstreamTrains, policy, dtype, attention, profile } = input;
  // an untaped pass (the forward of a checkpointed block) keeps nothing
  const effectiveRole = taped ? role : 'frozen-notape';
  return blockOpNeeds(block, effectiveRole, upstreamTrains, policy).map((n) => {
    const ctx = n.ctx(attention, dtype);
    return { op: n.op, ctx, saved: n.backward ? profile.saved(n.op, ctx) : [], backward: n.backward, gradInputs: n.gradInputs };
  });
}

function consumerCounts(block: Block): Map<number, number> {
  const counts = new Map<number, number>();
  for (const op of block.ops) for (const t of op.inputs) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
  return counts;
}

interface ForwardResult {
  peak: readonly Lin[];
  /** held items by key (the block input excluded) */
  held: Map<number | string, HeldTensor>;
  savesInput: boolean;
}

/** Forward through the block; `extra` counts bytes above entry. */
function simulateForward(input: BlockSummaryInput, plans: OpPlan[], bytes: Bytes): ForwardResult {
  const { block, profile } = input;
  const keepAll = profile.keepsAllForwardOutputs && plans.some((p) => p.ctx.taped);
  const remaining = consumerCounts(block);
  const live = new Map<number | string, HeldTensor>();
  const held = new Map<number | string, HeldTensor>();
  let savesInput = false;
  const tally = new Tally();
  for (const { op, ctx, saved } of plans) {
    const workspace = profile.forwardWorkspace(op, ctx);
    const fresh = saved.filter((s) => typeof s.key === 'string' && !held.has(s.key));
    tally.observe(sum([tensorHeld(op.output), ...workspace, ...fresh], bytes));
    const out = tensorHeld(op.output);
    live.set(out.key, out);
    tally.add(bytes(out));
    for (const s of saved) {
      if (s.key === block.input.id) savesInput = true;
      else if (!held.has(s.key)) {
        held.set(s.key, s);
        if (typeof s.key === 'string') tally.add(bytes(s));
      }
    }
    if (keepAll) continue;
    for (const t of op.inputs) {
      const left = (remaining.get(t.id) ?? 1) - 1;
      remaining.set(t.id, left);
      if (left === 0 && t.id !== block.input.id && t.id !== block.output.id && !held.has(t.id) && live.has(t.id)) {
        live.delete(t.id);
        tally.add(bytes(tensorHeld(t)), -1);
      }
    }
  }
  if (keepAll) {
    for (const [k, t] of live) if (k !== block.output.id) held.set(k, t);
    held.set(block.output.id, tensorHeld(block.output));
  }
  return { peak: tally.peaks.lines, held, savesInput };
}

interface BackwardResult {
  peak: readonly Lin[];
  inputGrad: Lin;
  keptGradients: Lin;
}

/**
 * Backward through the block. At entry, `held` (the forward's kept tensors) and the gradient of the block
 * output are alive and counted by the caller; `tally` starts at `startExtra` (e.g. recomputed tensors).
 */
function simulateBackward(
  input: BlockSummaryInput,
  plans: OpPlan[],
  held: Map<number | string, HeldTensor>,
  bytes: Bytes,
  startExtra: Lin,
): BackwardResult {
  const { block, profile } = input;
  const keepGrads = profile.keepsGradientsUntilEnd;
  const keepForward = profile.keepsAllForwardOutputs;
  const tally = new Tally();
  tally.add(startExtra);
  tally.observe();
  // how many ops saved each held key; the last of them to run backward frees it
  const savers = new Map<number | string, number>();
  for (const p of plans) for (const s of p.saved) savers.set(s.key, (savers.get(s.key) ?? 0) + 1);
  const grads = new Map<number, Lin>();
  const isLoss = block.kind === 'loss';
  if (!isLoss) grads.set(block.output.id, ZERO); // counted by the caller; freeing it subtracts its bytes
  const outGradBytes = isLoss ? ZERO : bytes(tensorHeld(block.output));
  let kept: Lin = ZERO;
  for (let i = plans.length - 1; i >= 0; i--) {
    const { op, ctx, saved, backward, gradInputs } = plans[i];
    if (!backward) continue;
    const newGrads = gradInputs.filter((t) => t.role === 'act' && !grads.has(t.id));
    const newGradBytes = sum(newGrads.map(tensorHeld), bytes);
    const workspace = sum(profile.backwardWorkspace(op, ctx), bytes);
    tally.observe({ c: newGradBytes.c + workspace.c, d: newGradBytes.d + workspace.d });
    tally.add(newGradBytes);
    kept = { c: kept.c + newGradBytes.c, d: kept.d + newGradBytes.d };
    for (const t of newGrads) grads.set(t.id, bytes(tensorHeld(t)));
    if (!keepGrads && grads.has(op.output.id)) {
      const g = op.output.id === block.output.id ? outGradBytes : grads.get(op.output.id)!;
      tally.add(g, -1);
      grads.delete(op.output.id);
    }
    if (keepForward) continue;
    for (const s of saved) {
      const left = (savers.get(s.key) ?? 1) - 1;
      savers.set(s.key, left);
      if (left === 0 && s.key !== block.input.id && held.has(s.key)) {
        tally.add(bytes(s), -1);
        held.delete(s.key);
      }
    }
  }
  const inputGrad = grads.get(block.input.id) ?? ZERO;
  return { peak: tally.peaks.lines, inputGrad, keptGradients: kept };
}

export function summarizeBlock(input: BlockSummaryInput): BlockSummary {
  const { role, policy, profile, dtype, block } = input;
  const bytes: Bytes = (t) => {
    const bpe = profile.bytesPerElement(t.role, dtype);
    return { c: t.fixed * bpe, d: t.perSample * bpe };
  };
  if (role === 'skip') {
    return { forwardPeak: [], held: ZERO, savesInput: false, savesOutput: false, backwardPeak: [], inputGrad: ZERO, keptGradients: ZERO, hasBackward: false };
  }
  const taped = role !== 'frozen-notape';
  const plans = planOps(input, taped);
  const hasBackward = plans.some((p) => p.backward);
  const checkpointed = policy === 'full' && hasBackward && block.kind !== 'loss';
  if (!checkpointed) {
    const fwd = simulateForward(input, plans, bytes);
    const heldItems = [...fwd.held.values()];
    const bwd = hasBackward ? simulateBackward(input, plans, new Map(fwd.held), bytes, ZERO) : null;
    return {
      forwardPeak: fwd.peak,
      held: sum(heldItems, bytes),
      savesInput: fwd.savesInput,
      savesOutput: fwd.held.has(block.output.id),
      backwardPeak: bwd?.peak ?? [],
      inputGrad: bwd?.inputGrad ?? ZERO,
      keptGradients: bwd?.keptGradients ?? ZERO,
      hasBackward,
    };
  }
  // Full checkpointing: forward keeps only the block input; backward first re-runs the forward under the
  // tape (its kept tensors are transient here), then back-propagates through them.
  const untaped = planOps(input, false);
  const fwd = simulateForward(input, untaped, bytes);
  const re = simulateForward(input, plans, bytes);
  const reHeld = sum([...re.held.values()], bytes);
  const bwd = simulateBackward(input, plans, new Map(re.held), bytes, reHeld);
  const backwardPeak = Envelope.of([...re.peak, ...bwd.peak]);
  return {
    forwardPeak: fwd.peak,
    held: ZERO,
    savesInput: true,
    savesOutput: false,
    backwardPeak,
    inputGrad: bwd.inputGrad,
    keptGradients: bwd.keptGradients,
    hasBackward,
  };
}
