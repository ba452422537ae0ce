// What the softmax cross-entropy loss holds.
//
// PyTorch: the loss up-casts logits to fp32 (as Hugging Face's causal-LM loss does): log_softmax keeps its
// fp32 output for backward, nll_loss its int64 targets; the fp32 copy of 16-bit logits is transient.
// TensorFlow.js: the executor keeps the logits and the per-row log-sum-exp.

import { ACTIVATION_DTYPE_BYTES, heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';

export const crossEntropyMemory: MemoryByRuntime<'cross-entropy'> = {
  pytorch: {
    saved: (op) => [internalTensor(op, 'logprobs', op.attrs.rows * op.attrs.classes, 'f32'), internalTensor(op, 'targets', op.attrs.rows, 'index')],
    // the fp32 up-cast is a copy only when the logits are 16-bit (`.float()` of an fp32 tensor is itself)
    forwardWorkspace: (op, ctx) => (ctx.activationDtype === 'fp32' ? [] : [internalTensor(op, 'logits32', op.attrs.rows * op.attrs.classes, 'f32')]),
    backwardWorkspace(op, ctx) {
      // The backward peaks with two fp32 logit-sized buffers, the gradients of the log-probabilities and of
      // the fp32 logits; the cast back to 16-bit logits runs after the first is freed. The timeline counts the
      // op's input gradient (the logits' gradient in their own dtype) beside this workspace, so the
      // workspace is the rest: 2·4 bytes less the input gradient's bytes per logit.
      const elements = op.attrs.rows * op.attrs.classes;
      return [internalTensor(op, 'dlogits32', (elements * (8 - ACTIVATION_DTYPE_BYTES[ctx.activationDtype])) / 4, 'f32')];
    },
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]), internalTensor(op, 'lse', op.attrs.rows, 'f32')],
    // shifted logits and their exp
    forwardWorkspace: (op) => [internalTensor(op, 'shifted', op.attrs.rows * op.attrs.classes), internalTensor(op, 'exp', op.attrs.rows * op.attrs.classes)],
    backwardWorkspace: (op) => [internalTensor(op, 'probs', op.attrs.rows * op.attrs.classes), internalTensor(op, 'onehot', op.attrs.rows * op.attrs.classes)],
  },
};
