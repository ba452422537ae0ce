// The compute cost of one block in one role, per sample: FLOPs by phase and the roofline terms of its ops.
//
// Like the memory summaries (src/memory/block-summary.ts), a block's cost depends only on its shape, its
// role, whether anything before it trains, the activation policy and the runtime, so identical layers share
// one. A stage's time is then a sum over its runs of identical blocks (step-time.ts), not over its ops.
//
// A roofline term is one op's work in one phase (one kernel, or the several its kind's traffic names): F FLOPs per
// sample and Bc + Bd·b bytes moved, so that its time at micro-batch b is max(F·b / rate, (Bc + Bd·b) / bandwidth)
// (Williams et al. 2009), where the rate is that of the term's kernel at its GEMM shape (kernel-rates.ts,
// op-kernel.ts).
//
// Under the fp8 recipe each FP8 linear also runs its cast kernels (src/runtime/fp8-copies.ts): no FLOPs, only
// bytes, so their time is memory-bound: the input cast in forward (and again when a checkpointed forward is
// re-run), the output-gradient cast in backward, and the weight cast in every forward, or once per optimizer
// step when the weights are cached (`stepBytes`, which step-time.ts adds once, not per micro-batch).

import { weightTrafficBytes } from '../adapter/quantized.js';
import { opFlops, opParams } from '../ops/registry.js';
import type { ActivationDtype, RuntimeProfile } from '../runtime/profile.js';
import { blockOpNeeds, neededFlops, type OpNeed } from '../strategy/op-needs.js';
import type { ActivationPolicy, BlockRole } from '../strategy/roles.js';
import type { AnyOp, Block, Tensor } from '../graph/types.js';
import { type Autocast, autocastContext } from '../precision/autocast.js';
import { inputDtype, type OpContext } from '../ops/memory.js';
import { castElements } from '../runtime/autocast-copies.js';
import { fp8CastTraffic, type Fp8CastTraffic } from '../runtime/fp8-copies.js';
import { blockPolicy } from '../strategy/checkpoint-layers.js';
import { CLASS_INDEX, KERNEL, kernelRate, type KernelRates, type KernelSeconds } from './kernel-rates.js';
import { opKernel } from './op-kernel.js';
import { DEFAULT_MEMORY_KERNEL_SHARES, memoryKernelCode } from './memory-kernels.js';

/**
 * A term is [F, Bc, Bd, kernel, m, n, k, launches, stream]: FLOPs and bytes as above, the kernel and its GEMM shape
 * per sample, how many kernels the term launches (each takes at least the host's time to issue it), and which
 * measured memory-bound kernel it is (memory-kernels.ts memoryKernelCode; 0: none, its bytes at the copy rate).
 */
export const TERM_LENGTH = 9;

export interface BlockCost {
  /** FLOPs per sample by phase */
  forward: number;
  inputGrad: number;
  weightGrad: number;
  recompute: number;
  /** roofline terms of the forward pass (TERM_LENGTH numbers each) */
  forwardTerms: Float64Array;
  /** roofline terms of the backward pass (input gradients, weight gradients, recomputation) */
  backwardTerms: Float64Array;
  /** bytes moved once per optimizer step, whatever the micro-batches: the cast of cached FP8 weights */
  stepBytes: number;
}

/**
 * A term of kernels that only move bytes (a cast, a gradient sum): no FLOPs (its rate never decides its time),
 * `fixed` bytes and `perSample` bytes per sample, over `kernels` launches (none: no term).
 */
function pushMemoryBound(terms: number[], fixed: number, perSample: number, kernels = 1): void {
  if (kernels > 0) terms.push(0, fixed, perSample, KERNEL.other, 0, 0, 0, kernels, 0);
}

export interface BlockCostSetting {
  policy: ActivationPolicy;
  /** with `full`: checkpoint only every n-th body layer (src/strategy/checkpoint-layers.ts); default 1 */
  checkpointEvery?: number;
  profile: RuntimeProfile;
  /** dtype of activations (bytes per element come from the profile) */
  dtype: ActivationDtype;
  attention: 'math' | 'flash';
  weightBytes: number;
  gradBytes: number;
  /** under torch.autocast: the region and every activation's dtype (src/precision/autocast.ts) */
  autocast?: { region: Autocast; dtypes: ReadonlyMap<number, ActivationDtype> };
}

