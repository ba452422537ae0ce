// The fp8 copies a Transformer Engine te.Linear makes under fp8_autocast, beside what PyTorch keeps for the
// other ops (transformer_engine/pytorch/module/linear.py, _Linear.forward/backward, TE 1.x). Every copy is 1 byte
// per element (E4M3 in forward, E5M2 for gradients):
//
//   forward     the input cast to fp8 for the GEMM (transient); with a training weight
//               `fp8_cast_transpose_fused` also writes its transpose, which is what the op saves for the weight
//               gradient instead of the bf16 input; the weight cast to fp8 (transient) and, with grad enabled,
//               its transpose `weight_t_fp8`, saved for the input gradient (Hopper's FP8 GEMM takes only the
//               TN layout, so each operand is kept in the layout its GEMM reads)
//   backward    the output gradient cast to fp8 for the input-gradient GEMM and, with a training weight, its
//               transpose for the weight-gradient GEMM (`grad_output_preprocess`); the gradients themselves
//               come out in bf16, as under bf16-mixed
//
// When the weights are cast (`Fp8Weights`):
//   per-micro-batch   the module is called without `is_first_microbatch` (accelerate's conversion): the weight
//                     and its transpose are cast in every forward, as above
//   cached            Megatron-LM / NeMo pass `is_first_microbatch` (True on the first micro-batch of a step,
//                     False after): the fp8 weight and its transpose are written into workspaces the module keeps
//                     (`weight1_fp8`, `weight1_t_fp8`; TE 2.x: one Float8Tensor with both layouts, cache name
//                     "weight") on the first micro-batch and reused by the others, so they live for the whole run
//                     (src/precision/fp8.ts counts them with the scaling state) and the op itself makes no weight
//                     copy; the weight cast runs once per optimizer step instead of once per micro-batch
//
// Cast kernels are memory-bound: each reads its bf16 source once and writes the fp8 copy (and its transpose) in
// the same pass, with the amax reduction of delayed scaling fused into it (TE's cast_transpose kernels), so their
// time is the bytes below over the HBM rate (src/time/block-cost.ts).
//
// Not counted: the fp32 scale_inv clone each op saves (12 bytes) and TE's per-module dummy tensor.

import type { AnyOp } from '../graph/types.js';
import { internalTensor, type HeldTensor, type OpContext } from '../ops/memory.js';
import { DEFAULT_FP8_WEIGHTS, isFp8Linear } from '../precision/fp8.js';
import type { Fp8Weights } from '../vocabulary.js';
import type { RuntimeProfile } from './profile.js';

type Linear = Extract<AnyOp, { kind: 'linear' }>;

/** An fp8 copy of `elements` per sample (`fixed`: of the weight, constant in b). */
function fp8Copy(op: Linear, what: string, perSample: number, fixed = 0): HeldTensor {
  return { ...internalTensor(op, what, perSample, 'act', fixed), dtype: 'fp8' };
}

const input = (op: Linear) => fp8Copy(op, 'x_fp8', op.attrs.rows * op.attrs.inFeatures);
const inputT = (op: Linear) => fp8Copy(op, 'x_fp8_t', op.attrs.rows * op.attrs.inFeatures);
const weight = (op: Linear) => fp8Copy(op, 'w_fp8', 0, op.attrs.inFeatures * op.attrs.outFeatures);
const weightT = (op: Linear) => fp8Copy(op, 'w_fp8_t', 0, op.attrs.inFeatures * op.attrs.outFeatures);
const gradOutput = (op: Linear) => fp8Copy(op, 'dy_fp8', op.attrs.rows * op.attrs.outFeatures);
const gradOutputT = (op: Linear) => fp8Copy(op, 'dy_fp8_t', op.attrs.rows * op.attrs.outFeatures);

/** autograd keeps the op's tensors (it is taped and computes a gradient) */
function saves(ctx: OpContext): boolean {
  return ctx.taped && (ctx.needsInputGrad || ctx.weightTrains);
}

