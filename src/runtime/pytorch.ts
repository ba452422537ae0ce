// The PyTorch runtime profile: what autograd keeps for backward, op by op, and the working memory of each
// op. Sources: PyTorch's tools/autograd/derivatives.yaml (which inputs/outputs each backward formula uses),
// Korthikanti et al. 2022 §4 (activation memory of a transformer layer), FlashAttention-2 (Dao 2023).
//
// Conventions, each a documented modelling choice (docs/memory.md):
//   - attention `math` is an unfused attention whose softmax runs in the 16-bit compute dtype (Megatron's
//     fused scale-mask-softmax): it keeps the s×s probabilities, the dropout mask and the dropped
//     probabilities. `flash` keeps q, k, v, the output and the fp32 log-sum-exp, and recomputes the
//     probabilities in backward.
//   - RMSNorm is the fused kernel (torch.nn.functional.rms_norm, Apex/Liger): it keeps its input and one
//     fp32 rstd per row, like LayerNorm keeps input, mean and rstd. `eagerPytorchProfile` describes Hugging
//     Face's LlamaRMSNorm instead (x.to(fp32), x·rsqrt(mean(x²) + ε), weight · x̂.to(dtype)), which also
//     keeps the normalised x̂ and, before torch 2.0 (MeanBackward1 saved its input), x².
//   - unfused attention with fewer key/value heads than query heads (GQA) repeats k and v to every head
//     before the matmuls (Hugging Face's repeat_kv, Megatron's repeat_interleave): the copies are kept.
//   - the loss up-casts logits to fp32 (as Hugging Face's causal-LM loss does): log_softmax keeps its fp32
//     output for backward; the fp32 copy of 16-bit logits is transient.
//   - each weight gradient appears when its op's backward computes it (AccumulateGrad runs per op), not
//     when its block's backward starts (measured: harness/torch_harness.py, docs/validation.md).

import type { AnyOp, TensorRole } from '../graph/types.js';
import { computedScoreShare } from '../ops/rules/attention.js';
import type { ActivationDtype, HeldTensor, OpContext, RuntimeProfile } from './profile.js';

const DTYPE_BYTES: Record<ActivationDtype, number> = { bf16: 2, fp16: 2, fp32: 4 };

function bytesPerElement(role: TensorRole, dtype: ActivationDtype): number {
  switch (role) {
    case 'act':
      return DTYPE_BYTES[dtype];
    case 'mask':
      return 1; // torch.bool
    case 'f32':
      return 4;
    case 'index':
      return 8; // torch.int64
  }
}

function held(t: { id: number; perSample: number; fixed?: number; role: TensorRole }): HeldTensor {
  return { key: t.id, perSample: t.perSample, fixed: t.fixed ?? 0, role: t.role };
}

function internal(op: AnyOp, what: string, perSample: number, role: TensorRole, fixed = 0): HeldTensor {
  return { key: `${op.name}#${what}`, perSample, fixed, role };
}

/**
 * What an expert bank's weight gradient reads: the rows routed to each expert, gathered (hidden_states[idx] in
 * Mixtral and Qwen2-MoE): rows·k copies of the input, kept once for the experts' gate and up projections. A
 * bank whose input is already per routed row (the down projection) keeps that input itself.
 */
function dispatched(op: AnyOp & { kind: 'linear' }): HeldTensor {
  const input = op.inputs[0];
  const a = op.attrs;
  const routed = a.rows * (a.experts?.topK ?? 1) * a.inFeatures;
  if (input.perSample === routed) return held(input);
  return { key: `dispatch#${input.id}#${a.experts?.topK}`, perSample: routed, fixed: 0, role: 'act' };
}

/** elements of the attention score matrix per sample */
function scoreElements(op: AnyOp & { kind: 'attention' }): number {
  return op.attrs.heads * op.attrs.queryLen * op.attrs.keyLen;
}