/**
 * The cast kernels torch.autocast runs for one op (src/runtime/autocast-copies.ts says which copies it makes):
 * each input it casts is read in its own dtype and written in the cast's, once per forward (activations are
 * never cached), and its gradient is cast back in backward (ToCopyBackward); the op's fp32 weight is cast to
 * half once per forward (training weights are cached for the rest of the region) and its half gradient back to
 * fp32 in backward. Measured on an H200 with PyTorch 2.11: these are the `copy_` kernels of a 1.1B Llama step
 * under autocast, one per linear per pass for the weights (88 of q and o, 88 of gate and up, 44 of down, 88 of
 * k and v), test/fixtures/torch-cuda/h200-2026-11-30-ops-by-shape.json.
 */
interface AutocastCastTraffic {
  /** activation bytes per sample, forward (each cast input read and its copy written) */
  inputs: number;
  /** cast inputs (one kernel each) */
  inputKernels: number;
  /** weight bytes of the op's weight and bias cast, per forward; their gradients cast back cost the same */
  weights: number;
  /** weight casts (one kernel for the weight, one for its bias) */
  weightKernels: number;
}

const NO_CASTS: AutocastCastTraffic = { inputs: 0, inputKernels: 0, weights: 0, weightKernels: 0 };

function autocastCastTraffic(op: AnyOp, ctx: OpContext, s: BlockCostSetting): AutocastCastTraffic {
  const a = ctx.autocast;
  if (a === undefined) return NO_CASTS;
  const bytes = (d: ActivationDtype) => s.profile.bytesPerElement('act', d);
  let inputs = 0;
  let inputKernels = 0;
  a.casts.forEach((to, k) => {
    if (to === undefined) return;
    inputs += op.inputs[k]!.perSample * (bytes(inputDtype(ctx, k)) + bytes(to));
    inputKernels += 1;
  });
  // the stored weight (its own, or the tied table it reads) and its bias read, and their half copies written
  const cast = a.castsWeights ? castElements(op) : { weight: 0, bias: 0 };
  const weights = (cast.weight + cast.bias) * (s.weightBytes + bytes(a.half));
  return { inputs, inputKernels, weights, weightKernels: (cast.weight > 0 ? 1 : 0) + (cast.bias > 0 ? 1 : 0) };
}

/** Activation bytes one kernel of the op moves per sample: its inputs as it reads them (under autocast: cast copies in their dtype), its output in its own dtype. */
function activationIo(op: AnyOp, ctx: OpContext, s: BlockCostSetting): number {
  const bytes = (d: ActivationDtype) => s.profile.bytesPerElement('act', d);
  const read = op.inputs.reduce((sum, t, k) => sum + t.perSample * bytes(ctx.autocast?.casts[k] ?? inputDtype(ctx, k)), 0);
  return read + op.output.perSample * bytes(ctx.activationDtype);
}