/**
 * What the te.Linear saves: the fp8 transposes of its input (for a training weight) and of its weight (the
 * cached one, counted with the recipe's buffers, when weights are cached), not the bf16 input.
 */
function fp8Saved(op: Linear, ctx: OpContext, kept: HeldTensor[], cached: boolean): HeldTensor[] {
  const x = op.inputs[0]!.id;
  return [...kept.filter((t) => t.key !== x), ...(ctx.weightTrains ? [inputT(op)] : []), ...(cached ? [] : [weightT(op)])];
}

/** The forward's fp8 casts that the op does not save. */
function fp8ForwardWorkspace(op: Linear, ctx: OpContext, cached: boolean): HeldTensor[] {
  if (cached) return [input(op)];
  const out = [input(op), weight(op)];
  // under the tape the weight's transpose is made whether or not the op keeps it
  if (ctx.taped && !saves(ctx)) out.push(weightT(op));
  return out;
}

function fp8BackwardWorkspace(op: Linear, ctx: OpContext): HeldTensor[] {
  return ctx.weightTrains ? [gradOutput(op), gradOutputT(op)] : [gradOutput(op)];
}

/** Bytes an FP8 linear's cast kernels move: each reads its 16-bit source and writes the fp8 copies listed above. */
export interface Fp8CastTraffic {
  /** forward, per sample: the input read, its fp8 copy (and transpose) written */
  input: number;
  /** forward, fixed: the weight read, its fp8 copy and transpose written (once per step when cached) */
  weight: number;
  /** backward, per sample: the output gradient read, its fp8 copy (and transpose) written */
  gradOutput: number;
}

/** The cast traffic of one FP8 linear in the context `ctx`, with `act` bytes per activation and `weightBytes` per weight. */
export function fp8CastTraffic(op: Linear, ctx: OpContext, act: number, weightBytes: number): Fp8CastTraffic {
  const { rows, inFeatures: i, outFeatures: o } = op.attrs;
  const transposedInput = ctx.taped && ctx.weightTrains ? 1 : 0;
  const transposedWeight = ctx.taped ? 1 : 0;
  return {
    input: rows * i * (act + 1 + transposedInput),
    weight: i * o * (weightBytes + 1 + transposedWeight),
    gradOutput: rows * o * (act + 1 + (ctx.weightTrains ? 1 : 0)),
  };
}

const wrapped: Record<Fp8Weights, WeakMap<RuntimeProfile, RuntimeProfile>> = { 'per-micro-batch': new WeakMap(), cached: new WeakMap() };

/** `base` (PyTorch) with its eligible linear layers run as TE FP8 te.Linear modules, their weights cast as `weights` says. */
export function fp8Profile(base: RuntimeProfile, weights: Fp8Weights = DEFAULT_FP8_WEIGHTS): RuntimeProfile {
  const known = wrapped[weights].get(base);
  if (known) return known;
  const cached = weights === 'cached';
  const profile: RuntimeProfile = {
    ...base,
    variant: `${base.variant ?? ''}+te-fp8${cached ? '-cached' : ''}`,
    fp8Gemm: isFp8Linear,
    fp8WeightsCached: cached,
    saved(op, ctx) {
      const kept = base.saved(op, ctx);
      return isFp8Linear(op) && saves(ctx) ? fp8Saved(op, ctx, kept, cached) : kept;
    },
    forwardWorkspace(op, ctx) {
      const w = base.forwardWorkspace(op, ctx);
      return isFp8Linear(op) ? [...w, ...fp8ForwardWorkspace(op, ctx, cached)] : w;
    },
    backwardWorkspace(op, ctx) {
      const w = base.backwardWorkspace(op, ctx);
      return isFp8Linear(op) ? [...w, ...fp8BackwardWorkspace(op, ctx)] : w;
    },
  };
  wrapped[weights].set(base, profile);
  return profile;
}
