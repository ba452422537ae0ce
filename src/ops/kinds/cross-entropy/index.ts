// Softmax cross-entropy on `rows` vectors of `classes` logits (mean over rows).
// Forward log-softmax: max 1, subtract 1, exp 1, sum 1 per logit; per row: log of the sum, subtract from
// the target logit, accumulate into the mean (3). Backward (softmax − one-hot)·dy/N: subtract the row's
// log-sum-exp 1, exp 1, scale 1 per logit, and subtract the one-hot per row (1).

import type { CrossEntropyAttrs } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import {
  ACTIVATION_DTYPE_BYTES,
  heldTensor,
  inputDtype,
  internalTensor,
  type KernelTraffic,
  measuredAs,
  type MemoryByRuntime,
  type OpContext,
} from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_LOGIT = { forward: 4, inputGrad: 3 };

/** Logits of the largest chunk of tokens (`torch.chunk`: ceil(rows / chunks) rows), per sample. */
function chunkElements(a: CrossEntropyAttrs): number {
  return Math.ceil(a.rows / (a.chunks ?? 1)) * a.classes;
}
const PER_ROW = { forward: 3, inputGrad: 1 };

export const crossEntropyRule: OpCostRule<'cross-entropy'> = {
  kind: 'cross-entropy',
  params: () => 0,
  flops: (a: CrossEntropyAttrs) => {
    const logits = a.rows * a.classes;
    return phases(logits * PER_LOGIT.forward + a.rows * PER_ROW.forward, logits * PER_LOGIT.inputGrad + a.rows * PER_ROW.inputGrad, 0);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'fw 4·rows·classes + 3·rows; inputGrad 3·rows·classes + rows',
};

// ---- memory, per runtime ----
// What the softmax cross-entropy loss holds.
//
// PyTorch: the loss up-casts logits to fp32 (as Hugging Face's causal-LM loss does): log_softmax keeps its
// fp32 output for backward, nll_loss its int64 targets; the fp32 copy of 16-bit logits is transient.
// The fused kernel (flash-attn's SoftmaxCrossEntropyLossFn) keeps the logits, one fp32 log-sum-exp per row and the
// targets, and needs no workspace beyond the logits' gradient.
// TensorFlow.js: the executor keeps the logits and the per-row log-sum-exp.

// ---- kernel traffic (PyTorch), per logit (x its bytes; fp32 4) ----
//   up-cast path  forward: .float() x+4 (none for fp32 logits) · log_softmax 8 · nll_loss gathers one per row;
//                 backward: nll_loss's gradient (an fp32 zero fill, one per row set) 4 · log_softmax's
//                 backward (reads its gradient and output, writes) 12 · the cast back 4+x
//   fused         forward: reads the logits x; backward: reads them and writes their gradient 2x
// (measured against PyTorch's dispatch of the up-cast path: harness/kernel_traffic.py)
function crossEntropyTraffic(op: { attrs: CrossEntropyAttrs }, ctx: OpContext): KernelTraffic {
  const n = op.attrs.rows * op.attrs.classes;
  const x = ACTIVATION_DTYPE_BYTES[inputDtype(ctx, 0)];
  if (op.attrs.fused) return { forward: x * n, backward: 2 * x * n, forwardKernels: 1, backwardKernels: 1 };
  const cast = x === 4 ? 0 : x + 4;
  // kernels: log_softmax and nll_loss each way, and the cast each way where it copies (a chunked loss: per chunk)
  const kernels = (cast === 0 ? 2 : 3) * (op.attrs.chunks ?? 1);
  return {
    forward: (cast + 8) * n,
    backward: (4 + 12 + cast) * n,
    forwardKernels: kernels,
    backwardKernels: kernels,
    ...measuredAs('cross-entropy', inputDtype(ctx, 0)),
  };
}

export const crossEntropyMemory: MemoryByRuntime<'cross-entropy'> = {
  pytorch: {
    // every chunk keeps its log-probabilities: all of them together are the whole step's
    saved: (op) =>
      op.attrs.fused
        ? [heldTensor(op.inputs[0]!), internalTensor(op, 'lse', op.attrs.rows, 'f32'), internalTensor(op, 'targets', op.attrs.rows, 'index')]
        : [internalTensor(op, 'logprobs', op.attrs.rows * op.attrs.classes, 'f32'), internalTensor(op, 'targets', op.attrs.rows, 'index')],
    // the fp32 up-cast is a copy only when the logits are 16-bit (`.float()` of an fp32 tensor is itself); a
    // chunked loss up-casts one chunk at a time
    forwardWorkspace: (op, ctx) => (op.attrs.fused || inputDtype(ctx, 0) === 'fp32' ? [] : [internalTensor(op, 'logits32', chunkElements(op.attrs), 'f32')]),
    traffic: (op, ctx) => crossEntropyTraffic(op, ctx),
    backwardWorkspace(op, ctx) {
      if (op.attrs.fused) return [];
      // The backward peaks with two fp32 logit-sized buffers, the gradients of the log-probabilities and of
      // the fp32 logits; the cast back to 16-bit logits runs after the first is freed. The timeline counts the
      // op's input gradient (the logits' gradient in their own dtype) beside this workspace, so the
      // workspace is the rest: 2·4 bytes less the input gradient's bytes per logit. Chunked, autograd runs
      // the chunks' losses backward one after the other (all before the LM head's backward): the fp32 buffers
      // of the last chunk beside the 16-bit gradients of the others, (8 − a)·E/k beyond the whole gradient.
      const elements = chunkElements(op.attrs);
      return [internalTensor(op, 'dlogits32', (elements * (8 - ACTIVATION_DTYPE_BYTES[inputDtype(ctx, 0)])) / 4, 'f32')];
    },
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]!), internalTensor(op, 'lse', op.attrs.rows, 'f32')],
    // shifted logits and their exp
    forwardWorkspace: (op) => [internalTensor(op, 'shifted', op.attrs.rows * op.attrs.classes), internalTensor(op, 'exp', op.attrs.rows * op.attrs.classes)],
    backwardWorkspace: (op) => [internalTensor(op, 'probs', op.attrs.rows * op.attrs.classes), internalTensor(op, 'onehot', op.attrs.rows * op.attrs.classes)],
  },
};

/** The op kind "cross-entropy": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const crossEntropyKind: OpKindModule<'cross-entropy'> = { cost: crossEntropyRule, memory: crossEntropyMemory, checkpoint: 'recompute' };