/** `policy`: the one block runs under (default the setting's; 'none' for a layer `checkpointEvery` leaves unwrapped) */
export function blockCost(block: Block, role: BlockRole, upstreamTrains: boolean, s: BlockCostSetting, policy = s.policy): BlockCost {
  const act = s.profile.bytesPerElement('act', s.dtype);
  const cost = { forward: 0, inputGrad: 0, weightGrad: 0, recompute: 0 };
  const fwd: number[] = [];
  const bwd: number[] = [];
  let stepBytes = 0;
  const needs = blockOpNeeds(block, role, upstreamTrains, policy);
  for (const n of needs) {
    const op = n.op;
    const f = neededFlops(n, opFlops(op));
    const params = opParams(op);
    const fp8 = s.profile.fp8Gemm?.(op) === true;
    // weight bytes read per use (a quantized weight: packed, then its dequantized copy written and read)
    const weightIo = weightTrafficBytes(op, params, s.weightBytes, act);
    // activations read and written, per sample: what the op's kernels move under the runtime (its kind's traffic:
    // an eager RMSNorm's chain of ops, the loss's fp32 up-cast, a backward reading dy beside x), else one kernel
    // reading the inputs and writing the output
    const plain = n.ctx(s.attention, s.dtype);
    const ctx = s.autocast ? autocastContext(op, plain, s.autocast.dtypes, s.autocast.region) : plain;
    const traffic = s.profile.traffic?.(op, ctx);
    const io = traffic?.forward ?? activationIo(op, ctx, s);
    const casts = autocastCastTraffic(op, ctx, s);
    // memory-bound kernels of their own beside the op's main ones (src/ops/memory.ts sideKernels)
    const side = s.profile.sideKernels?.(op, ctx);
    // its backward kernels, charged once: to the input gradient's term when there is one
    const charged = (term: 'inputGrad' | 'weightGrad') => term === 'inputGrad' || !n.needsInputGrad;
    const backIo = (term: 'inputGrad' | 'weightGrad') => (traffic === undefined ? io : charged(term) ? traffic.backward : 0);
    // and its kernels: one per term, unless its kind says how many it runs
    const backLaunches = (term: 'inputGrad' | 'weightGrad') => (traffic === undefined ? 1 : charged(term) ? traffic.backwardKernels : 0);
    const fwdLaunches = traffic?.forwardKernels ?? 1;
    // the measured kernels it runs, each way (memory-kernels.ts: their share of the copy rate)
    const fwdStream = memoryKernelCode(traffic?.measured, false);
    const backStream = memoryKernelCode(traffic?.measured, true);
    cost.forward += f.forward;
    fwd.push(f.forward, weightIo, io, ...opKernel(op, 'forward', s.attention, fp8), fwdLaunches, fwdStream);
    // autocast's casts before the op: its inputs' copies, and its weight's (once per forward)
    pushMemoryBound(fwd, 0, casts.inputs, casts.inputKernels);
    pushMemoryBound(fwd, casts.weights, 0, casts.weightKernels);
    if (side) pushMemoryBound(fwd, 0, side.forward, side.forwardKernels);
    // an FP8 linear's cast kernels, one term each; TE casts a forward's input and weight whether or not a
    // backward follows (src/runtime/fp8-copies.ts)
    let cast: Fp8CastTraffic | undefined;
    const cached = s.profile.fp8WeightsCached === true;
    if (fp8 && op.kind === 'linear') {
      const ctx = n.ctx(s.attention);
      cast = fp8CastTraffic(op, ctx, act, s.weightBytes);
      // a checkpointed forward runs without the tape (no transposes); its re-run in backward runs with it
      const first = f.recompute > 0 ? fp8CastTraffic(op, { ...ctx, taped: false }, act, s.weightBytes) : cast;
      if (cached) stepBytes += cast.weight;
      else pushMemoryBound(fwd, first.weight, 0);
      pushMemoryBound(fwd, 0, first.input);
    }
    if (!n.backward) continue;
    // (a side kernel's backward runs for the gradients the op computes: its kind says which)
    if (side) pushMemoryBound(bwd, 0, side.backward, side.backwardKernels);
    if (n.needsInputGrad) {
      cost.inputGrad += f.inputGrad;
      bwd.push(f.inputGrad, weightIo, backIo('inputGrad'), ...opKernel(op, 'inputGrad', s.attention, fp8), backLaunches('inputGrad'), backStream);
      // the cast inputs' gradients cast back to their own dtype
      pushMemoryBound(bwd, 0, casts.inputs, casts.inputKernels);
    }
    if (n.weightTrains) {
      cost.weightGrad += f.weightGrad;
      bwd.push(
        f.weightGrad,
        params * s.gradBytes,
        backIo('weightGrad'),
        ...opKernel(op, 'weightGrad', s.attention, fp8),
        backLaunches('weightGrad'),
        backStream,
      );
      // the weight's half gradient cast to its fp32 .grad
      pushMemoryBound(bwd, casts.weights, 0, casts.weightKernels);
    }
    // checkpointing runs the forward again; the runtime's own recomputation inside backward (FlashAttention
    // re-forms the scores) is part of the backward kernel
    if (f.recompute > 0) {
      bwd.push(f.recompute, 0, io, ...opKernel(op, 'recompute', s.attention, fp8), fwdLaunches, fwdStream);
      // the checkpointed forward runs under autocast again: a new region, so the weights are cast again too
      pushMemoryBound(bwd, 0, casts.inputs, casts.inputKernels);
      pushMemoryBound(bwd, casts.weights, 0, casts.weightKernels);
      if (side) pushMemoryBound(bwd, 0, side.forward, side.forwardKernels);
    }
    const own = s.profile.backwardRecomputeFlops?.(op, n.ctx(s.attention)) ?? 0;
    // (its inputs are read once for both, as before the split)
    // (part of the backward kernel: no launch of its own)
    if (own > 0) bwd.push(own, 0, f.recompute > 0 ? 0 : io, ...opKernel(op, 'inputGrad', s.attention, fp8), 0, fwdStream);
    cost.recompute += f.recompute + own;
    if (cast) {
      // the checkpointed re-run casts again; the output gradient is cast for the backward GEMMs
      if (f.recompute > 0) {
        if (!cached) pushMemoryBound(bwd, cast.weight, 0);
        pushMemoryBound(bwd, 0, cast.input);
      }
      pushMemoryBound(bwd, 0, cast.gradOutput);
    }
  }
  gradientSums(bwd, gradientReaders(needs), s);
  return { ...cost, forwardTerms: Float64Array.from(fwd), backwardTerms: Float64Array.from(bwd), stepBytes };
}

