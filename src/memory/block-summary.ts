// One block's memory behaviour in a stage, from an op-by-op simulation of its forward and backward.
//
// The stage timeline (stage-memory.ts) folds these summaries over the blocks of a stage. Summaries depend
// only on the block's shape, its role, whether anything before it trains, the activation policy and the
// runtime, so a sweep computes each one once and reuses it for every layer and configuration.
//
// All quantities are bytes, linear in the micro-batch (Lin). "Above entry" means: on top of what was alive
// when the block's forward (or backward) started, which the fold accounts for.

import type { AnyOp, Block, Tensor } from '../graph/types.js';
import type { ActivationDtype, HeldTensor, OpContext, RuntimeProfile } from '../runtime/profile.js';
import { dequantizedWeight } from '../adapter/quantized.js';
import { tiedWeightParams } from '../graph/tied-weights.js';
import { opParams } from '../ops/registry.js';
import { isOpLevel, storedOps } from '../strategy/op-checkpoint.js';
import { type Autocast, autocastContext } from '../precision/autocast.js';
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
  /**
   * bytes per weight-gradient element: when set, the backward simulation allocates each op's weight
   * gradient when its backward runs, and `backwardPeak` includes them (the fold then leaves the block's
   * own gradients out of the event until the block's backward is done)
   */
  weightGradBytes?: number;
  /**
   * under torch.autocast: the region and every activation's dtype (src/precision/autocast.ts); each op then
   * runs in its own dtype instead of `dtype`
   */
  autocast?: { region: Autocast; dtypes: ReadonlyMap<number, ActivationDtype> };
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
  /** `backwardPeak` includes the block's own weight gradients, allocated op by op */
  weightGradsInPeak: boolean;
  /** bytes the block adds that live until the forward ends but are not kept for backward (autocast's cached weight copies) */
  cachedUntilForwardEnds: Lin;
  /** under save_on_cpu: bytes its ops pack to host memory in forward, each saved tensor once per op that saves it (absent: none) */
  packed?: Lin;
}

type Bytes = (t: HeldTensor) => Lin;

/** A graph tensor as held: under autocast with its own dtype (an activation's dtype is its producer's). */
function tensorHeldIn(input: BlockSummaryInput): (t: Tensor) => HeldTensor {
  const dtypes = input.autocast?.dtypes;
  if (!dtypes) return (t) => ({ key: t.id, perSample: t.perSample, fixed: t.fixed ?? 0, role: t.role });
  return (t) => ({ key: t.id, perSample: t.perSample, fixed: t.fixed ?? 0, role: t.role, ...(t.role === 'act' ? { dtype: dtypes.get(t.id) ?? 'fp32' } : {}) });
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
  /** tensors it makes that live until the forward ends without being kept for backward */
  cached: HeldTensor[];
}

/**
 * The ops of the block as they run. `cachedFrom`: the taped plans of a checkpointed block, whose untaped
 * forward still caches what the taped one caches or keeps (autocast caches a training weight's copy
 * whether or not the checkpoint lets autograd keep it).
 */
function planOps(input: BlockSummaryInput, taped: boolean, cachedFrom?: OpPlan[]): OpPlan[] {
  const { block, role, upstreamTrains, policy, dtype, attention, profile, autocast } = input;
  // an untaped pass (the forward of a checkpointed block) keeps nothing
  const effectiveRole = taped ? role : 'frozen-notape';
  return blockOpNeeds(block, effectiveRole, upstreamTrains, policy).map((n, i) => {
    const plain = n.ctx(attention, dtype);
    const ctx = autocast ? autocastContext(n.op, plain, autocast.dtypes, autocast.region) : plain;
    const from = cachedFrom?.[i];
    const cached = from
      ? (profile.cachedUntilForwardEnds?.(from.op, { ...from.ctx, taped: false }) ?? [])
      : (profile.cachedUntilForwardEnds?.(n.op, ctx) ?? []);
    return { op: n.op, ctx, saved: n.backward ? profile.saved(n.op, ctx) : [], backward: n.backward, gradInputs: n.gradInputs, cached };
  });
}

