// Scaled dot-product attention: S = Q·Kᵀ·scale (+ causal mask), P = softmax(S), dropout(P), O = P·V.
// Contractions (PyTorch flop_counter sdpa, Narayanan et al. 2021): QKᵀ and PV are heads·q·k·d MACs each.
// Backward: dV = Pᵀ·dO, dP = dO·Vᵀ, dQ = dS·K, dK = dSᵀ·Q, four products of the same size, i.e. 2x forward.
// GQA/MQA share K/V across query heads: the products still run once per query head, so kvHeads does not
// change these FLOPs. With skipMasked (causal kernels that skip the masked tiles) the products cost half, or
// with a sliding window only its band; the elementwise work on the scores is kept at full size (conservative;
// kernels differ in what they skip).
// T5 does not scale the scores (`unscaled`); T5 and Swin add to them (`scoreAdds`: a relative position bias, a mask),
// one add per score and term; backward passes dS on to each added tensor unchanged (0 FLOPs).
// Cross-attention is this op with queryLen = the decoder's tokens t and keyLen = the encoder's s: QKᵀ and PV are
// heads·t·s·d MACs each, so its products cost 4·heads·t·s·d FLOPs forward and twice that backward.

import type { AttentionAttrs, Op } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import { ACTIVATION_DTYPE_BYTES, heldTensor, internalTensor, type KernelTraffic, type MemoryByRuntime, type OpContext } from '../../memory.js';
import { addPhases, phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** FLOPs per score element (heads·queryLen·keyLen). */
const PER_SCORE = {
  /** multiply by 1/sqrt(d) (the causal mask is a select, folded into it) */
  scale: { forward: 1, inputGrad: 1 },
  /** max, subtract, exp, sum, divide; backward dS = P·(dP − rowsum(dP·P)): multiply, sum, subtract, multiply */
  softmax: { forward: 5, inputGrad: 4 },
  /** each tensor added to the scores (a position bias, a mask); backward passes dS on to it unchanged */
  add: { forward: 1, inputGrad: 0 },
  /** multiply by the scaled keep-mask, forward and backward (only when dropout > 0) */
  dropout: { forward: 1, inputGrad: 1 },
};

/**
 * The share of the q·k score products a kernel computes: all of them, or with skipMasked the causal triangle
 * (half), or the sliding-window band: (s² − (s − W)²) / (2·s²) of the square for s queries and a window of W.
 */
export function computedScoreShare(a: AttentionAttrs): number {
  if (!(a.skipMasked && a.causal)) return 1;
  const s = a.queryLen;
  const w = a.window;
  if (w === undefined || w >= s) return 1 / 2;
  return (s * s - (s - w) * (s - w)) / (2 * s * s);
}

function productMacs(a: AttentionAttrs): number {
  return 2 * a.heads * a.queryLen * a.keyLen * a.headDim * computedScoreShare(a);
}

function scoreFlops(a: AttentionAttrs) {
  const scores = a.heads * a.queryLen * a.keyLen;
  const scale = a.unscaled ? 0 : 1;
  const adds = a.scoreAdds ?? 0;
  const fw = scale * PER_SCORE.scale.forward + adds * PER_SCORE.add.forward + PER_SCORE.softmax.forward + (a.dropout > 0 ? PER_SCORE.dropout.forward : 0);
  const bw =
    scale * PER_SCORE.scale.inputGrad + adds * PER_SCORE.add.inputGrad + PER_SCORE.softmax.inputGrad + (a.dropout > 0 ? PER_SCORE.dropout.inputGrad : 0);
  return phases(scores * fw, scores * bw, 0);
}

const matmul = (a: AttentionAttrs) => phases(2 * productMacs(a), 4 * productMacs(a), 0);

export const attentionRule: OpCostRule<'attention'> = {
  kind: 'attention',
  params: () => 0,
  flops: (a) => addPhases(matmul(a), scoreFlops(a)),
  matmulFlops: matmul,
  macs: productMacs,
  formula:
    'MACs 2·heads·q·k·d (halved with skipMasked; with a sliding window W < s: × (s² − (s − W)²)/s² of that); fw 2·MACs + scores·(1 scale + 5 softmax + 1 dropout); inputGrad 4·MACs + scores·(1 + 4 + 1); scores = heads·q·k (unscaled: no scale; scoreAdds n: + n in fw, 0 in inputGrad; cross-attention: q = decoder tokens, k = encoder tokens)',
};

// ---- memory, per runtime ----
// What scaled dot-product attention holds.
//
// PyTorch (FlashAttention-2, Dao 2023; Korthikanti et al. 2022 §4):
//   - `math` is an unfused attention whose softmax runs in the 16-bit compute dtype (Megatron's fused
//     scale-mask-softmax): it keeps the s×s probabilities, the dropout mask and the dropped probabilities.
//     `flash` keeps q, k, v, the output and the fp32 log-sum-exp, and recomputes the probabilities in backward.
//   - unfused attention with fewer key/value heads than query heads (GQA) repeats k and v to every head
//     before the matmuls (Hugging Face's repeat_kv, Megatron's repeat_interleave): the copies are kept. Code in
//     Hugging Face's style repeats them before a fused SDPA call too (the harness's model, harness/torch_models.py, as
//     transformers does where it cannot pass SDPA enable_gqa: torch < 2.5 or an attention mask), and the kernel
//     keeps the copies (measured on an H200: test/validate/torch/h200-measured.test.ts). transformers with torch
//     >= 2.5 and no mask does not repeat them; `flash` elsewhere keeps the grouped k and v.
//   - Hugging Face's eager code runs `softmax(scores, dtype=torch.float32).to(q.dtype)`: with 16-bit
//     activations the fp32 probabilities are kept (softmax's backward uses its result) beside the 16-bit copy
//     the matmul keeps.
// TensorFlow.js: what the executor's implementation (execute.ts) keeps and allocates.

/** elements of the attention score matrix per sample */
function scoreElements(op: Op<'attention'>): number {
  return op.attrs.heads * op.attrs.queryLen * op.attrs.keyLen;
}

/**
 * The copies around the attention kernels that code in Hugging Face's style makes (the harness's model,
 * harness/torch_models.py, after modeling_llama.py), each its own kernel reading its source and writing its copy:
 *   - with fewer key/value heads than query heads, k and v repeated to every query head (expand, then reshape:
 *     a copy each; the expanded source is read once); in backward their gradients summed back over the repeats
 *     (read the repeated gradient, write the grouped one). Unfused attention repeats them in any code (keptQkv).
 *   - Hugging Face's code: the output transposed from (batch, heads, sequence) back to (batch, sequence, heads) and
 *     made contiguous, and in backward its gradient made contiguous again for the attention kernel.
 * Counted against PyTorch's record of a 1.1B Llama step on an H200 (test/validate/torch/h200-measured.test.ts).
 */
function sideKernels(op: Op<'attention'>, ctx: OpContext, hfEager: boolean): KernelTraffic | undefined {
  const a = op.attrs;
  const repeats = a.kvHeads < a.heads && (hfEager || ctx.attention === 'math');
  if (!repeats && !hfEager) return undefined;
  const x = ACTIVATION_DTYPE_BYTES[ctx.activationDtype];
  const grouped = a.kvHeads * a.keyLen * a.headDim;
  const full = a.heads * a.keyLen * a.headDim;
  const out = op.output.perSample;
  const repeatBytes = repeats ? 2 * (grouped + full) * x : 0;
  const transposeBytes = hfEager ? 2 * out * x : 0;
  const kernels = (repeats ? 2 : 0) + (hfEager ? 1 : 0);
  return {
    forward: repeatBytes + transposeBytes,
    backward: ctx.needsInputGrad ? repeatBytes + transposeBytes : 0,
    forwardKernels: kernels,
    backwardKernels: ctx.needsInputGrad ? kernels : 0,
  };
}

/** q, k and v as the products read them: with fewer key/value heads than query heads, k and v repeated to every query head. */
function keptQkv(op: Op<'attention'>) {
  const qkv = op.inputs.map(heldTensor);
  if (op.attrs.kvHeads < op.attrs.heads) {
    const full = op.attrs.heads * op.attrs.keyLen * op.attrs.headDim;
    qkv[1] = internalTensor(op, 'k_repeated', full);
    qkv[2] = internalTensor(op, 'v_repeated', full);
  }
  return qkv;
}

export const attentionMemory: MemoryByRuntime<'attention'> = {
  pytorch: {
    saved(op, ctx, code) {
      if (!ctx.needsInputGrad) return [];
      if (ctx.attention === 'flash') {
        const lse = internalTensor(op, 'lse', op.attrs.heads * op.attrs.queryLen, 'f32');
        // code in Hugging Face's style repeats k and v to every query head before SDPA (above): the kernel keeps the copies
        return [...(code.hfEager ? keptQkv(op) : op.inputs.map(heldTensor)), heldTensor(op.output), lse];
      }
      const qkv = keptQkv(op);
      if (ctx.recompute) return qkv; // selective recomputation: probabilities are rebuilt in backward
      const s = scoreElements(op);
      const probs = [internalTensor(op, 'probs', s)];
      if (op.attrs.dropout > 0) probs.push(internalTensor(op, 'dropmask', s, 'mask'), internalTensor(op, 'dropped', s));
      if (code.hfEager && ctx.activationDtype !== 'fp32') probs.push(internalTensor(op, 'probs32', s, 'f32'));
      return [...qkv, ...probs];
    },
    sideKernels: (op, ctx, code) => sideKernels(op, ctx, code.hfEager),
    // math: the raw scores exist next to the probabilities until softmax is done
    forwardWorkspace: (op, ctx) => (ctx.attention === 'math' ? [internalTensor(op, 'scores', scoreElements(op))] : []),
    backwardWorkspace(op, ctx) {
      if (ctx.attention === 'flash') {
        // FlashAttention-2 accumulates dq in fp32 and keeps one fp32 softmax-derivative term per row
        const rows = op.attrs.heads * op.attrs.queryLen;
        return [internalTensor(op, 'dq_accum', rows * op.attrs.headDim, 'f32'), internalTensor(op, 'softmax_d', rows, 'f32')];
      }
      const s = scoreElements(op);
      // recomputed probabilities (selective) + gradients of the probabilities and of the scores
      const recomputed = ctx.recompute ? [internalTensor(op, 'probs', s)] : [];
      return [...recomputed, internalTensor(op, 'dprobs', s), internalTensor(op, 'dscores', s)];
    },
    // op-level checkpointing stores what the flash kernel returns: the output and its fp32 log-sum-exp (the
    // plans refuse op-level checkpointing with unfused attention, whose matmuls and softmax are separate ops)
    storedOutputs: (op, ctx) => (ctx.attention === 'flash' ? [internalTensor(op, 'lse', op.attrs.heads * op.attrs.queryLen, 'f32')] : []),
    /** FlashAttention's backward recomputes the scores QKᵀ tile by tile (Dao 2023, Algorithm 2). */
    backwardRecomputeFlops(op, ctx) {
      if (ctx.attention !== 'flash' || ctx.recompute) return 0;
      const a = op.attrs;
      return 2 * a.heads * a.queryLen * a.keyLen * a.headDim * computedScoreShare(a);
    },
  },
  tfjs: {
    saved(op) {
      const a = op.attrs;
      const q = a.heads * a.queryLen * a.headDim;
      const kv = a.heads * a.keyLen * a.headDim;
      const scores = scoreElements(op);
      const out = [internalTensor(op, 'q', q), internalTensor(op, 'k', kv), internalTensor(op, 'v', kv), internalTensor(op, 'probs', scores)];
      if (a.dropout > 0) out.push(internalTensor(op, 'dropmask', scores, 'mask'));
      return out;
    },
    forwardWorkspace(op) {
      // two score-sized buffers at once (raw and scaled scores, or shifted and exp) and the causal mask
      const a = op.attrs;
      return [internalTensor(op, 'scores', scoreElements(op)), ...(a.causal ? [internalTensor(op, 'causal', 0, 'f32', a.queryLen * a.keyLen)] : [])];
    },
    backwardWorkspace(op) {
      const a = op.attrs;
      const q = a.heads * a.queryLen * a.headDim;
      const scores = scoreElements(op);
      // dO in head layout, dV/dQ/dK in head layout before the transposes back, dP and dS
      const names = ['dO', 'dQh', 'dKh', 'dVh'];
      return [...names.map((n) => internalTensor(op, n, q)), internalTensor(op, 'dP', scores), internalTensor(op, 'dS', scores)];
    },
  },
};

// op-level checkpointing stores its output: scaled_dot_product_flash_attention: torchtitan's save list
/** The op kind "attention": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const attentionKind: OpKindModule<'attention'> = { cost: attentionRule, memory: attentionMemory, checkpoint: 'save' };