/** How many of a block's ops return a gradient for each tensor they read. */
export function gradientReaders(needs: readonly OpNeed[]): Map<Tensor, number> {
  const readers = new Map<Tensor, number>();
  for (const n of needs) if (n.backward) for (const t of n.gradInputs) readers.set(t, (readers.get(t) ?? 0) + 1);
  return readers;
}

/**
 * A tensor that k ops of the block read and return a gradient for gets k gradients, which autograd sums as they
 * arrive (its InputBuffer adds each to the buffer: one add kernel, reading two and writing one, per gradient after
 * the first), in the tensor's dtype: the residual stream read by a norm and by the residual add, a norm's output
 * read by the q, k and v projections or by a gated MLP's two. (Sums inside an op's own kernels, e.g. Hugging Face's
 * RMSNorm reading its fp32 copy twice, are its kind's traffic; a tensor later blocks read too is left out.)
 */
function gradientSums(bwd: number[], gradReaders: ReadonlyMap<Tensor, number>, s: BlockCostSetting): void {
  let bytes = 0;
  let kernels = 0;
  for (const [t, readers] of gradReaders) {
    if (readers < 2) continue;
    const dtype = s.autocast?.dtypes.get(t.id) ?? s.dtype;
    bytes += (readers - 1) * 3 * t.perSample * s.profile.bytesPerElement('act', dtype);
    kernels += readers - 1;
  }
  pushMemoryBound(bwd, 0, bytes, kernels);
}

/** The time of a list of roofline terms at micro-batch b, the part of it bound by memory bandwidth, and its split by kernel class (they add up to `seconds`). */
export interface RooflineTime extends KernelSeconds {
  seconds: number;
  memoryBound: number;
}

export function newRooflineTime(): RooflineTime {
  return { seconds: 0, memoryBound: 0, gemm: 0, attention: 0, convolution: 0, other: 0 };
}

/** Fills `out` with the seconds of `terms` at micro-batch b (reused by callers in loops: no allocation). */
export function rooflineSeconds(terms: Float64Array, b: number, rates: KernelRates, bandwidth: number, out: RooflineTime): RooflineTime {
  // stages share their blocks' terms (a SegProp schedule's stages repeat the same few): remember each list's last answer
  const last = lastRoofline.get(terms);
  if (last && last.b === b && last.rates === rates && last.bandwidth === bandwidth) {
    copyRoofline(last, out);
    return out;
  }
  rooflineOf(terms, b, rates, bandwidth, out);
  const remembered = { b, rates, bandwidth, ...newRooflineTime() };
  copyRoofline(out, remembered);
  lastRoofline.set(terms, remembered);
  return out;
}

