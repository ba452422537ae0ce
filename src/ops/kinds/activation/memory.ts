// What an activation holds: relu and tanh backward use their result; gelu and silu use their input.

import type { ActivationAttrs, Op } from '../../../graph/types.js';
import { heldTensor, internalTensor, type HeldTensor, type MemoryByRuntime } from '../../memory.js';

function derivativeSource(op: Op<'activation'>): HeldTensor {
  return heldTensor(op.attrs.fn === 'relu' || op.attrs.fn === 'tanh' ? op.output : op.inputs[0]);
}

// TensorFlow.js: intermediates of the input's size alive when the last kernel of the formula runs: the formula
// runs in one tidy (execute.ts), so every intermediate lives until the output is computed. (Number operands are
// scalar tensors tfjs does not allocate per use: none is seen in the data store.)
// Forward, e.g. gelu: x·0.5, x·√½, erf(·), (·)+1, then the output.
const TFJS_FORWARD: Record<ActivationAttrs['fn'], number> = { relu: 0, tanh: 0, gelu: 4, gelu_tanh: 7, silu: 1 };
// Backward, the derivative then dy·derivative, e.g. gelu: x·√½, erf, +1, ·0.5 (cdf), x², ·(−0.5), exp,
// ·1/√(2π) (pdf), x·pdf, cdf + x·pdf; relu: step(y); tanh: y², 1 − y².
const TFJS_BACKWARD: Record<ActivationAttrs['fn'], number> = { relu: 1, tanh: 2, gelu: 10, gelu_tanh: 17, silu: 5 };

export const activationMemory: MemoryByRuntime<'activation'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? [derivativeSource(op)] : []),
  },
  tfjs: {
    saved: (op) => [derivativeSource(op)],
    forwardWorkspace(op) {
      const n = TFJS_FORWARD[op.attrs.fn];
      return n > 0 ? [internalTensor(op, 'tmp', n * op.attrs.elements)] : [];
    },
    backwardWorkspace: (op) => [internalTensor(op, 'deriv', TFJS_BACKWARD[op.attrs.fn] * op.attrs.elements)],
  },
};