function consumerCounts(block: Block): Map<number, number> {
  const counts = new Map<number, number>();
  for (const op of block.ops) for (const t of op.inputs) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
  return counts;
}

/** Ids of the tensors an earlier block made for later ones and this block reads: their maker holds them. */
function foreignTensors(block: Block): Set<number | string> {
  const foreign = new Set<number | string>();
  for (const op of block.ops) for (const t of op.inputs) if (t.readLater) foreign.add(t.id);
  for (const op of block.ops) foreign.delete(op.output.id);
  return foreign;
}

interface ForwardResult {
  peak: readonly Lin[];
  /** held items by key (the block input excluded) */
  held: Map<number | string, HeldTensor>;
  savesInput: boolean;
  /** bytes of the ops' `cached` tensors */
  cached: Lin;
}

/**
 * Forward through the block; `extra` counts bytes above entry. `stored`: tensors that exist before it starts
 * (op-level checkpointing's stored outputs, counted by the fold): an op whose output is among them is not run.
 */
function simulateForward(input: BlockSummaryInput, plans: OpPlan[], bytes: Bytes, stored?: ReadonlySet<number | string>): ForwardResult {
  const { block, profile } = input;
  // save_on_cpu: a saved tensor is copied to the host as it is saved, and the GPU keeps none of them
  const packs = profile.savesOnHost === true;
  const tensorHeld = tensorHeldIn(input);
  let cached: Lin = ZERO;
  const keepAll = profile.keepsAllForwardOutputs && plans.some((p) => p.ctx.taped);
  const remaining = consumerCounts(block);
  const live = new Map<number | string, HeldTensor>();
  const held = new Map<number | string, HeldTensor>();
  let savesInput = false;
  const tally = new Tally();
  const foreign = foreignTensors(block);
  for (const { op, ctx, saved, cached: lasting } of plans) {
    const handedBack = stored?.has(op.output.id) === true;
    if (!handedBack) {
      // a quantized weight (QLoRA) is dequantized for the op: a transient of its forward
      let workspace = [...profile.forwardWorkspace(op, ctx), ...dequantizedWeight(op)];
      if (lasting.length > 0) workspace = workspace.filter((w) => !lasting.some((c) => c.key === w.key));
      const fresh = saved.filter((s) => typeof s.key === 'string' && !held.has(s.key) && !stored?.has(s.key));
      tally.observe(sum([tensorHeld(op.output), ...workspace, ...fresh, ...lasting], bytes));
      const out = tensorHeld(op.output);
      live.set(out.key, out);
      tally.add(bytes(out));
      // a tensor later blocks read is held by the block that makes it, until this block's backward
      if (op.output.readLater) held.set(out.key, out);
    }
    if (lasting.length > 0 && !handedBack) {
      const c = sum(lasting, bytes);
      tally.add(c);
      cached = { c: cached.c + c.c, d: cached.d + c.d };
    }
    for (const s of packs ? [] : saved) {
      if (s.key === block.input.id) savesInput = true;
      else if (!held.has(s.key) && !foreign.has(s.key)) {
        held.set(s.key, s);
        if (typeof s.key === 'string' && !stored?.has(s.key)) tally.add(bytes(s));
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
  return { peak: tally.peaks.lines, held, savesInput, cached };
}

interface BackwardResult {
  peak: readonly Lin[];
  inputGrad: Lin;
  keptGradients: Lin;
}

/** Gradient buffers with reference counts: a pass-through gradient shares the incoming gradient's buffer. */
class GradBuffers {
  private readonly bufs = new Map<number, { bytes: Lin; refs: number }>();
  private next = 0;
  /** net bytes of gradient buffers allocated minus freed since the backward started */
  net: Lin = ZERO;
  constructor(private readonly tally: Tally) {}
  private count(b: Lin, sign: number): void {
    this.tally.add(b, sign);
    this.net = { c: this.net.c + sign * b.c, d: this.net.d + sign * b.d };
  }
  /** a new buffer; `counted`: its bytes are already counted (the gradient arriving at the block) */
  alloc(bytes: Lin, counted = false): number {
    const id = this.next++;
    this.bufs.set(id, { bytes, refs: 1 });
    if (!counted) this.count(bytes, 1);
    return id;
  }
  ref(id: number): number {
    this.bufs.get(id)!.refs++;
    return id;
  }
  /** only one handle refers to the buffer (PyTorch may then accumulate into it in place) */
  exclusive(id: number): boolean {
    return this.bufs.get(id)!.refs === 1;
  }
  unref(id: number): void {
    const b = this.bufs.get(id)!;
    if (--b.refs > 0) return;
    this.bufs.delete(id);
    this.count(b.bytes, -1);
  }
  bytes(id: number): Lin {
    return this.bufs.get(id)!.bytes;
  }
}

/**
 * Backward through the block. At entry, `held` (the forward's kept tensors) and the gradient of the block
 * output are alive and counted by the caller; `tally` starts at `startExtra` (e.g. recomputed tensors).
 *
 * Gradients are buffers with reference counts. An op's backward produces one gradient per input it
 * differentiates: a new buffer, or the incoming gradient itself when the profile says the op passes it
 * through (`gradientAliasesOutput`: add, a parameter add). When a tensor receives a second contribution:
 *   - 'sum' (PyTorch): it is added into a buffer only one handle refers to (the old one, else the
 *     contribution), or into a new one when both are shared; the other is released;
 *   - 'keep-contributions' (tfjs tape): the accumulated gradient becomes a new buffer old + new, the old
 *     accumulated handle is disposed, and the contribution stays alive until backward ends;
 *   - 'out-of-place' (PyTorch 1.13): always into a new buffer old + new, both released after it.
 * Runtimes that do not keep every gradient release an op's incoming gradient when its backward returns,
 * before the contributions are accumulated (PyTorch's engine moves it into the call).
 */
function simulateBackward(input: BlockSummaryInput, plans: OpPlan[], held: Map<number | string, HeldTensor>, bytes: Bytes, startExtra: Lin): BackwardResult {
  const { block, profile } = input;
  const tensorHeld = tensorHeldIn(input);
  const keepGrads = profile.keepsGradientsUntilEnd;
  const keepContributions = profile.gradientAccumulation === 'keep-contributions';
  const outOfPlace = profile.gradientAccumulation === 'out-of-place';
  const keepForward = profile.keepsAllForwardOutputs;
  const tally = new Tally();
  tally.add(startExtra);
  tally.observe();
  // how many ops saved each held key; the last of them to run backward frees it
  const savers = new Map<number | string, number>();
  for (const p of plans) for (const s of p.saved) savers.set(s.key, (savers.get(s.key) ?? 0) + 1);
  const buffers = new GradBuffers(tally);
  /** tensor id -> buffer of its (accumulated) gradient */
  const entry = new Map<number, number>();
  if (block.kind !== 'loss') entry.set(block.output.id, buffers.alloc(bytes(tensorHeld(block.output)), true));
  for (let i = plans.length - 1; i >= 0; i--) {
    const { op, ctx, saved, backward, gradInputs } = plans[i]!;
    if (!backward) continue;
    // save_on_cpu: the op's saved tensors come back to the GPU for its backward, one copy per unpack
    const unpacked = profile.savesOnHost === true ? sum(saved, bytes) : ZERO;
    tally.add(unpacked);
    const dy = entry.get(op.output.id);
    const targets: { t: Tensor; alias: boolean }[] = [];
    op.inputs.forEach((t, k) => {
      if (t.role !== 'act' || !gradInputs.includes(t)) return;
      targets.push({ t, alias: dy !== undefined && (profile.gradientAliasesOutput?.(op, k) ?? false) });
    });
    const fresh = sum(
      targets.filter((x) => !x.alias).map((x) => tensorHeld(x.t)),
      bytes,
    );
    // ... and of its input gradient, dequantized again
    const dequantized = gradInputs.length > 0 ? dequantizedWeight(op) : [];
    const workspace = sum([...profile.backwardWorkspace(op, ctx), ...dequantized], bytes);
    // a tied weight's gradient appears at the op that reads it (the LM head), before its owner's backward;
    // a runtime that keeps contributions holds it as an extra buffer instead (below)
    const tied = keepContributions ? 0 : tiedWeightParams(op);
    const wg = input.weightGradBytes !== undefined && ctx.weightTrains ? (opParams(op) + tied) * input.weightGradBytes : 0;
    tally.observe({ c: fresh.c + workspace.c + wg, d: fresh.d + workspace.d });
    tally.add({ c: wg, d: 0 });
    const contributions = targets.map((x) => ({ t: x.t, buf: x.alias ? buffers.ref(dy!) : buffers.alloc(bytes(tensorHeld(x.t))) }));
    // A tied weight (LM head reading the embedding table) gets its first gradient contribution here. The
    // weight's gradient state is counted once with the table's owner; a runtime that keeps contributions
    // holds this one as an extra buffer until backward ends (accumulating later frees the first handle
    // but keeps the second: two table-sized buffers at the end either way).
    if (keepContributions && ctx.weightTrains && op.kind === 'linear' && op.attrs.tiedWeight) {
      buffers.alloc(bytes({ key: `${op.name}#dW`, perSample: 0, fixed: op.attrs.outFeatures * op.attrs.inFeatures, role: 'f32' }));
    }
    if (!keepGrads && dy !== undefined) {
      buffers.unref(dy);
      entry.delete(op.output.id);
    }
    for (const { t, buf } of contributions) {
      const cur = entry.get(t.id);
      if (cur === undefined) {
        entry.set(t.id, buf);
      } else if (keepContributions) {
        const s = buffers.alloc(bytes(tensorHeld(t)));
        tally.observe();
        buffers.unref(cur);
        entry.set(t.id, s);
      } else if (!outOfPlace && buffers.exclusive(cur)) {
        tally.observe();
        buffers.unref(buf);
      } else if (!outOfPlace && buffers.exclusive(buf)) {
        tally.observe();
        buffers.unref(cur);
        entry.set(t.id, buf);
      } else {
        const s = buffers.alloc(bytes(tensorHeld(t)));
        tally.observe();
        buffers.unref(cur);
        buffers.unref(buf);
        entry.set(t.id, s);
      }
    }
    tally.add(unpacked, -1);
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
  const inBuf = entry.get(block.input.id);
  const inputGrad = inBuf === undefined ? ZERO : buffers.bytes(inBuf);
  return { peak: tally.peaks.lines, inputGrad, keptGradients: buffers.net };
}

export function summarizeBlock(input: BlockSummaryInput): BlockSummary {
  const { role, policy, profile, dtype, block } = input;
  const bytes: Bytes = (t) => {
    const bpe = profile.bytesPerElement(t.role, t.dtype ?? dtype);
    return { c: t.fixed * bpe, d: t.perSample * bpe };
  };
  if (role === 'skip') {
    return {
      forwardPeak: [],
      held: ZERO,
      savesInput: false,
      savesOutput: false,
      backwardPeak: [],
      inputGrad: ZERO,
      keptGradients: ZERO,
      hasBackward: false,
      weightGradsInPeak: false,
      cachedUntilForwardEnds: ZERO,
    };
  }
  const taped = role !== 'frozen-notape';
  const plans = planOps(input, taped);
  const hasBackward = plans.some((p) => p.backward);
  const checkpointed = (policy === 'full' || isOpLevel(policy)) && hasBackward && block.isLayer;
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
      weightGradsInPeak: hasBackward && input.weightGradBytes !== undefined,
      cachedUntilForwardEnds: fwd.cached,
      ...(profile.savesOnHost
        ? {
            packed: sum(
              plans.flatMap((p) => p.saved),
              bytes,
            ),
          }
        : {}),
    };
  }
  if (isOpLevel(policy)) return opLevelCheckpoint(input, plans, bytes, storedOps(block, policy));
  // Full checkpointing: forward keeps only the block input; backward first re-runs the forward under the
  // tape (its kept tensors are transient here), then back-propagates through them.
  const untaped = planOps(input, false, plans);
  const fwd = simulateForward(input, untaped, bytes);
  const re = simulateForward(input, plans, bytes);
  const reHeld = sum([...re.held.values()], bytes);
  const bwd = simulateBackward(input, plans, new Map(re.held), bytes, reHeld);
  return checkpointedSummary(input, fwd, Envelope.of([...re.peak, ...bwd.peak]), bwd, ZERO, false);
}

/** What a checkpointed block reports: it keeps its input (and `stored`), recomputes in its backward. */
function checkpointedSummary(
  input: BlockSummaryInput,
  fwd: ForwardResult,
  backwardPeak: readonly Lin[],
  bwd: BackwardResult,
  stored: Lin,
  savesOutput: boolean,
): BlockSummary {
  const { profile } = input;
  return {
    forwardPeak: fwd.peak,
    held: stored,
    savesInput: true,
    savesOutput,
    backwardPeak,
    inputGrad: bwd.inputGrad,
    // the recomputation and its backward run in their own scope: a runtime that keeps gradients until
    // backward ends keeps only what the block returns (its input gradient; weight gradients are states)
    keptGradients: profile.keepsGradientsUntilEnd ? bwd.inputGrad : bwd.keptGradients,
    hasBackward: true,
    weightGradsInPeak: input.weightGradBytes !== undefined,
    cachedUntilForwardEnds: fwd.cached,
  };
}

/**
 * Op-level checkpointing (torch.utils.checkpoint with a selective-checkpoint policy whose save list holds the
 * contractions): the forward runs untaped but stores the outputs of the ops the policy keeps (`stores`,
 * src/strategy/op-checkpoint.ts); backward re-runs the forward under the tape, where a stored op hands back its outputs
 * instead of running, then back-propagates. Stored outputs that autograd does not keep are released once
 * the recomputation has consumed them.
 */
function opLevelCheckpoint(input: BlockSummaryInput, plans: OpPlan[], bytes: Bytes, stores: readonly boolean[]): BlockSummary {
  const { profile, block } = input;
  const tensorHeld = tensorHeldIn(input);
  const storedOf = (p: OpPlan, i: number): HeldTensor[] => (stores[i] ? [tensorHeld(p.op.output), ...(profile.storedOutputs?.(p.op, p.ctx) ?? [])] : []);
  const stored = plans.flatMap(storedOf);
  const keys = new Set(stored.map((s) => s.key));
  const untaped = planOps(input, false, plans).map((p, i) => ({ ...p, saved: storedOf(plans[i]!, i) }));
  const fwd = simulateForward(input, untaped, bytes);
  const re = simulateForward(input, plans, bytes, keys);
  const recomputed = sum(
    [...re.held.values()].filter((t) => !keys.has(t.key)),
    bytes,
  );
  const released = sum(
    stored.filter((t) => !re.held.has(t.key)),
    bytes,
  );
  const bwd = simulateBackward(input, plans, new Map(re.held), bytes, { c: recomputed.c - released.c, d: recomputed.d - released.d });
  const held = sum([...fwd.held.values()], bytes);
  return checkpointedSummary(input, fwd, Envelope.of([...re.peak, ...bwd.peak]), bwd, held, fwd.held.has(block.output.id));
}
