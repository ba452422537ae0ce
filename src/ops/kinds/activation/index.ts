// Pointwise activations. Counting convention: every arithmetic operation and every transcendental
// (exp, tanh, erf) is 1 FLOP; the backward recomputes what it needs from the saved input.

import type { ActivationAttrs, Op } from '../../../graph/types.js';
import type { MemoryKernel } from '../../../vocabulary.js';
import type { Activation } from '../../../model/types.js';
import type { OpKindModule } from '../../kind.js';
import { elementTraffic, heldTensor, internalTensor, type HeldTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** FLOPs per element, forward and input gradient. */
const PER_ELEMENT: Record<Activation, { forward: number; inputGrad: number }> = {
  /** max(x, 0); dy·[x > 0] */
  relu: { forward: 1, inputGrad: 1 },
  /** tanh; dy·(1 − y²): square, subtract, multiply */
  tanh: { forward: 1, inputGrad: 3 },
  /** x·σ(x), σ = 1/(1 + exp(−x)): negate, exp, add, divide, multiply = 5;
   *  dy·(σ + x·σ·(1 − σ)): σ 4, 1 − σ 1, x·σ 1, ·(1 − σ) 1, + σ 1, · dy 1 = 9 */
  silu: { forward: 5, inputGrad: 9 },
  /** 0.5·x·(1 + erf(x/√2)): scale, erf, add, two multiplies = 5;
   *  dy·(Φ + x·φ): Φ 4, φ = exp(−x²/2)/√(2π) 4, x·φ 1, add 1, · dy 1 = 11 */
  gelu: { forward: 5, inputGrad: 11 },
  /** 0.5·x·(1 + tanh(k·(x + c·x³))): x² x³ c· +x k· = 5, tanh 1, +1, ·x, ·0.5 = 9;
   *  u and t 6, 0.5(1 + t) 2, du/dx = k(1 + 3c·x²) 3, 1 − t² 2, 0.5·x·(1 − t²)·du 3, add 1, · dy 1 = 18 */
  gelu_tanh: { forward: 9, inputGrad: 18 },
};

export const activationRule: OpCostRule<'activation'> = {
  kind: 'activation',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT[a.fn].forward, a.elements * PER_ELEMENT[a.fn].inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element fw/inputGrad: relu 1/1, tanh 1/3, silu 5/9, gelu 5/11, gelu_tanh 9/18',
};

// ---- memory, per runtime ----
// What an activation holds: relu and tanh backward use their result; gelu and silu use their input.

function derivativeSource(op: Op<'activation'>): HeldTensor {
  return heldTensor(op.attrs.fn === 'relu' || op.attrs.fn === 'tanh' ? op.output : op.inputs[0]!);
}

// TensorFlow.js: intermediates of the input's size alive when the last kernel of the formula runs: the formula
// runs in one tidy (execute.ts), so every intermediate lives until the output is computed. (Number operands are
// scalar tensors tfjs does not allocate per use: none is seen in the data store.)
// Forward, e.g. gelu: x·0.5, x·√½, erf(·), (·)+1, then the output.
const TFJS_FORWARD: Record<ActivationAttrs['fn'], number> = { relu: 0, tanh: 0, gelu: 4, gelu_tanh: 7, silu: 1 };
// Backward, the derivative then dy·derivative, e.g. gelu: x·√½, erf, +1, ·0.5 (cdf), x², ·(−0.5), exp,
// ·1/√(2π) (pdf), x·pdf, cdf + x·pdf; relu: step(y); tanh: y², 1 − y².
const TFJS_BACKWARD: Record<ActivationAttrs['fn'], number> = { relu: 1, tanh: 2, gelu: 10, gelu_tanh: 17, silu: 5 };

/** the activations whose PyTorch kernels were measured (gelu's tanh approximation was not) */
const MEASURED_ACTIVATION: Partial<Record<ActivationAttrs['fn'], MemoryKernel>> = { relu: 'relu', tanh: 'tanh', silu: 'silu', gelu: 'gelu' };

export const activationMemory: MemoryByRuntime<'activation'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? [derivativeSource(op)] : []),
    // one kernel each way: forward reads x and writes y; the backward (gelu_backward, silu_backward,
    // threshold_backward, tanh_backward) reads dy and the saved x or y and writes dx (harness/kernel_traffic.py)
    traffic: (op, ctx) =>
      elementTraffic(
        op.attrs.elements,
        ctx.activationDtype,
        { forward: 2, backward: 3, forwardKernels: 1, backwardKernels: 1 },
        MEASURED_ACTIVATION[op.attrs.fn],
      ),
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

/** The op kind "activation": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const activationKind: OpKindModule<'activation'> = { cost: activationRule, memory: activationMemory, checkpoint: 'recompute' };