function saved(op: AnyOp, ctx: OpContext): HeldTensor[] {
  const anyGrad = ctx.needsInputGrad || ctx.weightTrains;
  if (!ctx.taped || !anyGrad) return [];
  const input = op.inputs[0];
  switch (op.kind) {
    // weight gradient needs the input; the input gradient needs only the weight (a parameter)
    case 'linear':
      if (!ctx.weightTrains) return [];
      return op.attrs.experts ? [dispatched(op as AnyOp & { kind: 'linear' })] : [held(input)];
    case 'conv2d':
    case 'embedding':
      return ctx.weightTrains ? [held(input)] : [];
    case 'router':
      // softmax in fp32 (Mixtral and Qwen2-MoE: softmax(logits, dtype=float)) and the int64 expert indices
      return ctx.needsInputGrad ? [internal(op, 'probs', op.attrs.rows * op.attrs.experts, 'f32'), internal(op, 'indices', op.attrs.rows * op.attrs.topK, 'index')] : [];
    case 'moe-combine':
      // the products need their operands; a plain shared expert is only added, so it is not kept
      if (!ctx.needsInputGrad) return [];
      return (op.attrs.shared === 'plain' ? op.inputs.slice(0, 2) : op.inputs).map(held);
    case 'matmul':
    case 'mul':
      return ctx.needsInputGrad ? op.inputs.map(held) : [];
    case 'attention': {
      if (!ctx.needsInputGrad) return [];
      const qkv = op.inputs.map(held);
      if (ctx.attention === 'flash') {
        const lse = internal(op, 'lse', op.attrs.heads * op.attrs.queryLen, 'f32');
        return [...qkv, held(op.output), lse];
      }
      if (op.attrs.kvHeads < op.attrs.heads) {
        // the matmuls keep k and v repeated to every query head, not the grouped originals
        const full = op.attrs.heads * op.attrs.keyLen * op.attrs.headDim;
        qkv[1] = internal(op, 'k_repeated', full, 'act');
        qkv[2] = internal(op, 'v_repeated', full, 'act');
      }
      if (ctx.recompute) return qkv; // selective recomputation: probabilities are rebuilt in backward
      const s = scoreElements(op);
      const probs = [internal(op, 'probs', s, 'act')];
      if (op.attrs.dropout > 0) probs.push(internal(op, 'dropmask', s, 'mask'), internal(op, 'dropped', s, 'act'));
      return [...qkv, ...probs];
    }
    case 'layernorm':
    case 'rmsnorm': {
      const stats = op.kind === 'layernorm' ? 2 : 1; // mean and rstd, or rstd
      return [held(input), internal(op, 'stats', stats * op.attrs.rows, 'f32')];
    }
    case 'batchnorm':
      // save_mean and save_invstd: one fp32 each per channel, independent of the batch
      return [held(input), internal(op, 'stats', 0, 'f32', 2 * op.attrs.features)];
    case 'activation':
      if (!ctx.needsInputGrad) return [];
      // relu and tanh backward use their result; gelu and silu use their input
      return [held(op.attrs.fn === 'relu' || op.attrs.fn === 'tanh' ? op.output : input)];
    case 'dropout':
      return ctx.needsInputGrad ? [internal(op, 'mask', op.attrs.elements, 'mask')] : [];
    case 'pool':
      if (!ctx.needsInputGrad) return [];
      return op.attrs.mode === 'max'
        ? [held(input), internal(op, 'indices', op.attrs.channels * op.attrs.outH * op.attrs.outW, 'index')]
        : [held(input)];
    case 'global-avgpool':
      return ctx.needsInputGrad ? [held(input)] : [];
    case 'cross-entropy':
      // log_softmax keeps its fp32 output, nll_loss its int64 targets
      return [internal(op, 'logprobs', op.attrs.rows * op.attrs.classes, 'f32'), internal(op, 'targets', op.attrs.rows, 'index')];
    case 'add':
    case 'parameter':
    case 'rope':
      return [];
  }
}

function forwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[] {
  switch (op.kind) {
    case 'attention':
      // math: the raw scores exist next to the probabilities until softmax is done
      return ctx.attention === 'math' ? [internal(op, 'scores', scoreElements(op), 'act')] : [];
    case 'rope':
      // q·cos, rotate_half(q), rotate_half(q)·sin
      return [internal(op, 'rot', 2 * op.attrs.elements, 'act')];
    case 'cross-entropy':
      // the fp32 up-cast is a copy only when the logits are 16-bit (`.float()` of an fp32 tensor is itself)
      return ctx.activationDtype === 'fp32' ? [] : [internal(op, 'logits32', op.attrs.rows * op.attrs.classes, 'f32')];
    default:
      return [];
  }
}

function backwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[] {
  switch (op.kind) {
    case 'attention': {
      if (ctx.attention === 'flash') {
        // FlashAttention-2 accumulates dq in fp32 and keeps one fp32 softmax-derivative term per row
        const rows = op.attrs.heads * op.attrs.queryLen;
        return [internal(op, 'dq_accum', rows * op.attrs.headDim, 'f32'), internal(op, 'softmax_d', rows, 'f32')];
      }
      const s = scoreElements(op);
      // recomputed probabilities (selective) + gradients of the probabilities and of the scores
      const recomputed = ctx.recompute ? [internal(op, 'probs', s, 'act')] : [];
      return [...recomputed, internal(op, 'dprobs', s, 'act'), internal(op, 'dscores', s, 'act')];
    }
    case 'cross-entropy': {
      // The backward peaks with two fp32 logit-sized buffers, the gradients of the log-probabilities and of
      // the fp32 logits; the cast back to 16-bit logits runs after the first is freed. The timeline counts the
      // op's input gradient (the logits' gradient in their own dtype) beside this workspace, so the
      // workspace is the rest: 2·4 bytes less the input gradient's bytes per logit.
      const elements = op.attrs.rows * op.attrs.classes;
      return [internal(op, 'dlogits32', (elements * (8 - DTYPE_BYTES[ctx.activationDtype])) / 4, 'f32')];
    }
    default:
      return [];
  }
}

/** FlashAttention's backward recomputes the scores QKᵀ tile by tile (Dao 2023, Algorithm 2). */
function backwardRecomputeFlops(op: AnyOp, ctx: OpContext): number {
  if (op.kind !== 'attention' || ctx.attention !== 'flash' || ctx.recompute) return 0;
  const a = op.attrs;
  return 2 * a.heads * a.queryLen * a.keyLen * a.headDim * computedScoreShare(a);
}

/** AddBackward returns the incoming gradient itself for both summands (alpha = 1): no copy. */
function gradientAliasesOutput(op: AnyOp): boolean {
  return op.kind === 'add' || (op.kind === 'parameter' && op.attrs.combine === 'add');
}

export const pytorchProfile: RuntimeProfile = {
  name: 'pytorch',
  bytesPerElement,
  saved,
  forwardWorkspace,
  backwardWorkspace,
  backwardRecomputeFlops,
  keepsAllForwardOutputs: false,
  keepsGradientsUntilEnd: false,
  gradientAliasesOutput,
  gradientAccumulation: 'sum',
  weightGradientsPerOp: true,
};

/**
 * PyTorch running Hugging Face's eager modeling code (the default `attn_implementation="eager"` path and
 * LlamaRMSNorm and its copies), where it keeps more than the fused kernels `pytorchProfile` assumes:
 *   - RMSNorm: `x.to(fp32)` (the input itself when it is fp32, else an fp32 copy), `rsqrt(mean(x²) + ε)` (one
 *     fp32 value per row), `weight · x̂.to(input dtype)`; autograd keeps x̂ when the weight trains, and the
 *     fp32 x and rstd when the input needs a gradient. Before torch 2.0 the mean's backward also kept its
 *     input, x² (MeanBackward1 saved `self`; 2.x saves only its sizes).
 *   - attention: `softmax(scores, dtype=torch.float32).to(q.dtype)`: with 16-bit activations the fp32
 *     probabilities are kept (softmax's backward uses its result) beside the 16-bit copy the matmul keeps.
 */
export function huggingFaceEagerProfile(torchMajor: number): RuntimeProfile {
  const meanKeepsInput = torchMajor < 2;
  return {
    ...pytorchProfile,
    variant: meanKeepsInput ? 'hf-eager-torch1' : 'hf-eager',
    saved(op, ctx) {
      const fused = saved(op, ctx);
      if (fused.length === 0) return fused;
      if (op.kind === 'attention' && ctx.attention === 'math' && !ctx.recompute && ctx.activationDtype !== 'fp32') {
        return [...fused, internal(op, 'probs32', scoreElements(op), 'f32')];
      }
      if (op.kind !== 'rmsnorm') return fused;
      const rows = op.attrs.rows;
      const n = rows * op.attrs.features;
      // x̂ is kept for the weight's gradient (weight · x̂), the rest for the input's
      const kept = ctx.weightTrains ? [internal(op, 'normed', n, 'act')] : [];
      if (ctx.needsInputGrad) {
        kept.push(ctx.activationDtype === 'fp32' ? held(op.inputs[0]) : internal(op, 'x32', n, 'f32'));
        kept.push(internal(op, 'stats', rows, 'f32'));
        if (meanKeepsInput) kept.push(internal(op, 'squared', n, 'f32'));
      }
      return kept;
    },
  };
}
