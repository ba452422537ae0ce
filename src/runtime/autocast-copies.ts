// The tensors torch.autocast adds to what an op keeps, on top of what its kind says (src/ops/kinds/<kind>/index.ts).
// Which op casts what comes from the op lists (src/precision/autocast.ts, in `ctx.autocast`); PyTorch's
// autocast_mode.cpp says how the copies live:
//   - an input cast by an op is a new tensor (`cached_cast`: activations are never cached): when the op saves
//     that input for backward (mm saves its inputs for the other operand's gradient), it saves the copy;
//     otherwise the copy is a transient of the op's forward;
//   - the op's fp32 weights and bias are cast to half; a copy is cached while the autocast region is open when
//     its weight is a leaf that requires a gradient (a training weight), and mm saves the weight's copy (not
//     the bias's: addmm's bias gradient is a sum of the output gradient) when the op's input needs a
//     gradient, until the op's backward; a frozen weight's copy is made per use;
//   - a packed projection (torch.nn.MultiheadAttention's in_proj: q, k and v as one matmul) casts its input
//     once: with `packed`, the linears that read one tensor share its copy.
//   - in backward the op returns half-precision gradients for what it cast, which the cast's backward
//     (ToCopyBackward) turns into the original dtype: the weight's half gradient beside its fp32 `.grad`,
//     an activation's half gradient beside its fp32 one.

import type { AnyOp } from '../graph/types.js';
import { tiedWeightParams } from '../graph/tied-weights.js';
import { type HeldTensor, inputDtype, internalTensor, type OpContext } from '../ops/memory.js';
import { opParams } from '../ops/registry.js';

/** Elements of the weight matrix the op casts (its own, or the tied table it reads) and of its bias. */
export function castElements(op: AnyOp): { weight: number; bias: number } {
  const bias = op.kind === 'linear' && op.attrs.bias ? op.attrs.outFeatures * (op.attrs.experts?.count ?? 1) : 0;
  const bias2d = op.kind === 'conv2d' && op.attrs.bias ? op.attrs.outChannels : 0;
  return { weight: opParams(op) + tiedWeightParams(op) - bias - bias2d, bias: bias + bias2d };
}

/** The half copies of the op's weight and of its bias, where it casts them (none of what it lacks). */
function weightCopies(op: AnyOp, ctx: OpContext): { weight: HeldTensor[]; bias: HeldTensor[] } {
  if (!ctx.autocast!.castsWeights) return { weight: [], bias: [] };
  const n = castElements(op);
  const copy = (what: string, elements: number): HeldTensor[] =>
    elements > 0 ? [{ ...internalTensor(op, `${what}_half`, 0, 'act', elements), dtype: ctx.autocast!.half }] : [];
  return { weight: copy('weight', n.weight), bias: copy('bias', n.bias) };
}

/** mm keeps the weight's copy for the input's gradient (addmm's bias gradient needs nothing) */
function keepsWeightCopy(ctx: OpContext): boolean {
  return ctx.taped && ctx.needsInputGrad;
}

function inputCopy(op: AnyOp, k: number, ctx: OpContext, packed: boolean): HeldTensor {
  const t = op.inputs[k]!;
  const dtype = ctx.autocast!.casts[k]!;
  return { key: packed ? `cast#${t.id}#${dtype}` : `${op.name}#cast${k}`, perSample: t.perSample, fixed: t.fixed ?? 0, role: 'act', dtype };
}

/** The dtype of each held activation: a graph tensor's own, a cast input's copy, else the op's compute dtype. */
function resolve(op: AnyOp, ctx: OpContext, t: HeldTensor, packed: boolean): HeldTensor {
  if (t.role !== 'act' || t.dtype !== undefined) return t;
  if (typeof t.key === 'number') {
    const k = op.inputs.findIndex((x) => x.id === t.key);
    if (k >= 0) return ctx.autocast!.casts[k] !== undefined ? inputCopy(op, k, ctx, packed) : { ...t, dtype: inputDtype(ctx, k) };
  }
  return { ...t, dtype: ctx.activationDtype };
}

/**
 * What the op keeps under autocast: its kind's tensors (cast inputs replaced by their copies), and its weight's
 * copy when its input needs a gradient. `packed`: linears reading one tensor are one packed matmul.
 */
export function autocastSaved(op: AnyOp, ctx: OpContext, kept: HeldTensor[], packed: boolean): HeldTensor[] {
  const out = kept.map((t) => resolve(op, ctx, t, packed));
  if (keepsWeightCopy(ctx)) out.push(...weightCopies(op, ctx).weight);
  return out;
}

/** Copies cached until the autocast region closes (the end of the forward) that the op does not keep for backward: those of a training weight and bias. */
export function autocastCached(op: AnyOp, ctx: OpContext): HeldTensor[] {
  if (!ctx.autocast || !ctx.weightTrains) return [];
  const c = weightCopies(op, ctx);
  return [...(keepsWeightCopy(ctx) ? [] : c.weight), ...c.bias];
}

/**
 * The op's forward transients under autocast: its kind's, plus the half copies it makes and neither keeps
 * nor caches (`kept`: what it keeps, as autocastSaved returns it).
 */
export function autocastForwardWorkspace(op: AnyOp, ctx: OpContext, base: HeldTensor[], kept: HeldTensor[], packed: boolean): HeldTensor[] {
  const ac = ctx.autocast!;
  const out = base.map((t) => resolve(op, ctx, t, packed));
  const lasting = new Set([...kept, ...autocastCached(op, ctx)].map((t) => t.key));
  // casts to fp32 (the loss's up-cast) are the kinds' own tensors; the half copies are autocast's
  ac.casts.forEach((d, k) => {
    const copy = d === ac.half ? inputCopy(op, k, ctx, packed) : undefined;
    if (copy && !lasting.has(copy.key)) out.push(copy);
  });
  const c = weightCopies(op, ctx);
  out.push(...[...c.weight, ...c.bias].filter((x) => !lasting.has(x.key)));
  return out;
}

/** The op's backward transients under autocast: its kind's, plus the half gradients of what it cast. */
export function autocastBackwardWorkspace(op: AnyOp, ctx: OpContext, base: HeldTensor[]): HeldTensor[] {
  const ac = ctx.autocast!;
  const out = base.map((t) => resolve(op, ctx, t, false));
  // (up-casts to fp32 are the kinds' own, with their gradients: the loss's `logits.float()`)
  if (ctx.needsInputGrad) {
    ac.casts.forEach((d, k) => {
      if (d === ac.half) out.push({ ...inputCopy(op, k, ctx, false), key: `${op.name}#dcast${k}` });
    });
  }
  if (ctx.weightTrains) {
    const c = weightCopies(op, ctx);
    out.push(...[...c.weight, ...c.bias].map((x) => ({ ...x, key: `${String(x.key)}#grad` })));
  }
  return out;
}
