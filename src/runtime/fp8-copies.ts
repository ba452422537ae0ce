// The fp8 copies a Transformer Engine te.Linear makes under fp8_autocast, beside what PyTorch keeps for the
// other ops (transformer_engine/pytorch/module/linear.py, _Linear.forward/backward, TE 1.x, called without
// `is_first_microbatch` as accelerate does, so no fp8 weight is cached across steps). Every copy is 1 byte per
// element (E4M3 in forward, E5M2 for gradients):
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
// Not counted: the fp32 scale_inv clone each op saves (12 bytes) and TE's per-module dummy tensor.

import type { AnyOp } from '../graph/types.js';
import { internalTensor, type HeldTensor, type OpContext } from '../ops/memory.js';
import { isFp8Linear } from '../precision/fp8.js';
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

/** What the te.Linear saves: the fp8 transposes of its input (for a training weight) and of its weight, not the bf16 input. */
function fp8Saved(op: Linear, ctx: OpContext, kept: HeldTensor[]): HeldTensor[] {
  const x = op.inputs[0]!.id;
  return [...kept.filter((t) => t.key !== x), ...(ctx.weightTrains ? [inputT(op)] : []), weightT(op)];
}

/** The forward's fp8 casts that the op does not save. */
function fp8ForwardWorkspace(op: Linear, ctx: OpContext): HeldTensor[] {
  const out = [input(op), weight(op)];
  // under the tape the weight's transpose is made whether or not the op keeps it
  if (ctx.taped && !saves(ctx)) out.push(weightT(op));
  return out;
}

function fp8BackwardWorkspace(op: Linear, ctx: OpContext): HeldTensor[] {
  return ctx.weightTrains ? [gradOutput(op), gradOutputT(op)] : [gradOutput(op)];
}

const wrapped = new WeakMap<RuntimeProfile, RuntimeProfile>();

/** `base` (PyTorch) with its eligible linear layers run as TE FP8 te.Linear modules. */
export function fp8Profile(base: RuntimeProfile): RuntimeProfile {
  const known = wrapped.get(base);
  if (known) return known;
  const profile: RuntimeProfile = {
    ...base,
    variant: `${base.variant ?? ''}+te-fp8`,
    fp8Gemm: isFp8Linear,
    saved(op, ctx) {
      const kept = base.saved(op, ctx);
      return isFp8Linear(op) && saves(ctx) ? fp8Saved(op, ctx, kept) : kept;
    },
    forwardWorkspace(op, ctx) {
      const w = base.forwardWorkspace(op, ctx);
      return isFp8Linear(op) ? [...w, ...fp8ForwardWorkspace(op, ctx)] : w;
    },
    backwardWorkspace(op, ctx) {
      const w = base.backwardWorkspace(op, ctx);
      return isFp8Linear(op) ? [...w, ...fp8BackwardWorkspace(op, ctx)] : w;
    },
  };
  wrapped.set(base, profile);
  return profile;
}