function copyRoofline(from: RooflineTime, to: RooflineTime): void {
  to.seconds = from.seconds;
  to.memoryBound = from.memoryBound;
  to.gemm = from.gemm;
  to.attention = from.attention;
  to.convolution = from.convolution;
  to.other = from.other;
}

const lastRoofline = new WeakMap<Float64Array, RooflineTime & { b: number; rates: KernelRates; bandwidth: number }>();

function rooflineOf(terms: Float64Array, b: number, rates: KernelRates, bandwidth: number, out: RooflineTime): void {
  // (local sums, not fields: the loop runs for every run of every stage a plan times)
  let memoryBound = 0;
  let gemm = 0;
  let attention = 0;
  let convolution = 0;
  let other = 0;
  // a kernel cannot finish before the host has issued it (eager dispatch runs ahead of the GPU otherwise)
  const launch = rates.launchSeconds ?? 0;
  const shares = rates.memoryKernelShares ?? DEFAULT_MEMORY_KERNEL_SHARES;
  for (let k = 0; k < terms.length; k += TERM_LENGTH) {
    const kernel = terms[k + 3]!;
    const rate = kernelRate(rates, kernel, terms[k + 4]!, terms[k + 5]!, terms[k + 6]!, b);
    const compute = (terms[k]! * b) / rate;
    // a measured memory-bound kernel streams at its share of the copy rate
    const stream = terms[k + 8]!;
    const bytesPerSec = stream === 0 ? bandwidth : bandwidth * shares[stream]!;
    const roofline = Math.max(compute, (terms[k + 1]! + terms[k + 2]! * b) / bytesPerSec);
    const seconds = Math.max(roofline, launch * terms[k + 7]!);
    memoryBound += roofline - compute;
    // (indexes of KERNEL_CLASSES)
    const cls = CLASS_INDEX[kernel]!;
    if (cls === 0) gemm += seconds;
    else if (cls === 1) attention += seconds;
    else if (cls === 2) convolution += seconds;
    else other += seconds;
  }
  out.memoryBound = memoryBound;
  out.gemm = gemm;
  out.attention = attention;
  out.convolution = convolution;
  out.other = other;
  out.seconds = gemm + attention + convolution + other;
}

const ROLE_SLOT: Record<BlockRole, number> = { train: 0, 'frozen-path': 1, 'frozen-notape': 2, skip: 3 };

/** The dtypes every op of the block reads its inputs in (under autocast), as one key. */
function inputDtypesOf(b: Block, dtypes: ReadonlyMap<number, ActivationDtype>): string {
  return b.ops.map((op) => op.inputs.map((t) => dtypes.get(t.id) ?? '').join(',')).join(';');
}

/**
 * Block costs by block, role and upstream flag for one setting; blocks of equal kind and shape share them
 * (slots 8-15: the shape left unwrapped under `checkpointEvery`, src/strategy/checkpoint-layers.ts).
 */
export class BlockCostTable {
  private readonly byShape = new Map<string, (BlockCost | undefined)[]>();
  private readonly slots: (BlockCost | undefined)[][];
  constructor(
    private readonly blocks: readonly Block[],
    private readonly setting: BlockCostSetting,
  ) {
    this.slots = blocks.map((b) => {
      // under autocast two blocks of one shape share a cost only if their ops read tensors of the same dtypes
      const key = `${b.kind}|${b.shapeKey}${setting.autocast ? `|${inputDtypesOf(b, setting.autocast.dtypes)}` : ''}`;
      let slots = this.byShape.get(key);
      if (!slots) this.byShape.set(key, (slots = new Array<BlockCost | undefined>(16).fill(undefined)));
      return slots;
    });
  }
  get(i: number, role: BlockRole, upstreamTrains: boolean): BlockCost {
    const policy = blockPolicy(this.blocks, i, this.setting.policy, this.setting.checkpointEvery);
    const slot = ROLE_SLOT[role] * 2 + (upstreamTrains ? 1 : 0) + (policy !== this.setting.policy ? 8 : 0);
    const slots = this.slots[i]!;
    return (slots[slot] ??= blockCost(this.blocks[i]!, role, upstreamTrains, this.setting, policy));
  }
}
